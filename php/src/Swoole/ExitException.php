<?php
/*
 * ExitException.php: Swoole\ExitException. As in Swoole, exit() (or die)
 * inside a coroutine or in a server's worker does not end the process at
 * once: it throws this ("swoole exit"), which a caller may catch. Left
 * uncaught it is a fatal error like any other, and a worker then ends
 * with status 255 and is replaced. getStatus() is what exit() was given;
 * getFlags() has SWOOLE_EXIT_IN_COROUTINE and/or SWOOLE_EXIT_IN_SERVER.
 * (It takes the native helper extension; without it exit() ends the
 * process as PHP's does.)
 */

declare(strict_types=1);

namespace Swoole;

class ExitException extends Exception
{
    private mixed $status = 0;
    private int $flags = 0;

    public function getStatus(): mixed
    {
        return $this->status;
    }

    public function getFlags(): int
    {
        return $this->flags;
    }

    /**
     * @internal The exit filter (swirl_helper_exit_filter): the exception
     * for an exit() in a coroutine or a server worker, else null.
     */
    public static function swirlFilter(mixed $status): ?self
    {
        $flags = 0;
        if (\Swirl\Scheduler::$s->current !== -1) {
            $flags |= \SWOOLE_EXIT_IN_COROUTINE;
        }
        if (\Swirl\Loop::inWorker()) {
            $flags |= \SWOOLE_EXIT_IN_SERVER;
        }
        if ($flags === 0) {
            return null;
        }
        $e = new self('swoole exit');
        $e->status = $status;
        $e->flags = $flags;
        \Swirl\Runtime::asInternal($e);
        // Thrown where exit was: the filter's own frame goes.
        $trace = $e->getTrace();
        while ($trace !== [] && ($trace[0]['class'] ?? '') === self::class) {
            \array_shift($trace);
        }
        (new \ReflectionProperty(\Exception::class, 'trace'))->setValue($e, $trace);
        return $e;
    }

    /** @internal Installs the exit filter, once per process tree. */
    public static function swirlInstall(): void
    {
        static $done = false;
        if (!$done && \function_exists('swirl_helper_exit_filter')) {
            $done = true;
            \swirl_helper_exit_filter([self::class, 'swirlFilter']);
        }
    }
}
