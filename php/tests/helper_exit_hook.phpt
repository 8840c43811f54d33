--TEST--
swirl_helper_exit_hook(): exit and die end a forked child at once, even inside an FFI callback, with PHP's status and output, and no shutdown functions or destructors
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
--INI--
display_errors=1
log_errors=0
html_errors=0
error_reporting=-1
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

$libc = FFI::cdef('
    typedef struct _IO_FILE FILE;
    extern FILE *stdout;
    int setvbuf(FILE *stream, char *buf, int mode, size_t size);
    int printf(const char *format, ...);
    void qsort(void *base, size_t nmemb, size_t size,
               int (*compar)(const void *, const void *));
');
/* C stdout fully buffered whatever it is, so that only a flush shows it. */
$libc->setvbuf($libc->stdout, null, 0 /* _IOFBF */, 8192);

/* Runs $body inside a genuine FFI callback: libc's qsort() calls it as its
 * comparison function (once is enough). Returns normally only if $body
 * does. */
function in_ffi_callback(callable $body): void
{
    global $libc;
    $arr = $libc->new('int[2]');
    $done = false;
    $libc->qsort($arr, 2, 4, function ($a, $b) use ($body, &$done) {
        if (!$done) {
            $done = true;
            $body();
        }
        return 0;
    });
    echo "qsort returned\n";
}

/* Forks a child that repairs itself, turns the hook on unless told not
 * to, and runs $body; prints the child's exit status once it is gone. */
function child(string $name, callable $body, bool $hook = true): void
{
    $pid = pcntl_fork();
    if ($pid === 0) {
        swirl_helper_after_fork();
        if ($hook) {
            swirl_helper_exit_hook(true);
        }
        $body();
        echo "$name: body returned\n";
        exit(100);
    }
    $status = wait_exit($pid);
    echo "$name: status $status\n";
}

$parent = getmypid();
register_shutdown_function(function () {
    echo 'shutdown function in ', where(), "\n";
});
$keep = new Noisy();

$f = new ReflectionFunction('swirl_helper_exit_hook');
echo 'swirl_helper_exit_hook(', $f->getParameters()[0]->getType(), ' $',
     $f->getParameters()[0]->getName(), '): ', $f->getReturnType(), "\n";
try {
    swirl_helper_exit_hook([]);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}

/* The parent has output buffered when it forks: the child must neither
 * print it nor lose its own. */
ob_start();
echo "parent buffered\n";
child('exit(7)', function () {
    in_ffi_callback(function () {
        echo "printed before\n";
        ob_start();
        echo "buffered before\n";
        exit(7);
    });
});
ob_end_flush();

child('exit("bye")', function () {
    in_ffi_callback(function () {
        ob_start(fn (string $s) => strtoupper($s));
        echo "through a handler, ";
        exit("bye\n");
    });
});

child('die', function () {
    in_ffi_callback(function () {
        echo "dying\n";
        die;
    });
});

child('die("...")', function () {
    in_ffi_callback(function () {
        $message = "died with a message\n";
        die($message);
    });
});

child('exit($int)', function () {
    in_ffi_callback(function () {
        $status = 256 + 42;
        $ref = &$status;
        exit($ref);
    });
});

child('exit(C stdio)', function () {
    global $libc;
    in_ffi_callback(function () use ($libc) {
        $libc->printf("C stdio text\n");
        exit("PHP text\n");
    });
});

child('exit(undefined)', function () {
    in_ffi_callback(function () {
        exit($undefined);
    });
});

child('exit(object) throws', function () {
    in_ffi_callback(function () {
        try {
            exit(new stdClass());
        } catch (Error $e) {
            echo get_class($e), ': ', $e->getMessage(), "\n";
        }
        exit(3);
    });
});

child('exit after a fatal error', function () {
    in_ffi_callback(function () {
        ini_set('display_errors', '0');
        swirl_helper_error(E_ERROR, 'reported', __FILE__, __LINE__);
        exit("PHP keeps status 255\n");
    });
});

child('exit outside FFI', function () {
    echo "top level\n";
    exit(9);
});

child('hook turned off again', function () {
    swirl_helper_exit_hook(false);
    echo "PHP's own exit\n";
    exit(4);
});

child('hook never on', function () {
    echo "PHP's own exit\n";
    exit(5);
}, false);

/* The same thing, inside an FFI callback, without the hook: PHP's own
 * behaviour, the one the hook exists to avoid. */
$pid = pcntl_fork();
if ($pid === 0) {
    swirl_helper_after_fork();
    in_ffi_callback(function () {
        exit(6);
    });
    exit(100);
}
$status = wait_exit($pid);
echo "no hook, in FFI: status $status\n";

echo "parent done\n";
?>
--EXPECTF--
swirl_helper_exit_hook(bool $on): void
swirl_helper_exit_hook(): Argument #1 ($on) must be of type bool, array given
printed before
buffered before
parent buffered
exit(7): status 7
THROUGH A HANDLER, BYE
exit("bye"): status 0
dying
die: status 0
died with a message
die("..."): status 0
exit($int): status 42
PHP text
C stdio text
exit(C stdio): status 0

Warning: Undefined variable $undefined in %s on line %d
exit(undefined): status 0
Error: Object of class stdClass could not be converted to string
exit(object) throws: status 3
PHP keeps status 255
exit after a fatal error: status 255
top level
exit outside FFI: status 9
PHP's own exit
shutdown function in child
destructor in child
hook turned off again: status 4
PHP's own exit
shutdown function in child
destructor in child
hook never on: status 5

Fatal error: Throwing from FFI callbacks is not allowed in %s on line %d
shutdown function in child
no hook, in FFI: status 255
parent done
shutdown function in parent
destructor in parent
