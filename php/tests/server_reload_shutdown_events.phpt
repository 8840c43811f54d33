--TEST--
onBeforeReload and onAfterReload run in the manager around a reload, onBeforeShutdown in the master before the shutdown (then onShutdown), in PROCESS and BASE mode
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

foreach (['SWOOLE_PROCESS', 'SWOOLE_BASE'] as $mode) {
    $p = ServerProcess::startCode(<<<PHP
<?php
\$s = new Swoole\Server('127.0.0.1', 0, $mode);
\$s->set(['worker_num' => 2]);
\$s->on('start', function (\$s) {
    echo "master start\\n";
    \$s->after(100, fn () => \$s->reload());
});
\$s->on('beforeReload', function (\$s) {
    echo "before reload in ", getmypid() === \$s->manager_pid ? 'the manager' : 'another process', "\\n";
});
\$s->on('afterReload', function (\$s) {
    echo "after reload\\n";
    \$s->shutdown();
});
\$s->on('beforeShutdown', function (\$s) {
    echo "before shutdown in ", getmypid() === \$s->master_pid ? 'the master' : 'another process', "\\n";
});
\$s->on('shutdown', function (\$s) { echo "shutdown\\n"; });
\$s->on('receive', function () {});
\$s->start();
PHP);
    echo "$mode exit: ", $p->wait(), "\n", $p->out;
}
?>
--EXPECT--
SWOOLE_PROCESS exit: 0
master start
before reload in the manager
after reload
before shutdown in the master
shutdown
SWOOLE_BASE exit: 0
master start
before reload in the manager
after reload
before shutdown in the master
shutdown
