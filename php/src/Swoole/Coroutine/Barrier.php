<?php
/*
 * Barrier.php: Swoole\Coroutine\Barrier (also Co\Barrier). Coroutines
 * started with a copy of a barrier hold it; Barrier::wait() gives up the
 * waiter's own reference and returns once every copy is gone (or after
 * $timeout seconds, > 0).
 */

declare(strict_types=1);

namespace Swoole\Coroutine;

use Swirl\Loop;
use Swoole\Coroutine;

final class Barrier
{
    /** The waiting coroutine, -1 before wait(). */
    private int $cid = -1;
    /** Shared with wait()'s timer: whether the wait is over. */
    private ?\stdClass $state = null;

    private function __construct()
    {
    }

    public function __destruct()
    {
        $state = $this->state;
        if ($state === null || Coroutine::getCid() === $this->cid) {
            return; // no waiter, or wait() gave up the last reference itself
        }
        // PHP forbids switching fibers inside a destructor: the waiter
        // resumes from the loop, at once after this.
        Loop::defer(static function () use ($state): void {
            if (!$state->done) {
                $state->done = true;
                Coroutine::swirlResume($state->cid);
            }
        });
    }

    public static function make(): self
    {
        return new self();
    }

    public static function wait(Barrier &$barrier, float $timeout = -1): void
    {
        $cid = Coroutine::swirlNeed();
        if ($barrier->cid !== -1) {
            throw new \Swoole\Exception('The barrier is waiting, cannot wait again.');
        }
        $state = new \stdClass();
        $state->cid = $cid;
        $state->done = false;
        $barrier->cid = $cid;
        $barrier->state = $state;
        $weak = \WeakReference::create($barrier);
        $timer = 0;
        if ($timeout > 0) {
            $timer = Loop::add('Swoole\Coroutine\Barrier::wait', \max(1, (int) \ceil($timeout * 1000)),
                static function () use ($state): void {
                    if (!$state->done) {
                        $state->done = true;
                        $state->timer = 0;
                        Coroutine::swirlResume($state->cid);
                    }
                }, [], false, true);
            $state->timer = $timer;
        }
        // Give up the caller's reference: if it was the last, the
        // destructor runs now and there is nothing to wait for.
        $barrier = null;
        if ($weak->get() !== null) {
            Coroutine::swirlWait();
        }
        $state->done = true;
        if (!empty($state->timer)) {
            Loop::clear($state->timer);
        }
    }
}
