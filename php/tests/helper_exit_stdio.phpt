--TEST--
swirl_helper_exit() flushes C stdio; swirl_helper_after_fork() drops the parent's unwritten stdout buffer
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
if (!function_exists('pcntl_fork')) die('skip pcntl not available');
if (!function_exists('posix_kill')) die('skip posix not available');
if (!extension_loaded('ffi')) die('skip FFI not available');
try {
    FFI::cdef('int puts(const char *s);');
} catch (Throwable $e) {
    die('skip FFI::cdef not allowed: ' . $e->getMessage());
}
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

$libc = FFI::cdef('
    typedef struct _IO_FILE FILE;
    extern FILE *stdout;
    int setvbuf(FILE *stream, char *buf, int mode, size_t size);
    int puts(const char *s);
    int fflush(FILE *stream);
');
/* Fully buffered whatever stdout is, so that text stays in the buffer. */
$libc->setvbuf($libc->stdout, null, 0 /* _IOFBF */, 8192);

/* PHP's CLI flushes C stdout after each echo (implicit_flush), so
 * nothing is echoed between here and the end of the children. */
$libc->puts('parent stdio, unwritten at fork');

/* Child 1: repaired; its own stdio text is written by swirl_helper_exit. */
$pid = pcntl_fork();
if ($pid === 0) {
    swirl_helper_after_fork();
    $libc->puts('child 1 stdio');
    swirl_helper_exit(0);
}
$st1 = wait_exit($pid);

/* Child 2: not repaired; the parent's unwritten text comes out again. */
$pid = pcntl_fork();
if ($pid === 0) {
    $libc->puts('child 2 stdio');
    swirl_helper_exit(0);
}
$st2 = wait_exit($pid);

$libc->fflush($libc->stdout);
echo "child 1 status: $st1\n";
echo "child 2 status: $st2\n";
echo "parent done\n";
?>
--EXPECT--
child 1 stdio
parent stdio, unwritten at fork
child 2 stdio
parent stdio, unwritten at fork
child 1 status: 0
child 2 status: 0
parent done
