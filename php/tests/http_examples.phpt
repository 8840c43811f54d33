--TEST--
Examples on 127.0.0.1:9501, run unchanged: examples/php/http_server.php (Swoole's HTTP example), examples/php/websocket_server.php (Swoole's WebSocket example) and examples/php/demo.php (the chat page of make demo)
--SKIPIF--
<?php
require __DIR__ . '/lib/ServerProcess.php';
if (ServerProcess::listening(9501)) die('skip port 9501 is in use');
?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

$root = ServerProcess::root() . '/examples/php';

$p = ServerProcess::start("$root/http_server.php");
echo "http listening: ", var_export($p->waitUntil(fn() => ServerProcess::listening(9501)), true), "\n";
$r = ServerProcess::request(9501, "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
echo preg_match('~^HTTP/1.1 200 OK\r\n.*Content-Type: text/html; charset=utf-8\r\n.*\r\n\r\n<h1>Hello Swoole. #\d{4}</h1>$~s', $r)
    ? "http ok\n" : "http bad: $r\n";
echo "exit: ", $p->stop(), "\n";
echo $p->out, $p->err;
$p->waitUntil(fn() => !ServerProcess::listening(9501));

$p = ServerProcess::start("$root/websocket_server.php");
echo "ws listening: ", var_export($p->waitUntil(fn() => ServerProcess::listening(9501)), true), "\n";
$c = WsClient::connect(9501);
$c->send('hello');
echo "reply: ", $c->recv()['data'] ?? 'none', "\n";
$c->close();
$p->waitForOutput('/^client \d+ closed$/m');
echo "exit: ", $p->stop(), "\n";
echo $p->out, $p->err;
$p->waitUntil(fn() => !ServerProcess::listening(9501));

$p = ServerProcess::start("$root/demo.php");
echo "demo listening: ", var_export($p->waitUntil(fn() => ServerProcess::listening(9501)), true), "\n";
$page = ServerProcess::request(9501, "GET / HTTP/1.0\r\n\r\n");
echo "page: ", str_contains($page, 'new WebSocket(') ? 'has the chat' : 'bad', "\n";
$a = WsClient::connect(9501);
$b = WsClient::connect(9501);
$hello = fn(WsClient $c) => json_decode($c->recv()['data'] ?? 'null', true);
$wa = $hello($a);
$wb = $hello($b);
echo "welcome: {$wa['type']} {$wb['type']}\n";
$a->send('hi there');
$said = null;
while (($f = $b->recv(5.0)) !== null) {
    $m = json_decode($f['data'], true);
    if ($m['type'] === 'say') {
        $said = $m;
        break;
    }
}
echo "b got: {$said['name']} said {$said['text']} (a is {$wa['name']})\n";
$a->close();
$left = null;
while (($f = $b->recv(5.0)) !== null) {
    $m = json_decode($f['data'], true);
    if ($m['type'] === 'leave') {
        $left = $m;
        break;
    }
}
echo "b got: {$left['name']} left\n";
$b->close();
echo "exit: ", $p->stop(), "\n";
echo preg_match('/^Swirl .* chat on http:\/\/127\.0\.0\.1:9501\//m', $p->out) ? "banner ok\n" : "banner bad\n";
echo $p->err;
?>
--EXPECTF--
http listening: true
http ok
exit: 0
ws listening: true
reply: this is server
exit: 0
server: handshake success with fd1
receive from 1:hello,opcode:1,fin:1
client 1 closed
demo listening: true
page: has the chat
welcome: welcome welcome
b got: guest-%d said hi there (a is guest-%d)
b got: guest-%d left
exit: 0
banner ok
