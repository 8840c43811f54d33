--TEST--
Coroutine\Client: a server worker's own coroutine connects to its server and talks to it (the receive waits in the coroutine, so the worker goes on serving); open_eof_check framing; recv() timeout gives false with errCode 110; '' once the server closes; a refused connect sets errCode 111 without a warning; outside a coroutine it is Swoole's fatal error
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('workerStart', function ($s) {
    go(function () use ($s) {
        $c = new Swoole\Coroutine\Client(SWOOLE_SOCK_TCP);
        $c->set(['open_eof_check' => true, 'package_eof' => "\r\n"]);
        var_dump($c->connect('127.0.0.1', $s->port, 1), $c->isConnected());
        var_dump($c->send("one\r\ntwo\r\n"));
        var_dump($c->recv(), $c->recv());
        $t = microtime(true);
        var_dump($c->recv(0.2), $c->errCode, $c->errMsg, microtime(true) - $t >= 0.19);
        $c->send("bye\r\n");
        var_dump($c->recv(), $c->recv());
        var_dump($c->close());
        $bad = new Co\Client(SWOOLE_SOCK_TCP);
        var_dump($bad->connect('127.0.0.1', 1, 1), $bad->errCode, $bad->errMsg);
        var_dump($bad->send('x'), $bad->errCode);
        $s->shutdown();
    });
});
$server->on('receive', function ($s, $fd, $r, $data) {
    foreach (explode("\r\n", trim($data)) as $line) {
        if ($line === 'bye') {
            $s->send($fd, "see you\r\n");
            $s->close($fd);
            return;
        }
        $s->send($fd, "echo: $line\r\n");
    }
});
$server->start();
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;

$p = ServerProcess::startCode(<<<'PHP'
<?php
$c = new Swoole\Coroutine\Client(SWOOLE_SOCK_TCP);
$c->connect('127.0.0.1', 1);
PHP);
echo "exit: ", $p->wait(), "\n", $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECTF--
exit: 0
bool(true)
bool(true)
int(10)
string(11) "echo: one
"
string(11) "echo: two
"
bool(false)
int(110)
string(20) "Connection timed out"
bool(true)
string(9) "see you
"
string(0) ""
bool(true)
bool(false)
int(111)
string(18) "Connection refused"
bool(false)
int(5001)
exit: 255
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in SCRIPT:3
Stack trace:
#0 SCRIPT(3): Swoole\Coroutine\Client->connect(%S)
#1 {main}
  thrown in SCRIPT on line 3
