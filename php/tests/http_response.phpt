--TEST--
Http\Response: header() formatting and values, status() (unknown codes as 200), cookie()/rawcookie() with every attribute, redirect(), write() (chunked), sendfile() (MIME type, range, errors), end() twice and calls after end (Swoole's warning), isWritable(), detach() + create(), var_dump() shape, and a response never ended (500, or the status set)
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$file = sys_get_temp_dir() . '/swirl-sendfile-' . getmypid() . '.txt';
file_put_contents($file, "0123456789\n");
$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('request', function (Swoole\Http\Request $req, Swoole\Http\Response $res) use ($argv, $server) {
    $file = $argv[1];
    switch ($req->server['request_uri']) {
        case '/headers':
            $r = [];
            $r[] = $res->header('content-type', 'text/plain; charset=utf-8');
            $r[] = $res->header('x-my-HEADER', 'v');
            $r[] = $res->setHeader('X-raw-KEY', 'r', false);
            $r[] = $res->header('Test-Value', ["a\r\n", 'd5678', "e  \n ", null, 5678, 3.5]);
            $r[] = $res->header('Foo', new SplFileInfo('bar'));
            $r[] = $res->header('X-Bad', "a\r\nb");
            $r[] = $res->header('X-Removed', 'x');
            $r[] = $res->header('X-Removed', null);
            $r[] = $res->header('Content-Length', '100002 ');
            $r[] = $res->header("Bad\r\nKey", 'x');
            $r[] = $res->header(str_repeat('k', 128), 'x');
            $res->end(json_encode($r) . ' ' . json_encode(array_keys($res->header)));
            break;
        case '/status':
            $res->status((int) $req->get['code'], $req->get['reason'] ?? '');
            $res->end('status');
            break;
        case '/cookie':
            $r = [];
            $r[] = $res->cookie('a', 'b c&d');
            $r[] = $res->setCookie('gone', '');
            $r[] = $res->cookie('full', 'v', 2000000000, '/p', 'example.com', true, true, 'Lax');
            $r[] = $res->cookie('prio', 'v', 0, '', '', false, false, 'Strict', 'High');
            $r[] = $res->rawcookie('raw', 'a b%20');
            $r[] = $res->rawcookie('crlf', "a\r\nb");
            $r[] = $res->cookie('bad name', 'x');
            $r[] = $res->cookie('far', 'x', PHP_INT_MAX >> 8);
            $res->end(json_encode($r));
            break;
        case '/redirect':
            var_dump($res->redirect('http://example.com/next', 301));
            break;
        case '/redirect302':
            $res->redirect('/here');
            break;
        case '/twice':
            $before = $res->isWritable();
            var_dump($res->end('one'));
            var_dump($before, $res->isWritable(), $res->end('two'), $res->header('X-Late', '1'),
                $res->write('x'), $res->status(201), $res->cookie('c', 'v'), $res->detach());
            break;
        case '/write':
            var_dump($res->write('abc'), $res->write(''), $res->write('defg'), $res->end('ignored'));
            break;
        case '/sendfile':
            var_dump($res->sendfile($file));
            var_dump($res->header['Content-Type']);
            break;
        case '/range':
            $res->header('Content-Type', 'application/x-mine');
            var_dump($res->sendfile($file, 2, 3));
            break;
        case '/sendfile-errors':
            var_dump($res->sendfile(''), $res->sendfile('/no/such/file'), $res->sendfile('/tmp'),
                $res->sendfile($file, 100), $res->sendfile($file, 5, 100), $res->isWritable());
            $res->end('after errors');
            break;
        case '/never':
            break;
        case '/never404':
            $res->status(404);
            break;
        case '/detach':
            var_dump($res->detach(), $res->isWritable());
            $other = Swoole\Http\Response::create($req->fd);
            var_dump(get_class($other), $other->fd === $req->fd);
            $other->header('X-From', 'create');
            var_dump($other->end('from create'));
            break;
        case '/raw':
            $res->detach();
            $server->send($req->fd, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nraw");
            $server->close($req->fd);
            break;
        case '/dump':
            $res->header('X', 'y');
            var_dump($res);
            $res->end('dumped');
            break;
    }
});
$server->start();
PHP, [$file]);
$port = $p->port();

function show(int $port, string $path, string $method = 'GET'): void
{
    $r = ServerProcess::request($port, "$method $path HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    echo "== $method $path\n", preg_replace('/^Date: .*$/m', 'Date: DATE', $r), "\n";
}
foreach (['/headers', '/status?code=404', '/status?code=299', '/status?code=299&reason=Whatever',
          '/status?code=0', '/cookie', '/redirect', '/redirect302', '/twice', '/write', '/sendfile', '/range',
          '/sendfile-errors', '/never', '/never404', '/detach', '/raw', '/dump'] as $path) {
    show($port, $path);
}
show($port, '/headers', 'HEAD');
echo "exit: ", $p->stop(), "\n";
echo "stdout:\n", $p->out;
echo "stderr:\n", str_replace($file, 'FILE', preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err));
@unlink($file);
?>
--EXPECTF--
== GET /headers
HTTP/1.1 200 OK
Content-Type: text/plain; charset=utf-8
X-My-Header: v
X-raw-KEY: r
Test-Value: a
Test-Value: d5678
Test-Value: e
Test-Value: 5678
Test-Value: 3.5
Foo: bar
Content-Length: 100002
Server: swoole-http-server
Connection: close
Date: DATE

[true,true,true,true,true,true,true,true,true,false,false] ["Content-Type","X-My-Header","X-raw-KEY","Test-Value","Foo","X-Bad","X-Removed","Content-Length"]
== GET /status?code=404
HTTP/1.1 404 Not Found
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 6

status
== GET /status?code=299
HTTP/1.1 200 OK
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 6

status
== GET /status?code=299&reason=Whatever
HTTP/1.1 299 Whatever
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 6

status
== GET /status?code=0
HTTP/1.1 200 OK
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 6

status
== GET /cookie
HTTP/1.1 200 OK
Set-Cookie: a=b+c%26d
Set-Cookie: gone=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT
Set-Cookie: full=v; expires=Wed, 18-May-2033 03:33:20 GMT; path=/p; domain=example.com; secure; httponly; samesite=Lax
Set-Cookie: prio=v; samesite=Strict; priority=High
Set-Cookie: raw=a b%20
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 44

[true,true,true,true,true,false,false,false]
== GET /redirect
HTTP/1.1 301 Moved Permanently
Location: http://example.com/next
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 0


== GET /redirect302
HTTP/1.1 302 Found
Location: /here
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 0


== GET /twice
HTTP/1.1 200 OK
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 3

one
== GET /write
HTTP/1.1 200 OK
Server: swoole-http-server
Connection: %s
Content-Type: text/html
Date: DATE
Transfer-Encoding: chunked

3
abc
4
defg
0


== GET /sendfile
HTTP/1.1 200 OK
Content-Type: text/plain
Server: swoole-http-server
Connection: close
Date: DATE
Content-Length: 11

0123456789

== GET /range
HTTP/1.1 200 OK
Content-Type: application/x-mine
Server: swoole-http-server
Connection: close
Date: DATE
Content-Length: 3

234
== GET /sendfile-errors
HTTP/1.1 200 OK
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 12

after errors
== GET /never
HTTP/1.1 500 Internal Server Error
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 0


== GET /never404
HTTP/1.1 404 Not Found
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 0


== GET /detach
HTTP/1.1 200 OK
X-From: create
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 11

from create
== GET /raw
HTTP/1.1 200 OK
Content-Length: 3
Connection: close

raw
== GET /dump
HTTP/1.1 200 OK
X: y
Server: swoole-http-server
Connection: close
Content-Type: text/html
Date: DATE
Content-Length: 6

dumped
== HEAD /headers
HTTP/1.1 200 OK
Content-Type: text/plain; charset=utf-8
X-My-Header: v
X-raw-KEY: r
Test-Value: a
Test-Value: d5678
Test-Value: e
Test-Value: 5678
Test-Value: 3.5
Foo: bar
Content-Length: 100002
Server: swoole-http-server
Connection: close
Date: DATE


exit: 0
stdout:
PORT %d
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
string(10) "text/plain"
bool(true)
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
bool(true)
bool(true)
bool(false)
string(20) "Swoole\Http\Response"
bool(true)
bool(true)
object(Swoole\Http\Response)#%d (5) {
  ["fd"]=>
  int(%d)
  ["socket"]=>
  NULL
  ["header"]=>
  array(1) {
    ["X"]=>
    string(1) "y"
  }
  ["cookie"]=>
  NULL
  ["trailer"]=>
  NULL
}
stderr:
PHP Warning:  Swoole\Http\Response::header(): header key is too long in SCRIPT on line 20
PHP Warning:  Swoole\Http\Response::cookie(): Cookie names can't contain any of the following '=,; \t\r\n\013\014' in SCRIPT on line 35
PHP Warning:  Swoole\Http\Response::cookie(): Expiry date can't be a year greater than 9999 in SCRIPT on line 36
PHP Warning:  Swoole\Http\Response::end(): http response is unavailable (maybe it has been ended or detached) in SCRIPT on line 48
PHP Warning:  Swoole\Http\Response::header(): http response is unavailable (maybe it has been ended or detached) in SCRIPT on line 48
PHP Warning:  Swoole\Http\Response::write(): http response is unavailable (maybe it has been ended or detached) in SCRIPT on line 49
PHP Warning:  Swoole\Http\Response::status(): http response is unavailable (maybe it has been ended or detached) in SCRIPT on line 49
PHP Warning:  Swoole\Http\Response::cookie(): http response is unavailable (maybe it has been ended or detached) in SCRIPT on line 49
PHP Warning:  Swoole\Http\Response::detach(): http response is unavailable (maybe it has been ended or detached) in SCRIPT on line 49
PHP Warning:  Swoole\Http\Response::write(): data to send is empty in SCRIPT on line 52
PHP Warning:  Swoole\Http\Response::sendfile(): file name is empty in SCRIPT on line 63
PHP Warning:  Swoole\Http\Response::sendfile(): stat(/no/such/file) failed, Error: No such file or directory[2] in SCRIPT on line 63
PHP Warning:  Swoole\Http\Response::sendfile(): parameter $file[/tmp] given is not a regular file in SCRIPT on line 63
PHP Warning:  Swoole\Http\Response::sendfile(): parameter $offset[100] exceeds the file size in SCRIPT on line 64
PHP Warning:  Swoole\Http\Response::sendfile(): parameter $length[100] exceeds the file size in SCRIPT on line 64
PHP Warning:  Swoole\Http\Response::header(): header key is too long in SCRIPT on line 20
PHP Warning:  Swoole\Http\Response::end(): HEAD method should not return body in SCRIPT on line 21
