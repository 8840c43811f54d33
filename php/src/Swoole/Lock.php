<?php
/*
 * Lock.php: Swoole\Lock on libswirl: a lock in shared memory that every
 * process forked after its creation takes and releases (SWOOLE_MUTEX,
 * SWOOLE_RWLOCK, SWOOLE_SPINLOCK). Also known as swoole_lock.
 *
 * As in Swoole 4.8, SWOOLE_FILELOCK and SWOOLE_SEM are refused with a
 * Swoole\Exception; an unknown type makes a mutex. A failed operation
 * returns false and leaves the system's error number in $errCode (EBUSY
 * for a trylock on a held lock, ETIMEDOUT for a lockwait that gave up).
 * The mutex is robust: if its holder dies, the next lock() gets it.
 */

declare(strict_types=1);

namespace Swoole;

use FFI;
use FFI\CData;
use Swirl\FFI\Library;
use Swirl\Runtime;

class Lock
{
    use \Swirl\NotCopyable;

    public const FILELOCK = 2;
    public const MUTEX = 3;
    public const SEM = 4;
    public const RWLOCK = 1;
    public const SPINLOCK = 5;

    public $errCode = 0;

    private ?FFI $swirlFfi = null;
    private ?CData $swirlL = null;
    private int $swirlType = self::MUTEX;

    public function __construct($type = self::MUTEX, $filename = '')
    {
        $fn = 'Swoole\Lock::__construct';
        if ($this->swirlL !== null) {
            Runtime::error(\E_ERROR, $fn, 'Constructor of ' . static::class . ' can only be called once');
        }
        $type = Runtime::argInt($type, $fn, 1, 'type');
        Runtime::argString($filename, $fn, 2, 'filename');
        if ($type === self::FILELOCK || $type === self::SEM) {
            throw Runtime::asInternal(new Exception(
                'FileLock and SemLock is no longer supported, please use mutex lock', 0));
        }
        if ($type !== self::RWLOCK && $type !== self::SPINLOCK) {
            $type = self::MUTEX;
        }
        $ffi = Library::get();
        $out = $ffi->new('swirl_lock*');
        $rc = $ffi->swirl_lock_new(FFI::addr($out), $type, null, 0);
        if ($rc < 0) {
            throw Runtime::asInternal(new Exception('failed to create lock', -$rc));
        }
        $this->swirlFfi = $ffi;
        $this->swirlL = $out;
        $this->swirlType = $type;
    }

    public function __destruct()
    {
        if ($this->swirlL !== null) {
            $this->swirlFfi->swirl_lock_free($this->swirlL);
            $this->swirlL = null;
        }
    }

    /** For NotCopyable: the copy forgets the handle. */
    private function swirlDropHandle(): void
    {
        $this->swirlL = null;
    }

    public function lock(): bool
    {
        return $this->swirlResult($this->swirlFfi->swirl_lock_lock($this->swirlHandle('lock')));
    }

    /**
     * Takes the mutex, waiting at most $timeout seconds (fractions count;
     * Swoole 4.8 cuts them off). Only a mutex has it, as in Swoole.
     */
    public function lockwait($timeout = 1.0): bool
    {
        $fn = 'Swoole\Lock::lockwait';
        $t = self::swirlArgFloat($timeout, $fn, 1, 'timeout');
        $h = $this->swirlHandle('lockwait');
        if ($this->swirlType !== self::MUTEX) {
            throw Runtime::asInternal(new Exception('only mutex supports lockwait', -2));
        }
        return $this->swirlResult($this->swirlFfi->swirl_lock_lockwait($h, $t));
    }

    public function trylock(): bool
    {
        return $this->swirlResult($this->swirlFfi->swirl_lock_trylock($this->swirlHandle('trylock')));
    }

    public function lock_read(): bool
    {
        return $this->swirlResult($this->swirlFfi->swirl_lock_lock_read($this->swirlHandle('lock_read')));
    }

    public function trylock_read(): bool
    {
        return $this->swirlResult(
            $this->swirlFfi->swirl_lock_trylock_read($this->swirlHandle('trylock_read')));
    }

    public function unlock(): bool
    {
        return $this->swirlResult($this->swirlFfi->swirl_lock_unlock($this->swirlHandle('unlock')));
    }

    /** Frees the lock in this process; the object is unusable afterwards. */
    public function destroy(): void
    {
        $h = $this->swirlHandle('destroy');
        $this->swirlFfi->swirl_lock_free($h);
        $this->swirlL = null;
    }

    private function swirlHandle(string $method): CData
    {
        if ($this->swirlL === null) {
            Runtime::error(\E_ERROR, "Swoole\\Lock::$method", 'you must call Lock constructor first');
        }
        return $this->swirlL;
    }

    /** Swoole's SW_LOCK_CHECK_RETURN: true, or false with $errCode set. */
    private function swirlResult(int $rc): bool
    {
        if ($rc === 0) {
            return true;
        }
        $this->errCode = -$rc;
        return false;
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
