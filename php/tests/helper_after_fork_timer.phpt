--TEST--
swirl_helper_after_fork() restarts the max_execution_time limit that fork() loses
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
function wait_exit(int $pid, float $timeout = 30.0): int
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

/* CPU seconds this process has used. */
function cpu(): float
{
    $u = getrusage();
    return $u['ru_utime.tv_sec'] + $u['ru_utime.tv_usec'] / 1e6
         + $u['ru_stime.tv_sec'] + $u['ru_stime.tv_usec'] / 1e6;
}

/* Burns CPU until $seconds of it are used, or 20 s of wall time pass. */
function burn(float $seconds): void
{
    $wall = microtime(true) + 20;
    $x = 0;
    while (cpu() < $seconds && microtime(true) < $wall) {
        for ($i = 0; $i < 10000; $i++) {
            $x += $i;
        }
    }
}

/* A limit of 1 s is in force while each child is forked; the parent lifts
 * it again at once. */
function child(bool $repair): int
{
    set_time_limit(1);
    $pid = pcntl_fork();
    if ($pid === 0) {
        if ($repair) {
            swirl_helper_after_fork();
        }
        burn(1.6);
        echo $repair ? 'repaired' : 'plain', " child burnt 1.6 s of CPU\n";
        swirl_helper_exit(0);
    }
    set_time_limit(0);
    return wait_exit($pid);
}

$plain = child(false);
echo "plain child: exit status $plain\n";
$repaired = child(true);
echo "repaired child: exit status $repaired\n";
echo 'ini in parent: ', ini_get('max_execution_time'), "\n";
?>
--EXPECTF--
plain child burnt 1.6 s of CPU
plain child: exit status 0
%AFatal error: Maximum execution time of 1 second exceeded in %s on line %d
repaired child: exit status 255
ini in parent: 0
