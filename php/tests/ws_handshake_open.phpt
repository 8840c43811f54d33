--TEST--
WebSocket\Server onHandShake (BASE and PROCESS): once the callback's response ends with status 101 the connection is a WebSocket at once: push() in the callback and in a defer()red function reach the client after the 101, isEstablished() is true and websocket_status goes from 2 (HANDSHAKE) to 3; a frame the client sent right behind its request is read; a refused handshake is closed
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

$code = <<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, constant('SWOOLE_' . $argv[1]));
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('handshake', function (Swoole\Http\Request $request, Swoole\Http\Response $response) use ($server) {
    $fd = $request->fd;
    echo "handshake: status=", $server->connection_info($fd)['websocket_status'],
        " established=", var_export($server->isEstablished($fd), true), "\n";
    if (isset($request->get['deny'])) {
        $response->status(403);
        $response->end('denied');
        echo "denied: established=", var_export($server->isEstablished($fd), true), "\n";
        return false;
    }
    $key = base64_encode(sha1($request->header['sec-websocket-key'] . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
    $response->header('Upgrade', 'websocket');
    $response->header('Connection', 'Upgrade');
    $response->header('Sec-WebSocket-Accept', $key);
    $response->header('Sec-WebSocket-Version', '13');
    $response->status(101);
    if (isset($request->get['early'])) {
        $response->end();
        return true;
    }
    var_dump($response->end());
    echo "after end: status=", $server->connection_info($fd)['websocket_status'],
        " established=", var_export($server->isEstablished($fd), true), "\n";
    var_dump($server->push($fd, 'pushed in the handshake'));
    $server->defer(function () use ($server, $fd) {
        var_dump($server->isEstablished($fd), $server->push($fd, 'pushed from defer'));
    });
    return true;
});
$server->on('open', function () { echo "onOpen must not run\n"; });
$server->on('message', function ($server, $frame) {
    echo "message: {$frame->data}\n";
    $server->push($frame->fd, "echo:{$frame->data}");
});
$server->start();
PHP;

foreach (['BASE', 'PROCESS'] as $name) {
    echo "== $name\n";
    $p = ServerProcess::startCode($code, [$name]);
    $port = $p->port();
    $c = WsClient::connect($port);
    echo "status: {$c->status}\n";
    for ($i = 0; $i < 2; $i++) {
        echo "frame: ", $c->recv()['data'] ?? 'none', "\n";
    }
    $c->send('hello');
    echo "frame: ", $c->recv()['data'] ?? 'none', "\n";
    $c->close();

    // A frame right behind the request, in the same write.
    $s = ServerProcess::connect($port);
    $key = base64_encode(random_bytes(16));
    fwrite($s, "GET /?early=1 HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        . "Sec-WebSocket-Key: $key\r\nSec-WebSocket-Version: 13\r\n\r\n" . WsClient::frame('early'));
    $got = '';
    $end = microtime(true) + 10;
    while (strpos($got, 'echo:early') === false && microtime(true) < $end) {
        $r = [$s];
        $w = $e = null;
        if (stream_select($r, $w, $e, 1) > 0) {
            $d = fread($s, 65536);
            if ($d === '' || $d === false) {
                break;
            }
            $got .= $d;
        }
    }
    echo "early: ", substr_count($got, 'echo:early'), "\n";
    fclose($s);

    $d = WsClient::connect($port, '/?deny=1');
    echo "denied: {$d->status} closed=", var_export($d->waitClosed(), true), "\n";
    $p->waitForOutput('/^denied:/m');
    echo "exit: ", $p->stop(), "\n";
    echo preg_replace('/^PORT .*\n/m', '', $p->out), $p->err;
}
?>
--EXPECT--
== BASE
status: 101
frame: pushed in the handshake
frame: pushed from defer
frame: echo:hello
early: 1
denied: 403 closed=true
exit: 0
handshake: status=2 established=false
bool(true)
after end: status=3 established=true
bool(true)
bool(true)
bool(true)
message: hello
handshake: status=2 established=false
message: early
handshake: status=2 established=false
denied: established=false
== PROCESS
status: 101
frame: pushed in the handshake
frame: pushed from defer
frame: echo:hello
early: 1
denied: 403 closed=true
exit: 0
handshake: status=2 established=false
bool(true)
after end: status=3 established=true
bool(true)
bool(true)
bool(true)
message: hello
handshake: status=2 established=false
message: early
handshake: status=2 established=false
denied: established=false
