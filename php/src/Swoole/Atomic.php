<?php
/*
 * Atomic.php: Swoole\Atomic on libswirl: an unsigned 32-bit counter in
 * shared memory that processes can also sleep on (wait() / wakeup(), a
 * futex). Also known as swoole_atomic.
 *
 * Create it before $server->start() (or pcntl_fork()): every process
 * forked afterwards updates the same counter through its copy of this
 * object.
 */

declare(strict_types=1);

namespace Swoole;

use FFI;
use FFI\CData;
use Swirl\FFI\Library;
use Swirl\Runtime;

class Atomic
{
    use \Swirl\NotCopyable;

    private ?FFI $swirlFfi = null;
    private ?CData $swirlA = null;

    public function __construct($value = 0)
    {
        $fn = 'Swoole\Atomic::__construct';
        if ($this->swirlA !== null) {
            Runtime::error(\E_ERROR, $fn, 'Constructor of ' . static::class . ' can only be called once');
        }
        $value = Runtime::argInt($value, $fn, 1, 'value');
        $ffi = Library::get();
        $out = $ffi->new('swirl_atomic*');
        if ($ffi->swirl_atomic_new(FFI::addr($out), $value) < 0) {
            throw Runtime::asInternal(new Exception('global memory allocation failure', 501));
        }
        $this->swirlFfi = $ffi;
        $this->swirlA = $out;
    }

    public function __destruct()
    {
        if ($this->swirlA !== null) {
            $this->swirlFfi->swirl_atomic_free($this->swirlA);
            $this->swirlA = null;
        }
    }

    /** For NotCopyable: the copy forgets the handle. */
    private function swirlDropHandle(): void
    {
        $this->swirlA = null;
    }

    /** Adds $add_value (modulo 2^32); returns the new value. */
    public function add($add_value = 1): int
    {
        $v = Runtime::argInt($add_value, 'Swoole\Atomic::add', 1, 'add_value');
        return $this->swirlFfi->swirl_atomic_add($this->swirlA, $v);
    }

    /** Subtracts $sub_value (modulo 2^32); returns the new value. */
    public function sub($sub_value = 1): int
    {
        $v = Runtime::argInt($sub_value, 'Swoole\Atomic::sub', 1, 'sub_value');
        return $this->swirlFfi->swirl_atomic_sub($this->swirlA, $v);
    }

    public function get(): int
    {
        return $this->swirlFfi->swirl_atomic_get($this->swirlA);
    }

    public function set($value): void
    {
        $v = Runtime::argInt($value, 'Swoole\Atomic::set', 1, 'value');
        $this->swirlFfi->swirl_atomic_set($this->swirlA, $v);
    }

    /** Sets $new_value if the counter equals $cmp_value. */
    public function cmpset($cmp_value, $new_value): bool
    {
        $fn = 'Swoole\Atomic::cmpset';
        $cmp = Runtime::argInt($cmp_value, $fn, 1, 'cmp_value');
        $new = Runtime::argInt($new_value, $fn, 2, 'new_value');
        return $this->swirlFfi->swirl_atomic_cmpset($this->swirlA, $cmp, $new) === 1;
    }

    /**
     * Sleeps while the counter is 0, until wakeup() or $timeout seconds
     * (<= 0: no limit, as in Swoole); a counter of 1 is a pending wakeup,
     * taken at once. True when woken.
     */
    public function wait($timeout = 1.0): bool
    {
        $t = self::swirlArgFloat($timeout, 'Swoole\Atomic::wait', 1, 'timeout');
        return $this->swirlFfi->swirl_atomic_wait($this->swirlA, $t) === 0;
    }

    /** Wakes up to $count waiters (if the counter is 0, it becomes 1). */
    public function wakeup($count = 1): bool
    {
        $n = Runtime::argInt($count, 'Swoole\Atomic::wakeup', 1, 'count');
        $n = \max(-0x80000000, \min(0x7fffffff, $n));
        return $this->swirlFfi->swirl_atomic_wakeup($this->swirlA, $n) >= 0;
    }

    /** A float argument as zend_parse_parameters' "d" takes one. */
    private static function swirlArgFloat(mixed $v, string $fn, int $n, string $name): float
    {
        if (\is_float($v) || \is_int($v) || \is_bool($v) || $v === null
            || (\is_string($v) && \is_numeric($v))) {
            return (float) $v;
        }
        throw Runtime::asInternal(new \TypeError("$fn(): Argument #$n (\$$name) must be of type float, "
            . \get_debug_type($v) . ' given'));
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return \Swirl\Runtime::publicVars($this);
    }
}
