--TEST--
WebSocket frames as Swoole's pack.phpt checks them: random frames packed by Frame::pack(), Server::pack() and (string) round-trip through unpack(); ping, pong and close frames always carry FIN, also when pushed with flags 0; unset() data or reason packs as empty without a warning
--INI--
error_reporting=E_ALL
display_errors=1
log_errors=0
--FILE--
<?php
require dirname(__DIR__) . '/bootstrap.php';
require __DIR__ . '/lib/ServerProcess.php';
require __DIR__ . '/lib/WsClient.php';

use Swoole\WebSocket\Frame;
use Swoole\WebSocket\CloseFrame;
use Swoole\WebSocket\Server;

mt_srand(4242);
$bad = 0;
for ($i = 600; $i--;) {
    $opcode = mt_rand(WEBSOCKET_OPCODE_CONTINUATION, WEBSOCKET_OPCODE_PONG);
    $data = base64_encode(random_bytes(mt_rand(0, 12800))) . 'EOL';
    if ($opcode === WEBSOCKET_OPCODE_CLOSE) {
        $code = mt_rand(0, 5000);
        $data = substr($data, -mt_rand(3, 123), 123);
    }
    $finish = (bool) mt_rand(0, 1);
    if (mt_rand(0, 1) || $opcode === WEBSOCKET_OPCODE_CLOSE) {
        if ($opcode === WEBSOCKET_OPCODE_CLOSE) {
            $frame = new CloseFrame();
            $frame->code = $code;
            $frame->reason = $data;
        } else {
            $frame = new Frame();
            $frame->data = $data;
        }
        $frame->opcode = $opcode;
        $frame->finish = $finish;
        if (!mt_rand(0, 4)) {
            unset($frame->data);
            unset($frame->reason);
            $data = '';
        }
        $packed = mt_rand(0, 1) ? (string) $frame : Frame::pack($frame);
    } else {
        $packed = Frame::pack($data, $opcode, $finish);
    }
    $u = Frame::unpack($packed);
    if ($opcode === WEBSOCKET_OPCODE_CLOSE) {
        $ok = $u instanceof CloseFrame && $u->code === $code && $u->reason === $data && $u->finish === true;
    } else {
        $ok = $u->data === $data && $u->opcode === $opcode
            && $u->finish === ($opcode >= WEBSOCKET_OPCODE_CLOSE ? true : $finish);
    }
    if (!$ok) {
        $bad++;
        echo "mismatch: opcode $opcode finish ", var_export($finish, true), "\n";
    }
}
echo "mismatches: $bad\n";
foreach ([WEBSOCKET_OPCODE_PING, WEBSOCKET_OPCODE_PONG, WEBSOCKET_OPCODE_CLOSE, WEBSOCKET_OPCODE_TEXT] as $op) {
    echo $op, ": ", bin2hex(Server::pack('', $op, 0)), " ", bin2hex(Server::pack('', $op, false)), "\n";
}
$f = new CloseFrame();
unset($f->reason);
$f->data = 'from data';
echo "reason unset: ", Frame::unpack((string) $f)->reason, "\n";

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('message', function ($server, $frame) {
    $server->push($frame->fd, 'p1', WEBSOCKET_OPCODE_PING, 0);
    $pong = new Swoole\WebSocket\Frame();
    $pong->opcode = WEBSOCKET_OPCODE_PONG;
    $pong->finish = false;
    unset($pong->data);
    $server->push($frame->fd, $pong);
    $server->push($frame->fd, 'part', WEBSOCKET_OPCODE_TEXT, 0);
    $server->push($frame->fd, 'end', WEBSOCKET_OPCODE_CONTINUATION, SWOOLE_WEBSOCKET_FLAG_FIN);
});
$server->start();
PHP);
$c = WsClient::connect($p->port());
$c->send('go');
for ($i = 0; $i < 4; $i++) {
    $f = $c->recv();
    echo "pushed: opcode {$f['opcode']} fin ", var_export($f['fin'], true), " data '{$f['data']}'\n";
}
$c->close();
echo "exit: ", $p->stop(), "\n";
echo $p->err;
?>
--EXPECT--
mismatches: 0
9: 8900 8900
10: 8a00 8a00
8: 880203e8 880203e8
1: 0100 0100
reason unset: from data
pushed: opcode 9 fin true data 'p1'
pushed: opcode 10 fin true data ''
pushed: opcode 1 fin false data 'part'
pushed: opcode 0 fin true data 'end'
exit: 0
