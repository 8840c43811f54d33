--TEST--
Coroutine layer misuse gets a clear error: a callable that is not one, a port in use (Coroutine\Http\Server, Coroutine\Server), an empty HTTP client host, a bad socket domain, a channel outside a coroutine, bad helper hooks; Coroutine\Http\Server answers a malformed request with 400 and an oversized body with 413, closes that connection and goes on serving
--SKIPIF--
<?php if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
function show(Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
try { go('no_such_function'); } catch (Throwable $e) { show($e); }
try { (new Co\Channel(1))->push(1); } catch (Throwable $e) { show($e); }
try { new Swoole\Coroutine\Http\Client(''); } catch (Throwable $e) { show($e); }
try { new Swoole\Coroutine\Socket(12345, SOCK_STREAM, 0); } catch (Throwable $e) { echo get_class($e), " ", $e->getCode(), "\n"; }
$taken = stream_socket_server('tcp://127.0.0.1:0');
$port = (int) substr(strrchr(stream_socket_get_name($taken, false), ':'), 1);
try { new Swoole\Coroutine\Http\Server('127.0.0.1', $port); } catch (Throwable $e) { echo get_class($e), ' ', $e->getCode(), "\n"; }
try { new Swoole\Coroutine\Server('127.0.0.1', $port); } catch (Throwable $e) { echo get_class($e), ' ', $e->getCode(), "\n"; }
var_dump(swirl_helper_hook('no_such_function', null));
try { swirl_helper_hook('sleep', 'no_such_function'); } catch (Throwable $e) { show($e); }
try { swirl_helper_exit_filter('no_such_function'); } catch (Throwable $e) { show($e); }
Co\run(function () {
    $server = new Swoole\Coroutine\Http\Server('127.0.0.1', 0);
    $server->set(['package_max_length' => 1000]);
    $server->handle('/', function ($req, $resp) { $resp->end('ok ' . strlen($req->rawContent())); });
    $server->handle('/stop', function ($req, $resp) use ($server) { $resp->end('bye'); $server->shutdown(); });
    echo "PORT {$server->port}\n";
    $server->start();
});
PHP);
$port = $p->port();
foreach (["NONSENSE\r\n\r\n", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"] as $bad) {
    $c = ServerProcess::connect($port);
    fwrite($c, $bad);
    $r = ServerProcess::readAll($c, 5);
    echo strtok($r, "\r\n"), ' / closed: ', var_export(feof($c), true), "\n";
}
$c = ServerProcess::connect($port);
fwrite($c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
$r = ServerProcess::readAll($c, 5);
echo substr($r, strpos($r, "\r\n\r\n") + 4), "\n";
$c = ServerProcess::connect($port);
fwrite($c, "GET /stop HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
ServerProcess::readAll($c, 5);
echo "exit: ", $p->wait(), "\n";
echo preg_replace('/^PORT \d+\n/m', '', $p->out);
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECT--
HTTP/1.1 400 Bad Request / closed: true
HTTP/1.1 413 Request Entity Too Large / closed: true
ok 3
exit: 0
TypeError: Swoole\Coroutine::create(): Argument #1 ($func) must be a valid callback, function "no_such_function" not found or invalid function name
Swoole\Error: API must be called in the coroutine
Swoole\Coroutine\Http\Client\Exception: host is empty
Swoole\Coroutine\Socket\Exception 97
Swoole\Exception 98
Swoole\Coroutine\Exception 98
bool(false)
TypeError: swirl_helper_hook(): Argument #2 ($hook) must be a valid callback or null
TypeError: swirl_helper_exit_filter(): Argument #1 ($filter) must be a valid callback or null
PHP Warning:  swirl_helper_hook(): no_such_function is not an internal function in SCRIPT on line 11
