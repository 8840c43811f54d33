--TEST--
Swoole\Process message queue: useQueue() (default key from ftok of the script), push()/pop() across processes both ways, statQueue(), IPC_NOWAIT, freeQueue(), and Swoole's warnings
--SKIPIF--
<?php if (!extension_loaded('pcntl') || !extension_loaded('sysvmsg')) die('skip pcntl/sysvmsg extension not loaded'); ?>
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';
use Swoole\Process;

// Two objects on one queue in mode 1: each pops only the messages
// pushed through it (type id + 1), so neither side takes its own.
$a = new Process(function (Process $proc) use (&$b) {
    foreach (['one', 'two', 'three'] as $m) {
        $b->push("from child: $m");
    }
    $b->push('child got: ' . $proc->pop());
}, false, 0);
$b = new Process(function () {}, false, 0);
var_dump($a->push('x'));
var_dump($a->useQueue());
var_dump($a->msgQueueKey === ftok(__FILE__, "\x01"), is_int($a->msgQueueId));
// Start from an empty queue, whatever an earlier run left.
$a->freeQueue();
$key = ftok(__FILE__, 'q');
var_dump($a->useQueue($key, 1), $b->useQueue($key, 1));
var_dump($a->statQueue());
var_dump($a->push('hello child'));
var_dump($a->statQueue());
$a->start();
$got = [];
for ($i = 0; $i < 4; $i++) {
    $got[] = $b->pop();
}
var_dump($got);
var_dump(Process::wait()['code'], $b->statQueue()['queue_num']);

$q = new Process(function () {}, false, 0);
var_dump($q->useQueue(0x5157a11 + getmypid() % 1000, 2 | Process::IPC_NOWAIT));
var_dump($q->pop());
var_dump($q->push(''));
var_dump($q->push(str_repeat('x', 65536)));
var_dump($q->freeQueue(), $q->freeQueue());
var_dump($q->statQueue());
var_dump($a->freeQueue());
?>
--EXPECTF--
Warning: Swoole\Process::push(): no msgqueue, cannot use push() in %s on line %d
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
array(2) {
  ["queue_num"]=>
  int(0)
  ["queue_bytes"]=>
  int(0)
}
bool(true)
array(2) {
  ["queue_num"]=>
  int(1)
  ["queue_bytes"]=>
  int(11)
}
array(4) {
  [0]=>
  string(15) "from child: one"
  [1]=>
  string(15) "from child: two"
  [2]=>
  string(17) "from child: three"
  [3]=>
  string(22) "child got: hello child"
}
int(0)
int(0)
bool(true)
bool(false)

Warning: Swoole\Process::push(): the data to push is empty in %s on line %d
bool(false)

Warning: Swoole\Process::push(): the data to push is too big in %s on line %d
bool(false)
bool(true)
bool(false)

Warning: Swoole\Process::statQueue(): no queue, can't get stats of the queue in %s on line %d
bool(false)
bool(true)
