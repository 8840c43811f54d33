<?php
/*
 * Server.php: Swoole\Coroutine\Http\Server (also Co\Http\Server), the
 * HTTP server of coroutines: it runs inside the process's scheduler (in
 * Co\run()), one coroutine accepting and one per connection, and hands
 * each request to the handler registered for the longest matching path
 * prefix (handle()), with Swoole's Request and Response objects.
 *
 * It speaks HTTP/1.1 with keep-alive, Content-Length and chunked bodies,
 * and WebSocket after $response->upgrade() ($response->recv() and
 * push()); over TLS when constructed with $ssl (ssl_cert_file and
 * ssl_key_file from set(), the handshake waiting in the coroutine). The responses are composed in PHP (Response's raw mode) and
 * written to the connection's stream; every wait suspends only the
 * waiting coroutine. shutdown() stops accepting and start() returns.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole\Coroutine\Http;

use Swirl\FFI\Library;
use Swirl\Http\Context;
use Swirl\Runtime;
use Swirl\Scheduler;
use Swoole\Http\Request;
use Swoole\Http\Response;

class Server
{
    public $fd = -1;
    public $host = '';
    public $port = -1;
    public $ssl = false;
    public $settings = [];
    public $errCode = 0;
    public $errMsg = '';

    /** The listening stream, and the Socket it was made from. */
    private $listener = null;
    private ?\Socket $listenSocket = null;
    /** Path prefix => handler, longest first when matched. */
    private array $handlers = [];
    private bool $running = false;
    /** The coroutine that accepts (start()), while it waits. */
    private int $acceptCid = -1;
    private ?Context $ctx = null;
    /**
     * Open connections: fd => [stream, read buffer, remote address, remote
     * port, the coroutine waiting to read it or -1].
     */
    private array $conns = [];

    public function __construct($host, $port = 0, $ssl = false, $reuse_port = false)
    {
        $fn = 'Swoole\Coroutine\Http\Server::__construct';
        $this->host = Runtime::argString($host, $fn, 1, 'host');
        $this->port = (int) $port;
        $this->ssl = (bool) $ssl;
        // Made with the sockets extension, which reports the errno of a
        // failed bind (98 for a port in use), then used as a stream.
        $sock = @\socket_create(\str_contains($this->host, ':') ? \AF_INET6 : \AF_INET, \SOCK_STREAM, \SOL_TCP);
        $ok = $sock !== false;
        if ($ok) {
            @\socket_set_option($sock, \SOL_SOCKET, \SO_REUSEADDR, 1);
            if ($reuse_port && \defined('SO_REUSEPORT')) {
                @\socket_set_option($sock, \SOL_SOCKET, \SO_REUSEPORT, 1);
            }
            $ok = @\socket_bind($sock, $this->host, $this->port) && @\socket_listen($sock, 512);
        }
        $s = $ok ? @\socket_export_stream($sock) : false;
        if ($s === false) {
            $errno = $sock !== false ? \socket_last_error($sock) : \socket_last_error();
            $this->errCode = $errno;
            $this->errMsg = Runtime::strerror($errno);
            throw Runtime::asInternal(new \Swoole\Exception("bind({$this->host}:{$this->port}) failed: {$this->errMsg}",
                $errno));
        }
        \stream_set_blocking($s, false);
        $this->listener = $s;
        $this->listenSocket = $sock; // the stream's descriptor is this Socket's
        $name = \stream_socket_get_name($s, false);
        $this->port = (int) \substr($name, \strrpos($name, ':') + 1);
        $this->fd = Runtime::fdOf($s);
    }

    public function set(array $settings)
    {
        $this->settings = \array_merge($this->settings, $settings);
        if ($this->ssl && $this->listener !== null) {
            foreach (['ssl_cert_file' => 'local_cert', 'ssl_key_file' => 'local_pk',
                      'ssl_ciphers' => 'ciphers', 'ssl_passphrase' => 'passphrase'] as $opt => $name) {
                if (isset($settings[$opt])) {
                    \stream_context_set_option($this->listener, 'ssl', $name, (string) $settings[$opt]);
                }
            }
            \stream_context_set_option($this->listener, 'ssl', 'verify_peer',
                (bool) ($this->settings['ssl_verify_peer'] ?? false));
        }
    }

    /** Registers $callback($request, $response) for paths starting with $pattern. */
    public function handle($pattern, $callback)
    {
        $pattern = (string) $pattern;
        $this->handlers[$pattern] = Runtime::argCallable($callback, 'Swoole\Coroutine\Http\Server::handle', 2, 'callback');
        \uksort($this->handlers, static fn($a, $b) => \strlen((string) $b) <=> \strlen((string) $a));
    }

    /** Accepts until shutdown(); true then. */
    public function start()
    {
        $sched = Scheduler::$s;
        $sched->need();
        if ($this->listener === null) {
            return false;
        }
        $this->running = true;
        $this->ctx ??= $this->makeContext();
        while ($this->running) {
            $this->acceptCid = $sched->current;
            $sched->waitIo($this->listener, false, -1);
            $this->acceptCid = -1;
            if (!$this->running) {
                break;
            }
            // A handler that runs at once inside go() may call shutdown().
            while ($this->running && ($c = @\stream_socket_accept($this->listener, 0, $peer)) !== false) {
                \go(function () use ($c, $peer): void {
                    $this->serve($c, (string) $peer);
                });
            }
        }
        if ($this->listener !== null) {
            \fclose($this->listener);
            $this->listener = null;
        }
        return true;
    }

    /** Stops accepting: start() returns. Open connections finish what they do. */
    public function shutdown()
    {
        $this->running = false;
        // Kept connections waiting for a next request go now.
        foreach ($this->conns as $fd => $c) {
            if ($c[4] !== -1 && $c[1] === '') {
                $this->closeConn($fd);
            }
        }
        // start() closes the listener once it sees this.
        if ($this->acceptCid !== -1) {
            Scheduler::$s->resume($this->acceptCid);
        }
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return Runtime::publicVars($this);
    }

    // ------------------------------------------------------------ private

    private function makeContext(): Context
    {
        $ctx = new Context(Library::get());
        $ctx->http = false;
        $ctx->configure($this->settings + ['http_compression' => true]);
        $ctx->rawSink = function (int $fd, string $data): bool {
            return $this->write($fd, $data);
        };
        $ctx->connInfo = function (int $fd): ?array {
            $c = $this->conns[$fd] ?? null;
            return $c === null ? null : [$this->port, $c[3], $c[2]];
        };
        $ctx->coReader = function (int $fd, float $timeout): mixed {
            return $this->readFrame($fd, $timeout);
        };
        $ctx->coClose = function (int $fd): bool {
            return $this->closeConn($fd);
        };
        return $ctx;
    }

    /** One connection's life: its requests, one after another. */
    private function serve($stream, string $peer): void
    {
        \stream_set_blocking($stream, false);
        if ($this->ssl && !$this->handshake($stream)) {
            @\fclose($stream);
            return;
        }
        $fd = Runtime::fdOf($stream);
        if ($fd < 0) {
            $fd = (int) $stream;
        }
        $colon = \strrpos($peer, ':');
        $this->conns[$fd] = [$stream, '', \trim(\substr($peer, 0, $colon), '[]'), (int) \substr($peer, $colon + 1), -1];
        try {
            while ($this->serveOne($fd)) {
            }
        } finally {
            if (isset($this->conns[$fd])) {
                @\fclose($this->conns[$fd][0]);
                unset($this->conns[$fd]);
            }
        }
    }

    /** The server side of a TLS handshake, waiting in the coroutine. */
    private function handshake($stream): bool
    {
        $deadline = \microtime(true) + (float) ($this->settings['ssl_handshake_timeout'] ?? 10);
        for (;;) {
            $r = @\stream_socket_enable_crypto($stream, true, \STREAM_CRYPTO_METHOD_TLS_SERVER);
            if ($r === true) {
                return true;
            }
            $left = $deadline - \microtime(true);
            if ($r === false || $left <= 0 || \feof($stream)
                || !Scheduler::$s->waitIo($stream, false, $left)) {
                return false;
            }
        }
    }

    /** Reads and answers one request; false when the connection is done. */
    private function serveOne(int $fd): bool
    {
        $timeout = (float) ($this->settings['keep_alive_timeout'] ?? $this->settings['timeout'] ?? -1);
        $max = (int) ($this->settings['package_max_length'] ?? 2 * 1024 * 1024);
        if (!$this->running && $this->conns[$fd][1] === '') {
            return false; // shut down: no new request on a kept connection
        }
        while (($end = \strpos($this->conns[$fd][1], "\r\n\r\n")) === false) {
            if (\strlen($this->conns[$fd][1]) > 65536) {
                $this->write($fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return false;
            }
            if (!$this->fill($fd, $timeout)) {
                return false;
            }
        }
        $head = \substr($this->conns[$fd][1], 0, $end);
        $this->conns[$fd][1] = (string) \substr($this->conns[$fd][1], $end + 4);
        if (!\preg_match('~^([A-Z]+) (\S+) HTTP/(1\.[01])$~', \strtok($head, "\r\n") ?: '', $m)) {
            $this->write($fd, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return false;
        }
        $headers = [];
        foreach (\array_slice(\explode("\r\n", $head), 1) as $line) {
            $colon = \strpos($line, ':');
            if ($colon !== false) {
                $headers[\strtolower(\trim(\substr($line, 0, $colon)))] = \trim(\substr($line, $colon + 1));
            }
        }
        $body = '';
        if (\stripos($headers['transfer-encoding'] ?? '', 'chunked') !== false) {
            $body = $this->readChunked($fd, $timeout, $max);
            if ($body === null) {
                return false;
            }
        } elseif (isset($headers['content-length'])) {
            $len = (int) $headers['content-length'];
            if ($len > $max) {
                $this->write($fd, "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return false;
            }
            while (\strlen($this->conns[$fd][1]) < $len) {
                if (!$this->fill($fd, $timeout)) {
                    return false;
                }
            }
            $body = \substr($this->conns[$fd][1], 0, $len);
            $this->conns[$fd][1] = (string) \substr($this->conns[$fd][1], $len);
        }
        $keep = $m[3] === '1.1' ? \strcasecmp($headers['connection'] ?? '', 'close') !== 0
            : \strcasecmp($headers['connection'] ?? '', 'keep-alive') === 0;
        $request = Request::swirlCreate($this->ctx, $fd, $head, $body);
        $response = Response::swirlCreate($this->ctx, $fd, $head);
        if (!$keep) {
            $response->header('Connection', 'close');
        }
        $path = \parse_url($m[2], \PHP_URL_PATH) ?: '/';
        $handler = null;
        foreach ($this->handlers as $prefix => $h) {
            if (\str_starts_with($path, (string) $prefix)) {
                $handler = $h;
                break;
            }
        }
        if ($handler === null) {
            $response->status(404);
            $response->end('<h1>Page Not Found</h1>');
        } else {
            $handler($request, $response);
        }
        $upgraded = $response->swirlIsWebSocket();
        unset($request, $response); // a response left open ends now
        return $keep && !$upgraded && isset($this->conns[$fd]);
    }

    /** A chunked body, or null when the connection failed. */
    private function readChunked(int $fd, float $timeout, int $max): ?string
    {
        $body = '';
        for (;;) {
            while (($eol = \strpos($this->conns[$fd][1], "\r\n")) === false) {
                if (!$this->fill($fd, $timeout)) {
                    return null;
                }
            }
            $size = \hexdec(\trim(\explode(';', \substr($this->conns[$fd][1], 0, $eol))[0]));
            if ($size === 0) {
                while (($t = \strpos($this->conns[$fd][1], "\r\n\r\n")) === false) {
                    if (!$this->fill($fd, $timeout)) {
                        return null;
                    }
                }
                $this->conns[$fd][1] = (string) \substr($this->conns[$fd][1], $t + 4);
                return $body;
            }
            if (\strlen($body) + $size > $max) {
                return null;
            }
            while (\strlen($this->conns[$fd][1]) < $eol + 2 + $size + 2) {
                if (!$this->fill($fd, $timeout)) {
                    return null;
                }
            }
            $body .= \substr($this->conns[$fd][1], $eol + 2, $size);
            $this->conns[$fd][1] = (string) \substr($this->conns[$fd][1], $eol + 2 + $size + 2);
        }
    }

    /** Reads more of connection $fd into its buffer; false at its end or on a timeout. */
    private function fill(int $fd, float $timeout): bool
    {
        $c = $this->conns[$fd] ?? null;
        if ($c === null) {
            return false;
        }
        for (;;) {
            $data = @\fread($c[0], 65536);
            if ($data !== false && $data !== '') {
                $this->conns[$fd][1] .= $data;
                return true;
            }
            if ($data === false || \feof($c[0])) {
                return false;
            }
            $this->conns[$fd][4] = Scheduler::$s->current;
            $ready = Scheduler::$s->waitIo($c[0], false, $timeout);
            if (!isset($this->conns[$fd])) {
                return false; // closed meanwhile
            }
            $this->conns[$fd][4] = -1;
            if (!$ready) {
                return false;
            }
        }
    }

    /**
     * Closes connection $fd (Response::close(), shutdown()): a coroutine
     * waiting to read it wakes and finds it gone.
     */
    private function closeConn(int $fd): bool
    {
        $c = $this->conns[$fd] ?? null;
        if ($c === null) {
            return false;
        }
        unset($this->conns[$fd]);
        if ($c[4] !== -1) {
            Scheduler::$s->resume($c[4]); // its waitIo() stops watching the stream
        }
        @\fclose($c[0]);
        return true;
    }

    /** Writes all of $data to connection $fd, waiting while its buffer is full. */
    private function write(int $fd, string $data): bool
    {
        $c = $this->conns[$fd] ?? null;
        if ($c === null) {
            return false;
        }
        while ($data !== '') {
            $n = @\fwrite($c[0], $data);
            if ($n === false) {
                return false;
            }
            if ($n === 0) {
                if (Scheduler::$s->current === -1 || !Scheduler::$s->waitIo($c[0], true, 30)) {
                    return false;
                }
                continue;
            }
            $data = (string) \substr($data, $n);
        }
        return true;
    }

    /** The next WebSocket frame of connection $fd: a Frame, false on a timeout, '' at its end. */
    private function readFrame(int $fd, float $timeout): mixed
    {
        $need = static function (string $buf): int {
            if (\strlen($buf) < 2) {
                return 2;
            }
            $b1 = \ord($buf[1]);
            $len = $b1 & 0x7f;
            $head = 2 + (($b1 & 0x80) !== 0 ? 4 : 0) + ($len === 126 ? 2 : ($len === 127 ? 8 : 0));
            if (\strlen($buf) < $head) {
                return $head;
            }
            if ($len === 126) {
                $len = \unpack('n', $buf, 2)[1];
            } elseif ($len === 127) {
                $len = \unpack('J', $buf, 2)[1];
            }
            return $head + $len;
        };
        while (isset($this->conns[$fd]) && \strlen($this->conns[$fd][1]) < ($n = $need($this->conns[$fd][1]))) {
            if (!$this->fill($fd, $timeout)) {
                return isset($this->conns[$fd]) && !\feof($this->conns[$fd][0]) ? false : '';
            }
        }
        if (!isset($this->conns[$fd])) {
            return '';
        }
        $n = $need($this->conns[$fd][1]);
        $raw = \substr($this->conns[$fd][1], 0, $n);
        $this->conns[$fd][1] = (string) \substr($this->conns[$fd][1], $n);
        $frame = \Swoole\WebSocket\Server::unpack($raw);
        $frame->fd = $fd;
        return $frame;
    }
}
