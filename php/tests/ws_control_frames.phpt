--TEST--
WebSocket\Server with open_websocket_close_frame, open_websocket_ping_frame and open_websocket_pong_frame (BASE and PROCESS): a client's close frame reaches onMessage as a CloseFrame and the callback answers it (disconnect() or push() of a CloseFrame), or the server echoes it when the callback does not, and nothing after it is read; pings and pongs reach onMessage and pings are not answered by the server; the options are per port (a second port without them answers pings and close frames itself); invalid close frames still get 1002
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

$code = <<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, constant('SWOOLE_' . $argv[1]));
$server->set(['worker_num' => 1, 'open_websocket_close_frame' => true,
    'open_websocket_ping_frame' => true, 'open_websocket_pong_frame' => true]);
$plain = $server->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$plain->set(['open_websocket_protocol' => true, 'open_websocket_close_frame' => false,
    'open_websocket_ping_frame' => false, 'open_websocket_pong_frame' => false]);
$server->on('start', function ($server) use ($plain) { echo "PORT {$server->port} {$plain->port}\n"; });
$server->on('message', function (Swoole\WebSocket\Server $server, Swoole\WebSocket\Frame $frame) {
    $port = $server->getClientInfo($frame->fd)['server_port'] == $server->port ? 'main' : 'plain';
    if ($frame instanceof Swoole\WebSocket\CloseFrame) {
        echo "$port: close frame opcode={$frame->opcode} code={$frame->code} reason={$frame->reason} ",
            "data=", json_encode($frame->data), " established=",
            var_export($server->isEstablished($frame->fd), true), "\n";
        if ($frame->reason === 'answer') {
            var_dump($server->disconnect($frame->fd, 4001, 'answered by the app'));
        } elseif ($frame->reason === 'push') {
            $frame->reason = 'pushed back';
            var_dump($server->push($frame->fd, $frame));
        } elseif ($frame->reason === 'talk') {
            // Data may still go out before the close frame.
            var_dump($server->push($frame->fd, 'last words'));
        }
        return;
    }
    echo "$port: ", get_class($frame), " opcode={$frame->opcode} data={$frame->data} finish=",
        var_export($frame->finish, true), "\n";
    if ($frame->opcode === WEBSOCKET_OPCODE_PING) {
        $pong = new Swoole\WebSocket\Frame();
        $pong->opcode = WEBSOCKET_OPCODE_PONG;
        $pong->data = "app:{$frame->data}";
        $server->push($frame->fd, $pong);
    } elseif ($frame->opcode === WEBSOCKET_OPCODE_TEXT) {
        $server->push($frame->fd, "echo:{$frame->data}");
    }
});
$server->on('close', function ($server, $fd, $reactorId) {
    echo "closed by ", $reactorId < 0 ? 'server' : 'client', "\n";
});
$server->start();
PHP;

function show(string $who, ?array $f): void
{
    if ($f !== null && $f['opcode'] === 8) {
        unset($f['data']); // Shown as code and reason.
    }
    echo "$who: ", $f === null ? 'nothing' : json_encode(array_intersect_key($f,
        ['opcode' => 1, 'data' => 1, 'code' => 1, 'reason' => 1])), "\n";
}

function closeFrame(int $code, string $reason): string
{
    return WsClient::frame(pack('n', $code) . $reason, 8);
}

foreach (['BASE', 'PROCESS'] as $name) {
    echo "== $name\n";
    $p = ServerProcess::startCode($code, [$name]);
    $p->waitForOutput('/^PORT \d+ \d+$/m');
    preg_match('/^PORT (\d+) (\d+)$/m', $p->out, $m);
    [$main, $plain] = [(int) $m[1], (int) $m[2]];
    $closed = 0;

    // Pings and pongs reach onMessage; the first frame back is the app's pong.
    $a = WsClient::connect($main);
    $a->send('are you there', 9);
    show('ping', $a->recv());
    $a->send('unasked', 10);
    $a->send('text');
    show('text', $a->recv());
    // The app answers the close frame with its own.
    $a->send(pack('n', 4000) . 'answer', 8);
    show('answer', $a->recv());
    echo "closed: ", var_export($a->waitClosed(), true), "\n";
    $p->waitForOutput('/^closed by/m', ++$closed);

    // The app pushes a CloseFrame back.
    $b = WsClient::connect($main);
    $b->send(pack('n', 4002) . 'push', 8);
    show('push', $b->recv());
    echo "closed: ", var_export($b->waitClosed(), true), "\n";
    $p->waitForOutput('/^closed by/m', ++$closed);

    // The app does not answer: the server echoes the frame; what follows
    // the close frame is not read.
    $c = WsClient::connect($main);
    $c->sendRaw(closeFrame(4003, 'silent') . WsClient::frame('after the close'));
    show('silent', $c->recv());
    echo "closed: ", var_export($c->waitClosed(), true), "\n";
    $p->waitForOutput('/^closed by/m', ++$closed);

    // A message before the answer, then the echo.
    $d = WsClient::connect($main);
    $d->send(pack('n', 1000) . 'talk', 8);
    show('talk', $d->recv());
    show('talk', $d->recv());
    echo "closed: ", var_export($d->waitClosed(), true), "\n";
    $p->waitForOutput('/^closed by/m', ++$closed);

    // Still strict: an invalid close code never reaches onMessage.
    $e = WsClient::connect($main);
    $e->send(pack('n', 999) . 'bad code', 8);
    show('bad code', $e->recv());
    echo "closed: ", var_export($e->waitClosed(), true), "\n";
    $p->waitForOutput('/^closed by/m', ++$closed);

    // The second port keeps the defaults: the server answers by itself.
    $f = WsClient::connect($plain);
    $f->send('on the plain port', 9);
    show('plain ping', $f->recv());
    $f->send('ignored', 10);
    $f->send(pack('n', 4004) . 'answer', 8);
    show('plain close', $f->recv());
    echo "closed: ", var_export($f->waitClosed(), true), "\n";
    $p->waitForOutput('/^closed by/m', ++$closed);

    echo "exit: ", $p->stop(), "\n";
    echo preg_replace('/^PORT .*\n/m', '', $p->out);
    echo preg_replace('/^\[[^\]]*\]\t/m', '', $p->err);
}
?>
--EXPECT--
== BASE
ping: {"opcode":10,"data":"app:are you there"}
text: {"opcode":1,"data":"echo:text"}
answer: {"opcode":8,"code":4001,"reason":"answered by the app"}
closed: true
push: {"opcode":8,"code":4002,"reason":"pushed back"}
closed: true
silent: {"opcode":8,"code":4003,"reason":"silent"}
closed: true
talk: {"opcode":1,"data":"last words"}
talk: {"opcode":8,"code":1000,"reason":"talk"}
closed: true
bad code: {"opcode":8,"code":1002,"reason":""}
closed: true
plain ping: {"opcode":10,"data":"on the plain port"}
plain close: {"opcode":8,"code":4004,"reason":"answer"}
closed: true
exit: 0
main: Swoole\WebSocket\Frame opcode=9 data=are you there finish=true
main: Swoole\WebSocket\Frame opcode=10 data=unasked finish=true
main: Swoole\WebSocket\Frame opcode=1 data=text finish=true
main: close frame opcode=8 code=4000 reason=answer data="" established=true
bool(true)
closed by server
main: close frame opcode=8 code=4002 reason=push data="" established=true
bool(true)
closed by server
main: close frame opcode=8 code=4003 reason=silent data="" established=true
closed by client
main: close frame opcode=8 code=1000 reason=talk data="" established=true
bool(true)
closed by client
closed by server
closed by client
NOTICE	session#5: websocket invalid close code; closed with 1002
== PROCESS
ping: {"opcode":10,"data":"app:are you there"}
text: {"opcode":1,"data":"echo:text"}
answer: {"opcode":8,"code":4001,"reason":"answered by the app"}
closed: true
push: {"opcode":8,"code":4002,"reason":"pushed back"}
closed: true
silent: {"opcode":8,"code":4003,"reason":"silent"}
closed: true
talk: {"opcode":1,"data":"last words"}
talk: {"opcode":8,"code":1000,"reason":"talk"}
closed: true
bad code: {"opcode":8,"code":1002,"reason":""}
closed: true
plain ping: {"opcode":10,"data":"on the plain port"}
plain close: {"opcode":8,"code":4004,"reason":"answer"}
closed: true
exit: 0
main: Swoole\WebSocket\Frame opcode=9 data=are you there finish=true
main: Swoole\WebSocket\Frame opcode=10 data=unasked finish=true
main: Swoole\WebSocket\Frame opcode=1 data=text finish=true
main: close frame opcode=8 code=4000 reason=answer data="" established=true
bool(true)
closed by server
main: close frame opcode=8 code=4002 reason=push data="" established=true
bool(true)
closed by server
main: close frame opcode=8 code=4003 reason=silent data="" established=true
closed by client
main: close frame opcode=8 code=1000 reason=talk data="" established=true
bool(true)
closed by client
closed by server
closed by client
NOTICE	session#5: websocket invalid close code; closed with 1002
