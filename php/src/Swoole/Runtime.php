<?php
/*
 * Runtime.php: Swoole\Runtime, which in Swoole turns PHP's blocking
 * functions (sleep, streams, curl, ...) into coroutine ones. Swirl keeps
 * the flags it is given and leaves the functions as PHP has them: in a
 * coroutine they block the process while they run, with the same results.
 */

declare(strict_types=1);

namespace Swoole;

final class Runtime
{
    private static int $flags = 0;

    private function __construct()
    {
    }

    public static function enableCoroutine($enable = true, int $flags = \SWOOLE_HOOK_ALL): bool
    {
        if (\is_int($enable)) {
            self::$flags = $enable;
        } else {
            self::$flags = $enable ? $flags : 0;
        }
        return true;
    }

    public static function getHookFlags(): int
    {
        return self::$flags;
    }

    public static function setHookFlags(int $flags): bool
    {
        self::$flags = $flags;
        return true;
    }
}
