--TEST--
swirl_helper_exit() ends a forked child with its status, running none of the parent's shutdown functions or destructors, printing its output once
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
if (!function_exists('pcntl_fork')) die('skip pcntl not available');
if (!function_exists('posix_kill')) die('skip posix not available');
?>
--FILE--
<?php
/* Waits (bounded) for a child and returns its exit status, or a negative
 * number when it was killed, vanished or had to be killed. */
function wait_exit(int $pid, float $timeout = 20.0): int
{
    $deadline = microtime(true) + $timeout;
    for (;;) {
        $r = pcntl_waitpid($pid, $status, WNOHANG);
        if ($r === $pid) {
            return pcntl_wifexited($status) ? pcntl_wexitstatus($status)
                                            : -pcntl_wtermsig($status);
        }
        if ($r < 0) {
            return -1000;
        }
        if (microtime(true) > $deadline) {
            posix_kill($pid, SIGKILL);
            pcntl_waitpid($pid, $status);
            return -999;
        }
        usleep(5000);
    }
}

function where(): string
{
    return getmypid() === $GLOBALS['parent'] ? 'parent' : 'child';
}

class Noisy
{
    public function __destruct()
    {
        echo 'destructor in ', where(), "\n";
    }
}

$parent = getmypid();
register_shutdown_function(function () {
    echo 'shutdown function in ', where(), "\n";
});
$keep = new Noisy();

/* Output the parent has buffered, not yet printed, when it forks. */
ob_start();
echo "parent buffered\n";

/* Child 1: repaired, buffers output of its own (one buffer with a
 * handler), ends with swirl_helper_exit(3). */
$pid = pcntl_fork();
if ($pid === 0) {
    swirl_helper_after_fork();
    echo "child 1 echo\n";
    ob_start(fn (string $s) => strtoupper($s));
    echo "child 1 through a handler\n";
    swirl_helper_exit(3);
    echo "not reached\n";
}
$st1 = wait_exit($pid);

/* Child 2: not repaired, ends with swirl_helper_exit(5): no shutdown
 * functions or destructors, but the parent's inherited buffer is printed
 * again (this is what swirl_helper_after_fork() prevents). */
$pid = pcntl_fork();
if ($pid === 0) {
    echo "child 2 echo\n";
    swirl_helper_exit(5 + 256);
}
$st2 = wait_exit($pid);

/* Child 3, for contrast: PHP's exit() runs the parent's shutdown function
 * and destructor in the child and prints the inherited buffer again. */
$pid = pcntl_fork();
if ($pid === 0) {
    echo "child 3 echo\n";
    exit(4);
}
$st3 = wait_exit($pid);

ob_end_flush();
echo "child 1 status: $st1\n";
echo "child 2 status: $st2\n";
echo "child 3 status: $st3\n";
echo "parent done\n";
?>
--EXPECT--
child 1 echo
CHILD 1 THROUGH A HANDLER
parent buffered
child 2 echo
parent buffered
child 3 echo
shutdown function in child
destructor in child
parent buffered
child 1 status: 3
child 2 status: 5
child 3 status: 4
parent done
shutdown function in parent
destructor in parent
