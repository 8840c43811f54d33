--TEST--
Http\Server transport: a 1 MB request body (and a 1 MB response), a chunked request body, 10 pipelined requests answered in order, 100 requests on one keep-alive connection, HEAD, HTTP/1.0 without keep-alive closes, curl
--SKIPIF--
<?php if (!is_executable('/usr/bin/curl')) die('skip curl is missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1, 'package_max_length' => 4 * 1024 * 1024]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('request', function ($req, $res) {
    switch ($req->server['request_uri']) {
        case '/echo':
            $body = $req->rawContent();
            $res->end(strlen($body) . ' ' . md5($body));
            break;
        case '/big':
            $res->header('Content-Type', 'application/octet-stream');
            $res->end(str_repeat('0123456789abcdef', 65536));
            break;
        default:
            $res->end('n=' . ($req->get['i'] ?? '-') . ' ' . $req->server['request_method']);
    }
});
$server->start();
PHP);
$port = $p->port();

function readResponse($c): ?array
{
    $buf = '';
    $end = microtime(true) + 5;
    while (($p = strpos($buf, "\r\n\r\n")) === false) {
        $d = ServerProcess::readN($c, 1, max(0.01, $end - microtime(true)));
        if ($d === '') {
            return null;
        }
        $buf .= $d;
    }
    $head = substr($buf, 0, $p);
    $len = preg_match('/^Content-Length: (\d+)/mi', $head, $m) ? (int) $m[1] : 0;
    $body = str_starts_with($head, 'HTTP/1.1 200') && !str_contains($head, 'HEAD-MARK') ? $len : 0;
    return [$head, ServerProcess::readN($c, $len, 5.0)];
}

// 1 MB up, 1 MB down.
$big = random_bytes(1 << 20);
$c = ServerProcess::connect($port);
fwrite($c, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " . strlen($big) . "\r\n\r\n");
fwrite($c, $big);
[$h, $b] = readResponse($c);
echo "1 MB body: ", $b === strlen($big) . ' ' . md5($big) ? 'ok' : "bad: $b", "\n";
fwrite($c, "GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
[$h, $b] = readResponse($c);
echo "1 MB response: ", strlen($b) === 1 << 20 && $b === str_repeat('0123456789abcdef', 65536) ? 'ok' : 'bad', "\n";

// A chunked request body.
fwrite($c, "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
[$h, $b] = readResponse($c);
echo "chunked body: ", $b === '11 ' . md5('hello world') ? 'ok' : "bad: $b", "\n";

// 10 pipelined requests in one write.
$batch = '';
for ($i = 0; $i < 10; $i++) {
    $batch .= "GET /n?i=$i HTTP/1.1\r\nHost: t\r\n\r\n";
}
fwrite($c, $batch);
$answers = [];
for ($i = 0; $i < 10; $i++) {
    $r = readResponse($c);
    $answers[] = $r === null ? 'none' : $r[1];
}
echo "pipelined: ", implode(',', $answers), "\n";

// 100 requests, one after the other, on the same connection.
$ok = 0;
for ($i = 0; $i < 100; $i++) {
    fwrite($c, "GET /n?i=$i HTTP/1.1\r\nHost: t\r\n\r\n");
    $r = readResponse($c);
    if ($r !== null && $r[1] === "n=$i GET" && str_contains($r[0], 'Connection: keep-alive')) {
        $ok++;
    }
}
echo "keep-alive: $ok of 100\n";

// HEAD: the head only (the length of the body it would have).
fwrite($c, "HEAD /n?i=h HTTP/1.1\r\nHost: t\r\n\r\n");
$buf = '';
while (!str_contains($buf, "\r\n\r\n") && ($d = ServerProcess::readN($c, 1, 5.0)) !== '') {
    $buf .= $d;
}
echo "HEAD: ", strtok($buf, "\r\n"), ", ", preg_match('/Content-Length: (\d+)/', $buf, $m) ? $m[1] : '?', "\n";
fwrite($c, "GET /n?i=after-head HTTP/1.1\r\nHost: t\r\n\r\n");
$r = readResponse($c);
echo "after HEAD: ", $r[1] ?? 'none', "\n";
fclose($c);

// HTTP/1.0 without keep-alive: the server closes after the answer.
$r = ServerProcess::request($port, "GET /n?i=10 HTTP/1.0\r\n\r\n");
echo "HTTP/1.0: ", substr($r, strpos($r, "\r\n\r\n") + 4), ", ", str_contains($r, 'Connection: close') ? 'close' : '?', "\n";

echo "curl: ", shell_exec("curl -s -m 5 http://127.0.0.1:$port/n?i=curl"), "\n";
echo "exit: ", $p->stop(), "\n";
echo $p->err;
?>
--EXPECTF--
1 MB body: ok
1 MB response: ok
chunked body: ok
pipelined: n=0 GET,n=1 GET,n=2 GET,n=3 GET,n=4 GET,n=5 GET,n=6 GET,n=7 GET,n=8 GET,n=9 GET
keep-alive: 100 of 100
HEAD: HTTP/1.1 200 OK, 8
after HEAD: n=after-head GET
HTTP/1.0: n=10 GET, close
curl: n=curl GET
exit: 0
PHP Warning:  Swoole\Http\Response::end(): HEAD method should not return body in %s on line 16
