--TEST--
WebSocket\Server onHandShake answers framed as Swoole 4.8 frames an upgrade context: the status line, the callback's headers and cookies, Server (unless set), nothing else (no Date, Connection or Content-Length); a refusal's body ends with the connection
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('handshake', function (Swoole\Http\Request $request, Swoole\Http\Response $response) {
    switch ($request->server['request_uri']) {
        case '/deny':
            $response->status(403);
            $response->header('X-Why', 'no');
            $response->end('denied');
            return false;
        case '/teapot':
            $response->status(418, 'Short And Stout');
            $response->header('Server', 'mine');
            $response->end();
            return false;
    }
    $key = base64_encode(sha1($request->header['sec-websocket-key'] . '258EAFA5-E914-47DA-95CA-C5AB0DC85B11', true));
    $response->header('Upgrade', 'websocket');
    $response->header('Connection', 'Upgrade');
    $response->header('Sec-WebSocket-Accept', $key);
    $response->header('Sec-WebSocket-Version', '13');
    $response->cookie('session', 'abc');
    $response->status(101);
    $response->end();
    return true;
});
$server->on('message', function ($server, $frame) { $server->push($frame->fd, "echo:{$frame->data}"); });
$server->start();
PHP);
$port = $p->port();

$c = WsClient::connect($port, '/ok');
echo preg_replace('/^(Sec-Websocket-Accept): .*$/mi', '$1: KEY', $c->head), "\n";
$c->send('hi');
echo $c->recv()['data'] ?? 'nothing', "\n";
$c->close();
foreach (['/deny', '/teapot'] as $path) {
    $s = ServerProcess::connect($port);
    $key = base64_encode(random_bytes(16));
    fwrite($s, "GET $path HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        . "Sec-WebSocket-Key: $key\r\nSec-WebSocket-Version: 13\r\n\r\n");
    echo json_encode(ServerProcess::readAll($s)), "\n";
    fclose($s);
}
echo "exit: ", $p->stop(), "\n";
echo $p->err;
?>
--EXPECT--
HTTP/1.1 101 Switching Protocols
Upgrade: websocket
Connection: Upgrade
Sec-Websocket-Accept: KEY
Sec-Websocket-Version: 13
Set-Cookie: session=abc
Server: swoole-http-server
echo:hi
"HTTP\/1.1 403 Forbidden\r\nX-Why: no\r\nServer: swoole-http-server\r\n\r\ndenied"
"HTTP\/1.1 418 Short And Stout\r\nServer: mine\r\n\r\n"
exit: 0
