--TEST--
task_ipc_mode 2: tasks travel through a System V message queue, still to the task worker they were given to; a payload larger than a queue message goes through task_tmpdir; taskwait works; a private queue is removed at shutdown, one of message_queue_key stays
--SKIPIF--
<?php if (!function_exists('msg_queue_exists')) die('skip sysvmsg is needed to look at the queue');
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

function queues(): int {
    return count(preg_grep('/^0x[0-9a-f]+\s+\d+/', explode("\n", (string) shell_exec('ipcs -q'))));
}

$key = 0x5a17000 + getmypid() % 4096;
foreach ([0, $key] as $k) {
    $before = queues();
    $p = ServerProcess::startCode(<<<PHP
<?php
\$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
\$cfg = ['worker_num' => 1, 'task_worker_num' => 2, 'task_ipc_mode' => 2];
if ($k) \$cfg['message_queue_key'] = $k;
\$s->set(\$cfg);
\$s->on('workerStart', function (\$s, \$id) {
    if (\$s->taskworker) return;
    for (\$i = 0; \$i < 20; \$i++) {
        \$s->task(['i' => \$i, 'pad' => str_repeat('x', \$i == 5 ? 100000 : 10)], \$i % 2);
    }
    echo "taskwait: ", \$s->taskwait('w', 5.0, 1), "\\n";
});
\$s->on('task', function (\$s, \$tid, \$src, \$data) {
    if (\$data === 'w') return "done by task worker " . \$s->worker_id;
    return [\$data['i'], strlen(\$data['pad']), \$s->worker_id];
});
\$s->on('finish', function (\$s, \$tid, \$r) {
    static \$n = 0, \$misrouted = 0;
    if (\$r[0] % 2 != \$r[2] - 1) \$misrouted++;
    if (\$r[0] == 5) echo "big payload: \$r[1] bytes\\n";
    if (++\$n == 20) {
        echo "20 results, \$misrouted misrouted\\n";
        \$s->shutdown();
    }
});
\$s->on('receive', function () {});
\$s->start();
PHP);
    echo "exit: ", $p->wait(), "\n";
    $out = $p->out;
    echo implode("\n", ServerProcess::lines($out, '/^(taskwait|big|20)/')), "\n";
    echo $p->err;
    if ($k) {
        var_dump(msg_queue_exists($k));
        msg_remove_queue(msg_get_queue($k));
    } else {
        echo "queues left: ", queues() - $before, "\n";
    }
}
?>
--EXPECT--
exit: 0
taskwait: done by task worker 2
big payload: 100000 bytes
20 results, 0 misrouted
queues left: 0
exit: 0
taskwait: done by task worker 2
big payload: 100000 bytes
20 results, 0 misrouted
bool(true)
