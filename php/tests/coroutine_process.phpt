--TEST--
Process and Process\Pool with enable_coroutine: the child's callback and the pool worker's onWorkerStart run in a coroutine (Co::sleep works there), and the process runs until the coroutine is done; without it they run outside coroutines
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
foreach ([true, false] as $co) {
    $p = new Swoole\Process(function ($proc) {
        echo "child in coroutine: ", var_export(Co::getCid() > 0, true), "\n";
        if (Co::getCid() > 0) {
            Co::sleep(0.05);
            echo "child slept\n";
        }
    }, false, 0, $co);
    $p->start();
    Swoole\Process::wait();
}
$pool = new Swoole\Process\Pool(1, SWOOLE_IPC_UNIXSOCK, 0, true);
$pool->on('workerStart', function ($pool, $id) {
    echo "pool worker in coroutine: ", var_export(Co::getCid() > 0, true), "\n";
    Co::sleep(0.05);
    echo "pool worker slept\n";
    posix_kill($pool->master_pid, SIGTERM);
    Co::sleep(30);
});
$pool->start();
echo "pool done\n";
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECT--
exit: 0
child in coroutine: true
child slept
child in coroutine: false
pool worker in coroutine: true
pool worker slept
pool done
