<?php
/*
 * echo_server.php: a plain TCP echo server in SWOOLE_BASE mode, used by the
 * benchmarks.
 *
 *   php/bin/swirl-php examples/php/echo_server.php [port=9501] [workers=1]
 */
$port = isset($argv[1]) ? (int) $argv[1] : 9501;
$workers = isset($argv[2]) ? (int) $argv[2] : 1;

$server = new Swoole\Server('127.0.0.1', $port, SWOOLE_BASE);
$server->set(['worker_num' => $workers]);
$server->on('receive', function (Swoole\Server $server, int $fd, int $reactorId, string $data) {
    $server->send($fd, $data);
});
$server->start();
