--TEST--
Swoole\Atomic across fork(): concurrent add()/sub() from several processes lose nothing; a child sleeping in wait() is woken by the parent's wakeup()
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

$counter = new Swoole\Atomic(0);
$long = new Swoole\Atomic\Long(0);
$go = new Swoole\Atomic(0);
$workers = 4;
$times = 20000;
$pids = [];
for ($i = 0; $i < $workers; $i++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $deadline = microtime(true) + 10;
        while ($go->get() === 0) {
            if (microtime(true) > $deadline) {
                exit(9);
            }
        }
        for ($k = 0; $k < $times; $k++) {
            $counter->add(1);
            $i % 2 ? $long->sub(3) : $long->add(5);
        }
        exit(0);
    }
    $pids[] = $pid;
}
$go->set(1);
var_dump(wait_all($pids));
var_dump($counter->get() === $workers * $times);
var_dump($long->get() === ($workers / 2) * $times * 2);

// wait()/wakeup(): the child tells the parent (through $ready) that it
// is about to wait, and exits 0 only if wait() returned true.
$event = new Swoole\Atomic(0);
$ready = new Swoole\Atomic(0);
$pid = pcntl_fork();
if ($pid === 0) {
    $ready->add();
    exit($event->wait(10) ? 0 : 1);
}
$deadline = microtime(true) + 10;
while ($ready->get() === 0 && microtime(true) < $deadline) {
    usleep(1000);
}
var_dump($event->wakeup());
var_dump(wait_all([$pid]), $event->get());
--EXPECTF--
array(4) {
  [0]=>
  int(0)
  [1]=>
  int(0)
  [2]=>
  int(0)
  [3]=>
  int(0)
}
bool(true)
bool(true)
bool(true)
array(1) {
  [0]=>
  int(0)
}
int(0)
