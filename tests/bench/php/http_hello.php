<?php
/*
 * http_hello.php: the hello-world HTTP server of `make bench`, written
 * against Swoole's API (run it with php/bin/swirl-php).
 *
 *   php/bin/swirl-php tests/bench/php/http_hello.php PORT [base|process]
 *       [worker_num=1] [reactor_num=1] [coroutines=on|off]
 *
 * Listens on 127.0.0.1:PORT and answers every request with
 * $response->end('Hello World'). In process mode, reactor_num sets the
 * reactor threads. With coroutines off (enable_coroutine false) the
 * request callback runs outside a coroutine. Prints "listening on
 * 127.0.0.1:PORT" from onStart.
 */
$port = isset($argv[1]) ? (int) $argv[1] : 9501;
$mode = ($argv[2] ?? 'base') === 'process' ? SWOOLE_PROCESS : SWOOLE_BASE;
$settings = ['worker_num' => isset($argv[3]) ? (int) $argv[3] : 1,
    'enable_coroutine' => ($argv[5] ?? 'on') !== 'off'];
if ($mode === SWOOLE_PROCESS) {
    $settings['reactor_num'] = isset($argv[4]) ? (int) $argv[4] : 1;
}

$server = new Swoole\Http\Server('127.0.0.1', $port, $mode);
$server->set($settings);
$server->on('start', function (Swoole\Http\Server $server) {
    echo "listening on 127.0.0.1:{$server->port}\n";
});
$server->on('request', function (Swoole\Http\Request $request, Swoole\Http\Response $response) {
    $response->end('Hello World');
});
$server->start();
