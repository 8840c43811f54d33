--TEST--
Coroutine\System::exec() and waitPid() wait in the coroutine: a slow command does not hold the others (exit code, signal and output as Swoole gives them, stderr with $get_error_stream), and waitPid() reports a child's exit code
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () {
    go(function () { echo json_encode(Swoole\Coroutine\System::exec('sleep 0.3; echo slow; exit 3')), "\n"; });
    go(function () {
        echo json_encode(Co::exec('echo fast; echo err >&2', true)), "\n";
        echo json_encode(Co\System::exec('kill -9 $$')), "\n";
    });
    echo "all started\n";
    $proc = new Swoole\Process(function () { usleep(100000); exit(7); });
    $pid = $proc->start();
    $r = Swoole\Coroutine\System::waitPid($pid, 5);
    var_dump($r['pid'] === $pid, $r['code'], $r['signal']);
});
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECT--
exit: 0
all started
{"code":0,"signal":0,"output":"fast\nerr\n"}
{"code":0,"signal":9,"output":""}
bool(true)
int(7)
int(0)
{"code":3,"signal":0,"output":"slow\n"}
