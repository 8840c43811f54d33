--TEST--
Http\Response framing as in Swoole 4.8: a Content-Length set by the user is sent as it is (also for HEAD with an empty end(), curl sees it); HEAD without one gets no length, HEAD with a body a warning and no body; 204 and 304 keep Content-Type and Content-Length: 0; header('Status', ...) is an ordinary header and status() with a reason phrase still sets the status line (end() and write()); a user Content-Length is dropped with Swoole's warnings when the body is compressed or chunked
--SKIPIF--
<?php if (!is_executable('/usr/bin/curl')) die('skip curl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$data = json_encode(['code' => 'ok', 'error' => false, 'payload' => 'Hello World']);
$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$http->set(['worker_num' => 1]);
$http->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$http->on('request', function ($req, $resp) use ($data) {
    switch ($req->server['request_uri']) {
        case '/head':        // tests/swoole_http_server/head_method.phpt
            $resp->header('Content-Type', 'application/json');
            if ($req->server['request_method'] == 'HEAD') {
                $resp->header('Content-Length', strlen($data));
                $resp->end();
                return;
            }
            $resp->end($data);
            return;
        case '/head2':       // head_method2.phpt: the body is not sent
            $resp->header('Content-Type', 'application/json');
            $resp->header('Content-Length', strlen($data));
            $resp->end('swoole');
            return;
        case '/plain':
            $resp->end($req->get['body'] ?? '');
            return;
        case '/length':      // "allow setting content length header"
            $resp->header('Content-Length', 50);
            $resp->end(str_repeat('a', 50));
            return;
        case '/204':
            $resp->status(204);
            $resp->end();
            return;
        case '/304':
            $resp->status(304);
            $resp->end();
            return;
        case '/status-header':
            $resp->header('Status', 'hello');
            $resp->end('x');
            return;
        case '/reason':
            $resp->status(299, 'My Reason');
            $resp->header('Status', '1');
            $resp->end('x');
            return;
        case '/reason-write':
            $resp->status(599, 'Chunky');
            $resp->write('abc');
            $resp->end();
            return;
        case '/gzip-length':
            $resp->header('Content-Length', 10);
            $resp->end(str_repeat('z', 100));
            return;
        case '/write-length':
            $resp->header('Content-Length', 10);
            $resp->write('abc');
            $resp->end();
            return;
    }
});
$http->start();
PHP);
$port = $p->port();

function raw(int $port, string $method, string $path, string $extra = ''): void
{
    $r = ServerProcess::request($port, "$method $path HTTP/1.1\r\nHost: t\r\n{$extra}Connection: close\r\n\r\n");
    echo "== $method $path\n", str_replace("\r\n", "\n", preg_replace('/^Date: .*\r\n/m', '', $r)), "\n";
}

// curl, as Swoole's own tests use it (there through ext/curl).
$url = "http://127.0.0.1:$port";
$h = shell_exec("curl -s -I $url/head");
echo 'curl -I: ', preg_match('/^Content-Length: 51\r$/mi', $h) ? 'length 51' : $h, "\n";
echo 'curl: ', shell_exec("curl -s $url/head"), "\n";
$h = shell_exec("curl -s -i $url/length");
echo 'curl -i: ', str_contains($h, "Content-Length: 50\r\n") ? 'length 50' : $h, "\n";

raw($port, 'HEAD', '/head');
raw($port, 'HEAD', '/head2');
raw($port, 'HEAD', '/plain');
raw($port, 'HEAD', '/plain?body=abc');
raw($port, 'GET', '/204');
raw($port, 'GET', '/304');
raw($port, 'GET', '/status-header');
raw($port, 'GET', '/reason');
raw($port, 'GET', '/reason-write');
$r = ServerProcess::request($port, "GET /gzip-length HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
[$head, $body] = explode("\r\n\r\n", $r, 2);
echo "== gzip: ", preg_match('/^Content-Length: (\d+)$/mi', $head, $m) && (int) $m[1] === strlen($body) ? 'own length' : $head,
    ', ', gzdecode($body) === str_repeat('z', 100) ? 'body ok' : 'bad body', "\n";
raw($port, 'GET', '/write-length');
echo 'exit: ', $p->stop(), "\n";
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECT--
curl -I: length 51
curl: {"code":"ok","error":false,"payload":"Hello World"}
curl -i: length 50
== HEAD /head
HTTP/1.1 200 OK
Content-Type: application/json
Content-Length: 51
Server: swoole-http-server
Connection: close


== HEAD /head2
HTTP/1.1 200 OK
Content-Type: application/json
Content-Length: 51
Server: swoole-http-server
Connection: close


== HEAD /plain
HTTP/1.1 200 OK
Server: swoole-http-server
Connection: close
Content-Type: text/html


== HEAD /plain?body=abc
HTTP/1.1 200 OK
Server: swoole-http-server
Connection: close
Content-Type: text/html
Content-Length: 3


== GET /204
HTTP/1.1 204 No Content
Server: swoole-http-server
Connection: close
Content-Type: text/html
Content-Length: 0


== GET /304
HTTP/1.1 304 Not Modified
Server: swoole-http-server
Connection: close
Content-Type: text/html
Content-Length: 0


== GET /status-header
HTTP/1.1 200 OK
Status: hello
Server: swoole-http-server
Connection: close
Content-Type: text/html
Content-Length: 1

x
== GET /reason
HTTP/1.1 299 My Reason
Status: 1
Server: swoole-http-server
Connection: close
Content-Type: text/html
Content-Length: 1

x
== GET /reason-write
HTTP/1.1 599 Chunky
Server: swoole-http-server
Connection: close
Content-Type: text/html
Transfer-Encoding: chunked

3
abc
0


== gzip: own length, body ok
== GET /write-length
HTTP/1.1 200 OK
Server: swoole-http-server
Connection: close
Content-Type: text/html
Transfer-Encoding: chunked

3
abc
0


exit: 0
PHP Warning:  Swoole\Http\Response::end(): HEAD method should not return body in SCRIPT on line 20
PHP Warning:  Swoole\Http\Response::end(): HEAD method should not return body in SCRIPT on line 23
PHP Warning:  Swoole\Http\Response::end(): The client has set 'Accept-Encoding', 'Content-Length' is ignored in SCRIPT on line 53
PHP Warning:  Swoole\Http\Response::write(): You have set 'Transfer-Encoding', 'Content-Length' is ignored in SCRIPT on line 57
