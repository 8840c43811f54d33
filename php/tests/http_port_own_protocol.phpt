--TEST--
An HTTP server's added port with settings of its own (even set([])) speaks its own protocol, not HTTP: EOF-split TCP on one, length framing on another; a port without set() still inherits HTTP
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$http->set(['worker_num' => 1]);
$http->on('request', function ($q, $r) { $r->end("http on {$q->server['server_port']}"); });
$eof = $http->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$eof->set(['open_eof_split' => true, 'package_eof' => "\r\n"]);
$eof->on('receive', function ($s, $fd, $rid, $d) { $s->send($fd, 'Swoole: ' . $d); });
$raw = $http->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$raw->set([]);
$raw->on('receive', function ($s, $fd, $rid, $d) { $s->send($fd, 'raw: ' . $d); });
$len = $http->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$len->set(['open_length_check' => true, 'package_length_type' => 'N',
    'package_length_offset' => 0, 'package_body_offset' => 4]);
$len->on('receive', function ($s, $fd, $rid, $d) { $s->send($fd, 'len: ' . substr($d, 4)); });
$inherit = $http->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$http->on('start', function ($s) use ($eof, $raw, $len, $inherit) {
    echo "PORTS {$s->port} {$eof->port} {$raw->port} {$len->port} {$inherit->port}\n";
});
$http->start();
PHP);
$p->waitForOutput('/^PORTS/m');
preg_match('/^PORTS (\d+) (\d+) (\d+) (\d+) (\d+)/m', $p->out, $m);
[, $main, $eof, $raw, $len, $inherit] = array_map('intval', $m);
$c = ServerProcess::connect($eof);
fwrite($c, "hello\r\nworld\r\n");
echo ServerProcess::readN($c, strlen("Swoole: hello\r\nSwoole: world\r\n"));
fclose($c);
$c = ServerProcess::connect($raw);
fwrite($c, "GET / HTTP/1.0\r\n\r\n");
echo ServerProcess::readN($c, strlen("raw: GET / HTTP/1.0\r\n\r\n"));
fclose($c);
$c = ServerProcess::connect($len);
fwrite($c, pack('N', 3) . 'abc');
echo ServerProcess::readN($c, 8), "\n";
fclose($c);
foreach ([$main, $inherit] as $port) {
    $r = ServerProcess::request($port, "GET / HTTP/1.0\r\n\r\n");
    echo substr($r, strpos($r, "\r\n\r\n") + 4) === "http on $port" ? "HTTP on the port\n" : "no HTTP: $r\n";
}
echo "exit: ", $p->stop(), "\n";
?>
--EXPECT--
Swoole: hello
Swoole: world
raw: GET / HTTP/1.0

len: abc
HTTP on the port
HTTP on the port
exit: 0
