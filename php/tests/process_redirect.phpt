--TEST--
Swoole\Process: with redirect_stdin_and_stdout the child's echo (and stderr) goes to the pipe and its STDIN reads what the parent writes; an exception or exit() in the child's callback ends only the child (status 255 / its own), without the parent's shutdown functions or buffered output
--SKIPIF--
<?php if (!extension_loaded('pcntl') || !extension_loaded('posix')) die('skip pcntl/posix extension not loaded'); ?>
--INI--
ffi.enable=1
log_errors=0
display_errors=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';
use Swoole\Process;

/** Reads from $p until $n lines arrived (bounded by the pipe timeout). */
function read_lines(Process $p, int $n): string
{
    $buf = '';
    while (substr_count($buf, "\n") < $n) {
        $d = $p->read();
        if ($d === false || $d === '') {
            break;
        }
        $buf .= $d;
    }
    return $buf;
}

register_shutdown_function(function () {
    echo "shutdown function of pid ", getmypid() === $GLOBALS['parent'] ? 'parent' : 'child', "\n";
});
$parent = getmypid();

$p = new Process(function (Process $proc) {
    echo "hello from the child\n";
    fwrite(STDERR, "and its stderr\n");
    $line = fgets(STDIN);
    echo "the child read: $line";
}, true);
$p->setTimeout(10);
$p->start();
echo read_lines($p, 2);
$p->write("a line for STDIN\n");
echo read_lines($p, 1);
var_dump(Process::wait()['code']);

ob_start();
echo "buffered in the parent\n";
$e = new Process(function () {
    throw new RuntimeException('thrown in the child');
}, true);
$e->setTimeout(10);
$e->start();
$x = new Process(function () {
    echo "before exit\n";
    exit(42);
}, true);
$x->setTimeout(10);
$x->start();
$report = read_lines($e, 1);
$exited = read_lines($x, 1);
$codes = [];
foreach ([1, 2] as $_) {
    $st = Process::wait();
    $codes[$st['pid'] === $e->pid ? 'exception' : 'exit'] = $st['code'];
}
ob_end_flush();
ksort($codes);
var_dump($codes);
echo str_contains($report, "Uncaught RuntimeException: thrown in the child") ? "reported\n" : $report;
echo $exited;
echo "parent goes on\n";
?>
--EXPECT--
hello from the child
and its stderr
the child read: a line for STDIN
int(0)
buffered in the parent
array(2) {
  ["exception"]=>
  int(255)
  ["exit"]=>
  int(42)
}
reported
before exit
parent goes on
shutdown function of pid parent
