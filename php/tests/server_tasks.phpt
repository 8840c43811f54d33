--TEST--
Server tasks: task() with onTask/onFinish and a per-task callback, return value as result, taskwait(), sendMessage() to onPipeMessage, taskworker ids
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 2, 'task_worker_num' => 1]);
$server->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$server->on('workerStart', function ($s, $id) {
    echo "workerStart $id taskworker=" . var_export($s->taskworker, true) . "\n";
});
$server->on('task', function ($s, $taskId, $srcWorker, $data) {
    echo "onTask in worker {$s->worker_id}: " . json_encode($data) . "\n";
    if ($data === 'explicit') {
        var_dump($s->finish('finished explicitly'));
        return null;
    }
    if ($data === 'slow') {
        usleep(1500000);
        return 'too late';
    }
    return is_array($data) ? ['sum' => array_sum($data)] : strtoupper($data);
});
$server->on('finish', function ($s, $taskId, $data) {
    echo "onFinish in worker {$s->worker_id}: " . json_encode($data) . "\n";
});
$server->on('pipeMessage', function ($s, $src, $msg) {
    echo "onPipeMessage in worker {$s->worker_id} from $src: " . json_encode($msg) . "\n";
});
$server->on('receive', function ($s, $fd, $rid, $cmd) {
    switch ($cmd) {
        case 'task':
            echo "task id type: " . gettype($s->task([1, 2, 3])) . "\n";
            break;
        case 'callback':
            $s->task('hello', -1, function ($s, $taskId, $data) {
                echo "callback: " . json_encode($data) . "\n";
            });
            break;
        case 'explicit':
            $s->task('explicit');
            break;
        case 'wait':
            echo "taskwait: " . json_encode($s->taskwait(['a' => 1, 'b' => 2], 5.0)) . "\n";
            echo "taskwait timeout: " . json_encode($s->taskwait('slow', 0.2)) . "\n";
            break;
        case 'message':
            echo "sendMessage: " . json_encode($s->sendMessage(['x' => 1], 1 - $s->worker_id)) . "\n";
            echo "to self: " . json_encode($s->sendMessage('x', $s->worker_id)) . "\n";
            echo "bad target: " . json_encode($s->task('x', 5)) . "\n";
            break;
    }
    $s->send($fd, "ok");
});
$server->start();
PHP);

$port = $p->port();
echo "workers: ", var_export($p->waitForOutput('/^workerStart \d/m', 3), true), "\n";
$expect = [
    'task' => '/^onFinish in worker \d: \{"sum":6\}$/m',
    'callback' => '/^callback: "HELLO"$/m',
    'explicit' => '/^onFinish in worker \d: "finished explicitly"$/m',
    'wait' => '/^taskwait timeout: false$/m',
    'message' => '/^onPipeMessage in worker \d from \d: \{"x":1\}$/m',
];
foreach ($expect as $cmd => $re) {
    $c = ServerProcess::connect($port);
    fwrite($c, $cmd);
    echo "$cmd: ", ServerProcess::readN($c, 2, 10), " ", var_export($p->waitForOutput($re), true), "\n";
    fclose($c);
}
echo "exit: ", $p->stop(), "\n";
$lines = ServerProcess::lines($p->out, '/^(workerStart|task id|onTask|onFinish|callback|taskwait|sendMessage|to self|bad target|onPipeMessage|bool)/');
// Which event worker sent a task varies: name it N before sorting.
$lines = preg_replace('/^(onFinish|onPipeMessage) in worker [01]( from [01])?/', '$1 in worker N$2', $lines);
$lines = preg_replace('/ from [01]:/', ' from N:', $lines);
sort($lines);
echo implode("\n", $lines), "\n";
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECTF--
workers: true
task: ok true
callback: ok true
explicit: ok true
wait: ok true
message: ok true
exit: 0
bad target: false
bool(true)
callback: "HELLO"
onFinish in worker N: "finished explicitly"
onFinish in worker N: {"sum":6}
onPipeMessage in worker N from N: {"x":1}
onTask in worker 2: "explicit"
onTask in worker 2: "hello"
onTask in worker 2: "slow"
onTask in worker 2: [1,2,3]
onTask in worker 2: {"a":1,"b":2}
sendMessage: true
task id type: integer
taskwait timeout: false
taskwait: {"sum":3}
to self: false
workerStart 0 taskworker=false
workerStart 1 taskworker=false
workerStart 2 taskworker=true
PHP Warning:  Swoole\Server::sendMessage(): can't send messages to self in SCRIPT on line %d
PHP Warning:  Swoole\Server::task(): worker_id must be less than task_worker_num[1] in SCRIPT on line %d
