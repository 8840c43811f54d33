--TEST--
Swoole\Client timeouts and other socket types: recv() and connect() time out with errCode 11 / 110 after the connect timeout (or set()'s timeout); UDP to a Swirl server (send, sendto, getpeername of the sender); a Unix stream socket
--SKIPIF--
<?php if (!extension_loaded('sockets') || !extension_loaded('pcntl')) die('skip sockets/pcntl extension not loaded'); ?>
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE, SWOOLE_SOCK_UDP);
$server->set(['worker_num' => 1]);
$server->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$server->on('packet', function ($s, $data, $client) {
    $s->sendto($client['address'], $client['port'], "udp: $data");
});
$server->start();
PHP);
$port = $p->port();

$u = new Swoole\Client(SWOOLE_SOCK_UDP);
var_dump($u->connect('127.0.0.1', $port, 5));
var_dump($u->send('one'), $u->recv());
var_dump($u->getpeername() === ['port' => $port, 'host' => '127.0.0.1']);
var_dump($u->sendto('127.0.0.1', $port, 'two'), $u->recv());
// Not connected: bound to every address, on the port the first send chose.
$name = $u->getsockname();
var_dump($name['host'], $name['port'] > 0);
$u->close();
echo "exit: ", $p->stop(), "\n";

// A TCP server that never answers: recv() gives up after the timeout.
$srv = stream_socket_server('tcp://127.0.0.1:0');
$tport = (int) substr(strrchr(stream_socket_get_name($srv, false), ':'), 1);
$c = new Swoole\Client(SWOOLE_SOCK_TCP);
$c->connect('127.0.0.1', $tport, 0.3);
$t0 = microtime(true);
var_dump($c->recv(), $c->errCode, microtime(true) - $t0 >= 0.29);
$c->close();
$c = new Swoole\Client(SWOOLE_SOCK_TCP);
$c->set(['timeout' => 0.1]);
$c->connect('127.0.0.1', $tport, 5);
$t0 = microtime(true);
var_dump($c->recv(), microtime(true) - $t0 < 3);
$c->close();

// A listener whose backlog is full: connect() times out.
$full = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create(['socket' => ['backlog' => 1]]));
$fport = (int) substr(strrchr(stream_socket_get_name($full, false), ':'), 1);
$held = [];
for ($i = 0; $i < 16; $i++) {
    $h = new Swoole\Client(SWOOLE_SOCK_TCP);
    $t0 = microtime(true);
    if (!@$h->connect('127.0.0.1', $fport, 0.3)) {
        break;
    }
    $held[] = $h;
}
var_dump($h->errCode, microtime(true) - $t0 >= 0.29, count($held) < 16);

// A Unix stream socket served by a child process.
$path = sys_get_temp_dir() . '/swirl-client-' . getmypid() . '.sock';
@unlink($path);
$usrv = stream_socket_server("unix://$path");
$child = new Swoole\Process(function () use ($usrv) {
    $conn = stream_socket_accept($usrv, 10);
    fwrite($conn, 'unix: ' . fread($conn, 100));
    fread($conn, 1);
}, false, 0);
$child->start();
$x = new Swoole\Client(SWOOLE_SOCK_UNIX_STREAM);
var_dump($x->connect($path, 0, 5));
var_dump($x->send('three'), $x->recv());
var_dump($x->getsockname());
$x->close();
var_dump(Swoole\Process::wait()['code']);
unlink($path);
?>
--EXPECTF--
bool(true)
int(3)
string(8) "udp: one"
bool(true)
bool(true)
string(8) "udp: two"
string(7) "0.0.0.0"
bool(true)
exit: 0

Warning: Swoole\Client::recv(): recv() failed, Error: Resource temporarily unavailable[11] in %s on line %d
bool(false)
int(11)
bool(true)

Warning: Swoole\Client::recv(): recv() failed, Error: Resource temporarily unavailable[11] in %s on line %d
bool(false)
bool(true)
int(110)
bool(true)
bool(true)
bool(true)
int(5)
string(11) "unix: three"

Warning: Swoole\Client::getsockname(): getsockname() only support AF_INET family socket in %s on line %d
bool(false)
int(0)
