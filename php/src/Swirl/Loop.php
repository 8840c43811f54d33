<?php
/*
 * Loop.php: the process's event loop as PHP sees it: Swoole's timers
 * (Swoole\Timer, swoole_timer_*, Server::tick/after) and deferred calls
 * (Swoole\Event::defer, Server::defer), on the core's swirl_timer_* and
 * swirl_defer.
 *
 * ONE dispatcher closure receives the loop's TIMER and DEFER events for
 * the whole process tree: it is created and registered with
 * swirl_loop_on_event() once, and a forked worker inherits both the C
 * registration and the closure. The callbacks themselves live here, in
 * PHP arrays keyed by the core's ids.
 *
 * Outside a server worker, the first timer or deferred call "creates the
 * event loop" as Swoole says, and registers a shutdown function that runs
 * it after the script body (Swoole's Event::rshutdown), with the
 * deprecation notice Swoole 4.8 prints there; Event::wait() runs it
 * earlier. Inside a server worker the worker's loop runs them.
 */

// No strict_types here: user callbacks are called from this file, and
// Swoole calls them from C, in coercive mode.

namespace Swirl;

use FFI;
use FFI\CData;
use Swirl\FFI\Abi;
use Swirl\FFI\Library;

/**
 * @internal Not part of the Swoole API; used by Swoole\Timer, Swoole\Event
 * and Swoole\Server.
 */
final class Loop
{
    /**
     * Pending timers: id => [callback, params, interval ms, tick?,
     * exec_msec, exec_count, round, Swirl's own?].
     */
    private static array $timers = [];

    /**
     * Deferred calls not yet run, in order. One core DEFER event runs the
     * whole batch; calls deferred meanwhile wait for the next one, as in
     * Swoole.
     */
    private static array $defers = [];

    /** Whether a core DEFER event is pending for $defers. */
    private static bool $deferQueued = false;

    /** The dispatcher; kept alive for the C pointer made from it. */
    private static ?\Closure $dispatcher = null;

    /** Whether the dispatcher is registered in this process tree. */
    private static bool $registered = false;

    /** The timer whose callback runs now (0: none), and whether it was
     *  cleared from inside its callback. */
    private static int $current = 0;
    private static bool $currentRemoved = false;

    /** Whether timers were ever used in this process (Swoole's "timer
     *  initialized"), its base time (hrtime ns) and round counter. */
    private static bool $initialized = false;
    private static int $base = 0;
    private static int $round = 0;

    /**
     * Whether "the event loop has been created" in this process outside
     * a server worker, so that it must run at shutdown (Swoole's
     * sw_reactor()). Server::start() refuses to start then.
     */
    private static bool $reactor = false;

    /** Whether this process is a server's worker (its loop runs ours). */
    private static bool $inWorker = false;

    /** Whether a server object exists in this process (its master). */
    public static bool $serverCreated = false;

    /** Whether swirl_loop_run() is running now. */
    private static bool $running = false;

    /**
     * Whether user timers' callbacks run in coroutines (Swoole's
     * enable_coroutine of Timer::set() and of a server; on by default).
     */
    private static bool $coTimers = true;

    private function __construct()
    {
    }

    // ------------------------------------------------------------ timers

    /**
     * Adds a timer of $ms milliseconds: repeating for tick(), once for
     * after(). Returns its id, or false after Swoole's warning.
     * $fn is the Swoole function name used in messages.
     */
    public static function add(string $fn, mixed $ms, mixed $callback, array $params, bool $tick,
                               bool $own = false): int|false
    {
        $ms = Runtime::argInt($ms, $fn, 1, 'ms');
        $callback = Runtime::argCallable($callback, $fn, 2, 'callback');
        if ($ms < 1) {
            Runtime::error(\E_WARNING, $fn, 'Timer must be greater than or equal to 1');
            return false;
        }
        $ffi = self::prepare();
        $id = $ffi->swirl_timer_add($ms, $tick ? 1 : 0);
        if ($id < 0) {
            Runtime::fail($id);
            Runtime::error(\E_WARNING, $fn, 'add timer failed');
            return false;
        }
        self::$timers[$id] = [$callback, \array_values($params), $ms, $tick,
            self::elapsedMs() + $ms, 0, self::$round, $own];
        return $id;
    }

    /** Swoole's timer_clear(): true if the timer existed. */
    public static function clear(mixed $id): bool
    {
        if (!self::$initialized) {
            return false;
        }
        $id = (int) $id;
        if ($id === self::$current && self::$current !== 0) {
            if (self::$currentRemoved) {
                return false;
            }
            self::$currentRemoved = true;
            if (isset(self::$timers[$id]) && self::$timers[$id][3]) {
                Library::get()->swirl_timer_clear($id);
            }
            return true;
        }
        if (!isset(self::$timers[$id])) {
            return false;
        }
        unset(self::$timers[$id]);
        Library::get()->swirl_timer_clear($id);
        return true;
    }

    /** Swoole's timer_clear_all(): false if timers were never used. */
    public static function clearAll(): bool
    {
        if (!self::$initialized) {
            return false;
        }
        $ffi = Library::get();
        foreach (self::$timers as $id => $t) {
            if ($id === self::$current) {
                if (!self::$currentRemoved && $t[3]) {
                    $ffi->swirl_timer_clear($id);
                }
                self::$currentRemoved = true;
                continue;
            }
            $ffi->swirl_timer_clear($id);
            unset(self::$timers[$id]);
        }
        return true;
    }

    public static function exists(mixed $id): bool
    {
        if (!self::$initialized) {
            return false;
        }
        $id = (int) $id;
        if ($id !== 0 && $id === self::$current) {
            return !self::$currentRemoved;
        }
        return isset(self::$timers[$id]);
    }

    /** Swoole's timer_info(): false before any timer, null if unknown. */
    public static function info(mixed $id): array|null|false
    {
        if (!self::$initialized) {
            return false;
        }
        $id = (int) $id;
        $t = self::$timers[$id] ?? null;
        if ($t === null) {
            return null;
        }
        return [
            'exec_msec' => $t[4],
            'exec_count' => $t[5],
            'interval' => $t[3] ? $t[2] : 0,
            'round' => $t[6],
            'removed' => $id === self::$current && self::$currentRemoved,
        ];
    }

    /** Swoole's timer_stats(). */
    public static function stats(): array
    {
        return [
            'initialized' => self::$initialized,
            'num' => \count(self::$timers),
            'round' => self::$round,
        ];
    }

    /** The ids of the pending timers, in the order they were added. */
    public static function ids(): array
    {
        return \array_keys(self::$timers);
    }

    // ------------------------------------------------------------ defers

    /** Queues $callback for the next loop iteration. */
    public static function defer(callable $callback): bool
    {
        $ffi = self::prepare();
        if (!self::$deferQueued) {
            $id = $ffi->swirl_defer();
            if ($id < 0) {
                Runtime::fail($id);
                return false;
            }
            self::$deferQueued = true;
        }
        self::$defers[] = $callback;
        return true;
    }

    // -------------------------------------------------------------- loop

    /**
     * Swoole's Event::wait(): runs the loop until nothing is left, when
     * this process made it (never inside a server worker).
     */
    public static function wait(): void
    {
        if (!self::$reactor || self::$inWorker || self::$running) {
            return;
        }
        self::run();
        self::$reactor = false;
    }

    /** Swoole's Event::exit(): clears the timers and stops the loop. */
    public static function stop(): void
    {
        if (!self::$reactor && !self::$inWorker) {
            return;
        }
        self::clearAll();
        if (!self::$inWorker) {
            Library::get()->swirl_loop_stop();
        }
    }

    /** Sets whether user timers' callbacks run in coroutines. */
    public static function coroutineTimers(bool $on): void
    {
        self::$coTimers = $on;
    }

    /** Whether this process is a server's worker (or task worker). */
    public static function inWorker(): bool
    {
        return self::$inWorker;
    }

    /** Whether a loop runs now: a server worker's, or wait()'s. */
    public static function busy(): bool
    {
        return self::$inWorker || self::$running;
    }

    /** Whether the loop was created here (Server::start() refuses then). */
    public static function created(): bool
    {
        return self::$reactor && !self::$inWorker;
    }

    /**
     * The shutdown function registered when the loop is created (Swoole's
     * Event::rshutdown): after a fatal error it does nothing; otherwise it
     * prints Swoole's deprecation notice and runs the loop.
     *
     * @internal
     */
    public static function shutdown(): void
    {
        if (!self::$reactor || self::$inWorker) {
            return;
        }
        $last = \error_get_last();
        if ($last !== null && ($last['type'] & (\E_ERROR | \E_CORE_ERROR | \E_COMPILE_ERROR
                | \E_USER_ERROR | \E_RECOVERABLE_ERROR | \E_PARSE)) !== 0) {
            return;
        }
        Runtime::emit(\E_DEPRECATED,
            'Swoole\Event::rshutdown(): Event::wait() in shutdown function is deprecated', 'Unknown', 0);
        self::run();
        self::$reactor = false;
        if (\class_exists(\Swoole\Coroutine::class, false)) {
            \Swoole\Coroutine::swirlDeadlockCheck();
        }
    }

    /**
     * A server worker has started: what the parent had belongs to the
     * parent (the core gives the worker a fresh loop and timer ids), and
     * this process's loop is the worker's from now on.
     *
     * @internal
     */
    public static function enterWorker(): void
    {
        self::$timers = [];
        self::$defers = [];
        self::$deferQueued = false;
        self::$current = 0;
        self::$currentRemoved = false;
        self::$initialized = false;
        self::$round = 0;
        self::$reactor = false;
        self::$inWorker = true;
        self::$running = false;
        \Swoole\Event::swirlAfterFork();
        // exit() in a worker throws Swoole\ExitException, as in Swoole.
        \Swoole\ExitException::swirlInstall();
    }

    /**
     * A process the core forked outside a worker (the manager, a user
     * process): the parent's timers and deferred calls stay with the
     * parent; the core gave this process a fresh loop.
     *
     * @internal
     */
    public static function afterFork(): void
    {
        self::$timers = [];
        self::$defers = [];
        self::$deferQueued = false;
        self::$current = 0;
        self::$currentRemoved = false;
        self::$round = 0;
        \Swoole\Event::swirlAfterFork();
    }

    private static function run(): void
    {
        self::$running = true;
        // An exit() in a callback ends the process with its status, as it
        // would in Swoole, instead of unwinding through the FFI callback.
        $hook = \function_exists('swirl_helper_exit_hook');
        if ($hook) {
            \swirl_helper_exit_hook(true);
        }
        try {
            $rc = Library::get()->swirl_loop_run();
        } finally {
            self::$running = false;
            if ($hook) {
                \swirl_helper_exit_hook(false);
            }
        }
        if ($rc < 0) {
            Runtime::fail($rc);
        }
    }

    /**
     * Loads the library, registers the dispatcher once, and, outside a
     * server worker, creates "the event loop" that runs at shutdown.
     */
    private static function prepare(): FFI
    {
        $ffi = Library::get();
        if (!self::$registered) {
            self::$dispatcher ??= self::makeDispatcher();
            $ffi->swirl_loop_on_event(self::$dispatcher, null);
            self::$registered = true;
        }
        if (!self::$initialized) {
            self::$initialized = true;
            self::$base = \hrtime(true);
        }
        if (!self::$inWorker && !self::$reactor && !self::$serverCreated) {
            self::$reactor = true;
            \register_shutdown_function([\Swoole\Event::class, 'rshutdown']);
        }
        return $ffi;
    }

    /**
     * @internal The library, with the dispatcher registered and the loop
     * created (Swoole's "event loop": it then runs at the end of the
     * script).
     */
    public static function ffi(): FFI
    {
        return self::prepare();
    }

    /** Milliseconds since timers were first used in this process. */
    private static function elapsedMs(): int
    {
        return \intdiv(\hrtime(true) - self::$base, 1000000);
    }

    /**
     * The one callback of the loop's events. A Throwable that escapes a
     * user callback is reported as PHP reports an uncaught exception and
     * ends the process with status 255, as a PHP fatal error would.
     */
    private static function makeDispatcher(): \Closure
    {
        return static function (CData $ev, $ud): void {
            try {
                if ($ev->type === Abi::EV_TIMER) {
                    self::fire($ev->id);
                } elseif ($ev->type === Abi::EV_FD) {
                    \Swoole\Event::swirlFire($ev->id, $ev->flags);
                } elseif ($ev->type === Abi::EV_DEFER) {
                    $batch = self::$defers;
                    self::$defers = [];
                    self::$deferQueued = false;
                    foreach ($batch as $i => $cb) {
                        unset($batch[$i]);
                        $cb();
                    }
                }
            } catch (\Throwable $e) {
                Runtime::reportUncaughtSafely($e);
                Runtime::exitProcess(255);
            }
        };
    }

    /** Runs timer $id's callback: ($id, ...$params) for tick, (...$params) for after. */
    private static function fire(int $id): void
    {
        $t = self::$timers[$id] ?? null;
        if ($t === null) {
            return;
        }
        self::$round++;
        self::$timers[$id][5] = $t[5] + 1;
        self::$current = $id;
        self::$currentRemoved = false;
        try {
            if ($t[7] || !self::$coTimers) {
                if ($t[3]) {
                    ($t[0])($id, ...$t[1]);
                } else {
                    ($t[0])(...$t[1]);
                }
            } else {
                \Swoole\Coroutine::swirlStart($t[0], $t[3] ? [$id, ...$t[1]] : $t[1]);
            }
        } finally {
            $removed = self::$currentRemoved;
            self::$current = 0;
            self::$currentRemoved = false;
            if (!$t[3] || $removed) {
                unset(self::$timers[$id]);
            } elseif (isset(self::$timers[$id])) {
                $now = self::elapsedMs();
                $next = self::$timers[$id][4];
                while ($next <= $now) {
                    $next += $t[2];
                }
                self::$timers[$id][4] = $next;
            }
        }
    }
}
