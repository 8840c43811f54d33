--TEST--
Http\Response::ping(), goaway(), upgrade(), push(), recv() and close() on an HTTP/1.1 connection of the asynchronous server, as Swoole 4.8 answers them: warnings and false (ping/goaway: not HTTP/2, upgrade: async server, push/recv: not a WebSocket), close() drops the connection (onClose runs)
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$http->set(['worker_num' => 1]);
$http->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$http->on('close', function ($s, $fd) { echo "close\n"; });
$http->on('request', function ($req, $resp) {
    if ($req->server['request_uri'] === '/close') {
        var_dump($resp->close());
        return;
    }
    $r = [];
    foreach (['ping', 'goaway', 'upgrade', 'recv'] as $m) {
        $r[] = [$m, $resp->$m(), swoole_last_error()];
    }
    $r[] = ['push', $resp->push('x'), swoole_last_error()];
    $r[] = ['end', $resp->end('ok')];
    // After end(): ping and upgrade check the response first, push does not.
    $r[] = ['ping', $resp->ping()];
    $r[] = ['upgrade', $resp->upgrade()];
    $r[] = ['push', $resp->push('x')];
    echo json_encode($r), "\n";
});
$http->start();
PHP);
$port = $p->port();
$r = ServerProcess::request($port, "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
echo substr($r, strpos($r, "\r\n\r\n") + 4), "\n";
var_dump(ServerProcess::request($port, "GET /close HTTP/1.1\r\nHost: t\r\n\r\n"));
$p->waitForOutput('/^close$/m', 2);
echo 'exit: ', $p->stop(), "\n";
echo $p->out;
echo preg_replace(['~/\S+/swirl-test-\w+\.php~', '/fd\[\d+\]/'], ['SCRIPT', 'fd[N]'], $p->err);
?>
--EXPECTF--
ok
string(0) ""
exit: 0
PORT %d
[["ping",false,503],["goaway",false,503],["upgrade",false,503],["recv",false,503],["push",false,503],["end",true],["ping",false],["upgrade",false],["push",false]]
close
close
bool(true)
PHP Warning:  Swoole\Http\Response::ping(): fd[N] is not a HTTP2 conncetion in SCRIPT on line 13
PHP Warning:  Swoole\Http\Response::goaway(): fd[N] is not a HTTP2 conncetion in SCRIPT on line 13
PHP Warning:  Swoole\Http\Response::upgrade(): async server dose not support protocol upgrade in SCRIPT on line 13
PHP Warning:  Swoole\Http\Response::recv(): fd[N] is not a websocket conncetion in SCRIPT on line 13
PHP Warning:  Swoole\Http\Response::push(): fd[N] is not a websocket conncetion in SCRIPT on line 15
PHP Warning:  Swoole\Http\Response::ping(): http response is unavailable (maybe it has been ended or detached) in SCRIPT on line 18
PHP Warning:  Swoole\Http\Response::upgrade(): http response is unavailable (maybe it has been ended or detached) in SCRIPT on line 19
PHP Warning:  Swoole\Http\Response::push(): fd[N] is not a websocket conncetion in SCRIPT on line 20
