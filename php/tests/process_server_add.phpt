--TEST--
Server::addProcess(): the user process runs its callback with the Process (id = worker id after the workers), talks to the workers over the Process pipe both ways, sends to a client through $server->send(), is started again after its callback returns, and stops with the server
--SKIPIF--
<?php if (!extension_loaded('pcntl') || !extension_loaded('posix')) die('skip pcntl/posix extension not loaded'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set(['worker_num' => 1, 'task_worker_num' => 1]);
$proc = new Swoole\Process(function (Swoole\Process $p) use ($server) {
    // One write per line: several processes share stdout.
    echo "process start pid=" . getmypid() . " id={$p->id} worker_id={$server->worker_id}"
        . " pid_prop=" . var_export($p->pid === getmypid(), true) . "\n";
    while (true) {
        $msg = $p->read();
        [$cmd, $fd] = explode(' ', $msg);
        if ($cmd === 'quit') {
            $server->send((int) $fd, "bye\n");
            return; // The manager starts the process again.
        }
        $server->send((int) $fd, "process says $cmd\n");
        $p->write("done $cmd");
    }
});
echo "addProcess: ", var_export($server->addProcess($proc), true), "\n";
echo "id before start: {$proc->id}\n";
$server->on('start', function ($s) use ($proc) {
    echo "PORT {$s->port}\n";
    echo "addProcess after start: " . var_export($s->addProcess($proc), true) . "\n";
});
$server->on('task', function () {});
$server->on('receive', function ($s, $fd, $rid, $data) use ($proc) {
    $cmd = trim($data);
    $proc->write("$cmd $fd");
    if ($cmd !== 'quit') {
        echo "worker got: " . $proc->read() . "\n";
    }
});
$server->start();
PHP);

$port = $p->port();
echo "first start: ", var_export($p->waitForOutput('/^process start/m'), true), "\n";
$c = ServerProcess::connect($port);
fwrite($c, "hello\n");
echo ServerProcess::readN($c, strlen("process says hello\n"));
echo "worker: ", var_export($p->waitForOutput('/^worker got: done hello$/m'), true), "\n";
fwrite($c, "quit\n");
echo ServerProcess::readN($c, 4);
echo "restarted: ", var_export($p->waitForOutput('/^process start/m', 2), true), "\n";
fwrite($c, "again\n");
echo ServerProcess::readN($c, strlen("process says again\n"));
// The worker waits in read() for the answer: let it arrive before the
// server is stopped.
echo "worker again: ", var_export($p->waitForOutput('/^worker got: done again$/m'), true), "\n";
fclose($c);
preg_match_all('/^process start pid=(\d+)/m', $p->out, $m);
$pids = array_map('intval', $m[1]);
echo "new pid: ", var_export(count($pids) === 2 && $pids[0] !== $pids[1], true), "\n";
// A zombie waiting for its parent to reap it counts as gone.
$gone = function (int $pid): bool {
    $alive = function () use ($pid): bool {
        $stat = @file_get_contents("/proc/$pid/stat");
        return $stat !== false && !preg_match('/^\d+ \(.*\) Z/s', $stat);
    };
    $end = microtime(true) + 10;
    while ($alive() && microtime(true) < $end) {
        usleep(10000);
    }
    return !$alive();
};
echo "old one gone: ", var_export($gone($pids[0]), true), "\n";
echo "exit: ", $p->stop(), "\n";
echo "stopped with the server: ", var_export($gone($pids[1]), true), "\n";
// The master (onStart) and the user process print concurrently: sort.
$lines = ServerProcess::lines($p->out, '/^(addProcess|id before|process start|worker got)/');
sort($lines);
echo implode("\n", $lines), "\n";
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECTF--
first start: true
process says hello
worker: true
bye
restarted: true
process says again
worker again: true
new pid: true
old one gone: true
exit: 0
stopped with the server: true
addProcess after start: false
addProcess: 1
id before start: 1
process start pid=%d id=2 worker_id=2 pid_prop=true
process start pid=%d id=2 worker_id=2 pid_prop=true
worker got: done again
worker got: done hello
PHP Warning:  Swoole\Server::addProcess(): server is running, can't add process in SCRIPT on line %d
