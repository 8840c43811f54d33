<?php
/*
 * Scheduler.php: the coroutines of this process (Swoole\Coroutine's
 * engine), on PHP's fibers.
 *
 * A coroutine runs on a "runner": a fiber that runs one coroutine after
 * another. Making a fiber maps a stack (about 10 us), so a finished
 * runner parks and the next coroutine takes it. The state lives in one
 * object, not in static properties: PHP 8.2 looks the class up on every
 * self::$x access from compiled code, and a server starts a coroutine for
 * every request (callgrind: about 1,100 instructions a coroutine this
 * way, 3,000 with static properties).
 *
 * Scheduling is Swoole's: a new coroutine runs at once, until it ends or
 * waits; control then goes back to whoever started or resumed it.
 */

// No strict_types: user callbacks are called from here in coercive mode.

namespace Swirl;

/**
 * @internal Not part of the Swoole API; Swoole\Coroutine and its classes
 * use it.
 */
final class Scheduler
{
    /** The process's scheduler. */
    public static Scheduler $s;

    /** Runners kept for later coroutines; more than this end instead. */
    private const IDLE_MAX = 128;

    /** What a waiting coroutine waits for: Co::yield(), or Swirl itself. */
    public const YIELDED = 1;
    public const WAITING = 2;

    /**
     * Coroutines known by their runner: cid => fiber. A coroutine is
     * entered here (with its start time) only once it matters: when it
     * waits, or starts another coroutine. The one that runs now is
     * $current, started at $curStart. A server runs every request in a
     * coroutine that usually does neither, and then pays for an id and
     * two fiber switches, nothing more. Kept apart, for the coroutines
     * that use them: the parent (when it is a coroutine), deferred
     * callbacks, the Context, and the state of a waiting coroutine.
     */
    public array $cos = [];
    public array $started = [];
    public array $parents = [];
    public array $defers = [];
    public array $contexts = [];
    public array $states = [];
    /** Coroutines whose last wait cancel() ended (until they wait again). */
    public array $canceled = [];

    /** The coroutine running now, -1 outside any, and its start (hrtime ns). */
    public int $current = -1;
    public int $curStart = 0;

    /**
     * Output buffers, kept per coroutine as Swoole keeps them: the buffer
     * level at which the running coroutine (curObLevel) or each entered
     * one (obLevel) came in; what it opened above that is set aside while
     * it waits (obStash) and opened again when it resumes.
     */
    private int $curObLevel = 0;
    private array $obLevel = [];
    private array $obStash = [];

    public int $lastCid = 0;
    public int $peak = 0;

    /** A parked runner ready for the next coroutine, and more of them. */
    private $spare = null;
    private array $idle = [];

    /** What the runner about to be resumed is to run. */
    private $jobFunc = null;
    private $jobParams = null;

    /** Starts $func(...$params) in a new coroutine; returns its id. */
    public function start($func, $params)
    {
        $cid = ++$this->lastCid;
        $prev = $this->current;
        $prevStart = $this->curStart;
        $prevOb = $this->curObLevel;
        if ($prev !== -1) {
            $this->parents[$cid] = $prev;
            if (!isset($this->cos[$prev])) {
                $this->enter($prev, $prevStart, 1); // and $cid runs
            }
        }
        $this->curStart = \hrtime(true);
        $this->curObLevel = \ob_get_level();
        $this->current = $cid;
        $this->jobFunc = $func;
        $this->jobParams = $params;
        // A runner never throws: a coroutine's exception is its own fatal
        // error (uncaught()).
        $runner = $this->spare;
        if ($runner !== null) {
            $this->spare = null;
            $runner->resume();
        } elseif (($runner = \array_pop($this->idle)) !== null) {
            $runner->resume();
        } else {
            (new \Fiber($this->runnerBody(...)))->start();
        }
        $this->current = $prev;
        $this->curStart = $prevStart;
        $this->curObLevel = $prevOb;
        return $cid;
    }

    /**
     * Enters the running coroutine $cid in $cos; $others counts live
     * coroutines not entered (for the peak).
     */
    private function enter(int $cid, int $started, int $others): void
    {
        $this->cos[$cid] = \Fiber::getCurrent();
        $this->started[$cid] = $started;
        $n = \count($this->cos) + $others;
        if ($n > $this->peak) {
            $this->peak = $n;
        }
    }

    /**
     * A runner: runs the coroutine it is given (then its deferred
     * callbacks, last in first out), parks, runs the next.
     */
    private function runnerBody()
    {
        $self = \Fiber::getCurrent();
        for (;;) {
            $cid = $this->current;
            $func = $this->jobFunc;
            $params = $this->jobParams;
            $this->jobFunc = $this->jobParams = null;
            try {
                $func(...$params);
                // What the coroutine held goes now (a Barrier counts on it).
                $func = $params = null;
                if (isset($this->defers[$cid])) {
                    $this->runDefers($cid);
                }
            } catch (\Throwable $e) {
                $this->uncaught($e);
            }
            if (isset($this->cos[$cid])) {
                unset($this->cos[$cid], $this->started[$cid], $this->obLevel[$cid]);
            }
            if ($this->parents !== []) {
                unset($this->parents[$cid]);
            }
            if ($this->contexts !== []) {
                unset($this->contexts[$cid]);
            }
            if ($this->spare === null) {
                $this->spare = $self;
            } elseif (\count($this->idle) < self::IDLE_MAX) {
                $this->idle[] = $self;
            } else {
                return;
            }
            \Fiber::suspend();
        }
    }

    /** Runs coroutine $cid's deferred callbacks, last in first out. */
    private function runDefers(int $cid): void
    {
        while (isset($this->defers[$cid])) {
            $d = \array_pop($this->defers[$cid]);
            if ($this->defers[$cid] === []) {
                unset($this->defers[$cid]);
            }
            $d();
        }
    }

    /**
     * An exception escaped a coroutine: a fatal error, reported with the
     * coroutine's own frames only (its stack starts at its function, as
     * in Swoole), and the process ends.
     */
    private function uncaught(\Throwable $e): never
    {
        $base = $e instanceof \Exception ? \Exception::class : \Error::class;
        try {
            (new \ReflectionProperty($base, 'trace'))->setValue($e, self::ownFrames($e->getTrace()));
        } catch (\Throwable) {
        }
        Runtime::reportUncaughtSafely($e);
        Runtime::exitProcess(255);
    }

    /** The frames of $trace that belong to the coroutine (up to its runner). */
    public static function ownFrames(array $trace): array
    {
        $out = [];
        foreach ($trace as $frame) {
            if (($frame['class'] ?? '') === self::class && $frame['function'] === 'runnerBody') {
                break;
            }
            $out[] = $frame;
        }
        return $out;
    }

    /**
     * The running coroutine's id; outside one, Swoole's fatal "API must
     * be called in the coroutine" (a Swoole\Error).
     */
    public function need(): int
    {
        if ($this->current === -1) {
            throw Runtime::asInternal(new \Swoole\Error('API must be called in the coroutine',
                \SWOOLE_ERROR_CO_OUT_OF_COROUTINE));
        }
        return $this->current;
    }

    /**
     * Suspends the running coroutine until resume($cid); returns the value
     * given to it.
     */
    public function wait(int $state = self::WAITING): mixed
    {
        $cid = $this->need();
        if (!isset($this->cos[$cid])) {
            $this->enter($cid, $this->curStart, 0);
        }
        $this->states[$cid] = $state;
        unset($this->canceled[$cid]);
        $base = $this->obLevel[$cid] ?? $this->curObLevel;
        if (\ob_get_level() > $base) {
            $this->stashOutput($cid, $base);
        }
        try {
            return \Fiber::suspend();
        } finally {
            unset($this->states[$cid]);
            $this->obLevel[$cid] = \ob_get_level();
            if (isset($this->obStash[$cid])) {
                foreach (\array_reverse($this->obStash[$cid]) as $content) {
                    \ob_start();
                    echo $content;
                }
                unset($this->obStash[$cid]);
            }
        }
    }

    /**
     * Sets aside the output buffers coroutine $cid opened above level
     * $base (plain ob_start() ones; a buffer with a handler of its own
     * stays, and those under it with it).
     */
    private function stashOutput(int $cid, int $base): void
    {
        $stash = [];
        while (\ob_get_level() > $base) {
            $st = \ob_get_status();
            if (($st['name'] ?? '') !== 'default output handler') {
                break;
            }
            $stash[] = (string) \ob_get_clean();
        }
        if ($stash !== []) {
            $this->obStash[$cid] = $stash;
        }
    }

    /** Resumes coroutine $cid, waiting in wait(); false if it does not wait. */
    public function resume(int $cid, mixed $value = null): bool
    {
        if (!isset($this->states[$cid])) {
            return false; // gone, or running
        }
        $prev = $this->current;
        $this->current = $cid;
        $this->cos[$cid]->resume($value);
        $this->current = $prev;
        return true;
    }

    /** Suspends the running coroutine for $ms milliseconds (a loop timer resumes it). */
    public function sleepMs(int $ms): bool
    {
        $cid = $this->need();
        $timer = Loop::add('Swoole\Coroutine::sleep', \max(1, $ms), function () use ($cid): void {
            $this->resume($cid);
        }, [], false, true);
        $this->wait();
        if (isset($this->canceled[$cid])) {
            Loop::clear($timer);
            return false;
        }
        return true;
    }

    /**
     * Ends the wait of coroutine $cid (a sleep, a channel, a socket) at
     * once: the call it waits in fails as canceled. False for a
     * coroutine that does not exist, runs, or waits in Co::yield().
     */
    public function cancel(int $cid): bool
    {
        if (!$this->live($cid)) {
            Runtime::$lastError = \SWOOLE_ERROR_CO_NOT_EXISTS;
            return false;
        }
        if (($this->states[$cid] ?? 0) !== self::WAITING) {
            Runtime::$lastError = \SWOOLE_ERROR_CO_CANNOT_CANCEL;
            return false;
        }
        $this->canceled[$cid] = true;
        return $this->resume($cid);
    }

    /**
     * Suspends the running coroutine until $sock (a stream, a Socket or a
     * descriptor) can be read ($write false) or written, or $timeout
     * seconds (> 0) pass. Returns whether it is ready.
     */
    public function waitIo($sock, bool $write, float $timeout): bool
    {
        $cid = $this->need();
        $ready = false;
        $wake = function () use ($cid, &$ready): void {
            $ready = true;
            $this->resume($cid);
        };
        if ($write) {
            $ok = \Swoole\Event::add($sock, null, $wake, \SWOOLE_EVENT_WRITE);
        } else {
            $ok = \Swoole\Event::add($sock, $wake, null, \SWOOLE_EVENT_READ);
        }
        if ($ok === false) {
            return true; // not a pollable descriptor: let the call itself tell
        }
        $timer = 0;
        if ($timeout > 0) {
            $timer = Loop::add('Swoole\Coroutine::waitIo', \max(1, (int) \ceil($timeout * 1000)),
                function () use ($cid, &$timer): void {
                    $timer = 0;
                    $this->resume($cid);
                }, [], false, true);
        }
        try {
            $this->wait();
        } finally {
            \Swoole\Event::del($sock);
            if ($timer !== 0 && $timer !== false) {
                Loop::clear($timer);
            }
        }
        return $ready && !isset($this->canceled[$cid]);
    }

    /**
     * A process forked from inside a coroutine (Process::start() in one):
     * the child is in no coroutine, and the parent's are not its own.
     */
    public function forked(): void
    {
        $this->cos = $this->started = $this->parents = $this->defers = [];
        $this->contexts = $this->states = [];
        $this->current = -1;
    }

    /** Whether coroutine $cid lives (it runs now, or is entered). */
    public function live(int $cid): bool
    {
        return isset($this->cos[$cid]) || ($cid === $this->current && $cid !== -1);
    }

    /** The ids of the live coroutines. */
    public function cids(): array
    {
        $ids = \array_keys($this->cos);
        if ($this->current !== -1 && !isset($this->cos[$this->current])) {
            $ids[] = $this->current;
        }
        return $ids;
    }
}

Scheduler::$s = new Scheduler();
// exit() inside a coroutine throws Swoole\ExitException, as in Swoole.
\Swoole\ExitException::swirlInstall();
