--TEST--
Server: worker_num=2 starts workers 0 and 1; master_pid, manager_pid, worker_id, worker_pid, taskworker are right in every process; stop order
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 2]);
printf("before start: master_pid=%d manager_pid=%d worker_id=%d worker_pid=%d taskworker=%s\n",
    $server->master_pid, $server->manager_pid, $server->worker_id, $server->worker_pid,
    var_export($server->taskworker, true));
$server->on('start', function ($server) {
    printf("start: master_is_me=%s manager_pid_set=%s worker_id=%d\n",
        var_export($server->master_pid === getmypid(), true),
        var_export($server->manager_pid > 0, true), $server->worker_id);
    echo "PORT {$server->port}\n";
});
$server->on('workerStart', function ($server, $id) {
    printf("workerStart %d: worker_id=%d worker_pid_is_me=%s master_pid=%d manager_pid=%d taskworker=%s getWorkerId=%d\n",
        $id, $server->worker_id, var_export($server->worker_pid === getmypid(), true),
        $server->master_pid, $server->manager_pid, var_export($server->taskworker, true),
        $server->getWorkerId());
});
$server->on('workerStop', function ($server, $id) { echo "workerStop $id\n"; });
$server->on('shutdown', function ($server) { echo "shutdown\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $server->send($fd, "worker {$server->worker_id} pid_ok=" . var_export($server->worker_pid === getmypid(), true));
});
var_dump($server->start());
echo "after start in ", getmypid() === $server->master_pid ? 'master' : 'other', "\n";
PHP);

$port = $p->port();
echo "workers: ", var_export($p->waitForOutput('/^workerStart /m', 2), true), "\n";
echo ServerProcess::request($port, "x"), "\n";
echo "exit: ", $p->stop(), "\n";

$lines = explode("\n", trim($p->out));
$master = $p->pid;
echo str_replace((string) $master, 'MASTER', implode("\n", ServerProcess::lines($p->out, '/^(before|start:)/'))), "\n";
$ws = ServerProcess::lines($p->out, '/^workerStart /');
sort($ws);
foreach ($ws as $w) {
    preg_match('/master_pid=(\d+) manager_pid=(\d+)/', $w, $m);
    echo preg_replace('/master_pid=\d+ manager_pid=\d+/', 'master_pid=' . ($m[1] == $master ? 'MASTER' : $m[1])
        . ' manager_pid=' . ($m[2] > 0 ? 'SET' : $m[2]), $w), "\n";
}
// Both workers stop before the master's onShutdown; start() returns in the master only.
$tail = ServerProcess::lines($p->out, '/^(workerStop|shutdown|bool|after start)/');
$stops = array_slice($tail, 0, 2);
sort($stops);
echo implode("\n", $stops), "\n", implode("\n", array_slice($tail, 2)), "\n";
echo "stderr: [", $p->err, "]\n";
?>
--EXPECTF--
workers: true
worker %d pid_ok=true
exit: 0
before start: master_pid=0 manager_pid=0 worker_id=-1 worker_pid=0 taskworker=false
start: master_is_me=true manager_pid_set=true worker_id=-1
workerStart 0: worker_id=0 worker_pid_is_me=true master_pid=MASTER manager_pid=SET taskworker=false getWorkerId=0
workerStart 1: worker_id=1 worker_pid_is_me=true master_pid=MASTER manager_pid=SET taskworker=false getWorkerId=1
workerStop 0
workerStop 1
shutdown
bool(true)
after start in master
stderr: []
