<?php
/*
 * Channel.php: Swoole\Coroutine\Channel (also Co\Channel and chan): a
 * bounded queue between coroutines of one process. push() waits while
 * the channel is full, pop() while it is empty; either gives up after its
 * timeout (seconds, > 0) or when the channel is closed. A value handed
 * over wakes the first coroutine waiting on the other side at once, as in
 * Swoole: it runs until it waits again, then the caller goes on.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole\Coroutine;

use Swirl\Loop;
use Swirl\Runtime;
use Swoole\Coroutine;

class Channel
{
    public $capacity = 1;
    public $errCode = 0;

    private \SplQueue $data;
    /** Coroutines waiting to push and to pop: cid => true, oldest first. */
    private array $producers = [];
    private array $consumers = [];
    private bool $closed = false;

    public function __construct($size = 1)
    {
        $size = Runtime::argInt($size, 'Swoole\Coroutine\Channel::__construct', 1, 'size');
        $this->capacity = $size <= 0 || $size >= 0x7fffffff ? 1 : $size;
        $this->data = new \SplQueue();
    }

    public function push($data, $timeout = -1)
    {
        Coroutine::swirlNeed();
        if ($this->closed) {
            $this->errCode = \SWOOLE_CHANNEL_CLOSED;
            return false;
        }
        if ($this->data->count() >= $this->capacity || $this->producers !== []) {
            if (($why = $this->wait('producers', (float) $timeout, 'push')) !== 0) {
                $this->errCode = $why;
                return false;
            }
            if ($this->closed) {
                $this->errCode = \SWOOLE_CHANNEL_CLOSED;
                return false;
            }
        }
        $this->data->enqueue($data);
        $this->errCode = \SWOOLE_CHANNEL_OK;
        $this->wake('consumers');
        return true;
    }

    public function pop($timeout = -1)
    {
        Coroutine::swirlNeed();
        if ($this->closed && $this->data->isEmpty()) {
            $this->errCode = \SWOOLE_CHANNEL_CLOSED;
            return false;
        }
        if ($this->data->isEmpty() || $this->consumers !== []) {
            if (($why = $this->wait('consumers', (float) $timeout, 'pop')) !== 0) {
                $this->errCode = $why;
                return false;
            }
            if ($this->data->isEmpty()) {
                $this->errCode = \SWOOLE_CHANNEL_CLOSED;
                return false;
            }
        }
        $value = $this->data->dequeue();
        $this->errCode = \SWOOLE_CHANNEL_OK;
        $this->wake('producers');
        return $value;
    }

    /** Closes the channel: every waiting coroutine wakes with false. */
    public function close()
    {
        if ($this->closed) {
            return false;
        }
        $this->closed = true;
        while ($this->producers !== []) {
            $this->wake('producers');
        }
        while ($this->consumers !== []) {
            $this->wake('consumers');
        }
        return true;
    }

    public function stats()
    {
        return [
            'consumer_num' => \count($this->consumers),
            'producer_num' => \count($this->producers),
            'queue_num' => $this->data->count(),
        ];
    }

    public function length()
    {
        return $this->data->count();
    }

    public function isEmpty()
    {
        return $this->data->isEmpty();
    }

    public function isFull()
    {
        return $this->data->count() >= $this->capacity;
    }

    /**
     * Waits in the queue $side (producers or consumers) until woken, until
     * $timeout seconds (> 0) pass, or until Co::cancel(). Returns 0, or
     * SWOOLE_CHANNEL_TIMEOUT / SWOOLE_CHANNEL_CANCELED.
     */
    private function wait(string $side, float $timeout, string $op): int
    {
        $cid = Coroutine::swirlNeed();
        $this->{$side}[$cid] = true;
        $timer = 0;
        $timedOut = false;
        if ($timeout > 0) {
            $timer = Loop::add("Swoole\\Coroutine\\Channel::$op", \max(1, (int) \ceil($timeout * 1000)),
                function () use ($cid, $side, &$timedOut): void {
                    if (isset($this->{$side}[$cid])) {
                        unset($this->{$side}[$cid]);
                        $timedOut = true;
                        Coroutine::swirlResume($cid);
                    }
                }, [], false, true);
        }
        try {
            Coroutine::swirlWait();
        } finally {
            unset($this->{$side}[$cid]);
            if ($timer !== 0 && $timer !== false && !$timedOut) {
                Loop::clear($timer);
            }
        }
        if ($timedOut) {
            return \SWOOLE_CHANNEL_TIMEOUT;
        }
        return isset(\Swirl\Scheduler::$s->canceled[$cid]) ? \SWOOLE_CHANNEL_CANCELED : 0;
    }

    /** Wakes the oldest coroutine waiting in $side, if any. */
    private function wake(string $side): void
    {
        $cid = \array_key_first($this->{$side});
        if ($cid !== null) {
            unset($this->{$side}[$cid]);
            Coroutine::swirlResume($cid);
        }
    }
}
