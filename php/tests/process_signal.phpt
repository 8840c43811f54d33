--TEST--
Swoole\Process signals: signal() callbacks run in the child while it waits in read(), a SIGCHLD callback reaps with wait(false), kill() reports a killed child's signal, alarm() ticks SIGALRM, and the warnings of signal() and kill()
--SKIPIF--
<?php if (!extension_loaded('pcntl') || !extension_loaded('posix')) die('skip pcntl/posix extension not loaded'); ?>
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';
use Swoole\Process;

/** Calls $cond until it is true or 10 s passed; returns its last value. */
function poll_until(callable $cond): bool
{
    $end = microtime(true) + 10;
    while (!($ok = $cond()) && microtime(true) < $end) {
        usleep(5000);
    }
    return (bool) $ok;
}

$reaped = [];
var_dump(Process::signal(SIGCHLD, function ($signo) use (&$reaped) {
    while ($st = Process::wait(false)) {
        $reaped[$st['pid']] = $st;
    }
}));

$p = new Process(function (Process $proc) {
    Process::signal(SIGUSR1, function ($signo) use ($proc) {
        $proc->write("signal $signo while reading");
    });
    $proc->write('ready');
    // The callback runs while read() waits.
    while (($msg = $proc->read()) !== 'stop') {
    }
});
$p->setTimeout(10);
$pid = $p->start();
var_dump($p->read());
var_dump(Process::kill($pid, SIGUSR1));
var_dump($p->read());
$p->write('stop');
var_dump(poll_until(function () use (&$reaped, $pid) { return isset($reaped[$pid]); }), $reaped[$pid]['code'] ?? null);

$k = new Process(function (Process $proc) {
    $proc->write('up');
    $proc->read(); // Waits to be killed.
});
$k->setTimeout(10);
$kpid = $k->start();
$k->read();
var_dump(Process::kill($kpid, SIGKILL));
var_dump(poll_until(function () use (&$reaped, $kpid) { return isset($reaped[$kpid]); }));
var_dump($reaped[$kpid]['code'], $reaped[$kpid]['signal']);
var_dump(Process::signal(SIGCHLD, null));
var_dump(Process::kill($kpid, 0));

$ticks = 0;
Process::signal(SIGALRM, function () use (&$ticks) {
    $ticks++;
});
var_dump(Process::alarm(20000));
var_dump(poll_until(function () use (&$ticks) { return $ticks >= 3; }));
var_dump(Process::alarm(0));
var_dump(Process::signal(SIGALRM, null));

var_dump(Process::signal(200, fn() => 0));
var_dump(Process::signal(SIGUSR2, null));
var_dump(Process::signal(SIGUSR2, 'no_such_function'));
var_dump(Process::kill($kpid));
?>
--EXPECTF--
bool(true)
string(5) "ready"
bool(true)
string(23) "signal 10 while reading"
bool(true)
int(0)
bool(true)
bool(true)
int(0)
int(9)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)

Warning: Swoole\Process::signal(): invalid signal number [200] in %s on line %d
bool(false)

Warning: Swoole\Process::signal(): unable to find the callback of signal [12] in %s on line %d
bool(false)

Warning: Swoole\Process::signal(): function 'no_such_function' is not callable in %s on line %d
bool(false)

Warning: Swoole\Process::kill(): kill(%d, 15) failed, Error: No such process[3] in %s on line %d
bool(false)
