--TEST--
WebSocket\Server with onHandShake($request, $response): the callback answers the upgrade itself (status 101 and its headers make it a WebSocket, and onOpen is not called); another status refuses it and the connection closes
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('open', function ($server, $request) {
    echo "open (must not happen)\n";
});
$server->on('handshake', function (Swoole\Http\Request $request, Swoole\Http\Response $response) {
    echo "handshake {$request->server['request_uri']} fd={$request->fd}\n";
    if ($request->server['request_uri'] === '/deny') {
        $response->status(403);
        $response->end();
        return false;
    }
    $secWebSocketKey = $request->header['sec-websocket-key'];
    $patten = '#^[+/0-9A-Za-z]{21}[AQgw]==$#';
    if (0 === preg_match($patten, $secWebSocketKey) || 16 !== strlen(base64_decode($secWebSocketKey))) {
        $response->end();
        return false;
    }
    $key = base64_encode(sha1($request->header['sec-websocket-key'] . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
    $headers = [
        'Upgrade' => 'websocket',
        'Connection' => 'Upgrade',
        'Sec-WebSocket-Accept' => $key,
        'Sec-WebSocket-Version' => '13',
        'X-Handshake' => 'by PHP',
    ];
    foreach ($headers as $k => $val) {
        $response->header($k, $val);
    }
    $response->status(101);
    $response->end();
    return true;
});
$server->on('message', function ($server, $frame) {
    $server->push($frame->fd, "echo: {$frame->data}");
});
$server->on('close', function ($server, $fd) {
    echo "close fd=$fd\n";
});
$server->start();
PHP);
$port = $p->port();

$c = WsClient::connect($port, '/ok');
echo "status: {$c->status}\n";
echo "header: ", preg_match('/^X-Handshake: (.*)$/mi', $c->head, $m) ? $m[1] : 'missing', "\n";
$c->send('hi');
echo "reply: ", $c->recv()['data'] ?? 'none', "\n";
$c->close();
$p->waitForOutput('/^close fd=1$/m');

$d = WsClient::connect($port, '/deny');
echo "denied status: {$d->status}, closed: ", var_export($d->waitClosed(), true), "\n";
$p->waitForOutput('/^close fd=/m', 2);
echo "exit: ", $p->stop(), "\n";
echo $p->out;
echo $p->err;
?>
--EXPECTF--
status: 101
header: by PHP
reply: echo: hi
denied status: 403, closed: true
exit: 0
PORT %d
handshake /ok fd=1
close fd=1
handshake /deny fd=2
close fd=2
