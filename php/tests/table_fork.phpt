--TEST--
Swoole\Table across fork(): children see the parent's rows, add to one row concurrently without losing an update, and their rows reach the parent
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

$t = new Swoole\Table(1024);
$t->column('n', Swoole\Table::TYPE_INT);
$t->column('f', Swoole\Table::TYPE_FLOAT);
$t->column('who', Swoole\Table::TYPE_STRING, 16);
$t->create();
$t->set('counter', ['n' => 0, 'f' => 0.0, 'who' => 'parent']);
$t->set('doomed', ['n' => 1]);

// The children start together: each spins until the parent sets 'go'.
$workers = 4;
$times = 5000;
$pids = [];
for ($i = 0; $i < $workers; $i++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $deadline = microtime(true) + 10;
        while (!$t->exists('go')) {
            if (microtime(true) > $deadline) {
                exit(9);
            }
            usleep(100);
        }
        if ($t->get('counter', 'who') !== 'parent') {
            exit(2);
        }
        for ($k = 0; $k < $times; $k++) {
            $t->incr('counter', 'n');
            $t->incr('counter', 'f', 0.5);
            $t->set("child-$i-" . ($k % 10), ['n' => $k, 'who' => "c$i"]);
        }
        if ($i === 0) {
            $t->del('doomed');
        }
        exit(0);
    }
    $pids[] = $pid;
}
$t->set('go', ['n' => 1]);
var_dump(wait_all($pids));

var_dump($t->get('counter', 'n') === $workers * $times);
var_dump($t->get('counter', 'f') === $workers * $times * 0.5);
var_dump($t->exists('doomed'));
var_dump(count($t) === 2 + $workers * 10);
$whos = [];
foreach ($t as $key => $row) {
    if (str_starts_with($key, 'child-')) {
        $whos[$row['who']] = ($whos[$row['who']] ?? 0) + 1;
    }
}
ksort($whos);
var_dump($whos);
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
bool(false)
bool(true)
array(4) {
  ["c0"]=>
  int(10)
  ["c1"]=>
  int(10)
  ["c2"]=>
  int(10)
  ["c3"]=>
  int(10)
}
