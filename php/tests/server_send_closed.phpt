--TEST--
Server::send() to a closed or unknown fd returns false and getLastError() is 1005; exist()/close() agree
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    static $first = null;
    if ($data === "first") {
        $first = $fd;
        var_dump($server->exist($fd));
        var_dump($server->send($fd, "ok"));
        var_dump($server->close($fd));
        return;
    }
    echo "send to closed fd: "; var_dump($server->send($first, "late"));
    echo "getLastError: "; var_dump($server->getLastError());
    echo "swoole_last_error: "; var_dump(swoole_last_error());
    echo "exist closed: "; var_dump($server->exist($first));
    echo "send to unknown fd: "; var_dump($server->send(987654, "x"));
    echo "getLastError: "; var_dump($server->getLastError());
    echo "close unknown fd: "; var_dump($server->close(987654));
    echo swoole_strerror($server->getLastError()), "\n";
    $server->send($fd, "done");
});
$server->start();
PHP);

$port = $p->port();
echo "first: ", ServerProcess::request($port, "first"), "\n";
$p->waitForOutput('/^bool\(true\)$/m', 3);
$c = ServerProcess::connect($port);
fwrite($c, "second");
echo "second: ", ServerProcess::readN($c, 4), "\n";
fclose($c);
echo "exit: ", $p->stop(), "\n", $p->out, "stderr: [", $p->err, "]\n";
?>
--EXPECTF--
first: ok
second: done
exit: 0
PORT %d
bool(true)
bool(true)
bool(true)
send to closed fd: bool(false)
getLastError: int(1005)
swoole_last_error: int(1005)
exist closed: bool(false)
send to unknown fd: bool(false)
getLastError: int(1005)
close unknown fd: bool(false)
Session not exist
stderr: []
