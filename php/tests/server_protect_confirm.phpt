--TEST--
Server::protect() keeps a connection from the heartbeat while an idle one is closed; with enable_delay_receive a connection's data is read only after confirm(); getSocket() gives the listening socket as a PHP Socket
--SKIPIF--
<?php
if (!function_exists('socket_import_stream')) die('skip sockets extension not loaded');
?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$s->set(['worker_num' => 1, 'heartbeat_check_interval' => 1, 'heartbeat_idle_time' => 1]);
$s->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$s->on('workerStart', function ($s) {
    $sock = $s->getSocket();
    socket_getsockname($sock, $addr, $port);
    echo "getSocket: ", get_class($sock), " $addr ", var_export($port === $s->port, true), "\n";
});
$s->on('receive', function ($s, $fd, $r, $data) {
    if ($data === 'protect') {
        $s->send($fd, 'protect: ' . var_export($s->protect($fd), true));
    } else {
        $s->send($fd, "echo $data");
    }
});
$s->start();
PHP);
$port = $p->port();
$p->waitForOutput('/^getSocket/m');
$safe = ServerProcess::connect($port);
fwrite($safe, 'protect');
echo ServerProcess::readN($safe, 13), "\n";
$idle = ServerProcess::connect($port);
fwrite($idle, 'hi');
echo ServerProcess::readN($idle, 7), "\n";
// The heartbeat closes the idle connection within a few seconds.
echo "idle closed: [", ServerProcess::readAll($idle, 10), "]\n";
fwrite($safe, 'still here');
echo ServerProcess::readN($safe, 15), "\n";
echo "exit: ", $p->stop(), "\n";
echo implode("\n", ServerProcess::lines($p->out, '/^getSocket/')), "\n";

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$s->set(['worker_num' => 1, 'enable_delay_receive' => true]);
$s->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$s->on('connect', function ($s, $fd) {
    echo "connect\n";
    $s->after(300, function () use ($s, $fd) {
        echo "confirm: ", var_export($s->confirm($fd), true), "\n";
    });
});
$s->on('receive', function ($s, $fd, $r, $data) {
    echo "receive $data\n";
    $s->send($fd, "got $data");
});
$s->start();
PHP);
$port = $p->port();
$c = ServerProcess::connect($port);
fwrite($c, 'early');
echo ServerProcess::readN($c, 9), "\n";
echo "exit: ", $p->stop(), "\n";
echo implode("\n", ServerProcess::lines($p->out, '/^(connect|confirm|receive)/')), "\n";
echo $p->err;
?>
--EXPECT--
protect: true
echo hi
idle closed: []
echo still here
exit: 0
getSocket: Socket 127.0.0.1 true
got early
exit: 0
connect
confirm: true
receive early
