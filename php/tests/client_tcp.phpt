--TEST--
Swoole\Client (TCP) against a Swirl server: connect/send/recv, EOF and length framing return whole packets (several in one segment, one split over two), package_max_length, MSG_WAITALL, getsockname/getpeername, close, SWOOLE_KEEP reuse, and the errors Swoole reports (not connected, refused, bad type)
--SKIPIF--
<?php if (!extension_loaded('sockets') || !extension_loaded('posix')) die('skip sockets/posix extension not loaded'); ?>
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$server->on('receive', function ($s, $fd, $rid, $data) {
    switch ($data) {
        case 'eof':
            // Two packets and a half in one segment, the rest later.
            $s->send($fd, "one\r\ntwo\r\nthr");
            $s->after(50, function () use ($s, $fd) { $s->send($fd, "ee\r\n"); });
            break;
        case 'len':
            $s->send($fd, pack('N', 5) . 'hello' . pack('N', 3) . 'a');
            $s->after(50, function () use ($s, $fd) {
                $s->send($fd, 'bc' . pack('N', 0) . pack('N', 100) . str_repeat('z', 100));
            });
            break;
        case 'big':
            $s->send($fd, str_repeat('b', 200000));
            break;
        default:
            $s->send($fd, "echo: $data");
    }
});
$server->start();
PHP);
$port = $p->port();

$c = new Swoole\Client(SWOOLE_SOCK_TCP);
var_dump($c->isConnected(), $c->sock, $c->errCode);
var_dump($c->connect('127.0.0.1', $port, 5));
var_dump($c->isConnected(), $c->sock > 2);
var_dump($c->send('hello'), $c->recv());
$name = $c->getsockname();
var_dump($name['host'], $name['port'] > 0);
var_dump($c->getpeername());
var_dump($c->connect('127.0.0.1', $port));
// MSG_WAITALL (1 means it too) waits for all of it; a plain recv()
// returns at most 65535 bytes.
$c->send('big');
var_dump(strlen($c->recv(150000, 1)));
var_dump(strlen($c->recv(150000)) <= 65535);
var_dump($c->close(), $c->isConnected());
var_dump($c->close());
var_dump($c->send('x'), $c->errCode);
var_dump($c->recv());

$e = new Swoole\Client(SWOOLE_SOCK_TCP);
$e->set(['open_eof_check' => true, 'package_eof' => "\r\n"]);
$e->connect('127.0.0.1', $port, 5);
$e->send('eof');
var_dump($e->recv(), $e->recv(), $e->recv());
$e->close();

$l = new Swoole\Client(SWOOLE_SOCK_TCP);
$l->set(['open_length_check' => true, 'package_length_type' => 'N', 'package_length_offset' => 0,
    'package_body_offset' => 4, 'package_max_length' => 50]);
$l->connect('127.0.0.1', $port, 5);
$l->send('len');
var_dump(bin2hex($l->recv()), bin2hex($l->recv()), bin2hex($l->recv()));
var_dump($l->recv(), swoole_last_error());
$l->close();

// SWOOLE_KEEP: close() keeps the connection for the next connect().
$k = new Swoole\Client(SWOOLE_SOCK_TCP | SWOOLE_KEEP);
$k->connect('127.0.0.1', $port, 5);
$sock = $k->sock;
$k->close();
$k2 = new Swoole\Client(SWOOLE_SOCK_TCP | SWOOLE_KEEP);
var_dump($k2->connect('127.0.0.1', $port, 5), $k2->reuse, $k2->reuseCount, $k2->sock === $sock);
var_dump($k2->send('again'), $k2->recv());
$k2->close(true);

// A port nobody listens on.
$tmp = socket_create(AF_INET, SOCK_STREAM, 0);
socket_bind($tmp, '127.0.0.1', 0);
socket_getsockname($tmp, $a, $freePort);
socket_close($tmp);
$r = new Swoole\Client(SWOOLE_SOCK_TCP);
var_dump($r->connect('127.0.0.1', $freePort, 1), $r->errCode, $r->isConnected());
var_dump($r->connect('127.0.0.1', 0));
try {
    new Swoole\Client(99);
} catch (TypeError $t) {
    echo $t->getMessage(), "\n";
}
var_dump(get_class(new swoole_client(SWOOLE_SOCK_TCP)));
echo "exit: ", $p->stop(), "\n";
echo $p->err;
?>
--EXPECTF--
bool(false)
int(-1)
int(0)
bool(true)
bool(true)
bool(true)
int(5)
string(11) "echo: hello"
string(9) "127.0.0.1"
bool(true)

Warning: Swoole\Client::getpeername(): only supports SWOOLE_SOCK_(UDP/UDP6/UNIX_DGRAM) in %s on line %d
bool(false)

Warning: Swoole\Client::connect(): connection to the server has already been established in %s on line %d
bool(false)
int(150000)
bool(true)
bool(true)
bool(false)

Warning: Swoole\Client::close(): client is not connected to the server in %s on line %d
bool(false)

Warning: Swoole\Client::send(): client is not connected to server in %s on line %d
bool(false)
int(5001)

Warning: Swoole\Client::recv(): client is not connected to server in %s on line %d
bool(false)
string(5) "one
"
string(5) "two
"
string(7) "three
"
string(18) "0000000568656c6c6f"
string(14) "00000003616263"
string(8) "00000000"

Warning: Swoole\Client::recv(): Package is too big. package_length=104 in %s on line %d
string(0) ""
int(1201)
bool(true)
bool(true)
int(1)
bool(true)
int(5)
string(11) "echo: again"

Warning: Swoole\Client::connect(): connect to server[127.0.0.1:%d] failed. Error: Connection refused[111] in %s on line %d
bool(false)
int(111)
bool(false)

Warning: Swoole\Client::connect(): The port is invalid in %s on line %d
bool(false)
Swoole\Client::__construct() expects parameter 1 to be client type, unknown type 99 given
string(13) "Swoole\Client"
exit: 0
