--TEST--
Swoole\Coroutine\Http\get(), post() and request(): one request each in the running coroutine, a ClientProxy with the answer, a Client\Exception when there is none
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () {
    $server = new Swoole\Coroutine\Http\Server('127.0.0.1', 0);
    $server->handle('/', function ($req, $resp) use ($server) {
        $resp->header('X-Method', $req->server['request_method']);
        $resp->end($req->server['request_method'] . ' ' . json_encode($req->post ?? $req->get));
        if (($req->get['stop'] ?? '') === '1') {
            $server->shutdown();
        }
    });
    go(function () use ($server) {
        $base = "http://127.0.0.1:{$server->port}/";
        $r = Swoole\Coroutine\Http\get("{$base}?a=1");
        echo get_class($r), ' ', $r->getStatusCode(), ' ', $r->getBody(), ' ', $r->getHeaders()['x-method'], "\n";
        $r = Swoole\Coroutine\Http\post($base, ['b' => '2']);
        echo $r->getStatusCode(), ' ', $r->getBody(), "\n";
        $r = Swoole\Coroutine\Http\request($base, 'PUT', 'raw');
        echo $r->getStatusCode(), ' ', $r->getBody(), "\n";
        try {
            Swoole\Coroutine\Http\get('http://127.0.0.1:1/');
        } catch (Swoole\Coroutine\Http\Client\Exception $e) {
            echo get_class($e), ': ', $e->getMessage(), ' ', $e->getCode(), "\n";
        }
        Swoole\Coroutine\Http\get("{$base}?stop=1");
    });
    $server->start();
    echo "done\n";
});
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECT--
exit: 0
Swoole\Coroutine\Http\ClientProxy 200 GET {"a":"1"} GET
200 POST {"b":"2"}
200 PUT null
Swoole\Coroutine\Http\Client\Exception: Connection refused 111
done
