<?php
/*
 * Client.php: Swoole\Client (also known as swoole_client), Swoole's
 * synchronous (blocking) TCP/UDP/Unix socket client, on PHP's sockets
 * extension; TLS (SWOOLE_SSL) runs through the socket exported as a PHP
 * stream and stream_socket_enable_crypto().
 *
 * As in Swoole, the options given to set() apply at the next connect():
 * with open_eof_check or open_length_check, recv() returns one whole
 * packet, and the bytes that arrived after it wait for the next recv().
 * The connect() timeout is also the timeout of every later send() and
 * recv() (Swoole sets it on the socket), unless set() gave 'timeout'.
 * Errors set $errCode to the errno (or Swoole's error number) and warn
 * with Swoole's messages.
 */

// No strict_types here: user callbacks (package_length_func) are called
// from this file, in coercive mode as Swoole calls them.

namespace Swoole;

use Swirl\Runtime;

class Client
{
    public const MSG_OOB = 1;
    public const MSG_PEEK = 2;
    public const MSG_DONTWAIT = 64;
    public const MSG_WAITALL = 256;
    public const SHUT_RDWR = 2;
    public const SHUT_RD = 0;
    public const SHUT_WR = 1;

    public $errCode = 0;
    public $sock = -1;
    public $reuse = false;
    public $reuseCount = 0;
    public $type = 0;
    public $id = null;
    public $setting = null;

    /**
     * The connection, or null: a stdClass with socket (\Socket), stream
     * (the TLS stream, or null), kind (SWOOLE_SOCK_* without flags),
     * active, keep, key, timeout, host/port (the server), remote
     * (UDP: [host, port] of the last sender), path (Unix datagram: the
     * bound path), buffer (bytes after the last packet) and the framing
     * options.
     */
    private ?\stdClass $swirlConn = null;

    /** Kept connections (SWOOLE_KEEP) of this process: key => [conn, ...]. */
    private static array $swirlPool = [];

    private static int $swirlUdgSeq = 0;

    // Swoole's limits.
    private const SW_CLIENT_BUFFER_SIZE = 65535;
    private const SW_BUFFER_SIZE_BIG = 65536;
    private const SW_INPUT_BUFFER_SIZE = 2097152;
    private const SW_DATA_EOF_MAXLEN = 8;
    private const SW_FLAGS = \SWOOLE_SSL | \SWOOLE_ASYNC | \SWOOLE_SYNC | \SWOOLE_KEEP;

    // errno values.
    private const EINTR = 4;
    private const EAGAIN = 11;
    private const ETIMEDOUT = 110;
    private const EINPROGRESS = 115;

    /**
     * @internal Set for the client inside Swoole\Coroutine\Client: a
     * receive waits in the coroutine (the other coroutines run), and
     * failures set errCode without Swoole\Client's warnings.
     */
    public bool $swirlCo = false;


    public function __construct($type, $async = false, $id = null)
    {
        $fn = 'Swoole\Client::__construct';
        if (\func_num_args() < 1) {
            Runtime::error(\E_ERROR, $fn, 'socket type param is required');
        }
        $type = Runtime::argInt($type, $fn, 1, 'type');
        if ($async) {
            Runtime::error(\E_ERROR, $fn, 'please install the ext-async extension, using Swoole\Async\Client');
        }
        $kind = $type & ~self::SW_FLAGS;
        if ($kind < \SWOOLE_SOCK_TCP || $kind > \SWOOLE_SOCK_UNIX_DGRAM) {
            throw Runtime::asInternal(new \TypeError(
                "$fn() expects parameter 1 to be client type, unknown type $type given"));
        }
        $this->type = $type;
        if ($id !== null) {
            $this->id = Runtime::argString($id, $fn, 3, 'id');
        }
    }

    public function __destruct()
    {
        if ($this->swirlConn !== null) {
            $this->close();
        }
    }

    /** Merges $settings into $setting; they apply at the next connect(). */
    public function set($settings)
    {
        if (!\is_array($settings)) {
            return false;
        }
        $this->setting = \array_merge(\is_array($this->setting) ? $this->setting : [], $settings);
        return true;
    }

    // ----------------------------------------------------------- connect

    /**
     * Connects to $host:$port (a socket path for the Unix types) within
     * $timeout seconds (<= 0: no limit). UDP sockets only remember the
     * address unless $sock_flag is 1 (then they connect(), and datagrams
     * from other addresses are dropped).
     */
    public function connect($host, $port = 0, $timeout = 0.5, $sock_flag = 0)
    {
        $fn = 'Swoole\Client::connect';
        $host = Runtime::argString($host, $fn, 1, 'host');
        $port = Runtime::argInt($port, $fn, 2, 'port');
        $timeout = (float) $timeout;
        $flag = Runtime::argInt($sock_flag, $fn, 4, 'sock_flag');
        if ($host === '') {
            $this->swirlWarn($fn, 'The host is empty');
            return false;
        }
        if ($this->swirlConn !== null) {
            $this->swirlWarn($fn, 'connection to the server has already been established');
            return false;
        }
        $conn = $this->swirlNew($host, $port);
        if ($conn === null) {
            return false;
        }
        $this->swirlConn = $conn;
        if ($conn->keep && $conn->active) {
            $this->reuse = true;
            return true;
        }
        if (\is_array($this->setting)) {
            Runtime::$lastError = 0;
            if (!$this->swirlApplySettings($conn, $this->setting)) {
                $this->errCode = Runtime::$lastError;
                $this->swirlFree();
                return false;
            }
        }
        $conn->timeout = $conn->ioTimeout ?? $timeout;
        $rc = $this->swirlDgram($conn) ? $this->swirlConnectDgram($conn, $host, $port, $timeout, $flag)
            : $this->swirlConnectStream($conn, $host, $port, $timeout);
        if ($rc !== 0) {
            Runtime::$lastError = $rc;
            $this->errCode = $rc;
            $this->swirlWarn($fn, \sprintf('connect to server[%s:%d] failed. Error: %s[%d]',
                $host, $port, Runtime::strerror($rc), $rc));
            $this->swirlFree();
            return false;
        }
        return true;
    }

    /**
     * Makes the connection object (a kept one when SWOOLE_KEEP finds a
     * live one), or null after Swoole's warning.
     */
    private function swirlNew(string $host, int $port): ?\stdClass
    {
        $kind = $this->type & ~self::SW_FLAGS;
        if (($kind === \SWOOLE_SOCK_TCP || $kind === \SWOOLE_SOCK_TCP6) && ($port <= 0 || $port > 65535)) {
            $this->swirlWarn('Swoole\Client::connect', 'The port is invalid');
            Runtime::$lastError = \SWOOLE_ERROR_INVALID_PARAMS;
            return null;
        }
        $key = \is_string($this->id) && $this->id !== '' ? $this->id : "$host:$port";
        $keep = ($this->type & \SWOOLE_KEEP) !== 0;
        if ($keep) {
            while (!empty(self::$swirlPool[$key])) {
                $conn = \array_shift(self::$swirlPool[$key]);
                if (self::swirlAlive($conn)) {
                    $conn->reuseCount++;
                    $this->reuseCount = $conn->reuseCount;
                    $this->sock = $conn->fd;
                    return $conn;
                }
                self::swirlCloseSocket($conn);
            }
        }
        $domain = match ($kind) {
            \SWOOLE_SOCK_TCP, \SWOOLE_SOCK_UDP => \AF_INET,
            \SWOOLE_SOCK_TCP6, \SWOOLE_SOCK_UDP6 => \AF_INET6,
            default => \AF_UNIX,
        };
        $stype = \in_array($kind, [\SWOOLE_SOCK_UDP, \SWOOLE_SOCK_UDP6, \SWOOLE_SOCK_UNIX_DGRAM], true)
            ? \SOCK_DGRAM : \SOCK_STREAM;
        $socket = @\socket_create($domain, $stype, 0);
        if ($socket === false) {
            $errno = \socket_last_error();
            $this->swirlWarn('Swoole\Client::connect', 'Client_create() failed, Error: '
                . Runtime::strerror($errno) . "[$errno]");
            $this->errCode = $errno;
            return null;
        }
        $conn = new \stdClass();
        $conn->socket = $socket;
        $conn->stream = null;
        $conn->kind = $kind;
        $conn->domain = $domain;
        $conn->ssl = ($this->type & \SWOOLE_SSL) !== 0;
        $conn->sslOptions = [];
        $conn->active = false;
        $conn->keep = $keep;
        $conn->key = $key;
        $conn->reuseCount = 0;
        $conn->timeout = 0.0;
        $conn->ioTimeout = null;
        $conn->host = $host;
        $conn->port = $port;
        $conn->addr = null;
        $conn->remote = null;
        $conn->path = null;
        $conn->buffer = '';
        $conn->eofCheck = false;
        $conn->eof = '';
        $conn->lengthCheck = false;
        $conn->lengthType = 'N';
        $conn->lengthSize = 4;
        $conn->lengthOffset = 0;
        $conn->bodyOffset = 0;
        $conn->lengthFunc = null;
        $conn->maxLength = self::SW_INPUT_BUFFER_SIZE;
        $conn->co = $this->swirlCo;
        $conn->coTimeout = -1.0; // the coroutine client's, for the next receive
        $conn->fd = self::swirlFdOf($socket);
        $this->sock = $conn->fd;
        return $conn;
    }

    /** Applies the client options, as Swoole does at connect(). */
    private function swirlApplySettings(\stdClass $conn, array $set): bool
    {
        $fn = 'Swoole\Client::connect';
        if (isset($set['open_eof_check'])) {
            $conn->eofCheck = (bool) $set['open_eof_check'];
        }
        if (!empty($set['open_eof_split'])) {
            $conn->eofCheck = true;
        }
        if (\array_key_exists('package_eof', $set)) {
            $eof = (string) $set['package_eof'];
            if ($eof === '') {
                Runtime::error(\E_ERROR, $fn, 'package_eof cannot be an empty string');
            } elseif (\strlen($eof) > self::SW_DATA_EOF_MAXLEN) {
                Runtime::error(\E_ERROR, $fn, 'package_eof max length is ' . self::SW_DATA_EOF_MAXLEN);
            }
            $conn->eof = $eof;
        }
        if (isset($set['open_length_check'])) {
            $conn->lengthCheck = (bool) $set['open_length_check'];
        }
        if (isset($set['package_length_type'])) {
            $t = (string) $set['package_length_type'];
            $t = $t === '' ? "\0" : $t[0];
            $size = match ($t) {
                'c', 'C' => 1,
                's', 'S', 'n', 'v' => 2,
                'l', 'L', 'N', 'V' => 4,
                default => 0,
            };
            if ($size === 0) {
                Runtime::error(\E_ERROR, $fn, "Unknown package_length_type name '$t', see pack(). Link: http://php.net/pack");
            }
            $conn->lengthType = $t;
            $conn->lengthSize = $size;
        }
        if (isset($set['package_length_offset'])) {
            $conn->lengthOffset = \max(0, \min((int) $set['package_length_offset'], 65535));
        }
        $body = $set['package_body_offset'] ?? $set['package_body_start'] ?? null;
        if ($body !== null) {
            $conn->bodyOffset = \max(0, \min((int) $body, 65535));
        }
        if (isset($set['package_length_func'])) {
            $f = $set['package_length_func'];
            if (!\is_callable($f, false, $name)) {
                Runtime::error(\E_ERROR, $fn, "function '$name' is not callable");
            }
            $conn->lengthFunc = \Closure::fromCallable($f);
        }
        if (isset($set['package_max_length'])) {
            $conn->maxLength = \max(0, \min((int) $set['package_max_length'], 0xffffffff));
        }
        foreach (['timeout', 'read_timeout'] as $opt) {
            if (isset($set[$opt]) && \is_numeric($set[$opt])) {
                $conn->ioTimeout = (float) $set[$opt];
            }
        }
        if (isset($set['socket_buffer_size'])) {
            $v = \max(1, \min((int) $set['socket_buffer_size'], 0x7fffffff));
            @\socket_set_option($conn->socket, \SOL_SOCKET, \SO_SNDBUF, $v);
            @\socket_set_option($conn->socket, \SOL_SOCKET, \SO_RCVBUF, $v);
        }
        $bindAddress = isset($set['bind_address']) ? (string) $set['bind_address'] : '';
        $bindPort = isset($set['bind_port']) ? \max(0, \min((int) $set['bind_port'], 65535)) : 0;
        if ($bindAddress !== '' && !@\socket_bind($conn->socket, $bindAddress, $bindPort)) {
            $this->swirlWarn($fn, 'bind address or port error in set method');
            Runtime::$lastError = \socket_last_error($conn->socket);
            return false;
        }
        if ($conn->kind === \SWOOLE_SOCK_TCP || $conn->kind === \SWOOLE_SOCK_TCP6) {
            if (!\array_key_exists('open_tcp_nodelay', $set) || $set['open_tcp_nodelay']) {
                @\socket_set_option($conn->socket, \SOL_TCP, \TCP_NODELAY, 1);
            }
        }
        if ($conn->ssl) {
            $this->swirlSslSettings($conn, $set);
        }
        return true;
    }

    /** Turns the ssl_* options into PHP's ssl stream context options. */
    private function swirlSslSettings(\stdClass $conn, array $set): void
    {
        $fn = 'Swoole\Client::connect';
        $o = ['verify_peer' => false, 'verify_peer_name' => false, 'allow_self_signed' => false,
              'capture_peer_cert' => true, 'SNI_enabled' => true];
        if (isset($set['ssl_cert_file'])) {
            $f = (string) $set['ssl_cert_file'];
            if (!\is_file($f)) {
                Runtime::error(\E_ERROR, $fn, "ssl cert file[$f] not found");
            }
            $o['local_cert'] = $f;
        }
        if (isset($set['ssl_key_file'])) {
            $f = (string) $set['ssl_key_file'];
            if (!\is_file($f)) {
                Runtime::error(\E_ERROR, $fn, "ssl key file[$f] not found");
            }
            $o['local_pk'] = $f;
        }
        if (isset($o['local_cert']) && !isset($o['local_pk'])) {
            Runtime::error(\E_ERROR, $fn, 'ssl require key file');
        }
        if (isset($set['ssl_passphrase'])) {
            $o['passphrase'] = (string) $set['ssl_passphrase'];
        }
        if (isset($set['ssl_host_name'])) {
            $o['peer_name'] = (string) $set['ssl_host_name'];
        }
        if (isset($set['ssl_verify_peer'])) {
            $o['verify_peer'] = $o['verify_peer_name'] = (bool) $set['ssl_verify_peer'];
        }
        if (isset($set['ssl_allow_self_signed'])) {
            $o['allow_self_signed'] = (bool) $set['ssl_allow_self_signed'];
        }
        if (isset($set['ssl_cafile'])) {
            $o['cafile'] = (string) $set['ssl_cafile'];
        }
        if (isset($set['ssl_capath'])) {
            $o['capath'] = (string) $set['ssl_capath'];
        }
        if (isset($set['ssl_verify_depth'])) {
            $o['verify_depth'] = \max(0, \min((int) $set['ssl_verify_depth'], 255));
        }
        if (isset($set['ssl_ciphers'])) {
            $o['ciphers'] = (string) $set['ssl_ciphers'];
        }
        if (isset($set['ssl_compress'])) {
            $o['disable_compression'] = !$set['ssl_compress'];
        }
        if (isset($set['ssl_protocols'])) {
            $bits = (int) $set['ssl_protocols'];
            $method = 0;
            foreach ([\SWOOLE_SSL_TLSv1 => \STREAM_CRYPTO_METHOD_TLSv1_0_CLIENT,
                      \SWOOLE_SSL_TLSv1_1 => \STREAM_CRYPTO_METHOD_TLSv1_1_CLIENT,
                      \SWOOLE_SSL_TLSv1_2 => \STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT,
                      \SWOOLE_SSL_TLSv1_3 => \STREAM_CRYPTO_METHOD_TLSv1_3_CLIENT] as $bit => $m) {
                if ($bits & $bit) {
                    $method |= $m;
                }
            }
            if ($method !== 0) {
                $o['crypto_method'] = $method;
            }
        }
        $conn->sslOptions = $o;
    }

    /** Connects a stream socket: 0, or the errno / Swoole error number. */
    private function swirlConnectStream(\stdClass $conn, string $host, int $port, float $timeout): int
    {
        if ($conn->kind === \SWOOLE_SOCK_UNIX_STREAM) {
            $target = $host;
        } else {
            $target = self::swirlResolve($conn->domain, $host);
            if ($target === null) {
                return \SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED;
            }
        }
        $conn->addr = $target;
        if ($timeout > 0) {
            self::swirlSetTimeout($conn, $timeout);
        }
        while (true) {
            $ok = $conn->kind === \SWOOLE_SOCK_UNIX_STREAM ? @\socket_connect($conn->socket, $target)
                : @\socket_connect($conn->socket, $target, $port);
            if ($ok) {
                break;
            }
            $errno = \socket_last_error($conn->socket);
            \socket_clear_error($conn->socket);
            if ($errno === self::EINTR) {
                continue;
            }
            // A blocking connect that ran out of SO_SNDTIMEO.
            return $errno === self::EINPROGRESS ? self::ETIMEDOUT : $errno;
        }
        $conn->active = true;
        if ($conn->ioTimeout !== null && $conn->ioTimeout !== $timeout) {
            self::swirlSetTimeout($conn, $conn->ioTimeout);
        }
        if ($conn->ssl) {
            $rc = $this->swirlHandshake($conn);
            if ($rc !== 0) {
                $conn->active = false;
                return $rc;
            }
        }
        return 0;
    }

    /** "Connects" a datagram socket: 0, or an error number. */
    private function swirlConnectDgram(\stdClass $conn, string $host, int $port, float $timeout, int $flag): int
    {
        if ($conn->kind === \SWOOLE_SOCK_UNIX_DGRAM) {
            $conn->addr = $host;
            // The server answers to this path; close() removes it.
            $path = \sprintf('/tmp/swoole-client.%d.%d.sock', \getmypid(),
                $conn->fd >= 0 ? $conn->fd : 100000 + ++self::$swirlUdgSeq);
            @\unlink($path);
            if (!@\socket_bind($conn->socket, $path)) {
                $errno = \socket_last_error($conn->socket);
                $this->swirlWarn('Swoole\Client::connect', "bind($path) failed, Error: "
                    . Runtime::strerror($errno) . "[$errno]");
                return $errno;
            }
            $conn->path = $path;
        } else {
            $addr = self::swirlResolve($conn->domain, $host);
            if ($addr === null) {
                return \SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED;
            }
            $conn->addr = $addr;
        }
        $conn->active = true;
        $t = $conn->ioTimeout ?? $timeout;
        if ($t > 0) {
            self::swirlSetTimeout($conn, $t);
        }
        if ($flag === 1) {
            $ok = $conn->kind === \SWOOLE_SOCK_UNIX_DGRAM ? @\socket_connect($conn->socket, $conn->addr)
                : @\socket_connect($conn->socket, $conn->addr, $port);
            if (!$ok) {
                $conn->active = false;
                return \socket_last_error($conn->socket);
            }
        }
        return 0;
    }

    /** The TLS handshake on a connected socket: 0 or an error number. */
    private function swirlHandshake(\stdClass $conn): int
    {
        $o = $conn->sslOptions ?: ['verify_peer' => false, 'verify_peer_name' => false,
            'capture_peer_cert' => true, 'SNI_enabled' => true];
        if (!isset($o['peer_name']) && \filter_var($conn->host, \FILTER_VALIDATE_IP) === false) {
            $o['peer_name'] = $conn->host;
        }
        $method = $o['crypto_method'] ?? \STREAM_CRYPTO_METHOD_TLS_CLIENT;
        unset($o['crypto_method']);
        $stream = @\socket_export_stream($conn->socket);
        if ($stream === false) {
            return \SWOOLE_ERROR_SSL_HANDSHAKE_FAILED;
        }
        foreach ($o as $k => $v) {
            \stream_context_set_option($stream, 'ssl', $k, $v);
        }
        $t = $conn->timeout > 0 ? $conn->timeout : 0.0;
        if ($t > 0) {
            \stream_set_timeout($stream, (int) $t, (int) (($t - (int) $t) * 1e6));
        }
        $err = null;
        $deadline = \microtime(true) + ($t > 0 ? $t : 10.0);
        if ($conn->co) {
            // The coroutine client: the handshake waits in the coroutine.
            \stream_set_blocking($stream, false);
        }
        for (;;) {
            \set_error_handler(static function ($no, $msg) use (&$err) {
                $err = $msg;
                return true;
            });
            try {
                $ok = \stream_socket_enable_crypto($stream, true, $method);
            } finally {
                \restore_error_handler();
            }
            if ($ok !== 0 || !$conn->co) {
                break;
            }
            $left = $deadline - \microtime(true);
            if ($left <= 0 || !\Swirl\Scheduler::$s->waitIo($stream, false, $left)) {
                $ok = false;
                break;
            }
        }
        if ($conn->co) {
            \stream_set_blocking($stream, true);
        }
        if ($ok !== true) {
            return $err !== null && \stripos($err, 'certificate verify failed') !== false
                ? \SWOOLE_ERROR_SSL_VERIFY_FAILED : \SWOOLE_ERROR_SSL_HANDSHAKE_FAILED;
        }
        $conn->stream = $stream;
        return 0;
    }

    // -------------------------------------------------------------- I/O

    /** Sends all of $data; returns the bytes sent, or false. */
    public function send($data, $flag = 0)
    {
        $fn = 'Swoole\Client::send';
        $data = Runtime::argString($data, $fn, 1, 'data');
        $flags = Runtime::argInt($flag, $fn, 2, 'flag');
        if ($data === '') {
            $this->swirlWarn($fn, 'data to send is empty');
            return false;
        }
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        Runtime::$lastError = 0;
        $n = $this->swirlDgram($conn) ? self::swirlSendDgram($conn, $data)
            : self::swirlSendStream($conn, $data, $flags);
        if ($n < 0) {
            $errno = -$n;
            Runtime::$lastError = $errno;
            $this->swirlWarn($fn, \sprintf('failed to send(%d) %d bytes, Error: %s[%d]',
                $conn->fd, \strlen($data), Runtime::strerror($errno), $errno));
            $this->errCode = $errno;
            return false;
        }
        return $n;
    }

    /**
     * Receives: one packet with open_eof_check / open_length_check, else
     * what one recv() gives (at most 65535 bytes unless MSG_WAITALL, 1 in
     * $flags meaning MSG_WAITALL). '' when the server closed, false on an
     * error or a timeout.
     */
    public function recv($size = 65535, $flag = 0)
    {
        $fn = 'Swoole\Client::recv';
        $size = Runtime::argInt($size, $fn, 1, 'size');
        $flags = Runtime::argInt($flag, $fn, 2, 'flag');
        if ($flags === 1) {
            $flags = self::MSG_WAITALL;
        }
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        if ($conn->eofCheck && $conn->eof !== '' && !$this->swirlDgram($conn)) {
            return $this->swirlRecvEof($conn);
        }
        if ($conn->lengthCheck && !$this->swirlDgram($conn)) {
            return $this->swirlRecvLength($conn);
        }
        if (($flags & self::MSG_WAITALL) === 0 && $size > self::SW_CLIENT_BUFFER_SIZE) {
            $size = self::SW_CLIENT_BUFFER_SIZE;
        }
        if ($size <= 0) {
            $size = 1;
        }
        Runtime::$lastError = 0;
        if ($conn->buffer !== '') {
            // Bytes a framed recv() read ahead are served first.
            $out = (string) \substr($conn->buffer, 0, $size);
            $conn->buffer = (string) \substr($conn->buffer, \strlen($out));
            return $out;
        }
        $r = self::swirlRecvRaw($conn, $size, $flags);
        if (\is_int($r)) {
            return $this->swirlRecvFailed($r);
        }
        return $r;
    }

    /** recv() with open_eof_check: up to and including package_eof. */
    private function swirlRecvEof(\stdClass $conn): string|false
    {
        $eof = $conn->eof;
        $max = $conn->maxLength > 0 ? $conn->maxLength : self::SW_INPUT_BUFFER_SIZE;
        while (true) {
            $at = \strlen($conn->buffer) >= \strlen($eof) ? \strpos($conn->buffer, $eof) : false;
            if ($at !== false) {
                $end = $at + \strlen($eof);
                $packet = \substr($conn->buffer, 0, $end);
                $conn->buffer = (string) \substr($conn->buffer, $end);
                return $packet;
            }
            $have = \strlen($conn->buffer);
            if ($have >= $max) {
                $this->swirlWarn('Swoole\Client::recv', 'no package eof');
                $conn->buffer = '';
                return false;
            }
            $r = self::swirlRecvRaw($conn, \min(self::SW_BUFFER_SIZE_BIG, $max - $have), 0);
            if (\is_int($r)) {
                $conn->buffer = '';
                return $this->swirlRecvFailed($r);
            }
            if ($r === '') {
                $conn->buffer = '';
                return '';
            }
            $conn->buffer .= $r;
        }
    }

    /** recv() with open_length_check: one whole packet, header included. */
    private function swirlRecvLength(\stdClass $conn): string|false
    {
        $func = $conn->lengthFunc;
        $header = $func !== null ? 0 : $conn->lengthOffset + $conn->lengthSize;
        while (true) {
            $have = \strlen($conn->buffer);
            $total = 0;
            if ($func !== null) {
                if ($have > 0) {
                    $total = (int) $func($conn->buffer);
                }
            } elseif ($have >= $header) {
                $total = $this->swirlPacketLength($conn);
            }
            if ($total < 0) {
                $conn->buffer = '';
                return '';
            }
            if ($total > 0) {
                break;
            }
            // Read only what the header needs: nothing of the next packet.
            $want = $func !== null ? self::SW_BUFFER_SIZE_BIG : $header - $have;
            $r = self::swirlRecvRaw($conn, $want, 0);
            if (\is_int($r)) {
                $conn->buffer = '';
                return $this->swirlRecvFailed($r);
            }
            if ($r === '') {
                $conn->buffer = '';
                return '';
            }
            $conn->buffer .= $r;
        }
        if ($total > $conn->maxLength) {
            Runtime::$lastError = \SWOOLE_ERROR_PACKAGE_LENGTH_TOO_LARGE;
            $this->swirlWarn('Swoole\Client::recv', "Package is too big. package_length=$total");
            $conn->buffer = '';
            return '';
        }
        while (\strlen($conn->buffer) < $total) {
            $r = self::swirlRecvRaw($conn, $total - \strlen($conn->buffer), self::MSG_WAITALL);
            if (\is_int($r)) {
                $conn->buffer = '';
                return $this->swirlRecvFailed($r);
            }
            if ($r === '') {
                $conn->buffer = '';
                return '';
            }
            $conn->buffer .= $r;
        }
        $packet = \substr($conn->buffer, 0, $total);
        $conn->buffer = (string) \substr($conn->buffer, $total);
        return $packet;
    }

    /**
     * The packet length the length field gives: package_body_offset plus
     * the field's value; -1 (after Swoole's warning) when it is negative.
     */
    private function swirlPacketLength(\stdClass $conn): int
    {
        $field = \substr($conn->buffer, $conn->lengthOffset, $conn->lengthSize);
        $v = \unpack($conn->lengthType, $field)[1];
        if ($conn->lengthSize === 4 && $v > 0x7fffffff) {
            $v -= 0x100000000; // Swoole reads it as an int32.
        }
        if ($v < 0) {
            $this->swirlWarn('Swoole\Client::recv', \sprintf('invalid package (size=%d) from socket#%d<%s:%d>',
                \strlen($conn->buffer), $conn->fd, $conn->host, $conn->port));
            return -1;
        }
        return $conn->bodyOffset + $v;
    }

    /** Swoole\Client's warning (the coroutine client only records errCode). */
    private function swirlWarn(string $fn, string $message): void
    {
        if (!$this->swirlCo) {
            Runtime::error(\E_WARNING, $fn, $message);
        }
    }

    /** @internal The connection's Socket, for the coroutine client. */
    public function swirlSocket(): ?\Socket
    {
        return $this->swirlConn?->socket;
    }

    /** @internal The coroutine client's timeout of the next receive (<= 0: none). */
    public function swirlSetCoTimeout(float $seconds): void
    {
        if ($this->swirlConn !== null) {
            $this->swirlConn->coTimeout = $seconds;
        }
    }

    /** A failed receive: Swoole's warning, errCode, false. */
    private function swirlRecvFailed(int $errno): bool
    {
        Runtime::$lastError = $errno;
        $this->errCode = $errno;
        $this->swirlWarn('Swoole\Client::recv', 'recv() failed, Error: '
            . Runtime::strerror($errno) . "[$errno]");
        return false;
    }

    /** Sends a datagram to $ip:$port (a path for SWOOLE_SOCK_UNIX_DGRAM). */
    public function sendto($ip, $port, $data)
    {
        $fn = 'Swoole\Client::sendto';
        $ip = Runtime::argString($ip, $fn, 1, 'ip');
        $port = Runtime::argInt($port, $fn, 2, 'port');
        $data = Runtime::argString($data, $fn, 3, 'data');
        if ($data === '') {
            $this->swirlWarn($fn, 'data to send is empty');
            return false;
        }
        $conn = $this->swirlConn;
        if ($conn === null) {
            $conn = $this->swirlNew($ip, $port);
            if ($conn === null) {
                return false;
            }
            $conn->active = true;
            $this->swirlConn = $conn;
        }
        $addr = $ip;
        if ($conn->kind !== \SWOOLE_SOCK_UNIX_DGRAM) {
            $addr = self::swirlResolve($conn->domain, $ip);
            if ($addr === null) {
                $err = \SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED;
                Runtime::$lastError = $err;
                $this->swirlWarn($fn, \sprintf('sendto to server[%s:%d] failed. Error: %s[%d]',
                    $ip, $port, Runtime::strerror($err), $err));
                $this->errCode = $err;
                return false;
            }
        }
        if (!$this->swirlDgram($conn)) {
            $this->swirlWarn($fn, 'only supports SWOOLE_SOCK_(UDP/UDP6/UNIX_DGRAM)');
            return false;
        }
        $n = $conn->kind === \SWOOLE_SOCK_UNIX_DGRAM ? @\socket_sendto($conn->socket, $data, \strlen($data), 0, $addr)
            : @\socket_sendto($conn->socket, $data, \strlen($data), 0, $addr, $port);
        if ($n === false) {
            Runtime::$lastError = \socket_last_error($conn->socket);
            \socket_clear_error($conn->socket);
            return false;
        }
        return true;
    }

    /** Sends (part of) a file over a stream connection. */
    public function sendfile($filename, $offset = 0, $length = 0)
    {
        $fn = 'Swoole\Client::sendfile';
        $file = Runtime::argString($filename, $fn, 1, 'filename');
        $offset = Runtime::argInt($offset, $fn, 2, 'offset');
        $length = Runtime::argInt($length, $fn, 3, 'length');
        if ($file === '') {
            $this->swirlWarn($fn, 'file to send is empty');
            return false;
        }
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        if ($this->swirlDgram($conn)) {
            $this->swirlWarn($fn, 'dgram socket cannot use sendfile');
            return false;
        }
        Runtime::$lastError = 0;
        $errno = 0;
        $h = \is_file($file) ? @\fopen($file, 'rb') : false;
        if ($h === false) {
            $errno = \file_exists($file) ? 13 /* EACCES */ : 2 /* ENOENT */;
        } else {
            $size = (int) \fstat($h)['size'];
            $end = $length > 0 ? \min($size, $offset + $length) : $size;
            if ($offset < 0 || $offset >= $end) {
                $errno = 22; // EINVAL
            } else {
                \fseek($h, $offset);
                for ($left = $end - $offset; $left > 0 && $errno === 0;) {
                    $chunk = \fread($h, \min($left, 65536));
                    if ($chunk === false || $chunk === '') {
                        $errno = 5; // EIO
                        break;
                    }
                    $left -= \strlen($chunk);
                    $n = self::swirlSendStream($conn, $chunk, 0);
                    if ($n < 0) {
                        $errno = -$n;
                    }
                }
            }
            \fclose($h);
        }
        if ($errno !== 0) {
            Runtime::$lastError = $errno;
            $this->swirlWarn($fn, 'sendfile() failed. Error: ' . Runtime::strerror($errno) . " [$errno]");
            $this->errCode = $errno;
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------ state

    public function isConnected()
    {
        return $this->swirlConn !== null && $this->swirlConn->active;
    }

    /** ['port' =>, 'host' =>] of this side of the socket. */
    public function getsockname()
    {
        $fn = 'Swoole\Client::getsockname';
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        if ($conn->domain === \AF_UNIX) {
            $this->swirlWarn($fn, 'getsockname() only support AF_INET family socket');
            return false;
        }
        if (!@\socket_getsockname($conn->socket, $addr, $port)) {
            $errno = \socket_last_error($conn->socket);
            $this->swirlWarn($fn, 'getsockname() failed, Error: ' . Runtime::strerror($errno) . "[$errno]");
            return false;
        }
        return ['port' => $port, 'host' => $addr];
    }

    /**
     * ['port' =>, 'host' =>] of the peer a datagram last came from (UDP
     * types only, as in Swoole).
     */
    public function getpeername()
    {
        $fn = 'Swoole\Client::getpeername';
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        if ($conn->kind === \SWOOLE_SOCK_UDP || $conn->kind === \SWOOLE_SOCK_UDP6) {
            [$host, $port] = $conn->remote ?? [$conn->kind === \SWOOLE_SOCK_UDP ? '0.0.0.0' : '::', 0];
            return ['port' => $port, 'host' => $host];
        }
        if ($conn->kind === \SWOOLE_SOCK_UNIX_DGRAM) {
            return ['host' => $conn->remote[0] ?? ''];
        }
        $this->swirlWarn($fn, 'only supports SWOOLE_SOCK_(UDP/UDP6/UNIX_DGRAM)');
        return false;
    }

    /**
     * Closes the connection; a SWOOLE_KEEP one goes back to this
     * process's pool instead, unless $force.
     */
    public function close($force = false)
    {
        $conn = $this->swirlConn;
        if ($conn === null) {
            $this->swirlWarn('Swoole\Client::close', 'client is not connected to the server');
            return false;
        }
        if (!$force && $conn->keep && $conn->active && self::swirlAlive($conn)) {
            self::$swirlPool[$conn->key][] = $conn;
            $this->swirlConn = null;
            return true;
        }
        $this->swirlFree();
        return true;
    }

    /** shutdown(2) of the socket (SHUT_RD, SHUT_WR, SHUT_RDWR). */
    public function shutdown($how)
    {
        $fn = 'Swoole\Client::shutdown';
        $how = Runtime::argInt($how, $fn, 1, 'how');
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        if (!@\socket_shutdown($conn->socket, $how)) {
            Runtime::$lastError = \socket_last_error($conn->socket);
            \socket_clear_error($conn->socket);
            return false;
        }
        return true;
    }

    /** Starts TLS on a connected TCP connection. */
    public function enableSSL()
    {
        $fn = 'Swoole\Client::enableSSL';
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        if ($conn->kind !== \SWOOLE_SOCK_TCP && $conn->kind !== \SWOOLE_SOCK_TCP6) {
            $this->swirlWarn($fn, 'cannot use enableSSL');
            return false;
        }
        if ($conn->stream !== null) {
            $this->swirlWarn($fn, 'SSL has been enabled');
            return false;
        }
        $conn->ssl = true;
        $this->swirlSslSettings($conn, \is_array($this->setting) ? $this->setting : []);
        $rc = $this->swirlHandshake($conn);
        if ($rc !== 0) {
            Runtime::$lastError = $rc;
            $this->errCode = $rc;
            return false;
        }
        return true;
    }

    /** The server's certificate (PEM), or false. */
    public function getPeerCert()
    {
        $fn = 'Swoole\Client::getPeerCert';
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        $cert = $conn->stream !== null
            ? (\stream_context_get_options($conn->stream)['ssl']['peer_certificate'] ?? null) : null;
        if ($cert === null) {
            $this->swirlWarn($fn, 'SSL is not ready');
            return false;
        }
        return \openssl_x509_export($cert, $pem) ? $pem : false;
    }

    /** Whether the server's certificate verifies (with the ssl_ CA options). */
    public function verifyPeerCert($allow_self_signed = false)
    {
        $fn = 'Swoole\Client::verifyPeerCert';
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        $cert = $conn->stream !== null
            ? (\stream_context_get_options($conn->stream)['ssl']['peer_certificate'] ?? null) : null;
        if ($cert === null) {
            $this->swirlWarn($fn, 'SSL is not ready');
            return false;
        }
        $ca = [];
        foreach (['cafile', 'capath'] as $k) {
            if (isset($conn->sslOptions[$k])) {
                $ca[] = $conn->sslOptions[$k];
            }
        }
        if (@\openssl_x509_checkpurpose($cert, \X509_PURPOSE_SSL_SERVER, $ca) === true) {
            return true;
        }
        if ($allow_self_signed) {
            $info = \openssl_x509_parse($cert);
            return \is_array($info) && ($info['subject'] ?? null) == ($info['issuer'] ?? 0)
                && \openssl_x509_verify($cert, \openssl_pkey_get_public($cert)) === 1;
        }
        return false;
    }

    /** The connection's socket (a \Socket of the sockets extension). */
    public function getSocket()
    {
        $fn = 'Swoole\Client::getSocket';
        $conn = $this->swirlConnected($fn);
        if ($conn === null) {
            return false;
        }
        if ($conn->keep) {
            $this->swirlWarn($fn, "the 'getSocket' method can't be used on persistent connection");
            return false;
        }
        return $conn->socket;
    }

    // ---------------------------------------------------------- helpers

    /** The connection, or null after Swoole's "not connected" warning. */
    private function swirlConnected(string $fn): ?\stdClass
    {
        if ($this->swirlConn !== null && $this->swirlConn->active) {
            return $this->swirlConn;
        }
        Runtime::$lastError = \SWOOLE_ERROR_CLIENT_NO_CONNECTION;
        $this->errCode = \SWOOLE_ERROR_CLIENT_NO_CONNECTION;
        $this->swirlWarn($fn, 'client is not connected to server');
        return null;
    }

    private function swirlDgram(\stdClass $conn): bool
    {
        return $conn->kind === \SWOOLE_SOCK_UDP || $conn->kind === \SWOOLE_SOCK_UDP6
            || $conn->kind === \SWOOLE_SOCK_UNIX_DGRAM;
    }

    /** Drops the connection and closes its socket. */
    private function swirlFree(): void
    {
        if ($this->swirlConn !== null) {
            self::swirlCloseSocket($this->swirlConn);
            $this->swirlConn = null;
        }
    }

    private static function swirlCloseSocket(\stdClass $conn): void
    {
        $conn->active = false;
        if ($conn->stream !== null) {
            @\stream_socket_enable_crypto($conn->stream, false);
        }
        @\socket_close($conn->socket);
        $conn->stream = null;
        if ($conn->path !== null) {
            @\unlink($conn->path);
            $conn->path = null;
        }
    }

    /** Whether a kept connection is still open (the peer has not closed). */
    private static function swirlAlive(\stdClass $conn): bool
    {
        if (!$conn->active) {
            return false;
        }
        $n = @\socket_recv($conn->socket, $buf, 1, \MSG_PEEK | \MSG_DONTWAIT);
        if ($n === false) {
            $errno = \socket_last_error($conn->socket);
            \socket_clear_error($conn->socket);
            return $errno === self::EAGAIN;
        }
        return $n > 0;
    }

    /** SO_RCVTIMEO and SO_SNDTIMEO of $seconds (and the TLS stream's). */
    private static function swirlSetTimeout(\stdClass $conn, float $seconds): void
    {
        if ($seconds <= 0) {
            $tv = ['sec' => 0, 'usec' => 0];
        } else {
            $sec = (int) $seconds;
            $tv = ['sec' => $sec, 'usec' => (int) (($seconds - $sec) * 1e6)];
            if ($tv['sec'] === 0 && $tv['usec'] === 0) {
                $tv['usec'] = 1;
            }
        }
        @\socket_set_option($conn->socket, \SOL_SOCKET, \SO_RCVTIMEO, $tv);
        @\socket_set_option($conn->socket, \SOL_SOCKET, \SO_SNDTIMEO, $tv);
        if ($conn->stream !== null && $seconds > 0) {
            \stream_set_timeout($conn->stream, $tv['sec'], $tv['usec']);
        }
    }

    /**
     * The address to connect to: $host itself when it is an address of
     * the family, else the first one the resolver gives; null if none.
     */
    private static function swirlResolve(int $domain, string $host): ?string
    {
        $v6 = $domain === \AF_INET6;
        if (\filter_var($host, \FILTER_VALIDATE_IP, $v6 ? \FILTER_FLAG_IPV6 : \FILTER_FLAG_IPV4) !== false) {
            return $host;
        }
        if (!$v6) {
            $list = @\gethostbynamel($host);
            return \is_array($list) && $list !== [] ? $list[0] : null;
        }
        $infos = @\socket_addrinfo_lookup($host, null, ['ai_family' => \AF_INET6, 'ai_socktype' => \SOCK_STREAM]);
        foreach (\is_array($infos) ? $infos : [] as $ai) {
            $x = \socket_addrinfo_explain($ai);
            if (isset($x['ai_addr']['sin6_addr'])) {
                return $x['ai_addr']['sin6_addr'];
            }
        }
        return null;
    }

    /**
     * One receive of at most $len bytes: the bytes ('' at the end of the
     * stream), or the errno of a failure (EAGAIN after the timeout).
     */
    private static function swirlRecvRaw(\stdClass $conn, int $len, int $flags): string|int
    {
        if ($conn->stream !== null) {
            return self::swirlRecvTls($conn, $len, $flags);
        }
        if ($conn->co) {
            // The coroutine client: wait in the coroutine, then read what
            // is there (a MSG_WAITALL read could block the process).
            if (!\Swirl\Scheduler::$s->waitIo($conn->socket, false, $conn->coTimeout)) {
                return self::ETIMEDOUT;
            }
            $flags &= ~self::MSG_WAITALL;
        }
        $started = 0.0;
        while (true) {
            if ($conn->kind === \SWOOLE_SOCK_UDP || $conn->kind === \SWOOLE_SOCK_UDP6
                || $conn->kind === \SWOOLE_SOCK_UNIX_DGRAM) {
                $addr = '';
                $port = 0;
                $n = $conn->kind === \SWOOLE_SOCK_UNIX_DGRAM
                    ? @\socket_recvfrom($conn->socket, $buf, $len, $flags, $addr)
                    : @\socket_recvfrom($conn->socket, $buf, $len, $flags, $addr, $port);
                if ($n !== false) {
                    $conn->remote = [$addr, $port];
                }
            } else {
                $n = @\socket_recv($conn->socket, $buf, $len, $flags);
            }
            if ($n !== false) {
                return $n === 0 ? '' : (string) $buf;
            }
            $errno = \socket_last_error($conn->socket);
            \socket_clear_error($conn->socket);
            if ($errno !== self::EINTR) {
                return $errno;
            }
            // Interrupted by a signal: go on until the timeout is spent,
            // as Swoole does.
            $now = \microtime(true);
            if ($started === 0.0) {
                $started = $now;
            } elseif ($conn->timeout > 0 && $now > $started + $conn->timeout) {
                return self::EINTR;
            }
        }
    }

    /**
     * swirlRecvRaw() over the TLS stream: blocking with the stream's
     * timeout, or, for the coroutine client, non-blocking with the waits
     * in the coroutine.
     */
    private static function swirlRecvTls(\stdClass $conn, int $len, int $flags): string|int
    {
        if ($conn->co) {
            \stream_set_blocking($conn->stream, false);
        }
        try {
            $out = '';
            while (true) {
                $chunk = @\fread($conn->stream, $len - \strlen($out));
                if ($chunk !== false && $chunk !== '') {
                    $out .= $chunk;
                    if (($flags & self::MSG_WAITALL) === 0 || \strlen($out) >= $len) {
                        return $out;
                    }
                    continue;
                }
                if (!$conn->co && (\stream_get_meta_data($conn->stream)['timed_out'] ?? false)) {
                    return $out !== '' ? $out : self::EAGAIN;
                }
                if (\feof($conn->stream)) {
                    return $out;
                }
                if ($chunk === false) {
                    return $out !== '' ? $out : 5; // EIO
                }
                if ($conn->co && !\Swirl\Scheduler::$s->waitIo($conn->stream, false, $conn->coTimeout)) {
                    return $out !== '' ? $out : self::ETIMEDOUT;
                }
            }
        } finally {
            if ($conn->co) {
                \stream_set_blocking($conn->stream, true);
            }
        }
    }

    /** Sends all of $data on a stream socket: bytes, or -errno. */
    private static function swirlSendStream(\stdClass $conn, string $data, int $flags): int
    {
        $len = \strlen($data);
        $done = 0;
        while ($done < $len) {
            $chunk = $done === 0 ? $data : \substr($data, $done);
            if ($conn->stream !== null) {
                $n = @\fwrite($conn->stream, $chunk);
                if ($n === false || $n === 0) {
                    $timedOut = \stream_get_meta_data($conn->stream)['timed_out'] ?? false;
                    return -($timedOut ? self::EAGAIN : 32 /* EPIPE */);
                }
            } else {
                $n = @\socket_send($conn->socket, $chunk, $len - $done, $flags);
                if ($n === false) {
                    $errno = \socket_last_error($conn->socket);
                    \socket_clear_error($conn->socket);
                    if ($errno === self::EINTR) {
                        continue;
                    }
                    if ($errno === self::EAGAIN) {
                        // Swoole waits for the socket to become writable
                        // (a second at a time) and tries again.
                        $w = [$conn->socket];
                        $r = $e = null;
                        @\socket_select($r, $w, $e, 1);
                        continue;
                    }
                    return -$errno;
                }
            }
            $done += $n;
        }
        return $done;
    }

    /** Sends one datagram to the connected address: bytes, or -errno. */
    private static function swirlSendDgram(\stdClass $conn, string $data): int
    {
        $len = \strlen($data);
        $n = $conn->kind === \SWOOLE_SOCK_UNIX_DGRAM
            ? @\socket_sendto($conn->socket, $data, $len, 0, $conn->addr)
            : @\socket_sendto($conn->socket, $data, $len, 0, $conn->addr, $conn->port);
        if ($n === false || $n < $len) {
            $errno = \socket_last_error($conn->socket);
            \socket_clear_error($conn->socket);
            return -($errno ?: 90 /* EMSGSIZE */);
        }
        return $n;
    }

    /**
     * The descriptor number of a socket (Swoole's $sock), found through
     * /proc by the socket's inode; -1 if it cannot be told.
     */
    private static function swirlFdOf(\Socket $socket): int
    {
        return \Swirl\Runtime::fdOf($socket);
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return \Swirl\Runtime::publicVars($this);
    }
}
