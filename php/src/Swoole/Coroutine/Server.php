<?php
/*
 * Server.php: Swoole\Coroutine\Server (also Co\Server), the TCP server of
 * coroutines: start() accepts in the calling coroutine and runs the
 * handle() callback in a new coroutine for each connection, with a
 * Server\Connection to recv() from and send() to. shutdown() stops
 * accepting and start() returns.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole\Coroutine;

use Swirl\Runtime;
use Swirl\Scheduler;

class Server
{
    public $fd = -1;
    public $host = '';
    public $port = -1;
    public $type = \AF_INET;
    public $ssl = false;
    public $errCode = 0;
    public $errMsg = '';
    public $setting = [];

    private ?Socket $socket = null;
    private ?\Closure $handler = null;
    private bool $running = false;
    private int $acceptCid = -1;

    public function __construct($host, $port = 0, $ssl = false, $reuse_port = false)
    {
        $this->host = (string) $host;
        $this->ssl = (bool) $ssl;
        if (\str_starts_with($this->host, 'unix:')) {
            $this->type = \AF_UNIX;
        } elseif (\str_contains($this->host, ':')) {
            $this->type = \AF_INET6;
        }
        $this->socket = new Socket($this->type, \SOCK_STREAM, 0);
        if ($reuse_port && \defined('SO_REUSEPORT')) {
            $this->socket->setOption(\SOL_SOCKET, \SO_REUSEPORT, 1);
        }
        $address = $this->type === \AF_UNIX ? \substr($this->host, 5) : $this->host;
        if (!$this->socket->bind($address, (int) $port) || !$this->socket->listen(512)) {
            $this->errCode = $this->socket->errCode;
            $this->errMsg = $this->socket->errMsg;
            throw Runtime::asInternal(new Exception($this->errMsg, $this->errCode));
        }
        $name = $this->socket->getsockname();
        $this->port = $this->type === \AF_UNIX ? 0 : (int) ($name['port'] ?? $port);
        $this->fd = $this->socket->fd;
    }

    public function set(array $setting)
    {
        $this->setting = \array_merge($this->setting, $setting);
    }

    /** $fn(Server\Connection $conn) runs in a coroutine for each connection. */
    public function handle($fn)
    {
        $this->handler = Runtime::argCallable($fn, 'Swoole\Coroutine\Server::handle', 1, 'fn');
    }

    public function start()
    {
        $sched = Scheduler::$s;
        $sched->need();
        if ($this->socket === null || $this->handler === null) {
            return false;
        }
        $this->running = true;
        while ($this->running) {
            $this->acceptCid = $sched->current;
            $conn = $this->socket->accept(-1);
            $this->acceptCid = -1;
            if (!$this->running) {
                if ($conn instanceof Socket) {
                    $conn->close();
                }
                break;
            }
            if ($conn === false) {
                $this->errCode = $this->socket->errCode;
                $this->errMsg = $this->socket->errMsg;
                if ($this->errCode === 24 || $this->errCode === 23) { // EMFILE, ENFILE
                    $sched->sleepMs(1000);
                    continue;
                }
                break;
            }
            if ($this->setting !== []) {
                $conn->setProtocol($this->setting);
            }
            $handler = $this->handler;
            \go(static function () use ($handler, $conn): void {
                $handler(Server\Connection::swirlCreate($conn));
            });
        }
        $this->socket?->close();
        $this->socket = null;
        return true;
    }

    public function shutdown()
    {
        $this->running = false;
        if ($this->acceptCid !== -1) {
            Scheduler::$s->resume($this->acceptCid); // its accept() gives up
        }
        return true;
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return Runtime::publicVars($this);
    }
}
