<?php
/*
 * ErrorState.php: the errCode / errMsg bookkeeping of the coroutine
 * socket classes (Swoole\Coroutine\Socket and Client): a failure sets
 * both from the errno and returns false, a success clears them.
 */

declare(strict_types=1);

namespace Swirl;

/**
 * @internal Not part of the Swoole API. The class declares the public
 * $errCode and $errMsg properties Swoole gives it.
 */
trait ErrorState
{
    private function fail(int $errno): bool
    {
        $this->errCode = $errno;
        $this->errMsg = $errno !== 0 ? Runtime::strerror($errno) : '';
        return false;
    }

    private function ok(mixed $result): mixed
    {
        $this->errCode = 0;
        $this->errMsg = '';
        return $result;
    }
}
