--TEST--
WebSocket\Server websocket_subprotocol: the server's own 101 carries Sec-WebSocket-Protocol with the port's value (per port; none without it), in Swoole's header order; a value with a line break is not sent
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1, 'websocket_subprotocol' => 'chat']);
$other = $server->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$other->set(['open_websocket_protocol' => true, 'websocket_subprotocol' => 'other.v2']);
$none = $server->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$none->set(['open_websocket_protocol' => true, 'websocket_subprotocol' => '']);
$bad = $server->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$bad->set(['open_websocket_protocol' => true, 'websocket_subprotocol' => "x\r\nX-Injected: 1"]);
$server->on('start', function ($server) use ($other, $none, $bad) {
    echo "PORTS {$server->port} {$other->port} {$none->port} {$bad->port}\n";
});
$server->on('message', function ($server, $frame) { $server->push($frame->fd, "echo:{$frame->data}"); });
$server->start();
PHP);
$p->waitForOutput('/^PORTS( \d+){4}$/m');
preg_match('/^PORTS (\d+) (\d+) (\d+) (\d+)$/m', $p->out, $m);
foreach (['main' => $m[1], 'other' => $m[2], 'none' => $m[3], 'bad' => $m[4]] as $name => $port) {
    $c = WsClient::connect((int) $port, '/', ['Sec-WebSocket-Protocol: chat, superchat']);
    echo "-- $name\n", preg_replace('/^Sec-WebSocket-Accept: .*$/m', 'Sec-WebSocket-Accept: KEY', $c->head), "\n";
    $c->send('hi');
    echo $c->recv()['data'] ?? 'nothing', "\n";
    $c->close();
}
echo "exit: ", $p->stop(), "\n";
echo $p->err;
?>
--EXPECT--
-- main
HTTP/1.1 101 Switching Protocols
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Accept: KEY
Sec-WebSocket-Version: 13
Sec-WebSocket-Protocol: chat
Server: swoole-http-server
echo:hi
-- other
HTTP/1.1 101 Switching Protocols
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Accept: KEY
Sec-WebSocket-Version: 13
Sec-WebSocket-Protocol: other.v2
Server: swoole-http-server
echo:hi
-- none
HTTP/1.1 101 Switching Protocols
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Accept: KEY
Sec-WebSocket-Version: 13
Server: swoole-http-server
echo:hi
-- bad
HTTP/1.1 101 Switching Protocols
Upgrade: websocket
Connection: Upgrade
Sec-WebSocket-Accept: KEY
Sec-WebSocket-Version: 13
Server: swoole-http-server
echo:hi
exit: 0
