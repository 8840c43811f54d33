--TEST--
Swoole\Lock: constants, types, trylock/errCode, read locks, lockwait only for a mutex, FILELOCK and SEM refused as in Swoole 4.8, destroy
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';

var_dump(SWOOLE_RWLOCK, SWOOLE_FILELOCK, SWOOLE_MUTEX, SWOOLE_SEM, SWOOLE_SPINLOCK);
var_dump(Swoole\Lock::RWLOCK, Swoole\Lock::FILELOCK, Swoole\Lock::MUTEX, Swoole\Lock::SEM,
    Swoole\Lock::SPINLOCK);

$m = new swoole_lock();
var_dump(get_class($m), $m->errCode);
var_dump($m->lock(), $m->trylock(), $m->errCode, $m->unlock(), $m->trylock(), $m->unlock());
var_dump($m->lock_read(), $m->trylock_read(), $m->unlock());
var_dump($m->lockwait(0.5), $m->unlock());

$rw = new Swoole\Lock(SWOOLE_RWLOCK);
var_dump($rw->lock_read(), $rw->trylock_read(), $rw->unlock(), $rw->trylock(), $rw->errCode);
var_dump($rw->unlock(), $rw->lock(), $rw->trylock_read(), $rw->errCode, $rw->unlock());

$s = new Swoole\Lock(SWOOLE_SPINLOCK);
var_dump($s->lock(), $s->trylock(), $s->errCode, $s->unlock());

foreach ([
    fn () => new Swoole\Lock(SWOOLE_FILELOCK, '/tmp/swirl-lock-test'),
    fn () => new Swoole\Lock(SWOOLE_SEM),
    fn () => $rw->lockwait(1),
    fn () => $m->lockwait('never'),
    fn () => new Swoole\Lock('mutex'),
    fn () => clone $m,
] as $f) {
    try {
        $f();
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), ' (', $e->getCode(), ")\n";
    }
}
$m->destroy();
$m->lock();
echo "not reached\n";
--EXPECTF--
int(1)
int(2)
int(3)
int(4)
int(5)
int(1)
int(2)
int(3)
int(4)
int(5)
string(11) "Swoole\Lock"
int(0)
bool(true)
bool(false)
int(16)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
int(16)
bool(true)
bool(true)
bool(false)
int(16)
bool(true)
bool(true)
bool(false)
int(16)
bool(true)
Swoole\Exception: FileLock and SemLock is no longer supported, please use mutex lock (0)
Swoole\Exception: FileLock and SemLock is no longer supported, please use mutex lock (0)
Swoole\Exception: only mutex supports lockwait (-2)
TypeError: Swoole\Lock::lockwait(): Argument #1 ($timeout) must be of type float, string given (0)
TypeError: Swoole\Lock::__construct(): Argument #1 ($type) must be of type int, string given (0)
Error: Trying to clone an uncloneable object of class Swoole\Lock (0)

Fatal error: Swoole\Lock::lock(): you must call Lock constructor first in %s on line %d
