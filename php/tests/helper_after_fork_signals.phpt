--TEST--
swirl_helper_after_fork() drops signals pcntl queued for the parent, keeps handlers, and unblocks signals
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
if (!function_exists('pcntl_fork')) die('skip pcntl not available');
if (!function_exists('posix_kill')) die('skip posix not available');
if (!function_exists('pcntl_sigprocmask')) die('skip pcntl_sigprocmask not available');
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

$parent = getmypid();
pcntl_async_signals(false);
pcntl_signal(SIGUSR1, function (int $signo) use ($parent) {
    echo '  SIGUSR1 handled in ', getmypid() === $parent ? 'parent' : 'child',
         "\n";
});
pcntl_signal(SIGUSR2, function (int $signo) use ($parent) {
    echo '  SIGUSR2 handled in ', getmypid() === $parent ? 'parent' : 'child',
         "\n";
});
pcntl_sigprocmask(SIG_BLOCK, [SIGUSR2]);

/* Delivered at once; pcntl queues it until the next dispatch. */
posix_kill($parent, SIGUSR1);

function child(bool $repair): void
{
    $pid = pcntl_fork();
    if ($pid === 0) {
        /* Sent to the child while the inherited mask blocks it: it stays
         * pending in the kernel until the mask lets it through. */
        posix_kill(getmypid(), SIGUSR2);
        if ($repair) {
            swirl_helper_after_fork();
        }
        echo $repair ? 'repaired' : 'plain', " child, inherited queue:\n";
        pcntl_signal_dispatch();
        pcntl_sigprocmask(SIG_BLOCK, [], $old);
        echo '  SIGUSR2 blocked: ', in_array(SIGUSR2, $old) ? 'yes' : 'no',
             "\n";
        echo "  own signal:\n";
        posix_kill(getmypid(), SIGUSR1);
        pcntl_signal_dispatch();
        swirl_helper_exit(0);
    }
    $rc = wait_exit($pid);
    if ($rc !== 0) {
        echo "child exited with $rc\n";
    }
}

child(false);
child(true);
echo "parent, own queue:\n";
pcntl_signal_dispatch();
pcntl_sigprocmask(SIG_BLOCK, [], $old);
echo '  SIGUSR2 blocked: ', in_array(SIGUSR2, $old) ? 'yes' : 'no', "\n";
?>
--EXPECT--
plain child, inherited queue:
  SIGUSR1 handled in child
  SIGUSR2 blocked: yes
  own signal:
  SIGUSR1 handled in child
repaired child, inherited queue:
  SIGUSR2 handled in child
  SIGUSR2 blocked: no
  own signal:
  SIGUSR1 handled in child
parent, own queue:
  SIGUSR1 handled in parent
  SIGUSR2 blocked: yes
