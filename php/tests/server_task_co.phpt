--TEST--
Server::taskCo() in a coroutine (onWorkerStart, enable_coroutine on by default): the results under the keys of the tasks, in their order, false for a task whose result did not come within the timeout
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$s->set(['worker_num' => 1, 'task_worker_num' => 2]);
$s->on('workerStart', function ($s, $id) {
    if ($s->taskworker) return;
    // The slow task goes last, so that no quick one can wait behind it.
    var_dump($s->taskCo(['a' => 'x', 5 => ['y'], 'slow' => 'sleep'], 0.3));
    $s->shutdown();
});
$s->on('task', function ($s, $id, $from, $data) {
    if ($data === 'sleep') { usleep(600000); }
    return is_array($data) ? $data : "$data done";
});
$s->on('finish', function () {});
$s->on('receive', function () {});
$s->start();
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECT--
exit: 0
array(3) {
  ["a"]=>
  string(6) "x done"
  [5]=>
  array(1) {
    [0]=>
    string(1) "y"
  }
  ["slow"]=>
  bool(false)
}
