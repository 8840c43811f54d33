--TEST--
Server: an exception escaping onReceive is reported as PHP's uncaught exception, the worker is replaced, the server keeps answering
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('workerStart', function ($server, $id) { echo "workerStart $id {$server->worker_pid}\n"; });
$server->on('workerError', function ($server, $id, $pid, $code, $signal) {
    echo "workerError $id $code $signal\n";
});
$server->on('receive', function ($server, $fd, $reactorId, $data) {
    if ($data === 'boom') {
        throw new RuntimeException('boom in a callback');
    }
    $server->send($fd, "echo:$data");
});
$server->start();
PHP);

$port = $p->port();
$p->waitForOutput('/^workerStart 0 /m');
echo ServerProcess::request($port, "one"), "\n";
echo "boom answer: [", ServerProcess::request($port, "boom"), "]\n";
echo "replaced: ", var_export($p->waitForOutput('/^workerStart 0 /m', 2), true), "\n";
preg_match_all('/^workerStart 0 (\d+)$/m', $p->out, $m);
echo "new pid: ", var_export($m[1][0] !== $m[1][1], true), "\n";
echo ServerProcess::request($port, "two"), "\n";
echo "exit: ", $p->stop(), "\n";
echo implode("\n", ServerProcess::lines($p->out, '/^workerError/')), "\n";
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECTF--
echo:one
boom answer: []
replaced: true
new pid: true
echo:two
exit: 0
workerError 0 255 0
PHP Fatal error:  Uncaught RuntimeException: boom in a callback in SCRIPT:11
Stack trace:
#0 [internal function]: {closure}()
#1 {main}
  thrown in SCRIPT on line 11
%A
