<?php
/*
 * Coroutine.php: Swoole\Coroutine (also Co, go(), defer(), Co\run()) on
 * PHP's fibers, scheduled by the process's event loop (Swirl\Loop).
 *
 * A coroutine runs on a "runner": a fiber that runs one coroutine after
 * another. Making a fiber maps a stack (about 10 us), so a finished
 * runner parks in a pool and the next coroutine takes it (about 0.15 us):
 * a server that runs every callback in a coroutine pays that, not a new
 * stack per request.
 *
 * Scheduling is Swoole's: a new coroutine runs at once, until it ends or
 * waits; control then goes back to whoever started or resumed it. A
 * coroutine waits on a timer (sleep), a channel, or Co::yield(); the
 * loop's timers resume it. An exception that escapes a coroutine is a
 * fatal error, as in Swoole: it never reaches the code that started it.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole;

use Swirl\Loop;
use Swirl\Runtime;

class Coroutine
{
    /** Runners kept for later coroutines; more than this end instead. */
    private const IDLE_MAX = 128;

    /** What a coroutine waits for: nothing, Co::yield(), or Swirl itself. */
    private const RUNNING = 0;
    private const YIELDED = 1;
    private const WAITING = 2;

    /**
     * Live coroutines: cid => [fiber, parent cid, start (hrtime ns),
     * deferred callbacks, Context or null, state].
     */
    private static array $cos = [];

    /** The coroutine running now, -1 outside any. */
    private static int $current = -1;

    private static int $lastCid = 0;
    private static int $peak = 0;

    /** Parked runners. */
    private static array $idle = [];

    /** Co::set()'s options, as given. */
    private static array $options = [];

    // ------------------------------------------------------------ create

    /** Starts $func(...$params) in a new coroutine; returns its id. */
    public static function create($func, ...$params)
    {
        $func = Runtime::argCallable($func, 'Swoole\Coroutine::create', 1, 'func');
        return self::swirlStart($func, $params);
    }

    /**
     * @internal Starts a coroutine without checking its callable (the
     * server's and the timers' callbacks were checked when given).
     */
    public static function swirlStart(\Closure $func, array $params): int
    {
        $cid = ++self::$lastCid;
        $runner = \array_pop(self::$idle);
        self::$cos[$cid] = [$runner, self::$current, \hrtime(true), null, null, self::RUNNING];
        if (\count(self::$cos) > self::$peak) {
            self::$peak = \count(self::$cos);
        }
        $job = [$cid, $func, $params];
        $prev = self::$current;
        self::$current = $cid;
        try {
            if ($runner !== null) {
                $runner->resume($job);
            } else {
                $runner = new \Fiber(self::runnerBody(...));
                self::$cos[$cid][0] = $runner;
                $runner->start($job);
            }
        } finally {
            self::$current = $prev;
        }
        return $cid;
    }

    /** A runner: runs the coroutine it is given, parks, runs the next. */
    private static function runnerBody(array $job): void
    {
        for (;;) {
            self::execute($job);
            $job = null; // what the coroutine held goes now (a Barrier counts on it)
            if (\count(self::$idle) >= self::IDLE_MAX) {
                return;
            }
            self::$idle[] = \Fiber::getCurrent();
            $job = \Fiber::suspend();
        }
    }

    /** Runs one coroutine to its end, then its deferred callbacks. */
    private static function execute(array $job): void
    {
        [$cid, $func, $params] = $job;
        try {
            $func(...$params);
            $defers = self::$cos[$cid][3];
            while ($defers !== null && $defers !== []) {
                $d = \array_pop($defers);
                self::$cos[$cid][3] = $defers;
                $d();
                $defers = self::$cos[$cid][3];
            }
        } catch (\Throwable $e) {
            self::uncaught($e);
        }
        unset(self::$cos[$cid]);
    }

    /**
     * An exception escaped coroutine: a fatal error, reported with the
     * coroutine's own frames only (its stack starts at its function, as
     * in Swoole), and the process ends.
     */
    private static function uncaught(\Throwable $e): never
    {
        $base = $e instanceof \Exception ? \Exception::class : \Error::class;
        $trace = [];
        foreach ($e->getTrace() as $frame) {
            if (($frame['class'] ?? '') === self::class && $frame['function'] === 'execute') {
                break;
            }
            $trace[] = $frame;
        }
        try {
            (new \ReflectionProperty($base, 'trace'))->setValue($e, $trace);
        } catch (\Throwable) {
        }
        Runtime::reportUncaughtSafely($e);
        Runtime::exitProcess(255);
    }

    // ------------------------------------------------------ suspend/resume

    /**
     * @internal The running coroutine's id; outside one, Swoole's fatal
     * "API must be called in the coroutine" (a Swoole\Error).
     */
    public static function swirlNeed(): int
    {
        if (self::$current === -1) {
            throw Runtime::asInternal(new Error('API must be called in the coroutine',
                \SWOOLE_ERROR_CO_OUT_OF_COROUTINE));
        }
        return self::$current;
    }

    /**
     * @internal Suspends the running coroutine until swirlResume($cid);
     * returns the value given to it.
     */
    public static function swirlWait(int $state = self::WAITING): mixed
    {
        $cid = self::swirlNeed();
        self::$cos[$cid][5] = $state;
        try {
            return \Fiber::suspend();
        } finally {
            if (isset(self::$cos[$cid])) {
                self::$cos[$cid][5] = self::RUNNING;
            }
        }
    }

    /** @internal Resumes coroutine $cid, waiting in swirlWait(). */
    public static function swirlResume(int $cid, mixed $value = null): bool
    {
        $co = self::$cos[$cid] ?? null;
        if ($co === null || $co[5] === self::RUNNING) {
            return false;
        }
        $prev = self::$current;
        self::$current = $cid;
        try {
            $co[0]->resume($value);
        } finally {
            self::$current = $prev;
        }
        return true;
    }

    /**
     * @internal Suspends the running coroutine for $ms milliseconds (a
     * timer of the loop resumes it).
     */
    public static function swirlSleepMs(int $ms): void
    {
        $cid = self::swirlNeed();
        Loop::add('Swoole\Coroutine::sleep', \max(1, $ms), static function () use ($cid): void {
            self::swirlResume($cid);
        }, [], false, true);
        self::swirlWait();
    }

    public static function yield()
    {
        self::swirlNeed();
        self::swirlWait(self::YIELDED);
        return true;
    }

    public static function suspend()
    {
        return self::yield();
    }

    public static function resume($cid)
    {
        $cid = (int) $cid;
        $co = self::$cos[$cid] ?? null;
        if ($co === null || $co[5] !== self::YIELDED) {
            Runtime::$lastError = \SWOOLE_ERROR_CO_NOT_EXISTS;
            Runtime::error(\E_WARNING, 'Swoole\Coroutine::resume',
                'can not resume the coroutine which is in IO operation or non-existent');
            return false;
        }
        return self::swirlResume($cid);
    }

    /** Waits until every coroutine of $cid_array has ended. */
    public static function join(array $cid_array, $timeout = -1)
    {
        self::swirlNeed();
        $deadline = $timeout > 0 ? \hrtime(true) + (int) ($timeout * 1e9) : 0;
        foreach ($cid_array as $cid) {
            while (isset(self::$cos[(int) $cid])) {
                if ($deadline !== 0 && \hrtime(true) >= $deadline) {
                    Runtime::$lastError = \SWOOLE_ERROR_CO_TIMEDOUT;
                    return false;
                }
                self::swirlSleepMs(1);
            }
        }
        return true;
    }

    // ------------------------------------------------------------- sleep

    public static function sleep($seconds)
    {
        self::swirlNeed();
        $seconds = (float) $seconds;
        if ($seconds < 0.001) {
            Runtime::error(\E_WARNING, 'Swoole\Coroutine\System::sleep',
                'Timer must be greater than or equal to 0.001');
            return false;
        }
        self::swirlSleepMs((int) \ceil($seconds * 1000));
        return true;
    }

    public static function usleep($microseconds)
    {
        return self::sleep($microseconds / 1e6);
    }

    // --------------------------------------------------------- questions

    public static function getCid()
    {
        return self::$current;
    }

    public static function getuid()
    {
        return self::$current;
    }

    public static function getPcid($cid = 0)
    {
        $cid = (int) $cid === 0 ? self::$current : (int) $cid;
        if (!isset(self::$cos[$cid])) {
            return $cid === -1 && self::$current === -1 ? -1 : false;
        }
        return self::$cos[$cid][1];
    }

    public static function exists($cid)
    {
        return isset(self::$cos[(int) $cid]);
    }

    /** The coroutine's context (an ArrayObject that lives as long as it). */
    public static function getContext($cid = 0)
    {
        $cid = (int) $cid === 0 ? self::$current : (int) $cid;
        if (!isset(self::$cos[$cid])) {
            return null;
        }
        return self::$cos[$cid][4] ??= new Coroutine\Context();
    }

    /** Milliseconds since coroutine $cid started; -1 if it does not exist. */
    public static function getElapsed($cid = 0)
    {
        $cid = (int) $cid === 0 ? self::$current : (int) $cid;
        if (!isset(self::$cos[$cid])) {
            return -1;
        }
        return \intdiv(\hrtime(true) - self::$cos[$cid][2], 1000000);
    }

    public static function list()
    {
        return new Coroutine\Iterator(\array_keys(self::$cos));
    }

    public static function listCoroutines()
    {
        return self::list();
    }

    public static function stats()
    {
        return [
            'event_num' => 0,
            'signal_listener_num' => 0,
            'aio_task_num' => 0,
            'aio_worker_num' => 0,
            'aio_queue_size' => 0,
            'c_stack_size' => 2097152,
            'coroutine_num' => \count(self::$cos),
            'coroutine_peak_num' => self::$peak,
            'coroutine_last_cid' => self::$lastCid,
        ];
    }

    /** The backtrace of coroutine $cid (debug_backtrace()'s form). */
    public static function getBackTrace($cid = 0, $options = \DEBUG_BACKTRACE_PROVIDE_OBJECT, $limit = 0)
    {
        $cid = (int) $cid === 0 ? self::$current : (int) $cid;
        if (!isset(self::$cos[$cid])) {
            return false;
        }
        if ($cid === self::$current) {
            $trace = \debug_backtrace((int) $options, $limit > 0 ? (int) $limit + 1 : 0);
            \array_shift($trace);
        } else {
            $trace = (new \ReflectionFiber(self::$cos[$cid][0]))->getTrace((int) $options);
        }
        $out = [];
        foreach ($trace as $frame) {
            if (($frame['class'] ?? '') === self::class && $frame['function'] === 'execute') {
                break;
            }
            $out[] = $frame;
        }
        return $limit > 0 ? \array_slice($out, 0, (int) $limit) : $out;
    }

    public static function printBackTrace($cid = 0, $options = 0, $limit = 0)
    {
        $trace = self::getBackTrace($cid, $options, $limit);
        if ($trace === false) {
            return false;
        }
        foreach ($trace as $i => $f) {
            $call = (isset($f['class']) ? $f['class'] . $f['type'] : '') . $f['function'] . '()';
            echo "#$i  $call", isset($f['file']) ? " called at [{$f['file']}:{$f['line']}]" : '', "\n";
        }
        return null;
    }

    // ------------------------------------------------------------ others

    /** Runs $callback when the running coroutine ends (last in, first out). */
    public static function defer($callback)
    {
        $cid = self::swirlNeed();
        $callback = Runtime::argCallable($callback, 'Swoole\Coroutine::defer', 1, 'callback');
        self::$cos[$cid][3][] = $callback;
    }

    /** Swoole's coroutine options; Swirl keeps them, none changes anything. */
    public static function set(array $options)
    {
        self::$options = \array_merge(self::$options, $options);
    }

    public static function getOptions()
    {
        return self::$options === [] ? null : self::$options;
    }

    public static function enableScheduler()
    {
        return true;
    }

    public static function disableScheduler()
    {
        return true;
    }

    public static function isCanceled()
    {
        return false;
    }

    /** Cancelling a coroutine's wait is not offered: false, as for a coroutine that cannot be. */
    public static function cancel($cid)
    {
        Runtime::$lastError = isset(self::$cos[(int) $cid])
            ? \SWOOLE_ERROR_CO_CANNOT_CANCEL : \SWOOLE_ERROR_CO_NOT_EXISTS;
        return false;
    }

    public static function getStackUsage($cid = 0)
    {
        return false;
    }

    // System's calls, which Swoole also offers on Coroutine.

    public static function exec($command, $get_error_stream = false)
    {
        return Coroutine\System::exec($command, $get_error_stream);
    }

    public static function gethostbyname($domain_name, $type = \AF_INET, $timeout = -1)
    {
        return Coroutine\System::gethostbyname($domain_name, $type, $timeout);
    }

    public static function getaddrinfo($domain, $family = \AF_INET, $socktype = \SOCK_STREAM,
                                       $protocol = \STREAM_IPPROTO_TCP, $service = null, $timeout = -1)
    {
        return Coroutine\System::getaddrinfo($domain, $family, $socktype, $protocol, $service, $timeout);
    }

    public static function readFile($filename, $flag = 0)
    {
        return Coroutine\System::readFile($filename, $flag);
    }

    public static function writeFile($filename, $fileContent, $flags = 0)
    {
        return Coroutine\System::writeFile($filename, $fileContent, $flags);
    }

    /**
     * @internal Co\run(): runs $fn in a coroutine and the loop until
     * nothing is left; false (with Swoole's warning) inside a loop that
     * runs already.
     */
    public static function swirlRun(string $fn, mixed $func, array $params): bool
    {
        $func = Runtime::argCallable($func, $fn, 1, 'fn');
        if (self::$current !== -1 || Loop::busy()) {
            Runtime::error(\E_WARNING, $fn,
                'eventLoop has already been created. unable to start Swoole\Coroutine\Scheduler');
            return false;
        }
        self::swirlStart($func, $params);
        Loop::ffi();
        Loop::wait();
        self::swirlDeadlockCheck();
        return true;
    }

    /**
     * @internal The loop has nothing left to run: coroutines still
     * waiting can never wake, and Swoole says so.
     */
    public static function swirlDeadlockCheck(): void
    {
        $n = \count(self::$cos);
        if ($n === 0 || self::$current !== -1) {
            return;
        }
        echo "\n===================================================================",
            "\n [FATAL ERROR]: all coroutines (count: $n) are asleep - deadlock!",
            "\n===================================================================\n";
    }

    /** @internal Whether any coroutine lives (the loop's shutdown asks). */
    public static function swirlCount(): int
    {
        return \count(self::$cos);
    }
}
