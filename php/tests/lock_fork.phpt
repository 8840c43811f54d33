--TEST--
Swoole\Lock across fork(): a mutex, a reader-writer lock and a spinlock each keep a read-modify-write exact while several processes race; a lock held by the parent is busy in a child, and lockwait() times out there
--SKIPIF--
<?php if (!extension_loaded('pcntl')) die('skip pcntl extension not loaded'); ?>
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';

/** Waits for every pid (at most 30 s in all); returns their exit codes. */
function wait_all(array $pids): array
{
    $codes = [];
    $deadline = microtime(true) + 30;
    while ($pids && microtime(true) < $deadline) {
        foreach ($pids as $i => $pid) {
            if (pcntl_waitpid($pid, $status, WNOHANG) === $pid) {
                $codes[$i] = pcntl_wexitstatus($status);
                unset($pids[$i]);
            }
        }
        usleep(2000);
    }
    foreach ($pids as $i => $pid) {
        posix_kill($pid, SIGKILL);
        $codes[$i] = 'timeout';
    }
    ksort($codes);
    return $codes;
}

// The shared value is read and written back with two separate table
// calls: only the lock makes the pair atomic.
$t = new Swoole\Table(64);
$t->column('v', Swoole\Table::TYPE_INT);
$t->create();

foreach (['mutex' => SWOOLE_MUTEX, 'rwlock' => SWOOLE_RWLOCK,
          'spinlock' => SWOOLE_SPINLOCK] as $name => $type) {
    $lock = new Swoole\Lock($type);
    $go = new Swoole\Atomic(0);
    $t->set($name, ['v' => 0]);
    $pids = [];
    for ($i = 0; $i < 4; $i++) {
        $pid = pcntl_fork();
        if ($pid === 0) {
            $deadline = microtime(true) + 10;
            while ($go->get() === 0) {
                if (microtime(true) > $deadline) {
                    exit(9);
                }
            }
            for ($k = 0; $k < 2000; $k++) {
                $lock->lock();
                $v = $t->get($name, 'v');
                $t->set($name, ['v' => $v + 1]);
                $lock->unlock();
            }
            exit(0);
        }
        $pids[] = $pid;
    }
    $go->set(1);
    echo $name, ': ', json_encode(wait_all($pids)), ' ', $t->get($name, 'v'), "\n";
}

$m = new Swoole\Lock();
$m->lock();
$pid = pcntl_fork();
if ($pid === 0) {
    $t0 = microtime(true);
    $busy = !$m->trylock() && $m->errCode === 16;
    $timedOut = !$m->lockwait(0.2) && $m->errCode === 110;
    $waited = microtime(true) - $t0 >= 0.19;
    exit($busy && $timedOut && $waited ? 0 : 1);
}
var_dump(wait_all([$pid]));
$m->unlock();
$pid = pcntl_fork();
if ($pid === 0) {
    exit($m->trylock() && $m->unlock() ? 0 : 1);
}
var_dump(wait_all([$pid]));
--EXPECTF--
mutex: [0,0,0,0] 8000
rwlock: [0,0,0,0] 8000
spinlock: [0,0,0,0] 8000
array(1) {
  [0]=>
  int(0)
}
array(1) {
  [0]=>
  int(0)
}
