--TEST--
task_enable_coroutine: onTask runs in a coroutine, can wait (Co::sleep) and answer afterwards with $task->finish() (to onFinish and to taskwait()); Server::finish() there is Swoole's fatal error; set() refuses task_enable_coroutine with a message queue (task_ipc_mode 2/3)
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$s->set(['worker_num' => 1, 'task_worker_num' => 1, 'task_enable_coroutine' => true]);
$s->on('workerStart', function ($s, $id) {
    if ($s->taskworker) return;
    var_dump($s->taskwait('wait for me', 5));
    $s->task('late');
});
$s->on('task', function ($s, Swoole\Server\Task $task) {
    echo "task in coroutine: ", var_export(Co::getCid() > 0, true), "\n";
    Co::sleep(0.05);
    var_dump($task->finish("{$task->data}: done after a sleep"));
});
$s->on('finish', function ($s, $id, $data) {
    echo "onFinish: $data\n";
    $s->shutdown();
});
$s->on('receive', function () {});
$s->start();
PHP);
echo "exit: ", $p->wait(), "\n";
$lines = explode("\n", trim($p->out));
sort($lines);
echo implode("\n", $lines), "\n", $p->err;

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$s->set(['task_enable_coroutine' => true, 'task_ipc_mode' => 2]);
echo "not here\n";
PHP);
echo "exit: ", $p->wait(), "\n", $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$s->set(['worker_num' => 1, 'task_worker_num' => 1, 'task_enable_coroutine' => true]);
$s->on('workerStart', function ($s, $id) {
    if (!$s->taskworker) $s->task('x');
});
$s->on('task', function ($s, $task) {
    $s->finish('wrong');
});
$s->on('workerError', function ($s) { $s->shutdown(); });
$s->on('finish', function () {});
$s->on('receive', function () {});
$s->start();
PHP);
echo "exit: ", $p->wait(), "\n";
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', implode("\n", ServerProcess::lines($p->err, '/Fatal/'))), "\n";
?>
--EXPECT--
exit: 0
bool(true)
bool(true)
onFinish: late: done after a sleep
string(31) "wait for me: done after a sleep"
task in coroutine: true
task in coroutine: true
exit: 255
PHP Fatal error:  Swoole\Server::set(): cannot use msgqueue when task_enable_coroutine is enable in SCRIPT on line 3
exit: 0
PHP Fatal error:  Swoole\Server::finish(): please use Swoole\Server\Task->finish instead when task_enable_coroutine is enable in SCRIPT on line 8
