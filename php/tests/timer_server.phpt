--TEST--
Timers in a server: Server::tick/after/clearTimer/defer and Swoole\Timer run on the worker's loop (ids from 1 in each worker); an exception in a worker's timer replaces the worker; a timer made before start() makes start() refuse ("eventLoop has already been created")
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('workerStart', function ($server, $id) {
    static $starts = 0;
    $n = 0;
    $tid = $server->tick(10, function ($timer_id, $tag) use ($server, &$n) {
        $n++;
        echo "tick $timer_id $tag $n\n";
        if ($n === 2) {
            var_dump($server->clearTimer($timer_id));
            $server->defer(function () use ($server) {
                echo "defer in worker\n";
                $server->after(5, function ($x) { echo "after $x\n"; }, 'x');
            });
        }
    }, 'w');
    echo "workerStart tick id $tid\n";
});
$server->on('request', function ($request, $response) use ($server) {
    if ($request->server['request_uri'] === '/boom') {
        Swoole\Timer::after(1, function () { throw new LogicException('timer boom'); });
        $response->end('boom armed');
        return;
    }
    // Answer later, from a timer: the response outlives the callback.
    Swoole\Timer::after(20, function () use ($response) {
        $response->end('late answer');
    });
});
$server->start();
PHP);
$port = $p->port();
echo "first: ", var_export($p->waitForOutput('/^after x$/m'), true), "\n";
echo ServerProcess::request($port, "GET / HTTP/1.0\r\n\r\n") === '' ? "no answer\n" : "answered\n";
$r = ServerProcess::request($port, "GET / HTTP/1.0\r\n\r\n");
echo substr($r, strpos($r, "\r\n\r\n") + 4), "\n";
ServerProcess::request($port, "GET /boom HTTP/1.0\r\n\r\n");
echo "restarted: ", var_export($p->waitForOutput('/^after x$/m', 2), true), "\n";
echo "exit: ", $p->stop(), "\n";
echo $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);

$p = ServerProcess::startCode(<<<'PHP'
<?php
Swoole\Timer::after(10, function () { echo "timer ran after start() refused\n"; });
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->on('receive', function () {});
var_dump($server->start());
PHP);
echo "exit: ", $p->wait(), "\n";
echo $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECTF--
first: true
answered
late answer
restarted: true
exit: 0
PORT %d
workerStart tick id 1
tick 1 w 1
tick 1 w 2
bool(true)
defer in worker
after x
workerStart tick id 1
tick 1 w 1
tick 1 w 2
bool(true)
defer in worker
after x
PHP Fatal error:  Uncaught LogicException: timer boom in SCRIPT:23
Stack trace:
#0 [internal function]: {closure}()
#1 {main}
  thrown in SCRIPT on line 23
%A
exit: 0
bool(false)
timer ran after start() refused
PHP Warning:  Swoole\Server::start(): eventLoop has already been created, unable to start Swoole\Server in SCRIPT on line 5
