--TEST--
taskWaitMulti() returns the results that came in time under the keys of its array; task_use_object gives onTask a Swoole\Server\Task (data, id, worker_id, finish()); with task_enable_coroutine the return value is dropped and $task->finish() answers
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

foreach (['task_use_object', 'task_enable_coroutine'] as $opt) {
    $p = ServerProcess::startCode(<<<PHP
<?php
\$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
\$s->set(['worker_num' => 1, 'task_worker_num' => 2, '$opt' => true]);
\$s->on('workerStart', function (\$s, \$id) {
    if (\$s->taskworker) return;
    // The slow task goes last, so that no quick one can wait behind it.
    \$r = \$s->taskWaitMulti(['a' => 'x', 'b' => ['y'], 7 => 'z', 'slow' => 'sleep'], 0.5);
    ksort(\$r);
    var_dump(\$r);
    \$s->task('plain');
});
\$s->on('task', function (\$s, Swoole\Server\Task \$task) {
    if (\$task->data === 'sleep') { usleep(800000); }
    if (\$task->data === 'plain') {
        var_dump(\$task->finish('finished by the object'));
        return 'returned';
    }
    \$task->finish(is_array(\$task->data) ? \$task->data
        : \$task->data . ' from task worker ' . \$task->worker_id . ', id ' . (\$task->id >= 0 ? 'ok' : 'bad'));
});
\$s->on('finish', function (\$s, \$tid, \$d) {
    echo "onFinish: \$d\\n";
    \$s->after(300, fn () => \$s->shutdown());
});
\$s->on('receive', function () {});
\$s->start();
PHP);
    echo "$opt exit: ", $p->wait(), "\n";
    // The task worker's var_dump() and the worker's onFinish race each
    // other to stdout: those two lines are compared sorted.
    $out = preg_replace('/task worker \d/', 'task worker N', $p->out);
    $tail = ServerProcess::lines($out, '/^(bool|onFinish)/');
    sort($tail);
    echo preg_replace('/^(bool|onFinish).*\n?/m', '', $out), implode("\n", $tail), "\n";
    echo $p->err;
}
?>
--EXPECT--
task_use_object exit: 0
array(3) {
  [7]=>
  string(27) "z from task worker N, id ok"
  ["a"]=>
  string(27) "x from task worker N, id ok"
  ["b"]=>
  array(1) {
    [0]=>
    string(1) "y"
  }
}
bool(true)
onFinish: finished by the object
task_enable_coroutine exit: 0
array(3) {
  [7]=>
  string(27) "z from task worker N, id ok"
  ["a"]=>
  string(27) "x from task worker N, id ok"
  ["b"]=>
  array(1) {
    [0]=>
    string(1) "y"
  }
}
bool(true)
onFinish: finished by the object
