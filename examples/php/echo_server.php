<?php
/*
 * echo_server.php: a plain TCP echo server in SWOOLE_BASE mode, used by the
 * benchmarks.
 *
 *   php/bin/swirl-php examples/php/echo_server.php [port=9501] [workers=1]
 *       [coroutines=on|off]
 *
 * As in Swoole, every callback runs in a coroutine unless enable_coroutine
 * is off; a server whose callbacks never wait saves the two fiber
 * switches a coroutine costs with "off".
 */
$port = isset($argv[1]) ? (int) $argv[1] : 9501;
$workers = isset($argv[2]) ? (int) $argv[2] : 1;
$coroutines = ($argv[3] ?? 'on') !== 'off';

$server = new Swoole\Server('127.0.0.1', $port, SWOOLE_BASE);
$server->set(['worker_num' => $workers, 'enable_coroutine' => $coroutines]);
$server->on('receive', function (Swoole\Server $server, int $fd, int $reactorId, string $data) {
    $server->send($fd, $data);
});
$server->start();
