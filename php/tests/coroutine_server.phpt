--TEST--
Coroutines in a server (BASE and PROCESS): with enable_coroutine (the default) onWorkerStart, onReceive, onRequest and timers run in coroutines, so a worker answers a fast request while another sleeps in Co::sleep(), and a coroutine waiting on a Channel is woken by another connection's event and answers its own client; an HTTP response ends after the coroutine slept; with enable_coroutine false callbacks run outside coroutines
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$code = <<<'PHP'
<?php
[, $mode, $co] = $argv;
$server = new Swoole\Server('127.0.0.1', 0, $mode === 'base' ? SWOOLE_BASE : SWOOLE_PROCESS);
$server->set(['worker_num' => 1, 'enable_coroutine' => $co === 'on']);
$chan = null;
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('workerStart', function ($server, $id) use (&$chan) {
    $chan = new Swoole\Coroutine\Channel(1);
    echo "workerStart in coroutine: ", var_export(Co::getCid() > 0, true), "\n";
    Swoole\Timer::after(1, function () { echo "timer in coroutine: ", var_export(Co::getCid() > 0, true), "\n"; });
});
$server->on('receive', function ($server, $fd, $rid, $data) use (&$chan) {
    if ($data === 'cid') {
        $server->send($fd, Co::getCid() > 0 ? 'in coroutine' : 'no coroutine');
    } elseif ($data === 'slow') {
        Co::sleep(0.5);
        $server->send($fd, 'slow done');
    } elseif ($data === 'fast') {
        $server->send($fd, 'fast done');
    } elseif ($data === 'wait') {
        $v = $chan->pop();
        $server->send($fd, "woken:$v");
    } elseif (str_starts_with($data, 'wake:')) {
        $chan->push(substr($data, 5));
        $server->send($fd, 'pushed');
    }
});
$server->start();
PHP;

/* Which of the connections answers first: their answers in arrival order. */
function arrivals(array $conns, float $deadline = 5.0): array
{
    $order = [];
    $end = microtime(true) + $deadline;
    while ($conns !== [] && microtime(true) < $end) {
        $r = array_values($conns);
        $w = $e = null;
        if (@stream_select($r, $w, $e, 0, 100000) > 0) {
            foreach ($r as $c) {
                $order[] = fread($c, 100);
                unset($conns[array_search($c, $conns, true)]);
            }
        }
    }
    return $order;
}

foreach (['base', 'process'] as $mode) {
    echo "-- $mode\n";
    $p = ServerProcess::startCode($code, [$mode, 'on']);
    $port = $p->port();
    $p->waitForOutput('/^timer in coroutine/m');
    $c = ServerProcess::connect($port);
    fwrite($c, 'cid');
    echo ServerProcess::readN($c, 12), "\n";

    $slow = ServerProcess::connect($port);
    fwrite($slow, 'slow');
    $fast = ServerProcess::connect($port);
    fwrite($fast, 'fast');
    echo implode(', ', arrivals([$slow, $fast])), "\n";

    $a = ServerProcess::connect($port);
    fwrite($a, 'wait');
    $b = ServerProcess::connect($port);
    fwrite($b, 'wake:7');
    echo ServerProcess::readN($b, 6), ' ', ServerProcess::readN($a, 7), "\n";
    echo "exit: ", $p->stop(), "\n";
    echo implode("\n", ServerProcess::lines($p->out, '/in coroutine/')), "\n";
    echo $p->err;
}

echo "-- enable_coroutine off\n";
$p = ServerProcess::startCode($code, ['base', 'off']);
$port = $p->port();
$p->waitForOutput('/^timer in coroutine/m');
$c = ServerProcess::connect($port);
fwrite($c, 'cid');
echo ServerProcess::readN($c, 12), "\n";
echo "exit: ", $p->stop(), "\n";
echo implode("\n", ServerProcess::lines($p->out, '/in coroutine/')), "\n";
echo $p->err;

echo "-- http\n";
$p = ServerProcess::startCode(<<<'PHP'
<?php
$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$http->set(['worker_num' => 1]);
$http->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$http->on('request', function ($req, $resp) {
    $wg = new Swoole\Coroutine\WaitGroup();
    $parts = [];
    foreach ([2, 1] as $i) {
        $wg->add();
        go(function () use ($wg, $i, &$parts) { Co::sleep($i / 50); $parts[] = $i; $wg->done(); });
    }
    $wg->wait();
    $resp->header('X-Parts', implode(',', $parts));
    $resp->end('uri ' . $req->server['request_uri'] . ' cid>0 ' . var_export(Co::getCid() > 0, true));
});
$http->start();
PHP);
$port = $p->port();
$c = ServerProcess::connect($port);
fwrite($c, "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
$r = ServerProcess::readAll($c);
echo preg_match('~^HTTP/1.1 200 OK\r\n~', $r), ' ', preg_match('~\r\nX-Parts: 1,2\r\n~i', $r), "\n";
echo substr($r, strpos($r, "\r\n\r\n") + 4), "\n";
echo "exit: ", $p->stop(), "\n";
echo $p->err;
?>
--EXPECT--
-- base
in coroutine
fast done, slow done
pushed woken:7
exit: 0
workerStart in coroutine: true
timer in coroutine: true
-- process
in coroutine
fast done, slow done
pushed woken:7
exit: 0
workerStart in coroutine: true
timer in coroutine: true
-- enable_coroutine off
no coroutine
exit: 0
workerStart in coroutine: false
timer in coroutine: false
-- http
1 1
uri /x cid>0 true
exit: 0
