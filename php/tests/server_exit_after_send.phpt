--TEST--
exit() in onReceive right after send(): the client still gets the answer (BASE and PROCESS mode), and the worker is replaced
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

foreach (['SWOOLE_BASE', 'SWOOLE_PROCESS'] as $mode) {
    $p = ServerProcess::startCode(<<<PHP
<?php
\$s = new Swoole\Server('127.0.0.1', 0, $mode);
\$s->set(['worker_num' => 1]);
\$s->on('start', function (\$s) { echo "PORT {\$s->port}\\n"; });
\$s->on('workerStart', function (\$s, \$id) { echo "workerStart\\n"; });
\$s->on('receive', function (\$s, \$fd, \$rid, \$data) {
    \$s->send(\$fd, "bye " . trim(\$data) . "\\n");
    exit(3);
});
\$s->start();
PHP);
    $port = $p->port();
    foreach (['one', 'two'] as $word) {
        $c = ServerProcess::connect($port);
        fwrite($c, "$word\n");
        echo "$mode: ", trim(ServerProcess::readN($c, strlen("bye $word\n"))), "\n";
        fclose($c);
        // The next client waits for the replacement worker.
        $p->waitForOutput('/^workerStart$/m', $word === 'one' ? 2 : 3);
    }
    echo "exit: ", $p->stop(), "\n";
}
?>
--EXPECT--
SWOOLE_BASE: bye one
SWOOLE_BASE: bye two
exit: 0
SWOOLE_PROCESS: bye one
SWOOLE_PROCESS: bye two
exit: 0
