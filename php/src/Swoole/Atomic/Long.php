<?php
/*
 * Long.php: Swoole\Atomic\Long on libswirl: a signed 64-bit counter in
 * shared memory, shared by every process forked after its creation. Also
 * known as swoole_atomic_long.
 */

declare(strict_types=1);

namespace Swoole\Atomic;

use FFI;
use FFI\CData;
use Swirl\FFI\Library;
use Swirl\Runtime;
use Swoole\Exception;

class Long
{
    use \Swirl\NotCopyable;

    private ?FFI $swirlFfi = null;
    private ?CData $swirlA = null;
    /** The core's out-parameter, and its address (made once). */
    private ?CData $swirlOut = null;
    private ?CData $swirlOutPtr = null;

    public function __construct($value = 0)
    {
        $fn = 'Swoole\Atomic\Long::__construct';
        if ($this->swirlA !== null) {
            Runtime::error(\E_ERROR, $fn, 'Constructor of ' . static::class . ' can only be called once');
        }
        $value = Runtime::argInt($value, $fn, 1, 'value');
        $ffi = Library::get();
        $out = $ffi->new('swirl_atomic_long*');
        if ($ffi->swirl_atomic_long_new(FFI::addr($out), $value) < 0) {
            throw Runtime::asInternal(new Exception('global memory allocation failure', 501));
        }
        $this->swirlFfi = $ffi;
        $this->swirlA = $out;
        $this->swirlOut = $ffi->new('int64_t');
        $this->swirlOutPtr = FFI::addr($this->swirlOut);
    }

    public function __destruct()
    {
        if ($this->swirlA !== null) {
            $this->swirlFfi->swirl_atomic_long_free($this->swirlA);
            $this->swirlA = null;
        }
    }

    /** For NotCopyable: the copy forgets the handle. */
    private function swirlDropHandle(): void
    {
        $this->swirlA = null;
    }

    /** Adds $add_value (wrapping around); returns the new value. */
    public function add($add_value = 1): int
    {
        $v = Runtime::argInt($add_value, 'Swoole\Atomic\Long::add', 1, 'add_value');
        $this->swirlFfi->swirl_atomic_long_add($this->swirlA, $v, $this->swirlOutPtr);
        return $this->swirlOut->cdata;
    }

    /** Subtracts $sub_value (wrapping around); returns the new value. */
    public function sub($sub_value = 1): int
    {
        $v = Runtime::argInt($sub_value, 'Swoole\Atomic\Long::sub', 1, 'sub_value');
        $this->swirlFfi->swirl_atomic_long_sub($this->swirlA, $v, $this->swirlOutPtr);
        return $this->swirlOut->cdata;
    }

    public function get(): int
    {
        $this->swirlFfi->swirl_atomic_long_get($this->swirlA, $this->swirlOutPtr);
        return $this->swirlOut->cdata;
    }

    public function set($value): void
    {
        $v = Runtime::argInt($value, 'Swoole\Atomic\Long::set', 1, 'value');
        $this->swirlFfi->swirl_atomic_long_set($this->swirlA, $v);
    }

    /** Sets $new_value if the counter equals $cmp_value. */
    public function cmpset($cmp_value, $new_value): bool
    {
        $fn = 'Swoole\Atomic\Long::cmpset';
        $cmp = Runtime::argInt($cmp_value, $fn, 1, 'cmp_value');
        $new = Runtime::argInt($new_value, $fn, 2, 'new_value');
        return $this->swirlFfi->swirl_atomic_long_cmpset($this->swirlA, $cmp, $new) === 1;
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return \Swirl\Runtime::publicVars($this);
    }
}
