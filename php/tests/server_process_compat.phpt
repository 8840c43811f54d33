--TEST--
PROCESS mode details as in Swoole: sendMessage() from an addProcess() process arrives with the process's worker id (after the task workers); sendwait() warns "can't sendwait" and returns false; a worker that dies is logged as Swoole logs it
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$s->set(['worker_num' => 2, 'task_worker_num' => 1, 'reactor_num' => 2]);
$s->addProcess(new Swoole\Process(function ($p) use ($s) {
    echo "user process worker_id {$s->worker_id}\n";
    $s->sendMessage("hi", 0);
    sleep(30);
}));
$s->on('pipeMessage', function ($s, $src, $msg) {
    echo "pipe message from $src: $msg\n";
    var_dump($s->sendwait(1, "x"));
    posix_kill(posix_getpid(), SIGKILL);
});
$s->on('workerError', function ($s, $id, $pid, $code, $sig) {
    echo "worker $id died by signal $sig\n";
    $s->shutdown();
});
$s->on('receive', function () {});
$s->on('task', function () {});
$s->start();
PHP);
echo "exit: ", $p->wait(), "\n";
echo $p->out;
echo preg_replace(['~/\S+/swirl-test-\w+\.php~', '/^\[.*?\]\t/m'], ['SCRIPT', "[...]\t"], $p->err);
?>
--EXPECTF--
exit: 0
user process worker_id 3
pipe message from 3: hi
bool(false)
worker 0 died by signal 9
PHP Warning:  Swoole\Server::sendwait(): can't sendwait in SCRIPT on line %d
[...]	WARNING	Server::check_worker_exit_status(): worker(pid=%d, id=0) abnormal exit, status=0, signal=9
