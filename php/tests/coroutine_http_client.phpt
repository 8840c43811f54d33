--TEST--
Coroutine\Http\Client against a server in the same worker: GET with headers and status, POST of a form, keep-alive (one connection), chunked and gzip answers decoded, cookies kept and sent back, deferred execute()/recv(), download() to a file, a read timeout (statusCode -2, errCode 110), a refused connection (statusCode -1, errCode 111), and a WebSocket upgrade with push() and recv()
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\WebSocket\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1, 'http_compression' => true]);
$server->on('request', function ($req, $resp) {
    $uri = $req->server['request_uri'];
    if ($uri === '/hello') {
        $resp->header('X-Test', 'yes');
        $resp->status(201);
        $resp->end("hello {$req->header['host']} {$req->header['x-mine']} fd={$req->fd}");
    } elseif ($uri === '/form') {
        $resp->end(json_encode([$req->server['request_method'], $req->post, $req->header['content-type']]));
    } elseif ($uri === '/chunked') {
        $resp->write('part1,');
        $resp->write('part2');
        $resp->end();
    } elseif ($uri === '/big') {
        $resp->header('Content-Type', 'text/plain');
        $resp->end(str_repeat('swirl ', 2000));
    } elseif ($uri === '/cookie') {
        $resp->cookie('flavour', 'ginger snap');
        $resp->end('cookie sent back: ' . json_encode($req->cookie));
    } elseif ($uri === '/slow') {
        Co::sleep(0.5);
        $resp->end('late');
    } else {
        $resp->status(404);
        $resp->end('no');
    }
});
$server->on('message', function ($s, $frame) {
    $s->push($frame->fd, "echo: {$frame->data}");
});
$server->on('workerStart', function ($s) {
    go(function () use ($s) {
        $port = $s->port;
        $c = new Swoole\Coroutine\Http\Client('127.0.0.1', $port);
        $c->setHeaders(['X-Mine' => 'mine']);
        var_dump($c->get('/hello'), $c->statusCode, $c->headers['x-test']);
        $first = $c->body;
        echo $first, "\n";
        $c->get('/hello');
        echo "same connection: ", var_export(substr($c->body, strrpos($c->body, '=')) === substr($first, strrpos($first, '=')), true), "\n";
        var_dump($c->post('/form', ['a' => '1', 'b' => 'two words']));
        echo $c->body, "\n";
        $c->get('/chunked');
        echo $c->headers['transfer-encoding'], ' ', $c->body, "\n";
        $c->get('/big');
        echo $c->headers['content-encoding'] ?? 'plain', ' ', strlen($c->body), ' ', substr($c->body, 0, 12), "\n";
        $c->get('/cookie');
        echo $c->body, ' ', json_encode($c->cookies), "\n";
        $c->get('/cookie');
        echo $c->body, "\n";
        $c->setDefer();
        var_dump($c->get('/hello'), $c->statusCode);
        var_dump($c->recv(), $c->statusCode);
        $c->setDefer(false);
        $file = sys_get_temp_dir() . '/swirl-download-' . getmypid();
        var_dump($c->download('/big', $file), filesize($file));
        unlink($file);
        $c->set(['timeout' => 0.1]);
        var_dump($c->get('/slow'), $c->statusCode, $c->errCode, $c->errMsg);
        $c->close();

        $bad = new Swoole\Coroutine\Http\Client('127.0.0.1', 1);
        var_dump($bad->get('/'), $bad->statusCode, $bad->errCode);

        $ws = new Swoole\Coroutine\Http\Client('127.0.0.1', $port);
        var_dump($ws->upgrade('/'), $ws->statusCode);
        var_dump($ws->push('hi'));
        $f = $ws->recv(2);
        echo get_class($f), ' ', $f->opcode, ' ', $f->data, "\n";
        $s->shutdown();
    });
});
$server->start();
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECTF--
exit: 0
bool(true)
int(201)
string(3) "yes"
hello 127.0.0.1:%d mine fd=%d
same connection: true
bool(true)
["POST",{"a":"1","b":"two words"},"application\/x-www-form-urlencoded"]
chunked part1,part2
gzip 12000 swirl swirl 
cookie sent back: null {"flavour":"ginger snap"}
cookie sent back: {"flavour":"ginger snap"}
bool(true)
int(0)
bool(true)
int(201)
bool(true)
int(12000)
bool(false)
int(-2)
int(110)
string(20) "Connection timed out"
bool(false)
int(-1)
int(111)
bool(true)
int(101)
bool(true)
Swoole\WebSocket\Frame 1 echo: hi
