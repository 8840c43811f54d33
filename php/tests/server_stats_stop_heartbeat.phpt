--TEST--
Server::stats(), getWorkerPid() of another worker, stop() of a worker (replaced), heartbeat closing an idle connection, onClose still sees getClientInfo() (BASE)
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 2, 'heartbeat_check_interval' => 1, 'heartbeat_idle_time' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('workerStart', function ($server, $id) { echo "start $id\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    $data = trim($data);
    if ($data === 'stats') {
        $st = $server->stats();
        $server->send($fd, implode(',', array_keys($st)) . ' ' . $st['worker_num'] . ' '
            . ($st['connection_num'] >= 1 ? 'conn' : 'noconn') . "\n");
    } elseif ($data === 'pid') {
        $other = $server->getWorkerPid(1 - $server->worker_id);
        $server->send($fd, (is_int($other) && $other > 0 && $other !== getmypid() ? 'other-pid' : 'bad') . "\n");
    } elseif ($data === 'stop') {
        $server->send($fd, "stopping\n");
        var_dump($server->stop());
    }
});
$server->on('close', function ($server, $fd) {
    echo "close: info ", json_encode(is_array($server->getClientInfo($fd))), " exist ",
        json_encode($server->exist($fd)), "\n";
});
$server->start();
PHP);

$port = $p->port();
$p->waitForOutput('/start 1/');
$c = ServerProcess::connect($port);
foreach (['stats', 'pid'] as $cmd) {
    fwrite($c, "$cmd\n");
    echo $cmd, ': ', trim(fgets($c)), "\n";
}
fwrite($c, "stop\n");
echo 'stop: ', trim(fgets($c)), "\n";
$p->waitForOutput('/^start \d$/m', 3);
fclose($c);
// An idle connection is closed by the heartbeat within a few seconds.
$c = ServerProcess::connect($port);
$t = microtime(true);
$eof = fread($c, 10);
echo 'idle connection closed by the server: ', json_encode($eof === '' && microtime(true) - $t < 5), "\n";
$p->waitForOutput('/close: /');
echo "exit: ", $p->stop(), "\n";
echo preg_match_all('/^start \d$/m', $p->out), " worker starts\n";
echo preg_match('/close: info true exist false/', $p->out) ? "onClose sees the info\n" : $p->out;
?>
--EXPECT--
stats: start_time,connection_num,accept_count,close_count,worker_num,idle_worker_num,task_worker_num,tasking_num,request_count,dispatch_count,worker_request_count,worker_dispatch_count,coroutine_num 2 conn
pid: other-pid
stop: stopping
idle connection closed by the server: true
exit: 0
3 worker starts
onClose sees the info
