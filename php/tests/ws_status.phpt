--TEST--
WebSocket\Server websocket_status in connection_info(): 0 for a connection that has sent nothing yet and for plain HTTP requests (keep-alive ones too), 3 once a connection upgraded, in BASE and PROCESS mode
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

$code = <<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, constant('SWOOLE_' . $argv[1]));
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('request', function ($request, $response) use ($server) {
    $response->end('status ' . $server->connection_info($request->fd)['websocket_status']
        . ' established ' . var_export($server->isEstablished($request->fd), true));
});
$server->on('open', function ($server, $request) {
    echo "open: status ", $server->connection_info($request->fd)['websocket_status'], "\n";
});
$server->on('message', function ($server, $frame) {
    // "FD": the websocket_status of connection FD.
    $info = $server->connection_info((int) $frame->data);
    $server->push($frame->fd, $info === false ? 'none' : (string) $info['websocket_status']);
});
$server->start();
PHP;

foreach (['BASE', 'PROCESS'] as $name) {
    echo "== $name\n";
    $p = ServerProcess::startCode($code, [$name]);
    $port = $p->port();
    // Connection 1 has sent nothing; 2 sends two plain requests.
    $idle = ServerProcess::connect($port);
    $plain = ServerProcess::connect($port);
    foreach (['/a', '/b'] as $path) {
        fwrite($plain, "GET $path HTTP/1.1\r\nHost: t\r\n\r\n");
        $r = '';
        $end = microtime(true) + 10;
        while (!preg_match('/established \w+$/', $r) && microtime(true) < $end) {
            $rd = [$plain];
            $w = $e = null;
            if (stream_select($rd, $w, $e, 1) > 0) {
                $r .= fread($plain, 65536);
            }
        }
        echo "plain $path: ", substr($r, strpos($r, "\r\n\r\n") + 4), "\n";
    }
    $ws = WsClient::connect($port);
    $p->waitForOutput('/^open:/m');
    foreach ([1, 2, 3] as $fd) {
        $ws->send((string) $fd);
        echo "fd $fd: ", $ws->recv()['data'] ?? 'nothing', "\n";
    }
    fclose($idle);
    fclose($plain);
    $ws->close();
    echo "exit: ", $p->stop(), "\n";
    echo preg_replace('/^PORT .*\n/m', '', $p->out), $p->err;
}
?>
--EXPECT--
== BASE
plain /a: status 0 established false
plain /b: status 0 established false
fd 1: 0
fd 2: 0
fd 3: 3
exit: 0
open: status 3
== PROCESS
plain /a: status 0 established false
plain /b: status 0 established false
fd 1: 0
fd 2: 0
fd 3: 3
exit: 0
open: status 3
