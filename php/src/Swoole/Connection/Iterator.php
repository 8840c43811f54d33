<?php
/*
 * Iterator.php: Swoole\Connection\Iterator, the $server->connections (and
 * $port->connections) object: iterates the ids of the open connections,
 * counts them, and answers $server->connections[$fd] with
 * getClientInfo($fd). Also known as swoole_connection_iterator.
 */

declare(strict_types=1);

namespace Swoole\Connection;

use Swirl\Runtime;
use Swoole\Server;

class Iterator implements \Iterator, \ArrayAccess, \Countable
{
    private ?Server $swirlServer = null;

    /** Only this listener's connections (a port's iterator), or -1. */
    private int $swirlListener = -1;

    /** The ids taken at rewind(). */
    private array $swirlIds = [];
    private int $swirlPos = 0;
    private int $swirlIndex = 0;

    public function __construct()
    {
        Runtime::error(\E_ERROR, 'Swoole\Connection\Iterator::__construct',
            'please use the Swoole\Server->connections');
    }

    public function __destruct()
    {
    }

    /** @internal The iterator of $server (of one listener if >= 0). */
    public static function swirlCreate(Server $server, int $listener = -1): self
    {
        $it = (new \ReflectionClass(self::class))->newInstanceWithoutConstructor();
        $it->swirlServer = $server;
        $it->swirlListener = $listener;
        return $it;
    }

    public function rewind(): void
    {
        $this->swirlIds = $this->swirlServer?->swirlConnectionIds($this->swirlListener) ?? [];
        $this->swirlPos = 0;
        $this->swirlIndex = 0;
    }

    public function valid(): bool
    {
        if ($this->swirlPos < \count($this->swirlIds)) {
            $this->swirlIndex++;
            return true;
        }
        return false;
    }

    public function current(): mixed
    {
        return $this->swirlIds[$this->swirlPos] ?? null;
    }

    public function key(): mixed
    {
        return $this->swirlIndex;
    }

    public function next(): void
    {
        $this->swirlPos++;
    }

    public function count(): int
    {
        $server = $this->swirlServer;
        if ($server === null) {
            return 0;
        }
        return $this->swirlListener < 0 ? $server->swirlConnectionCount()
            : \count($server->swirlConnectionIds($this->swirlListener));
    }

    public function offsetExists($fd): bool
    {
        return (bool) $this->swirlServer?->exists($fd);
    }

    public function offsetGet($fd): mixed
    {
        return $this->swirlServer?->getClientInfo($fd);
    }

    public function offsetSet($fd, $value): void
    {
    }

    public function offsetUnset($fd): void
    {
    }
}
