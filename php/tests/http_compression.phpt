--TEST--
Http\Response compression: on by default (gzip, else deflate, as Accept-Encoding allows) for bodies of at least http_compression_min_length bytes; off with http_compression false; http_compression_types limits the types; gzip() forces it; chunked writes are never compressed; curl --compressed reads it
--SKIPIF--
<?php if (!is_executable('/usr/bin/curl')) die('skip curl is missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$code = <<<'PHP'
<?php
$server = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1] + json_decode($argv[1], true));
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('request', function ($req, $res) {
    $n = (int) ($req->get['n'] ?? 100);
    if (isset($req->get['type'])) {
        $res->header('Content-Type', $req->get['type']);
    }
    if (isset($req->get['gzip'])) {
        $res->gzip((int) $req->get['gzip']);
    }
    if (isset($req->get['chunked'])) {
        $res->write(str_repeat('c', $n));
        $res->end();
        return;
    }
    $res->end(str_repeat('x', $n));
});
$server->start();
PHP;

function ask(int $port, string $query, string $accept): string
{
    $r = ServerProcess::request($port, "GET /?$query HTTP/1.1\r\nHost: t\r\n"
        . ($accept === '' ? '' : "Accept-Encoding: $accept\r\n") . "Connection: close\r\n\r\n");
    [$head, $body] = explode("\r\n\r\n", $r, 2) + ['', ''];
    $enc = preg_match('/^Content-Encoding: (\S+)/mi', $head, $m) ? $m[1] : 'identity';
    $len = preg_match('/^Content-Length: (\d+)/mi', $head, $m) ? (int) $m[1] : -1;
    if (str_contains($head, 'Transfer-Encoding: chunked')) {
        $plain = '';
        while (preg_match('/^([0-9a-f]+)\r\n/', $body, $m) && hexdec($m[1]) > 0) {
            $plain .= substr($body, strlen($m[0]), hexdec($m[1]));
            $body = substr($body, strlen($m[0]) + hexdec($m[1]) + 2);
        }
        return "chunked, $enc, " . strlen($plain) . ' bytes';
    }
    $plain = match ($enc) {
        'gzip' => gzdecode($body),
        'deflate' => gzinflate($body),
        default => $body,
    };
    $ok = $plain !== false && $len === strlen($body) && $plain === str_repeat('x', strlen($plain));
    return "$enc, " . ($plain === false ? 'undecodable' : strlen($plain) . ' bytes') . ($ok ? '' : ' (bad)')
        . ($enc !== 'identity' && $len >= strlen($plain) ? ' (not smaller)' : '');
}

foreach ([
    'defaults' => [],
    'off' => ['http_compression' => false],
    'min 100, level 9' => ['http_compression_min_length' => 100, 'http_compression_level' => 9],
    'types' => ['http_compression_types' => ['application/json']],
] as $name => $settings) {
    $p = ServerProcess::startCode($code, [json_encode($settings ?: new stdClass())]);
    $port = $p->port();
    echo "== $name\n";
    echo "gzip 100: ", ask($port, 'n=100', 'gzip, deflate, br'), "\n";
    echo "deflate 100: ", ask($port, 'n=100', 'deflate'), "\n";
    echo "none 100: ", ask($port, 'n=100', ''), "\n";
    echo "identity 100: ", ask($port, 'n=100', 'identity'), "\n";
    echo "gzip 19: ", ask($port, 'n=19', 'gzip'), "\n";
    echo "gzip 20: ", ask($port, 'n=20', 'gzip'), "\n";
    echo "gzip 99: ", ask($port, 'n=99', 'gzip'), "\n";
    echo "json: ", ask($port, 'n=100&type=application/json', 'gzip'), "\n";
    echo "gzip(): ", ask($port, 'n=100&gzip=6', 'gzip'), "\n";
    echo "chunked: ", ask($port, 'n=100&chunked=1', 'gzip'), "\n";
    if ($name === 'defaults') {
        echo "curl: ", strlen(shell_exec("curl -s -m 5 --compressed 'http://127.0.0.1:$port/?n=5000'")), "\n";
    }
    echo "exit: ", $p->stop(), "\n";
    echo $p->err;
}
?>
--EXPECT--
== defaults
gzip 100: gzip, 100 bytes
deflate 100: deflate, 100 bytes
none 100: identity, 100 bytes
identity 100: identity, 100 bytes
gzip 19: identity, 19 bytes
gzip 20: gzip, 20 bytes (not smaller)
gzip 99: gzip, 99 bytes
json: gzip, 100 bytes
gzip(): gzip, 100 bytes
chunked: chunked, identity, 100 bytes
curl: 5000
exit: 0
== off
gzip 100: identity, 100 bytes
deflate 100: identity, 100 bytes
none 100: identity, 100 bytes
identity 100: identity, 100 bytes
gzip 19: identity, 19 bytes
gzip 20: identity, 20 bytes
gzip 99: identity, 99 bytes
json: identity, 100 bytes
gzip(): gzip, 100 bytes
chunked: chunked, identity, 100 bytes
exit: 0
== min 100, level 9
gzip 100: gzip, 100 bytes
deflate 100: deflate, 100 bytes
none 100: identity, 100 bytes
identity 100: identity, 100 bytes
gzip 19: identity, 19 bytes
gzip 20: identity, 20 bytes
gzip 99: identity, 99 bytes
json: gzip, 100 bytes
gzip(): gzip, 100 bytes
chunked: chunked, identity, 100 bytes
exit: 0
== types
gzip 100: identity, 100 bytes
deflate 100: identity, 100 bytes
none 100: identity, 100 bytes
identity 100: identity, 100 bytes
gzip 19: identity, 19 bytes
gzip 20: identity, 20 bytes
gzip 99: identity, 99 bytes
json: gzip, 100 bytes
gzip(): identity, 100 bytes
chunked: chunked, identity, 100 bytes
exit: 0
