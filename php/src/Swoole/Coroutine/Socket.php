<?php
/*
 * Socket.php: Swoole\Coroutine\Socket (also Co\Socket), a socket whose
 * waits (accept, connect, recv, send on a full buffer) suspend only the
 * calling coroutine. It is a non-blocking PHP Socket (sockets extension)
 * watched through the process's loop. Failures return false and set
 * errCode (the errno; 110 after a timeout) and errMsg.
 *
 * Timeouts are in seconds; 0 takes the one setOption()/set() gave
 * (timeout), and a negative one waits for ever.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole\Coroutine;

use Swirl\Runtime;
use Swirl\Scheduler;

class Socket
{
    public $fd = -1;
    public $domain = 0;
    public $type = 0;
    public $protocol = 0;
    use \Swirl\ErrorState;

    public $errCode = 0;
    public $errMsg = '';

    private ?\Socket $sock = null;
    private float $timeout = -1.0;
    /** Bytes read ahead by recvLine()/recvWithBuffer()/recvPacket(). */
    private string $buffer = '';
    private array $protocolSettings = [];

    private const EAGAIN = 11;
    private const EINPROGRESS = 115;
    private const ETIMEDOUT = 110;

    public function __construct($domain, $type, $protocol = 0)
    {
        $this->domain = (int) $domain;
        $this->type = (int) $type;
        $this->protocol = (int) $protocol;
        try {
            $s = @\socket_create($this->domain, $this->type, $this->protocol);
            $errno = $s === false ? \socket_last_error() : 0;
        } catch (\ValueError) {
            [$s, $errno] = [false, 97]; // EAFNOSUPPORT: a domain PHP does not know
        }
        if ($s === false) {
            throw Runtime::asInternal(new Socket\Exception('new Socket() failed, Error: ' . Runtime::strerror($errno)
                . "[$errno]", $errno));
        }
        $this->adopt($s);
    }

    /** @internal A Socket around an accepted \Socket. */
    public static function swirlWrap(\Socket $s, int $domain, int $type, int $protocol): self
    {
        $o = (new \ReflectionClass(static::class))->newInstanceWithoutConstructor();
        $o->domain = $domain;
        $o->type = $type;
        $o->protocol = $protocol;
        $o->adopt($s);
        return $o;
    }

    private function adopt(\Socket $s): void
    {
        \socket_set_nonblock($s);
        $this->sock = $s;
        $this->fd = Runtime::fdOf($s);
    }

    public function bind($address, $port = 0)
    {
        if (!$this->alive()) {
            return false;
        }
        if ($this->domain === \AF_INET || $this->domain === \AF_INET6) {
            @\socket_set_option($this->sock, \SOL_SOCKET, \SO_REUSEADDR, 1);
            $ok = @\socket_bind($this->sock, (string) $address, (int) $port);
        } else {
            $ok = @\socket_bind($this->sock, (string) $address);
        }
        return $ok ? $this->ok(true) : $this->sockFail();
    }

    public function listen($backlog = 0)
    {
        if (!$this->alive()) {
            return false;
        }
        return @\socket_listen($this->sock, (int) $backlog > 0 ? (int) $backlog : 512)
            ? $this->ok(true) : $this->sockFail();
    }

    public function accept($timeout = 0)
    {
        Scheduler::$s->need();
        if (!$this->alive()) {
            return false;
        }
        $c = $this->io(fn() => @\socket_accept($this->sock), false, $timeout);
        return $c === false ? false : $this->ok(self::swirlWrap($c, $this->domain, $this->type, $this->protocol));
    }

    public function connect($host, $port = 0, $timeout = 0)
    {
        Scheduler::$s->need();
        if (!$this->alive()) {
            return false;
        }
        $host = (string) $host;
        if (($this->domain === \AF_INET || $this->domain === \AF_INET6)
            && \filter_var($host, \FILTER_VALIDATE_IP) === false) {
            $ips = @\gethostbynamel($host);
            if (!\is_array($ips) || $ips === []) {
                return $this->fail(\SWOOLE_ERROR_DNSLOOKUP_RESOLVE_FAILED);
            }
            $host = $ips[0];
        }
        $ok = $this->domain === \AF_UNIX ? @\socket_connect($this->sock, $host)
            : @\socket_connect($this->sock, $host, (int) $port);
        if ($ok) {
            return $this->ok(true);
        }
        $errno = \socket_last_error($this->sock);
        \socket_clear_error($this->sock);
        if ($errno !== self::EINPROGRESS && $errno !== self::EAGAIN) {
            return $this->fail($errno);
        }
        if (!$this->wait(true, $timeout)) {
            return false;
        }
        $err = (int) @\socket_get_option($this->sock, \SOL_SOCKET, \SO_ERROR);
        return $err === 0 ? $this->ok(true) : $this->fail($err);
    }

    public function send($data, $timeout = 0)
    {
        Scheduler::$s->need();
        if (!$this->alive()) {
            return false;
        }
        $data = (string) $data;
        $n = $this->io(fn() => @\socket_send($this->sock, $data, \strlen($data), 0), true, $timeout);
        return $n === false ? false : $this->ok($n);
    }

    public function sendAll($data, $timeout = 0)
    {
        $data = (string) $data;
        $done = 0;
        while ($done < \strlen($data)) {
            $n = $this->send(\substr($data, $done), $timeout);
            if ($n === false) {
                return $done > 0 ? $done : false;
            }
            $done += $n;
        }
        return $done;
    }

    public function recv($length = 65536, $timeout = 0)
    {
        Scheduler::$s->need();
        if (!$this->alive()) {
            return false;
        }
        if ($this->buffer !== '') {
            $out = (string) \substr($this->buffer, 0, (int) $length);
            $this->buffer = (string) \substr($this->buffer, \strlen($out));
            return $this->ok($out);
        }
        $n = $this->io(function () use (&$buf, $length) {
            return @\socket_recv($this->sock, $buf, \max(1, (int) $length), 0);
        }, false, $timeout);
        return $n === false ? false : $this->ok($n === 0 ? '' : (string) $buf);
    }

    /** Exactly $length bytes (fewer only at the end of the stream). */
    public function recvAll($length = 65536, $timeout = 0)
    {
        $out = '';
        while (\strlen($out) < (int) $length) {
            $r = $this->recv((int) $length - \strlen($out), $timeout);
            if ($r === false) {
                return $out !== '' ? $out : false;
            }
            if ($r === '') {
                break;
            }
            $out .= $r;
        }
        return $out;
    }

    /** Up to and including the next "\n" (or $length bytes). */
    public function recvLine($length = 65536, $timeout = 0)
    {
        while (($at = \strpos($this->buffer, "\n")) === false && \strlen($this->buffer) < (int) $length) {
            $r = $this->rawRecv($timeout);
            if ($r === false) {
                return false;
            }
            if ($r === '') {
                break;
            }
        }
        $end = $at === false ? \min(\strlen($this->buffer), (int) $length) : $at + 1;
        $line = (string) \substr($this->buffer, 0, $end);
        $this->buffer = (string) \substr($this->buffer, $end);
        return $this->ok($line);
    }

    public function recvWithBuffer($length = 65536, $timeout = 0)
    {
        if ($this->buffer === '' && $this->rawRecv($timeout) === false) {
            return false;
        }
        return $this->recv($length, $timeout);
    }

    /**
     * One packet by the setProtocol() framing (open_eof_check /
     * package_eof, or open_length_check), else what one recv() gives.
     */
    public function recvPacket($timeout = 0)
    {
        $p = $this->protocolSettings;
        if (!empty($p['open_eof_check']) || !empty($p['open_eof_split'])) {
            $eof = (string) ($p['package_eof'] ?? "\r\n");
            while (($at = \strpos($this->buffer, $eof)) === false) {
                $r = $this->rawRecv($timeout);
                if ($r === false || $r === '') {
                    return $r;
                }
            }
            $packet = \substr($this->buffer, 0, $at + \strlen($eof));
            $this->buffer = (string) \substr($this->buffer, \strlen($packet));
            return $this->ok($packet);
        }
        if (!empty($p['open_length_check'])) {
            $type = (string) ($p['package_length_type'] ?? 'N');
            $size = match ($type) { 'c', 'C' => 1, 's', 'S', 'n', 'v' => 2, default => 4 };
            $off = (int) ($p['package_length_offset'] ?? 0);
            $body = (int) ($p['package_body_offset'] ?? $p['package_body_start'] ?? 0);
            while (\strlen($this->buffer) < $off + $size) {
                $r = $this->rawRecv($timeout);
                if ($r === false || $r === '') {
                    return $r;
                }
            }
            $total = $body + (int) \unpack($type, \substr($this->buffer, $off, $size))[1];
            while (\strlen($this->buffer) < $total) {
                $r = $this->rawRecv($timeout);
                if ($r === false || $r === '') {
                    return $r;
                }
            }
            $packet = \substr($this->buffer, 0, $total);
            $this->buffer = (string) \substr($this->buffer, $total);
            return $this->ok($packet);
        }
        return $this->recv(65536, $timeout);
    }

    /** What is there to read now, left for the next recv(). */
    public function peek($length = 65536)
    {
        if (!$this->alive()) {
            return false;
        }
        $n = @\socket_recv($this->sock, $buf, \max(1, (int) $length), \MSG_PEEK | \MSG_DONTWAIT);
        if ($n === false) {
            $errno = \socket_last_error($this->sock);
            \socket_clear_error($this->sock);
            return $this->fail($errno);
        }
        return $this->ok($n === 0 ? '' : (string) $buf);
    }

    public function sendto($address, $port, $data)
    {
        Scheduler::$s->need();
        if (!$this->alive()) {
            return false;
        }
        $n = @\socket_sendto($this->sock, (string) $data, \strlen((string) $data), 0, (string) $address, (int) $port);
        return $n === false ? $this->sockFail() : $this->ok($n);
    }

    /** One datagram; its sender goes to $peername (['address' => ..., 'port' => ...]). */
    public function recvfrom(&$peername, $timeout = 0)
    {
        Scheduler::$s->need();
        if (!$this->alive()) {
            return false;
        }
        $addr = '';
        $port = 0;
        $n = $this->io(function () use (&$buf, &$addr, &$port) {
            return @\socket_recvfrom($this->sock, $buf, 65536, 0, $addr, $port);
        }, false, $timeout);
        if ($n === false) {
            return false;
        }
        $peername = ['address' => $addr, 'port' => $port];
        return $this->ok($n === 0 ? '' : (string) $buf);
    }

    public function setProtocol(array $settings)
    {
        $this->protocolSettings = \array_merge($this->protocolSettings, $settings);
        if (isset($settings['timeout'])) {
            $this->timeout = (float) $settings['timeout'];
        }
        return true;
    }

    public function setOption($level, $optname, $optval)
    {
        if (!$this->alive()) {
            return false;
        }
        return @\socket_set_option($this->sock, (int) $level, (int) $optname, $optval) ? true : $this->sockFail();
    }

    public function getOption($level, $optname)
    {
        if (!$this->alive()) {
            return false;
        }
        $v = @\socket_get_option($this->sock, (int) $level, (int) $optname);
        return $v === false ? $this->sockFail() : $v;
    }

    public function getsockname()
    {
        if (!$this->alive() || !@\socket_getsockname($this->sock, $addr, $port)) {
            return false;
        }
        return ['address' => $addr, 'port' => (int) $port];
    }

    public function getpeername()
    {
        if (!$this->alive() || !@\socket_getpeername($this->sock, $addr, $port)) {
            return false;
        }
        return ['address' => $addr, 'port' => (int) $port];
    }

    public function shutdown($how = 2)
    {
        return $this->alive() && @\socket_shutdown($this->sock, (int) $how);
    }

    public function checkLiveness()
    {
        if (!$this->alive()) {
            return false;
        }
        $n = @\socket_recv($this->sock, $buf, 1, \MSG_PEEK | \MSG_DONTWAIT);
        return $n !== 0 && !($n === false && \socket_last_error($this->sock) !== self::EAGAIN);
    }

    public function isClosed()
    {
        return $this->sock === null;
    }

    public function close()
    {
        if ($this->sock === null) {
            return false;
        }
        \socket_close($this->sock);
        $this->sock = null;
        $this->fd = -1;
        return true;
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return Runtime::publicVars($this);
    }

    // ------------------------------------------------------------ private

    /** One read into the buffer: its bytes ('' at the end), or false. */
    private function rawRecv(mixed $timeout): string|false
    {
        Scheduler::$s->need();
        $n = $this->io(function () use (&$buf) {
            return @\socket_recv($this->sock, $buf, 65536, 0);
        }, false, $timeout);
        if ($n === false) {
            return false;
        }
        $buf = $n === 0 ? '' : (string) $buf;
        $this->buffer .= $buf;
        return $buf;
    }

    /**
     * Runs the non-blocking call $op until it does not fail with EAGAIN,
     * waiting in between for the socket to be readable ($write false) or
     * writable: its result, or false with errCode set.
     */
    private function io(\Closure $op, bool $write, mixed $timeout): mixed
    {
        for (;;) {
            $r = $op();
            if ($r !== false) {
                return $r;
            }
            $errno = \socket_last_error($this->sock);
            \socket_clear_error($this->sock);
            if ($errno !== self::EAGAIN && $errno !== 0) {
                return $this->fail($errno);
            }
            if (!$this->wait($write, $timeout)) {
                return false;
            }
        }
    }

    /** Waits until readable or writable; false (errCode 110) after the timeout. */
    private function wait(bool $write, mixed $timeout): bool
    {
        $t = (float) $timeout;
        if ($t == 0) {
            $t = $this->timeout;
        }
        if (!Scheduler::$s->waitIo($this->sock, $write, $t)) {
            $this->fail(self::ETIMEDOUT);
            return false;
        }
        return true;
    }

    private function alive(): bool
    {
        if ($this->sock === null) {
            $this->fail(9); // EBADF
            return false;
        }
        return true;
    }

    private function sockFail(): bool
    {
        $errno = $this->sock !== null ? \socket_last_error($this->sock) : \socket_last_error();
        if ($this->sock !== null) {
            \socket_clear_error($this->sock);
        }
        return $this->fail($errno);
    }
}
