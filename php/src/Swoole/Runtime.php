<?php
/*
 * Runtime.php: Swoole\Runtime, which turns PHP's blocking functions into
 * ones that wait only the calling coroutine. Swirl does it for the sleep
 * functions (SWOOLE_HOOK_SLEEP: sleep, usleep, time_nanosleep,
 * time_sleep_until), through the helper extension's function hooks. The
 * other flags are kept and read back; their functions (streams, curl,
 * ...) keep blocking the process while they run, with the same results.
 * Outside a coroutine every function behaves as PHP has it.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole;

final class Runtime
{
    private static int $flags = 0;
    private static bool $sleepHooked = false;

    /** The functions SWOOLE_HOOK_SLEEP hooks => their hook. */
    private const SLEEP_HOOKS = [
        'sleep' => 'swirlSleep',
        'usleep' => 'swirlUsleep',
        'time_nanosleep' => 'swirlNanosleep',
        'time_sleep_until' => 'swirlSleepUntil',
    ];

    private function __construct()
    {
    }

    public static function enableCoroutine($enable = true, $flags = \SWOOLE_HOOK_ALL)
    {
        if (\is_int($enable)) {
            return self::setHookFlags($enable);
        }
        return self::setHookFlags($enable ? (int) $flags : 0);
    }

    public static function getHookFlags()
    {
        return self::$flags;
    }

    public static function setHookFlags($flags)
    {
        self::$flags = (int) $flags;
        $sleep = (self::$flags & \SWOOLE_HOOK_SLEEP) !== 0;
        if (($sleep || self::$sleepHooked) && \function_exists('swirl_helper_hook')) {
            self::$sleepHooked = $sleep;
            foreach (self::SLEEP_HOOKS as $fn => $hook) {
                \swirl_helper_hook($fn, $sleep ? [self::class, $hook] : null);
            }
        }
        return true;
    }

    // The hooks: [true, result] when the call waited in a coroutine; null
    // lets PHP's own function run (outside a coroutine, or arguments PHP
    // must judge itself).

    /** @internal */
    public static function swirlSleep(...$args): ?array
    {
        if (Coroutine::getCid() === -1 || \count($args) !== 1 || !\is_int($args[0]) || $args[0] < 0) {
            return null;
        }
        if ($args[0] > 0) {
            Coroutine::swirlSleepMs($args[0] * 1000);
        }
        return [true, 0];
    }

    /** @internal */
    public static function swirlUsleep(...$args): ?array
    {
        if (Coroutine::getCid() === -1 || \count($args) !== 1 || !\is_int($args[0]) || $args[0] < 0) {
            return null;
        }
        if ($args[0] > 0) {
            Coroutine::swirlSleepMs((int) \ceil($args[0] / 1000));
        }
        return [true, null];
    }

    /** @internal */
    public static function swirlNanosleep(...$args): ?array
    {
        if (Coroutine::getCid() === -1 || \count($args) !== 2 || !\is_int($args[0]) || !\is_int($args[1])
            || $args[0] < 0 || $args[1] < 0 || $args[1] > 999999999) {
            return null;
        }
        $ms = (int) \ceil($args[0] * 1000 + $args[1] / 1e6);
        if ($ms > 0) {
            Coroutine::swirlSleepMs($ms);
        }
        return [true, true];
    }

    /** @internal */
    public static function swirlSleepUntil(...$args): ?array
    {
        if (Coroutine::getCid() === -1 || \count($args) !== 1 || !\is_numeric($args[0])) {
            return null;
        }
        $ms = (int) \ceil(((float) $args[0] - \microtime(true)) * 1000);
        if ($ms <= 0) {
            return null; // PHP's warning: the time is in the past
        }
        Coroutine::swirlSleepMs($ms);
        return [true, true];
    }
}
