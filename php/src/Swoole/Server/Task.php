<?php
/*
 * Task.php: Swoole\Server\Task, what onTask receives as its second
 * argument when task_use_object or task_enable_coroutine is set.
 */

// No strict_types here: arguments are taken as Swoole's internal
// functions take them, in coercive mode.

namespace Swoole\Server;

use Swirl\Runtime;
use Swoole\Server;

final class Task
{
    public $data = null;
    public $dispatch_time = 0.0;
    public $id = -1;
    public $worker_id = -1;
    public $flags = 0;

    private ?Server $swirlServer = null;

    /** The event's flags, with Swirl's own bits (a taskwait() that waits for it). */
    private int $swirlFlags = 0;

    /** @internal */
    public function swirlInit(Server $server, int $id, int $workerId, int $flags, mixed $data): void
    {
        $this->swirlServer = $server;
        $this->id = $id;
        $this->worker_id = $workerId;
        $this->flags = $flags & 0xff;
        $this->swirlFlags = $flags;
        $this->data = $data;
        $this->dispatch_time = \microtime(true);
    }

    /** Sends $data back to the worker that sent the task (its onFinish). */
    public function finish($data)
    {
        if ($this->swirlServer === null) {
            Runtime::error(\E_WARNING, 'Swoole\Server\Task::finish', 'server is not running');
            return false;
        }
        return $this->swirlServer->swirlTaskFinish($this->worker_id, $this->id, $this->swirlFlags, $data);
    }

    /** The bytes a task payload travels as (serialized unless a string). */
    public static function pack($data)
    {
        return \is_string($data) ? $data : \serialize($data);
    }

    /** The payload back from pack(). */
    public static function unpack($data)
    {
        $data = (string) $data;
        $value = @\unserialize($data);
        return $value !== false || $data === 'b:0;' ? $value : $data;
    }

    public function __debugInfo(): array
    {
        return ['data' => $this->data, 'dispatch_time' => $this->dispatch_time, 'id' => $this->id,
            'worker_id' => $this->worker_id, 'flags' => $this->flags];
    }
}
