<?php
/*
 * Timer.php: Swoole\Timer, the process's timers (also swoole_timer_*()).
 * The work is done by Swirl\Loop on the core's swirl_timer_* calls.
 */

// No strict_types here: arguments are taken as Swoole's internal
// functions take them, in coercive mode.

namespace Swoole;

use Swirl\Loop;
use Swirl\Runtime;

class Timer
{
    private function __construct()
    {
    }

    /**
     * Options of the timers: Swoole 4.8 reads only enable_coroutine
     * (whether callbacks run in coroutines; on by default).
     */
    public static function set(array $settings)
    {
        if (\array_key_exists('enable_coroutine', $settings)) {
            \Swirl\Loop::coroutineTimers((bool) $settings['enable_coroutine']);
        }
        return null;
    }

    /**
     * Calls $callback($timer_id, ...$params) every $ms milliseconds until
     * the timer is cleared. Returns the timer id, or false.
     */
    public static function tick($ms, $callback, ...$params)
    {
        return Loop::add('Swoole\Timer::tick', $ms, $callback, $params, true);
    }

    /**
     * Calls $callback(...$params) once, $ms milliseconds from now. Returns
     * the timer id, or false.
     */
    public static function after($ms, $callback, ...$params)
    {
        return Loop::add('Swoole\Timer::after', $ms, $callback, $params, false);
    }

    /** Whether timer $timer_id is pending. */
    public static function exists($timer_id)
    {
        return Loop::exists(Runtime::argInt($timer_id, 'Swoole\Timer::exists', 1, 'timer_id'));
    }

    /**
     * exec_msec, exec_count, interval, round and removed of a timer; null
     * for an unknown id, false before any timer was used.
     */
    public static function info($timer_id)
    {
        return Loop::info(Runtime::argInt($timer_id, 'Swoole\Timer::info', 1, 'timer_id'));
    }

    /** initialized, num and round of this process's timers. */
    public static function stats()
    {
        return Loop::stats();
    }

    /** The ids of the pending timers. */
    public static function list()
    {
        return new Timer\Iterator(Loop::ids());
    }

    /** Stops timer $timer_id; false if there was no such timer. */
    public static function clear($timer_id)
    {
        return Loop::clear(Runtime::argInt($timer_id, 'Swoole\Timer::clear', 1, 'timer_id'));
    }

    /** Stops every timer of this process. */
    public static function clearAll()
    {
        return Loop::clearAll();
    }
}
