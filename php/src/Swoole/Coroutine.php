<?php
/*
 * Coroutine.php: Swoole\Coroutine (also Co, go(), defer(), Co\run()): the
 * API over the process's coroutines, whose engine is Swirl\Scheduler (on
 * PHP's fibers, woken by the event loop of Swirl\Loop).
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
use Swirl\Scheduler;

class Coroutine
{
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
    public static function swirlStart($func, $params)
    {
        return Scheduler::$s->start($func, $params);
    }

    /**
     * @internal The running coroutine's id; outside one, Swoole's fatal
     * "API must be called in the coroutine" (a Swoole\Error).
     */
    public static function swirlNeed(): int
    {
        return Scheduler::$s->need();
    }

    /**
     * @internal Suspends the running coroutine until swirlResume($cid);
     * returns the value given to it.
     */
    public static function swirlWait(): mixed
    {
        return Scheduler::$s->wait();
    }

    /** @internal Resumes coroutine $cid, waiting in swirlWait(). */
    public static function swirlResume(int $cid, mixed $value = null): bool
    {
        return Scheduler::$s->resume($cid, $value);
    }

    /** @internal Suspends the running coroutine for $ms milliseconds. */
    public static function swirlSleepMs(int $ms): bool
    {
        return Scheduler::$s->sleepMs($ms);
    }

    public static function yield()
    {
        Scheduler::$s->wait(Scheduler::YIELDED);
        return true;
    }

    public static function suspend()
    {
        return self::yield();
    }

    public static function resume($cid)
    {
        $cid = (int) $cid;
        if ((Scheduler::$s->states[$cid] ?? 0) !== Scheduler::YIELDED) {
            Runtime::$lastError = \SWOOLE_ERROR_CO_NOT_EXISTS;
            Runtime::error(\E_WARNING, 'Swoole\Coroutine::resume',
                'can not resume the coroutine which is in IO operation or non-existent');
            return false;
        }
        return Scheduler::$s->resume($cid);
    }

    /** Waits until every coroutine of $cid_array has ended. */
    public static function join(array $cid_array, $timeout = -1)
    {
        self::swirlNeed();
        $deadline = $timeout > 0 ? \hrtime(true) + (int) ($timeout * 1e9) : 0;
        foreach ($cid_array as $cid) {
            while (Scheduler::$s->live((int) $cid)) {
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
        if (!Scheduler::$s->sleepMs((int) \ceil($seconds * 1000))) {
            Runtime::$lastError = \SWOOLE_ERROR_CO_CANCELED;
            return false;
        }
        return true;
    }

    public static function usleep($microseconds)
    {
        return self::sleep($microseconds / 1e6);
    }

    // --------------------------------------------------------- questions

    public static function getCid()
    {
        return Scheduler::$s->current;
    }

    public static function getuid()
    {
        return Scheduler::$s->current;
    }

    public static function getPcid($cid = 0)
    {
        $s = Scheduler::$s;
        $cid = (int) $cid === 0 ? $s->current : (int) $cid;
        if (!$s->live($cid)) {
            return $cid === -1 && $s->current === -1 ? -1 : false;
        }
        return $s->parents[$cid] ?? -1;
    }

    public static function exists($cid)
    {
        return Scheduler::$s->live((int) $cid);
    }

    /** The coroutine's context (an ArrayObject that lives as long as it). */
    public static function getContext($cid = 0)
    {
        $s = Scheduler::$s;
        $cid = (int) $cid === 0 ? $s->current : (int) $cid;
        if (!$s->live($cid)) {
            return null;
        }
        return $s->contexts[$cid] ??= new Coroutine\Context();
    }

    /** Milliseconds since coroutine $cid started; -1 if it does not exist. */
    public static function getElapsed($cid = 0)
    {
        $s = Scheduler::$s;
        $cid = (int) $cid === 0 ? $s->current : (int) $cid;
        if (!$s->live($cid)) {
            return -1;
        }
        return \intdiv(\hrtime(true) - ($s->started[$cid] ?? $s->curStart), 1000000);
    }

    public static function list()
    {
        return new Coroutine\Iterator(Scheduler::$s->cids());
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
            'coroutine_num' => \count(Scheduler::$s->cids()),
            'coroutine_peak_num' => \max(Scheduler::$s->peak, \count(Scheduler::$s->cids())),
            'coroutine_last_cid' => Scheduler::$s->lastCid,
        ];
    }

    /** The backtrace of coroutine $cid (debug_backtrace()'s form). */
    public static function getBackTrace($cid = 0, $options = \DEBUG_BACKTRACE_PROVIDE_OBJECT, $limit = 0)
    {
        $s = Scheduler::$s;
        $cid = (int) $cid === 0 ? $s->current : (int) $cid;
        if (!$s->live($cid)) {
            return false;
        }
        if ($cid === $s->current) {
            $trace = \debug_backtrace((int) $options, $limit > 0 ? (int) $limit + 1 : 0);
            \array_shift($trace);
        } else {
            try {
                $trace = (new \ReflectionFiber($s->cos[$cid]))->getTrace((int) $options);
            } catch (\Throwable) {
                return []; // a coroutine that resumed another one
            }
        }
        $out = Scheduler::ownFrames($trace);
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
        $cid = Scheduler::$s->need();
        $callback = Runtime::argCallable($callback, 'Swoole\Coroutine::defer', 1, 'callback');
        Scheduler::$s->defers[$cid][] = $callback;
    }

    /** Swoole's coroutine options; Swirl keeps them, none changes anything. */
    public static function set(array $options)
    {
        self::$options = \array_merge(self::$options, $options);
        if (isset($options['hook_flags'])) {
            \Swoole\Runtime::setHookFlags($options['hook_flags']);
        }
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

    /** Whether the running coroutine's last wait was ended by cancel(). */
    public static function isCanceled()
    {
        $s = Scheduler::$s;
        return $s->current !== -1 && isset($s->canceled[$s->current]);
    }

    /**
     * Ends coroutine $cid's wait (sleep, channel, socket) at once; the
     * call it waits in fails as canceled.
     */
    public static function cancel($cid)
    {
        $cid = (int) $cid;
        if ($cid === Scheduler::$s->current) {
            Runtime::$lastError = \SWOOLE_ERROR_CO_CANNOT_CANCEL;
            Runtime::error(\E_WARNING, 'Swoole\Coroutine::cancel', 'can not cancel self');
            return false;
        }
        return Scheduler::$s->cancel($cid);
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
        if (Scheduler::$s->current !== -1 || Loop::busy() || Loop::created()) {
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
        $n = \count(Scheduler::$s->cids());
        if ($n === 0 || Scheduler::$s->current !== -1) {
            return;
        }
        echo "\n===================================================================",
            "\n [FATAL ERROR]: all coroutines (count: $n) are asleep - deadlock!",
            "\n===================================================================\n";
    }

}
