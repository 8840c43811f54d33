--TEST--
Swoole\Table, Atomic and Lock made before $server->start() are shared by the workers: rows written in one worker are read in the other, and counts add up
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$table = new Swoole\Table(1024);
$table->column('pid', Swoole\Table::TYPE_INT);
$table->column('hits', Swoole\Table::TYPE_INT);
$table->create();
$atomic = new Swoole\Atomic();
$lock = new Swoole\Lock(SWOOLE_MUTEX);

$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
$server->set(['worker_num' => 2, 'dispatch_mode' => 2]);
$server->on('start', function ($server) {
    echo "PORT {$server->port}\n";
});
$server->on('workerStart', function ($server, $id) use ($table) {
    $table->set("worker-$id", ['pid' => getmypid()]);
    echo "workerStart $id\n";
});
$server->on('receive', function ($server, $fd, $reactorId, $data) use ($table, $atomic, $lock) {
    if (trim($data) === 'dump') {
        $rows = [];
        foreach ($table as $key => $row) {
            $rows[$key] = $row;
        }
        ksort($rows);
        $server->send($fd, json_encode(['atomic' => $atomic->get(), 'me' => $server->worker_id,
            'rows' => $rows]) . "\n");
        $server->close($fd);
        return;
    }
    $lock->lock();
    $table->incr('total', 'hits');
    $table->incr("worker-{$server->worker_id}", 'hits');
    $lock->unlock();
    $server->send($fd, $atomic->add() . "\n");
    $server->close($fd);
});
$server->start();
PHP);

$port = $p->port();
echo "workers: ", var_export($p->waitForOutput('/^workerStart /m', 2), true), "\n";
$answers = [];
for ($i = 0; $i < 20; $i++) {
    $answers[] = (int) ServerProcess::request($port, "hit\n");
}
sort($answers);
var_dump($answers === range(1, 20));
$dump = json_decode(ServerProcess::request($port, "dump\n"), true);
echo "exit: ", $p->stop(), "\n";

var_dump($dump['atomic'], $dump['rows']['total']['hits']);
$perWorker = $dump['rows']['worker-0']['hits'] + $dump['rows']['worker-1']['hits'];
var_dump($perWorker, $dump['rows']['worker-0']['pid'] !== $dump['rows']['worker-1']['pid']);
// Both workers served connections (fd modulo 2), and each sees the other's row.
var_dump($dump['rows']['worker-0']['hits'] > 0, $dump['rows']['worker-1']['hits'] > 0);
echo "stderr: [", $p->err, "]\n";
?>
--EXPECT--
workers: true
bool(true)
exit: 0
int(20)
int(20)
int(20)
bool(true)
bool(true)
bool(true)
stderr: []
