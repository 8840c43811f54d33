<?php
/*
 * Client.php: Swoole\Coroutine\Client (also Co\Client), the TCP/UDP/Unix
 * socket client of coroutines. It is Swoole\Client's machinery (framing
 * with open_eof_check / open_length_check, TLS, UDP) with two changes: a
 * receive waits in the coroutine, so the process runs other coroutines
 * (and a server its other connections) meanwhile; and failures set
 * errCode and errMsg instead of warning. connect() and send() do their
 * work at once (a send blocks only on a full socket buffer).
 *
 * Timeouts, in seconds: connect()'s own, else connect_timeout or timeout
 * from set(), else 2; recv()'s own, else read_timeout or timeout, else
 * none. A receive that times out returns false with errCode 110
 * (ETIMEDOUT); one that finds the connection closed returns ''.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole\Coroutine;

use Swirl\Runtime;
use Swirl\Scheduler;

class Client
{
    public const MSG_OOB = 1;
    public const MSG_PEEK = 2;
    public const MSG_DONTWAIT = 64;
    public const MSG_WAITALL = 256;

    use \Swirl\ErrorState;

    public $errCode = 0;
    public $errMsg = '';
    public $fd = -1;
    public $type = \SWOOLE_SOCK_TCP;
    public $setting = null;
    public $connected = false;

    private \Swoole\Client $client;

    public function __construct($type)
    {
        $this->type = Runtime::argInt($type, 'Swoole\Coroutine\Client::__construct', 1, 'type');
        $this->client = new \Swoole\Client($this->type);
        $this->client->swirlCo = true;
    }

    public function set($settings)
    {
        if (!\is_array($settings)) {
            return false;
        }
        $this->setting = \array_merge(\is_array($this->setting) ? $this->setting : [], $settings);
        return $this->client->set($settings);
    }

    public function connect($host, $port = 0, $timeout = 0, $sock_flag = 0)
    {
        Scheduler::$s->need();
        $timeout = (float) $timeout;
        if ($timeout == 0) {
            $timeout = (float) ($this->setting['connect_timeout'] ?? $this->setting['timeout'] ?? 2.0);
        }
        if ($this->connected) {
            return $this->fail(106); // EISCONN
        }
        $ok = $this->client->connect($host, $port, $timeout, $sock_flag);
        if (!$ok) {
            return $this->fail($this->client->errCode ?: Runtime::$lastError);
        }
        $this->connected = true;
        $this->fd = $this->client->sock;
        return $this->ok(true);
    }

    public function send($data, $timeout = 0)
    {
        Scheduler::$s->need();
        if (!$this->connected) {
            return $this->fail(\SWOOLE_ERROR_CLIENT_NO_CONNECTION);
        }
        $n = $this->client->send($data);
        return $n === false ? $this->fail($this->client->errCode) : $this->ok($n);
    }

    public function recv($timeout = 0)
    {
        Scheduler::$s->need();
        if (!$this->connected) {
            return $this->fail(\SWOOLE_ERROR_CLIENT_NO_CONNECTION);
        }
        $timeout = (float) $timeout;
        if ($timeout == 0) {
            $timeout = (float) ($this->setting['read_timeout'] ?? $this->setting['timeout'] ?? -1);
        }
        $this->client->swirlSetCoTimeout($timeout);
        $this->client->errCode = 0;
        $r = $this->client->recv();
        return $r === false ? $this->fail($this->client->errCode) : $this->ok($r);
    }

    /** What is there to read now, left for the next recv(); false when nothing is. */
    public function peek($length = 65535)
    {
        $socket = $this->client->swirlSocket();
        if ($socket === null) {
            return $this->fail(\SWOOLE_ERROR_CLIENT_NO_CONNECTION);
        }
        $n = @\socket_recv($socket, $buf, \max(1, (int) $length), self::MSG_PEEK | self::MSG_DONTWAIT);
        if ($n === false) {
            $errno = \socket_last_error($socket);
            \socket_clear_error($socket);
            return $this->fail($errno);
        }
        return $this->ok($n === 0 ? '' : (string) $buf);
    }

    public function sendto($host, $port, $data)
    {
        Scheduler::$s->need();
        $n = $this->client->sendto($host, $port, $data);
        return $n === false ? $this->fail($this->client->errCode) : $this->ok(true);
    }

    /** Receives one datagram; its sender goes to $address and $port. */
    public function recvfrom($length, &$address, &$port = null)
    {
        Scheduler::$s->need();
        $socket = $this->client->swirlSocket();
        if ($socket === null) {
            // UDP needs no connect(): the first sendto() made the socket.
            return $this->fail(\SWOOLE_ERROR_CLIENT_NO_CONNECTION);
        }
        $timeout = (float) ($this->setting['read_timeout'] ?? $this->setting['timeout'] ?? -1);
        if (!Scheduler::$s->waitIo($socket, false, $timeout)) {
            return $this->fail(110);
        }
        $addr = '';
        $p = 0;
        $n = @\socket_recvfrom($socket, $buf, \max(1, (int) $length), 0, $addr, $p);
        if ($n === false) {
            $errno = \socket_last_error($socket);
            \socket_clear_error($socket);
            return $this->fail($errno);
        }
        $address = $addr;
        $port = $p;
        return $this->ok($n === 0 ? '' : (string) $buf);
    }

    public function sendfile($filename, $offset = 0, $length = 0)
    {
        Scheduler::$s->need();
        $r = $this->client->sendfile($filename, $offset, $length);
        return $r === false ? $this->fail($this->client->errCode) : $this->ok($r);
    }

    public function enableSSL()
    {
        Scheduler::$s->need();
        $r = $this->client->enableSSL();
        return $r === false ? $this->fail($this->client->errCode) : $this->ok($r);
    }

    public function getPeerCert()
    {
        return $this->client->getPeerCert();
    }

    public function verifyPeerCert($allow_self_signed = false)
    {
        return $this->client->verifyPeerCert($allow_self_signed);
    }

    public function isConnected()
    {
        return $this->connected && $this->client->isConnected();
    }

    public function getsockname()
    {
        return $this->client->getsockname();
    }

    public function getpeername()
    {
        return $this->client->getpeername();
    }

    public function close()
    {
        $was = $this->connected;
        $this->connected = false;
        $this->fd = -1;
        return $this->client->close() || $was;
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return Runtime::publicVars($this);
    }
}
