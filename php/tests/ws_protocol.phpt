--TEST--
WebSocket\Server protocol errors and edge cases: an unmasked client frame, a reserved opcode, reserved bits and a fragmented ping are closed with 1002; text that is not UTF-8 with 1007; the others go on; a plain request on a WebSocket server without onRequest gets Swoole's 400 page; start() without onMessage is refused
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('message', function ($server, $frame) {
    $server->push($frame->fd, "ok: {$frame->data}");
});
$server->start();
PHP);
$port = $p->port();

$cases = [
    'unmasked' => WsClient::frame('x', 1, true, false),
    'reserved opcode' => WsClient::frame('x', 3),
    'reserved bits' => WsClient::frame('x', 1, true, true, 4),
    'fragmented ping' => WsClient::frame('x', 9, false),
    'bad utf-8' => WsClient::frame("\xff\xfe", 1),
];
$good = WsClient::connect($port);
foreach ($cases as $name => $bytes) {
    $c = WsClient::connect($port);
    $c->sendRaw($bytes);
    $f = $c->recv();
    echo "$name: ", $f === null ? 'no frame' : "opcode {$f['opcode']} code {$f['code']}",
        ", closed: ", var_export($c->waitClosed(), true), "\n";
}
$good->send('still here');
echo "good: ", $good->recv()['data'] ?? 'none', "\n";
$r = ServerProcess::request($port, "GET / HTTP/1.1\r\nHost: t\r\n\r\n");
echo preg_replace('/^Date: .*$/m', 'Date: DATE', $r), "\n";
echo "exit: ", $p->stop(), "\n";

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->on('open', function () {});
$server->start();
PHP);
echo "exit: ", $p->wait(), "\n";
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->start();
PHP);
echo "exit: ", $p->wait(), "\n";
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECT--
unmasked: opcode 8 code 1002, closed: true
reserved opcode: opcode 8 code 1002, closed: true
reserved bits: opcode 8 code 1002, closed: true
fragmented ping: opcode 8 code 1002, closed: true
bad utf-8: opcode 8 code 1007, closed: true
good: ok: still here
HTTP/1.1 400 Bad Request
Content-Type: text/html; charset=UTF-8
Cache-Control: must-revalidate,no-cache,no-store
Server: swoole-http-server
Connection: close
Date: DATE
Content-Length: 83

<html><body><h2>HTTP 400 Bad Request</h2><hr><i>Powered by Swoole</i></body></html>
exit: 0
exit: 255
PHP Fatal error:  Swoole\Server::start(): require onMessage callback in SCRIPT on line 4
exit: 255
PHP Fatal error:  Swoole\Server::start(): require onRequest callback in SCRIPT on line 3
