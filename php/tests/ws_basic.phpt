--TEST--
WebSocket\Server: onOpen($server, $request), onMessage($server, $frame) with Swoole's Frame, fragments joined into one message, pings answered with pongs, push() to another fd and with opcodes/flags, isEstablished(), exist(), getClientInfo() websocket_status, disconnect() with code and reason, a client's close frame answered and onClose called, push() to a plain or closed fd fails with Swoole's warning
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('open', function (Swoole\WebSocket\Server $server, Swoole\Http\Request $request) {
    echo "open fd={$request->fd} uri={$request->server['request_uri']} ",
        "key=", isset($request->header['sec-websocket-key']) ? 'yes' : 'no', " get=", json_encode($request->get),
        " status=", $server->getClientInfo($request->fd)['websocket_status'],
        " established=", var_export($server->isEstablished($request->fd), true), "\n";
});
$server->on('request', function ($request, $response) use ($server) {
    // A plain HTTP request on the same port: push() to it fails.
    var_dump($server->push($request->fd, 'nope'), $server->getLastError(), $server->isEstablished($request->fd));
    $response->end('plain http');
});
$server->on('message', function (Swoole\WebSocket\Server $server, Swoole\WebSocket\Frame $frame) {
    echo "message fd={$frame->fd} opcode={$frame->opcode} finish=", var_export($frame->finish, true),
        " flags={$frame->flags} len=", strlen($frame->data), "\n";
    [$cmd, $arg] = explode(' ', $frame->data, 2) + ['', ''];
    switch ($cmd) {
        case 'dump':
            var_dump($frame);
            $server->push($frame->fd, 'dumped');
            break;
        case 'to':
            [$fd, $text] = explode(' ', $arg, 2);
            var_dump($server->push((int) $fd, "from {$frame->fd}: $text"));
            break;
        case 'binary':
            var_dump($server->push($frame->fd, "\x00\x01\x02", WEBSOCKET_OPCODE_BINARY));
            break;
        case 'parts':
            var_dump($server->push($frame->fd, 'first ', WEBSOCKET_OPCODE_TEXT, 0));
            var_dump($server->push($frame->fd, 'last', WEBSOCKET_OPCODE_CONTINUATION, true));
            break;
        case 'frame':
            $f = new Swoole\WebSocket\Frame();
            $f->data = 'in a frame';
            var_dump($server->push($frame->fd, $f));
            break;
        case 'bye':
            var_dump($server->disconnect($frame->fd, 4000, 'see you'));
            break;
        case 'closed':
            var_dump($server->push(9999, 'x'), $server->getLastError(), $server->exist(9999),
                $server->isEstablished(9999), $server->disconnect(9999));
            $server->push($frame->fd, 'checked');
            break;
        default:
            $server->push($frame->fd, strtoupper($frame->data));
    }
});
$server->on('close', function ($server, $fd, $reactorId) {
    echo "close fd=$fd\n";
});
$server->start();
PHP);
$port = $p->port();

$a = WsClient::connect($port, '/chat?room=1');
$b = WsClient::connect($port, '/other');
echo "handshakes: {$a->status} {$b->status}\n";
$p->waitForOutput('/^open fd=/m', 2);

$a->send('hello');
echo "a: ", json_encode($a->recv()), "\n";
$a->send('frag', 1, false);
$a->send('men', 0, false);
$a->send('ted', 0, true);
echo "a: ", $a->recv()['data'], "\n";
$a->send('ping payload', 9);
echo "a: ", json_encode($a->recv()), "\n";
$a->send('dump');
echo "a: ", $a->recv()['data'], "\n";
preg_match_all('/^open fd=(\d+)/m', $p->out, $m);
$a->send("to {$m[1][1]} hi b");
echo "b: ", $b->recv()['data'], "\n";
$a->send('binary');
echo "a: ", json_encode(['opcode' => ($f = $a->recv())['opcode'], 'data' => bin2hex($f['data'])]), "\n";
$a->send('parts');
$f1 = $a->recv();
$f2 = $a->recv();
echo "a: ", json_encode([$f1['opcode'], $f1['fin'], $f1['data'], $f2['opcode'], $f2['fin'], $f2['data']]), "\n";
$a->send('frame');
echo "a: ", $a->recv()['data'], "\n";
$a->send('closed');
echo "a: ", $a->recv()['data'], "\n";
$r = ServerProcess::request($port, "GET /plain HTTP/1.0\r\n\r\n");
echo "plain: ", substr($r, strpos($r, "\r\n\r\n") + 4), "\n";
$p->waitForOutput('/^close fd=3$/m');

$b->send('', 8);
$bye = $b->recv();
echo "b close: ", json_encode([$bye['opcode'] ?? null, $bye['code'] ?? null]), " closed=",
    var_export($b->waitClosed(), true), "\n";
$a->send('bye');
$bye = $a->recv();
echo "a close: ", json_encode([$bye['opcode'], $bye['code'], $bye['reason']]), " closed=",
    var_export($a->waitClosed(), true), "\n";
$p->waitForOutput('/^close fd=/m', 3);
echo "exit: ", $p->stop(), "\n";
echo $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECTF--
handshakes: 101 101
a: {"opcode":1,"fin":true,"data":"HELLO","masked":false}
a: FRAGMENTED
a: {"opcode":10,"fin":true,"data":"ping payload","masked":false}
a: dumped
b: from 1: hi b
a: {"opcode":2,"data":"000102"}
a: [1,false,"first ",0,true,"last"]
a: in a frame
a: checked
plain: plain http
b close: [8,1000] closed=true
a close: [8,4000,"see you"] closed=true
exit: 0
PORT %d
open fd=1 uri=/chat key=yes get={"room":"1"} status=3 established=true
open fd=2 uri=/other key=yes get=null status=3 established=true
message fd=1 opcode=1 finish=true flags=1 len=5
message fd=1 opcode=1 finish=true flags=1 len=10
message fd=1 opcode=1 finish=true flags=1 len=4
object(Swoole\WebSocket\Frame)#%d (5) {
  ["fd"]=>
  int(1)
  ["data"]=>
  string(4) "dump"
  ["opcode"]=>
  int(1)
  ["flags"]=>
  int(1)
  ["finish"]=>
  bool(true)
}
message fd=1 opcode=1 finish=true flags=1 len=9
bool(true)
message fd=1 opcode=1 finish=true flags=1 len=6
bool(true)
message fd=1 opcode=1 finish=true flags=1 len=5
bool(true)
bool(true)
message fd=1 opcode=1 finish=true flags=1 len=5
bool(true)
message fd=1 opcode=1 finish=true flags=1 len=6
bool(false)
int(1005)
bool(false)
bool(false)
bool(false)
bool(false)
int(8503)
bool(false)
close fd=3
close fd=2
message fd=1 opcode=1 finish=true flags=1 len=3
bool(true)
close fd=1
PHP Warning:  Swoole\WebSocket\Server::push(): session#9999 does not exists in SCRIPT on line 45
PHP Warning:  Swoole\WebSocket\Server::disconnect(): the connected client of connection[9999] is not a websocket client or closed in SCRIPT on line 46
PHP Warning:  Swoole\WebSocket\Server::push(): the connected client of connection[3] is not a websocket client or closed in SCRIPT on line 13
