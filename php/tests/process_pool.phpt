--TEST--
Swoole\Process\Pool: onStart in the manager, onWorkerStart in each worker (ids 0..n-1), a worker that returns is started again with a new pid, SWOOLE_IPC_UNIXSOCK sendMessage() to onMessage, SWOOLE_IPC_MSGQUEUE messages to onMessage and onWorkerStop, SIGTERM stops the pool and start() returns
--SKIPIF--
<?php if (!extension_loaded('pcntl') || !extension_loaded('posix') || !extension_loaded('sysvmsg')) die('skip pcntl/posix/sysvmsg extension not loaded'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
use Swoole\Process\Pool;
$first = new Swoole\Atomic(0);
$pool = new Pool(2, SWOOLE_IPC_UNIXSOCK);
$pool->on('start', function (Pool $pool) {
    echo "start in the manager: " . var_export($pool->master_pid === getmypid(), true) . "\n";
    foreach ([0, 1] as $id) {
        $pool->sendMessage("hello $id", $id);
    }
});
$pool->on('workerStart', function (Pool $pool, int $id) use ($first) {
    echo "worker $id start pid=" . getmypid() . "\n";
});
$pool->on('message', function (Pool $pool, string $data) use ($first) {
    $proc = $pool->getProcess();
    echo "worker {$proc->id} got \"$data\" pid_ok=" . var_export($proc->pid === getmypid(), true) . "\n";
    if ($proc->id === 0 && $first->add(1) === 1) {
        $pool->stop(); // Worker 0 ends once: the manager starts it again.
    }
});
$pool->on('workerStop', function (Pool $pool, int $id) {
    echo "worker $id stop\n";
});
var_dump($pool->on('nothing', function () {}));
$pool->start();
echo "start() returned\n";
PHP);

echo "restarted: ", var_export($p->waitForOutput('/^worker 0 start/m', 2), true), "\n";
echo "messages: ", var_export($p->waitForOutput('/^worker \d got/m', 2), true), "\n";
echo "exit: ", $p->stop(), "\n";
preg_match_all('/^worker 0 start pid=(\d+)/m', $p->out, $m);
echo "new pid: ", var_export(count(array_unique($m[1])) === 2, true), "\n";
$lines = ServerProcess::lines($p->out, '/^(start|worker \d (got|stop)|bool|start\(\))/');
sort($lines);
echo implode("\n", $lines), "\n";
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);

$key = ftok(__FILE__, 'p');
$p2 = ServerProcess::startCode(<<<PHP
<?php
\$pool = new Swoole\Process\Pool(1, SWOOLE_IPC_MSGQUEUE, $key);
\$pool->on('message', function (\$pool, \$data) { echo "queue message: \$data\\n"; });
\$pool->on('workerStop', function (\$pool, \$id) { echo "worker \$id stop\\n"; });
\$pool->on('start', function () { echo "READY\\n"; });
\$pool->start();
echo "start() returned\\n";
PHP);
$p2->waitForOutput('/^READY$/m');
$queue = msg_get_queue($key);
msg_send($queue, 1, 'one', false);
msg_send($queue, 1, 'two', false);
echo "queue: ", var_export($p2->waitForOutput('/^queue message/m', 2), true), "\n";
echo "exit: ", $p2->stop(), "\n";
echo implode("\n", ServerProcess::lines($p2->out, '/^(queue|worker|start)/')), "\n";
msg_remove_queue($queue);
?>
--EXPECT--
restarted: true
messages: true
exit: 0
new pid: true
bool(false)
start in the manager: true
start() returned
worker 0 got "hello 0" pid_ok=true
worker 0 stop
worker 0 stop
worker 1 got "hello 1" pid_ok=true
worker 1 stop
PHP Warning:  Swoole\Process\Pool::on(): unknown event type[nothing] in SCRIPT on line 24
queue: true
exit: 0
queue message: one
queue message: two
worker 0 stop
start() returned
