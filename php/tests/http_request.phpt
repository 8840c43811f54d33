--TEST--
Http\Request fields: header (lower-cased, last of a name wins, no Cookie), server (Swoole's keys and order), get and urlencoded post by parse_str rules, cookie by Swoole's parser, rawContent/getContent/getData/getMethod, var_dump() shape, isset() and writes on the lazy properties, http_parse_cookie/http_parse_post off, Request::create()/parse()
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('request', function (Swoole\Http\Request $req, Swoole\Http\Response $res) {
    ob_start();
    switch ($req->server['request_uri']) {
        case '/dump':
            var_dump($req);
            break;
        case '/lazy':
            var_dump(isset($req->get), isset($req->cookie), isset($req->header['host']));
            $req->get['added'] = 'yes';
            $req->post = ['mine'];
            var_dump($req->get, $req->post, empty($req->files));
            unset($req->cookie);
            var_dump(property_exists($req, 'cookie'));
            break;
        default:
            $s = $req->server;
            foreach (['request_time', 'master_time', 'remote_port', 'server_port'] as $k) {
                $s[$k] = gettype($s[$k]);
            }
            $s['request_time_float'] = gettype($s['request_time_float']);
            var_dump($req->fd > 0, $req->header, $s, $req->get, $req->cookie, $req->post, $req->files,
                $req->getMethod(), $req->rawContent(), $req->getContent() === $req->rawContent());
            echo json_encode($req->getData()), "\n";
    }
    $res->end(ob_get_clean());
});
$server->start();
PHP);
$port = $p->port();

function body(string $r): string
{
    return substr($r, strpos($r, "\r\n\r\n") + 4);
}

echo body(ServerProcess::request($port, "GET /p%20x/a+b?a=1&b[]=2&b[]=3&c=%41+B&d[k]=v&e.f=1#frag HTTP/1.1\r\n"
    . "Host: example.test\r\nX-Dup: one\r\nx-dup: two\r\n"
    . "Cookie: a=1; b=\"q+r%21\";  c = spaced\r\nCookie: d=4;e\r\nConnection: close\r\n\r\n"));
echo "----\n";
$body = 'x=1&y[]=a+b&y[]=c&z=%26&w';
echo body(ServerProcess::request($port, "POST /form HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    . "Content-Length: " . strlen($body) . "\r\n\r\n$body"));
echo "----\n";
echo body(ServerProcess::request($port, "PUT /json HTTP/1.0\r\nContent-Type: application/json\r\n"
    . "Content-Length: 9\r\n\r\n{\"a\": 1}\n"));
echo "----\n";
echo body(ServerProcess::request($port, "GET /dump HTTP/1.0\r\nHost: h\r\n\r\n"));
echo "----\n";
echo body(ServerProcess::request($port, "GET /lazy HTTP/1.0\r\nHost: h\r\n\r\n"));
echo "exit: ", $p->stop(), "\n";
echo $p->err;

// The options that turn parsing off.
$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1, 'http_parse_cookie' => false, 'http_parse_post' => false]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('request', function ($req, $res) {
    $res->end(json_encode([$req->cookie, $req->header['cookie'] ?? null, $req->post, $req->rawContent()]));
});
$server->start();
PHP);
$port = $p->port();
echo "\n", body(ServerProcess::request($port, "POST / HTTP/1.0\r\nCookie: a=1\r\n"
    . "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nq=1")), "\n";
echo "exit: ", $p->stop(), "\n";

// Request::create() and parse(), as in Swoole's documentation.
require ServerProcess::root() . '/php/bootstrap.php';
$data = "GET /index.html?hello=world&test=2123 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
    . "Cookie: env=pretest; username=hantianfeng\r\n";
$req = Swoole\Http\Request::create(['parse_cookie' => false]);
var_dump($req->isCompleted(), $req->parse($data), $req->parse("\r\n"), $req->isCompleted());
var_dump($req->header, $req->get, $req->cookie, $req->server['request_uri'], $req->getMethod());
?>
--EXPECTF--
bool(true)
array(3) {
  ["host"]=>
  string(12) "example.test"
  ["x-dup"]=>
  string(3) "two"
  ["connection"]=>
  string(5) "close"
}
array(11) {
  ["query_string"]=>
  string(36) "a=1&b[]=2&b[]=3&c=%41+B&d[k]=v&e.f=1"
  ["request_method"]=>
  string(3) "GET"
  ["request_uri"]=>
  string(10) "/p%20x/a+b"
  ["path_info"]=>
  string(8) "/p x/a b"
  ["request_time"]=>
  string(7) "integer"
  ["request_time_float"]=>
  string(6) "double"
  ["server_protocol"]=>
  string(8) "HTTP/1.1"
  ["server_port"]=>
  string(7) "integer"
  ["remote_port"]=>
  string(7) "integer"
  ["remote_addr"]=>
  string(9) "127.0.0.1"
  ["master_time"]=>
  string(7) "integer"
}
array(5) {
  ["a"]=>
  string(1) "1"
  ["b"]=>
  array(2) {
    [0]=>
    string(1) "2"
    [1]=>
    string(1) "3"
  }
  ["c"]=>
  string(3) "A B"
  ["d"]=>
  array(1) {
    ["k"]=>
    string(1) "v"
  }
  ["e_f"]=>
  string(1) "1"
}
array(4) {
  ["a"]=>
  string(1) "1"
  ["b"]=>
  string(4) "q r!"
  ["c "]=>
  string(7) " spaced"
  ["d"]=>
  string(1) "e"
}
NULL
NULL
string(3) "GET"
string(0) ""
bool(true)
"GET \/p%20x\/a+b?a=1&b[]=2&b[]=3&c=%41+B&d[k]=v&e.f=1#frag HTTP\/1.1\r\nHost: example.test\r\nX-Dup: one\r\nx-dup: two\r\nCookie: a=1; b=\"q+r%21\";  c = spaced\r\nCookie: d=4;e\r\nConnection: close\r\n\r\n"
----
bool(true)
array(2) {
  ["content-type"]=>
  string(33) "application/x-www-form-urlencoded"
  ["content-length"]=>
  string(2) "25"
}
array(10) {
  ["request_method"]=>
  string(4) "POST"
  ["request_uri"]=>
  string(5) "/form"
  ["path_info"]=>
  string(5) "/form"
  ["request_time"]=>
  string(7) "integer"
  ["request_time_float"]=>
  string(6) "double"
  ["server_protocol"]=>
  string(8) "HTTP/1.0"
  ["server_port"]=>
  string(7) "integer"
  ["remote_port"]=>
  string(7) "integer"
  ["remote_addr"]=>
  string(9) "127.0.0.1"
  ["master_time"]=>
  string(7) "integer"
}
NULL
NULL
array(4) {
  ["x"]=>
  string(1) "1"
  ["y"]=>
  array(2) {
    [0]=>
    string(3) "a b"
    [1]=>
    string(1) "c"
  }
  ["z"]=>
  string(1) "&"
  ["w"]=>
  string(0) ""
}
NULL
string(4) "POST"
string(25) "x=1&y[]=a+b&y[]=c&z=%26&w"
bool(true)
"POST \/form HTTP\/1.0\r\nContent-Type: application\/x-www-form-urlencoded\r\nContent-Length: 25\r\n\r\nx=1&y[]=a+b&y[]=c&z=%26&w"
----
bool(true)
array(2) {
  ["content-type"]=>
  string(16) "application/json"
  ["content-length"]=>
  string(1) "9"
}
array(10) {
  ["request_method"]=>
  string(3) "PUT"
  ["request_uri"]=>
  string(5) "/json"
  ["path_info"]=>
  string(5) "/json"
  ["request_time"]=>
  string(7) "integer"
  ["request_time_float"]=>
  string(6) "double"
  ["server_protocol"]=>
  string(8) "HTTP/1.0"
  ["server_port"]=>
  string(7) "integer"
  ["remote_port"]=>
  string(7) "integer"
  ["remote_addr"]=>
  string(9) "127.0.0.1"
  ["master_time"]=>
  string(7) "integer"
}
NULL
NULL
NULL
NULL
string(3) "PUT"
string(9) "{"a": 1}
"
bool(true)
"PUT \/json HTTP\/1.0\r\nContent-Type: application\/json\r\nContent-Length: 9\r\n\r\n{\"a\": 1}\n"
----
object(Swoole\Http\Request)#%d (9) {
  ["fd"]=>
  int(%d)
  ["streamId"]=>
  int(0)
  ["header"]=>
  array(1) {
    ["host"]=>
    string(1) "h"
  }
  ["server"]=>
  array(10) {
    ["request_method"]=>
    string(3) "GET"
    ["request_uri"]=>
    string(5) "/dump"
    ["path_info"]=>
    string(5) "/dump"
    ["request_time"]=>
    int(%d)
    ["request_time_float"]=>
    float(%f)
    ["server_protocol"]=>
    string(8) "HTTP/1.0"
    ["server_port"]=>
    int(%d)
    ["remote_port"]=>
    int(%d)
    ["remote_addr"]=>
    string(9) "127.0.0.1"
    ["master_time"]=>
    int(%d)
  }
  ["cookie"]=>
  NULL
  ["get"]=>
  NULL
  ["files"]=>
  NULL
  ["post"]=>
  NULL
  ["tmpfiles"]=>
  NULL
}
----
bool(false)
bool(false)
bool(true)
array(1) {
  ["added"]=>
  string(3) "yes"
}
array(1) {
  [0]=>
  string(4) "mine"
}
bool(true)
bool(true)
exit: 0

[null,"a=1",null,"q=1"]
exit: 0
bool(false)
int(132)
int(2)
bool(true)
array(3) {
  ["host"]=>
  string(9) "127.0.0.1"
  ["connection"]=>
  string(10) "keep-alive"
  ["cookie"]=>
  string(33) "env=pretest; username=hantianfeng"
}
array(2) {
  ["hello"]=>
  string(5) "world"
  ["test"]=>
  string(4) "2123"
}
NULL
string(11) "/index.html"
string(3) "GET"
