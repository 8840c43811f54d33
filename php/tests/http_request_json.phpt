--TEST--
json_encode() of Http\Request gives Swoole's public properties (fd, streamId, header, server, cookie, get, files, post, tmpfiles; null when absent), also after some were read, and of Http\Response its five; get_object_vars() shows no private field
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$http->set(['worker_num' => 1]);
$http->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$http->on('request', function ($req, $resp) {
    if ($req->server['request_uri'] === '/read') {
        $req->get;  // one property built before the encoding
    }
    $j = json_decode(json_encode($req), true);
    $j['server']['request_time'] = gettype($j['server']['request_time']);
    $j['server']['request_time_float'] = gettype($j['server']['request_time_float']);
    $j['server']['master_time'] = gettype($j['server']['master_time']);
    $j['server']['remote_port'] = gettype($j['server']['remote_port']);
    $j['server']['server_port'] = gettype($j['server']['server_port']);
    $j['fd'] = gettype($j['fd']);
    $keys = array_keys(get_object_vars($req));
    $resp->end(json_encode($j, JSON_PRETTY_PRINT) . "\n" . str_replace('"fd":' . $req->fd . ',', '"fd":FD,', json_encode($resp)) . "\n"
        . json_encode(array_filter($keys, fn($k) => str_starts_with($k, 'swirl'))) . "\n");
});
$http->start();
PHP);
$port = $p->port();
function req(int $port, string $data): void
{
    $r = ServerProcess::request($port, $data);
    echo substr($r, strpos($r, "\r\n\r\n") + 4);
}
req($port, "GET /read?a=1&b[]=2 HTTP/1.1\r\nHost: t\r\nCookie: c=3; d=4\r\nConnection: close\r\n\r\n");
req($port, "POST /form HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    . "Content-Length: 7\r\nConnection: close\r\n\r\nx=1&y=2");
echo 'exit: ', $p->stop(), "\n", $p->err;
?>
--EXPECT--
{
    "fd": "integer",
    "streamId": 0,
    "header": {
        "host": "t",
        "connection": "close"
    },
    "server": {
        "query_string": "a=1&b[]=2",
        "request_method": "GET",
        "request_uri": "\/read",
        "path_info": "\/read",
        "request_time": "integer",
        "request_time_float": "double",
        "server_protocol": "HTTP\/1.1",
        "server_port": "integer",
        "remote_port": "integer",
        "remote_addr": "127.0.0.1",
        "master_time": "integer"
    },
    "cookie": {
        "c": "3",
        "d": "4"
    },
    "get": {
        "a": "1",
        "b": [
            "2"
        ]
    },
    "files": null,
    "post": null,
    "tmpfiles": null
}
{"fd":FD,"socket":null,"header":null,"cookie":null,"trailer":null}
[]
{
    "fd": "integer",
    "streamId": 0,
    "header": {
        "host": "t",
        "content-type": "application\/x-www-form-urlencoded",
        "content-length": "7",
        "connection": "close"
    },
    "server": {
        "request_method": "POST",
        "request_uri": "\/form",
        "path_info": "\/form",
        "request_time": "integer",
        "request_time_float": "double",
        "server_protocol": "HTTP\/1.1",
        "server_port": "integer",
        "remote_port": "integer",
        "remote_addr": "127.0.0.1",
        "master_time": "integer"
    },
    "cookie": null,
    "get": null,
    "files": null,
    "post": {
        "x": "1",
        "y": "2"
    },
    "tmpfiles": null
}
{"fd":FD,"socket":null,"header":null,"cookie":null,"trailer":null}
[]
exit: 0
