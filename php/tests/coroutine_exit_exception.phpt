--TEST--
exit() inside a coroutine or a server worker throws Swoole\ExitException ("swoole exit", getStatus(), getFlags()) that the code can catch, as in Swoole; uncaught it is a fatal error and the worker is replaced; exit() outside both still ends the script
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
function your_code() { Co::sleep(0.001); exit(1); }
go(function () {
    try {
        your_code();
    } catch (Swoole\ExitException $e) {
        var_dump($e->getMessage(), $e->getStatus(), $e->getFlags() === SWOOLE_EXIT_IN_COROUTINE);
    }
});
Swoole\Event::wait();
echo "after the coroutine\n";
exit(4);
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$s->set(['worker_num' => 1]);
$s->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$s->on('workerStart', function ($s, $id) { echo "workerStart\n"; });
$s->on('receive', function ($s, $fd, $rid, $data) {
    if (trim($data) === 'caught') {
        try {
            exit('x');
        } catch (Swoole\ExitException $e) {
            $s->send($fd, "caught {$e->getStatus()} " . ($e->getFlags() === (SWOOLE_EXIT_IN_COROUTINE | SWOOLE_EXIT_IN_SERVER) ? 'both' : $e->getFlags()) . "\n");
        }
        return;
    }
    $s->send($fd, "bye\n");
    exit(3);
});
$s->start();
PHP);
$port = $p->port();
$p->waitForOutput('/^workerStart$/m');
echo ServerProcess::request($port, "caught\n");
echo ServerProcess::request($port, "uncaught\n");
echo "replaced: ", var_export($p->waitForOutput('/^workerStart$/m', 2), true), "\n";
echo ServerProcess::request($port, "caught\n");
echo "exit: ", $p->stop(), "\n";
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', implode("\n", ServerProcess::lines($p->err, '/Fatal/'))), "\n";
?>
--EXPECT--
exit: 4
string(11) "swoole exit"
int(1)
bool(true)
after the coroutine
caught x both
bye
replaced: true
caught x both
exit: 0
PHP Fatal error:  Uncaught Swoole\ExitException: swoole exit in SCRIPT:16
