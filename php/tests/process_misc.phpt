--TEST--
Swoole\Process: exec() replaces the child (its output read through the redirected pipe), name(), setAffinity(), set/getPriority(), daemon() (the caller's process ends, the daemon goes on in its own session), constants and the snake-case alias
--SKIPIF--
<?php if (!extension_loaded('pcntl') || !extension_loaded('posix')) die('skip pcntl/posix extension not loaded'); ?>
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';
use Swoole\Process;

var_dump(get_class(new swoole_process(function () {})));
var_dump(Process::IPC_NOWAIT, Process::PIPE_MASTER, Process::PIPE_WORKER, Process::PIPE_READ, Process::PIPE_WRITE);

$e = new Process(function (Process $p) {
    $p->exec('/bin/echo', ['exec', 'ok', 42]);
}, true);
$e->setTimeout(10);
$e->start();
var_dump($e->read());
var_dump(Process::wait()['code']);

$m = new Process(function (Process $p) {
    $out = [];
    $out['name'] = $p->name('swirl-process-test-title');
    $out['affinity'] = Process::setAffinity([0]);
    $out['priority'] = $p->setPriority(PRIO_PROCESS, 5) && $p->getPriority(PRIO_PROCESS) === 5;
    $out['exec'] = @$p->exec('/no/such/program', []);
    $p->write(json_encode($out));
    $p->read(); // Until the parent has looked at the title.
});
$m->setTimeout(10);
$pid = $m->start();
var_dump($m->read());
var_dump(str_starts_with((string) file_get_contents("/proc/$pid/cmdline"), 'swirl-process-test-title'));
$m->write('done');
var_dump(Process::wait()['code']);
var_dump(Process::setAffinity([]));
var_dump(Process::setAffinity([swoole_cpu_num() + 5]));

$d = new Process(function (Process $p) {
    Process::daemon();
    // Only the daemon gets here: a new session, led by itself.
    $p->write(json_encode(['sid_is_pid' => posix_getsid(0) === getmypid(), 'pid' => getmypid()]));
});
$d->setTimeout(10);
$dpid = $d->start();
$st = Process::wait();
var_dump($st['pid'] === $dpid, $st['code']);
$info = json_decode($d->read(), true);
var_dump($info['sid_is_pid'], $info['pid'] !== $dpid);
var_dump(Process::wait(false));
?>
--EXPECTF--
string(14) "Swoole\Process"
int(256)
int(1)
int(2)
int(3)
int(4)
string(11) "exec ok 42
"
int(0)
string(58) "{"name":true,"affinity":true,"priority":true,"exec":false}"
bool(true)
int(0)
bool(false)

Warning: Swoole\Process::setAffinity(): invalid cpu id [%d] in %s on line %d
bool(false)
bool(true)
int(0)
bool(true)
bool(true)
bool(false)
