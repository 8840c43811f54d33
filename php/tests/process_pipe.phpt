--TEST--
Swoole\Process: start() forks and returns the pid, the child runs the callback with the Process; the pipe carries data both ways (datagram and stream pipes, a large write), ids count up, a read times out after setTimeout(), and misuse warns as Swoole does
--SKIPIF--
<?php if (!extension_loaded('pcntl') || !extension_loaded('posix')) die('skip pcntl/posix extension not loaded'); ?>
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';
use Swoole\Process;

$p = new Process(function (Process $proc) {
    // The child: its own pid, the worker end of the pipe.
    $proc->write(json_encode(['pid_ok' => $proc->pid === getmypid(), 'id' => $proc->id]));
    while (($msg = $proc->read()) !== 'stop') {
        $proc->write(strrev($msg));
    }
});
var_dump($p->id, is_int($p->pipe), $p->pid);
$master = $p->pipe;
$pid = $p->start();
var_dump($pid > 0, $pid === $p->pid, $p->pipe === $master);
var_dump($p->read());
foreach (['abc', 'hello world'] as $msg) {
    var_dump($p->write($msg), $p->read());
}
$p->write('stop');
$st = Process::wait();
var_dump($st === ['pid' => $pid, 'code' => 0, 'signal' => 0]);
var_dump(Process::wait(false));

// A stream pipe: a write larger than the socket buffer arrives whole.
$big = str_repeat('0123456789', 30000);
$s = new Process(function (Process $proc) use ($big) {
    $got = '';
    while (strlen($got) < strlen($big)) {
        $got .= $proc->read(65536);
    }
    $proc->write(md5($got) === md5($big) ? 'same' : 'different');
}, false, SOCK_STREAM);
var_dump($s->id);
$s->start();
var_dump($s->write($big));
var_dump($s->read());
var_dump(Process::wait()['code']);

// No child writes: the read times out.
$t = new Process(function () {});
$t->setTimeout(0.2);
$t0 = microtime(true);
var_dump($t->read(), microtime(true) - $t0 >= 0.19);
var_dump($t->write(''));
var_dump($t->close());
var_dump($t->read());
var_dump($t->close());

// No pipe at all.
$n = new Process(function (Process $proc) {
    exit(7);
}, false, 0);
var_dump($n->pipe);
var_dump($n->write('x'));
$n->start();
var_dump(Process::wait()['code']);
var_dump($n->exit(1));
?>
--EXPECTF--
int(1)
bool(true)
NULL
bool(true)
bool(true)
bool(true)
string(22) "{"pid_ok":true,"id":1}"
int(3)
string(3) "cba"
int(11)
string(11) "dlrow olleh"
bool(true)
bool(false)
int(2)
int(300000)
string(4) "same"
int(0)

Warning: Swoole\Process::read(): read() failed, Error: Resource temporarily unavailable[11] in %s on line %d
bool(false)
bool(true)

Warning: Swoole\Process::write(): the data to send is empty in %s on line %d
bool(false)
bool(true)

Warning: Swoole\Process::read(): no pipe, cannot read from pipe in %s on line %d
bool(false)

Warning: Swoole\Process::close(): no pipe, cannot close the pipe in %s on line %d
bool(false)
NULL

Warning: Swoole\Process::write(): no pipe, cannot write into pipe in %s on line %d
bool(false)
int(7)

Warning: Swoole\Process::exit(): not current process in %s on line %d
bool(false)
