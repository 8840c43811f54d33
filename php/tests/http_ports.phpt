--TEST--
Http\Server with more ports: an added port inherits HTTP (its own onRequest, else the first port's), a port set to open_http_protocol false takes its own onReceive; Http\Response::create() on a plain TCP server writes a whole HTTP response
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$http->set(['worker_num' => 1]);
$tcp = $http->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$tcp->set(['open_http_protocol' => false, 'open_eof_split' => true, 'package_eof' => "\n"]);
$tcp->on('receive', function ($server, $fd, $reactorId, $data) { $server->send($fd, "tcp: $data"); });
$second = $http->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$second->on('request', function ($req, $res) { $res->end('second port'); });
$third = $http->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$http->on('start', function ($server) use ($tcp, $second, $third) {
    echo "PORTS {$server->port} {$tcp->port} {$second->port} {$third->port}\n";
});
$http->on('request', function ($req, $res) { $res->end("main handler, port {$req->server['server_port']}"); });
$http->start();
PHP);
$p->waitForOutput('/^PORTS /m');
preg_match('/^PORTS (\d+) (\d+) (\d+) (\d+)$/m', $p->out, $m);
$get = function (int $port): string {
    $r = ServerProcess::request($port, "GET / HTTP/1.0\r\n\r\n");
    return substr($r, strpos($r, "\r\n\r\n") + 4);
};
echo $get((int) $m[1]) === "main handler, port $m[1]" ? "first: ok\n" : "first: bad\n";
$c = ServerProcess::connect((int) $m[2]);
fwrite($c, "hello\n");
echo ServerProcess::readN($c, 11);
fclose($c);
echo $get((int) $m[3]), "\n";
echo $get((int) $m[4]) === "main handler, port $m[4]" ? "inherited: ok\n" : "inherited: bad\n";
echo "exit: ", $p->stop(), "\n";
echo $p->err;

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('receive', function (Swoole\Server $server, $fd, $reactor_id, $data) {
    $request = Swoole\Http\Request::create();
    $request->parse($data);
    $response = Swoole\Http\Response::create($server, $fd);
    $response->header('X-Path', $request->server['request_uri']);
    $response->end('Hello, Swoole');
});
$server->start();
PHP);
$port = $p->port();
$r = ServerProcess::request($port, "GET /raw HTTP/1.1\r\nHost: t\r\n\r\n", 1.0);
echo preg_replace('/^Date: .*$/m', 'Date: DATE', $r), "\n";
echo "exit: ", $p->stop(), "\n";
echo $p->err;
?>
--EXPECT--
first: ok
tcp: hello
second port
inherited: ok
exit: 0
HTTP/1.1 200 OK
X-Path: /raw
Server: swoole-http-server
Date: DATE
Connection: keep-alive
Content-Type: text/html
Content-Length: 13

Hello, Swoole
exit: 0
