--TEST--
Timers in onStart (master) and onManagerStart (manager) fire, in PROCESS and BASE mode; the manager's timer can shut the server down; a tick left running does not hold up the shutdown
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

foreach (['SWOOLE_PROCESS', 'SWOOLE_BASE'] as $mode) {
    $p = ServerProcess::startCode(<<<PHP
<?php
\$server = new Swoole\Server('127.0.0.1', 0, $mode);
\$server->set(['worker_num' => 1]);
\$server->on('start', function (\$server) {
    \$n = 0;
    Swoole\Timer::tick(20, function (\$id) use (&\$n, \$server) {
        \$n++;
        if (\$n <= 3) echo "master tick \$id \$n ", getmypid() === \$server->master_pid ? 'in master' : 'elsewhere', "\\n";
    });
});
\$server->on('managerStart', function (\$server) {
    \$server->after(30, function () use (\$server) {
        echo "manager after ", getmypid() === \$server->manager_pid ? 'in manager' : 'elsewhere', "\\n";
    });
    swoole_timer_tick(40, function (\$id) use (\$server) {
        static \$k = 0;
        if (++\$k === 5) {
            echo "manager shuts down\\n";
            swoole_timer_clear(\$id);
            \$server->shutdown();
        }
    });
});
\$server->on('receive', function () {});
\$server->on('shutdown', function () { echo "shutdown\\n"; });
\$comm = file_get_contents('/proc/self/comm');
\$server->start();
echo "start() returned\\n";
echo "name restored: ", var_export(file_get_contents('/proc/self/comm') === \$comm, true), "\\n";
PHP);
    echo "$mode exit: ", $p->wait(), "\n";
    $out = $p->out;
    echo implode("\n", ServerProcess::lines($out, '/^master tick/')), "\n";
    echo implode("\n", ServerProcess::lines($out, '/^manager/')), "\n";
    echo implode("\n", ServerProcess::lines($out, '/^(shutdown|start|name)/')), "\n";
    echo $p->err;
}
?>
--EXPECT--
SWOOLE_PROCESS exit: 0
master tick 1 1 in master
master tick 1 2 in master
master tick 1 3 in master
manager after in manager
manager shuts down
shutdown
start() returned
name restored: true
SWOOLE_BASE exit: 0
master tick 1 1 in master
master tick 1 2 in master
master tick 1 3 in master
manager after in manager
manager shuts down
shutdown
start() returned
name restored: true
