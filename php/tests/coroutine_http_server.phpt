--TEST--
Coroutine\Http\Server in Co\run: handlers by longest path prefix (404 page for none), Request's get/post/server and Response's headers, chunked write(), keep-alive, a handler that waits (Co::sleep) while another answers, WebSocket after upgrade() with recv()/push(), and shutdown() making start() return; curl and Coroutine\Http\Client as clients
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () {
    $server = new Swoole\Coroutine\Http\Server('127.0.0.1', 0, false);
    $server->handle('/index', function ($request, $response) {
        $response->header('X-Co', 'yes');
        $response->end('index ' . $request->server['request_uri'] . ' ' . json_encode($request->get)
            . ' ' . $request->server['remote_addr'] . ' ' . $request->header['host']);
    });
    $server->handle('/index/deeper', function ($request, $response) {
        $response->end('deeper');
    });
    $server->handle('/post', function ($request, $response) {
        $response->end(json_encode([$request->server['request_method'], $request->post]));
    });
    $server->handle('/slow', function ($request, $response) {
        Co::sleep(0.3);
        $response->write('a,');
        $response->write('b');
        $response->end();
    });
    $server->handle('/ws', function ($request, $ws) {
        var_dump($ws->upgrade());
        while (true) {
            $frame = $ws->recv(5);
            if ($frame === '' || $frame === false) {
                echo "ws: client gone\n";
                break;
            }
            $ws->push("ws echo: {$frame->data}");
        }
    });
    $server->handle('/stop', function ($request, $response) use ($server) {
        $response->end('stopping');
        $server->shutdown();
    });
    echo "PORT {$server->port}\n";
    var_dump($server->start());
    echo "start returned\n";
});
echo "run returned\n";
PHP);
$port = $p->port();
$curl = fn(string $args) => shell_exec("curl -s -m 5 $args");
echo $curl("-i http://127.0.0.1:$port/index/x?a=1 | tr -d '\\r' | grep -E '^(HTTP|X-Co|Content-Length|index)'");
echo $curl("http://127.0.0.1:$port/index/deeper/y"), "\n";
echo $curl("-o /dev/null -w '%{http_code}' http://127.0.0.1:$port/none"), "\n";
echo $curl("-d 'k=v&w=2' http://127.0.0.1:$port/post"), "\n";
// Two requests on one connection (curl reuses it).
echo $curl("-w ' %{num_connects}\\n' http://127.0.0.1:$port/index/1 http://127.0.0.1:$port/index/2");
// The slow handler waits; the other request is answered meanwhile.
$slow = ServerProcess::connect($port);
fwrite($slow, "GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
echo $curl("http://127.0.0.1:$port/index/meanwhile"), "\n";
$r = ServerProcess::readAll($slow, 5);
echo preg_match('~Transfer-Encoding: chunked~', $r), ' ', json_encode(substr($r, strpos($r, "\r\n\r\n") + 4)), "\n";
fclose($slow);

$client = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () use ($argv) {
    $w = new Swoole\Coroutine\Http\Client('127.0.0.1', (int) $argv[1]);
    var_dump($w->upgrade('/ws'), $w->statusCode);
    $w->push('hello');
    echo $w->recv(5)->data, "\n";
    $w->close();
});
PHP, [$port]);
echo "client exit: ", $client->wait(), "\n", $client->out, $client->err;
echo $curl("http://127.0.0.1:$port/stop"), "\n";
echo "exit: ", $p->wait(), "\n";
echo preg_replace('/^PORT \d+\n/m', '', $p->out), $p->err;
?>
--EXPECTF--
HTTP/1.1 200 OK
X-Co: yes
Content-Length: %d
index /index/x {"a":"1"} 127.0.0.1 127.0.0.1:%d
deeper
404
["POST",{"k":"v","w":"2"}]
index /index/1 null 127.0.0.1 127.0.0.1:%d 1
index /index/2 null 127.0.0.1 127.0.0.1:%d 0
index /index/meanwhile null 127.0.0.1 127.0.0.1:%d
1 "2\r\na,\r\n1\r\nb\r\n0\r\n\r\n"
client exit: 0
bool(true)
int(101)
ws echo: hello
stopping
exit: 0
bool(true)
ws: client gone
bool(true)
start returned
run returned
