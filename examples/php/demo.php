<?php
/*
 * demo.php: what `make demo` serves on 127.0.0.1:9501: a TCP echo server
 * that greets each client and echoes every line back. Type "quit" to close
 * the connection; Ctrl-C stops the server.
 */
$server = new Swoole\Server('127.0.0.1', 9501, SWOOLE_BASE);
$server->set(['worker_num' => 2]);

$server->on('start', function (Swoole\Server $server) {
    echo "Swirl ", SWIRL_VERSION, " (Swoole ", SWOOLE_VERSION, " API): TCP echo on ",
        "{$server->host}:{$server->port}, master pid {$server->master_pid}\n";
    echo "Try:  printf 'hello\\n' | nc -q1 {$server->host} {$server->port}\n";
    echo "  or: telnet {$server->host} {$server->port}   (type lines; \"quit\" to leave)\n";
});
$server->on('workerStart', function (Swoole\Server $server, int $workerId) {
    echo "worker #$workerId started (pid {$server->worker_pid})\n";
});
$server->on('connect', function (Swoole\Server $server, int $fd) {
    echo "client #$fd connected\n";
    $server->send($fd, "Hello from Swirl! Every line you send comes back; \"quit\" closes.\n");
});
$server->on('receive', function (Swoole\Server $server, int $fd, int $reactorId, string $data) {
    foreach (explode("\n", rtrim($data, "\n")) as $line) {
        if (rtrim($line, "\r") === 'quit') {
            $server->send($fd, "bye\n");
            $server->close($fd);
            return;
        }
        $server->send($fd, "echo: " . rtrim($line, "\r") . "\n");
    }
});
$server->on('close', function (Swoole\Server $server, int $fd) {
    echo "client #$fd left\n";
});
$server->on('shutdown', function () {
    echo "server stopped\n";
});
$server->start();
