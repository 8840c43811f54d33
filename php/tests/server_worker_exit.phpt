--TEST--
onWorkerExit: a stopping worker that still has timers raises onWorkerExit (on each turn of its loop) until they are cleared, then onWorkerStop comes last; without onWorkerExit the timers are dropped at once; a worker that never clears them ends after max_wait_time with Swoole's "worker exit timeout, forced termination"
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

foreach (['clear', 'none', 'never'] as $case) {
    $p = ServerProcess::startCode(<<<PHP
<?php
\$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
\$s->set(['worker_num' => 1, 'max_wait_time' => 1]);
\$s->on('workerStart', function (\$s, \$id) {
    Swoole\Timer::tick(50, function () {});
    Swoole\Timer::after(100, function () use (\$s) { \$s->shutdown(); });
});
if ('$case' !== 'none') {
    \$s->on('workerExit', function (\$s, \$id) {
        static \$n = 0;
        if (++\$n === 1) echo "workerExit \$id, timers: ", count(Swoole\Timer::list()), "\\n";
        if ('$case' === 'clear' && \$n === 3) Swoole\Timer::clearAll();
    });
}
\$s->on('workerStop', function (\$s, \$id) {
    echo "workerStop \$id, timers: ", count(Swoole\Timer::list()), "\\n";
});
\$s->on('receive', function () {});
\$s->start();
PHP);
    echo "$case exit: ", $p->wait(), "\n", $p->out;
    echo implode("\n", ServerProcess::lines($p->err, '/forced termination/')), "\n";
}
?>
--EXPECTF--
clear exit: 0
workerExit 0, timers: 1
workerStop 0, timers: 0

none exit: 0
workerStop 0, timers: 0

never exit: 0
workerExit 0, timers: 1
workerStop 0, timers: 0
%sWARNING%sworker exit timeout, forced termination%s
