--TEST--
getWorkerStatus(): busy for the worker asking, idle for a worker waiting, busy for a task worker inside onTask, false for an id with no worker
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$entered = new Swoole\Atomic(0);
$release = new Swoole\Atomic(0);
$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$s->set(['worker_num' => 2, 'task_worker_num' => 1]);
$s->on('workerStart', function ($s, $id) use ($entered, $release) {
    if ($id !== 0) return;
    // Once worker 1 runs (it starts beside this one).
    $s->tick(20, function ($t) use ($s, $entered, $release) {
        if ($s->getWorkerStatus(1) === SWOOLE_WORKER_EXIT) return;
        $s->clearTimer($t);
        var_dump($s->getWorkerStatus() === SWOOLE_WORKER_BUSY, $s->getWorkerStatus(1) === SWOOLE_WORKER_IDLE);
        $s->task('hold');
        $entered->wait(5.0); // until the task worker is inside onTask
        var_dump($s->getWorkerStatus(2) === SWOOLE_WORKER_BUSY, $s->getWorkerStatus(9));
        $release->wakeup();
        $s->shutdown();
    });
});
$s->on('task', function ($s, $id, $src, $data) use ($entered, $release) {
    $entered->wakeup();
    $release->wait(5.0);
});
$s->on('finish', function () {});
$s->on('receive', function () {});
$s->start();
PHP);
echo "exit: ", $p->wait(), "\n", $p->out;
?>
--EXPECT--
exit: 0
bool(true)
bool(true)
bool(true)
bool(false)
