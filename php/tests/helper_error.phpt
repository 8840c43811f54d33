--TEST--
swirl_helper_error() raises a PHP error exactly as an internal function does (handlers, error_reporting, @, error_get_last, display, log, html), and E_ERROR does not bail out
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
if (!function_exists('proc_open')) die('skip proc_open not available');
if (!is_readable('/proc/self/maps')) die('skip needs /proc/self/maps');
?>
--INI--
display_errors=1
log_errors=0
html_errors=0
error_reporting=-1
error_prepend_string=
error_append_string=
ignore_repeated_errors=0
--FILE--
<?php
/* Each case: a level, the message an internal function raises, a call of
 * that function, and the line of that call (the same line). */
$cases = [
    'warning' => [E_WARNING, 'hex2bin(): Hexadecimal input string must have an even length', fn () => hex2bin('abc'), __LINE__],
    'notice' => [E_NOTICE, 'unserialize(): Error at offset 0 of 7 bytes', fn () => unserialize('garbage'), __LINE__],
    'deprecated' => [E_DEPRECATED, 'Function utf8_encode() is deprecated', fn () => utf8_encode('x'), __LINE__],
    'html chars' => [E_WARNING, 'fopen(/nonexistent/<b>&"x): Failed to open stream: No such file or directory', fn () => fopen('/nonexistent/<b>&"x', 'r'), __LINE__],
];

/* Runs $f and returns what it displayed, what it logged (dates cut off),
 * error_get_last() after it, the calls its error handler got, and the
 * exception it threw. $handler is null for none, else what the handler
 * does: 'true', 'false' or 'throw'. */
function capture(callable $f, ?string $handler = null, int $handlerMask = E_ALL): array
{
    $log = tempnam(sys_get_temp_dir(), 'swirl_helper_error_log');
    ini_set('error_log', $log);
    $calls = [];
    if ($handler !== null) {
        set_error_handler(function (...$args) use ($handler, &$calls) {
            $calls[] = $args;
            if ($handler === 'throw') {
                throw new ErrorException($args[1], 0, $args[0], $args[2], $args[3]);
            }
            return $handler === 'true';
        }, $handlerMask);
    }
    error_clear_last();
    $thrown = null;
    ob_start();
    try {
        $f();
    } catch (Throwable $e) {
        $thrown = [get_class($e), $e->getMessage(), $e->getSeverity(), $e->getFile(), $e->getLine()];
    } finally {
        $shown = ob_get_clean();
        if ($handler !== null) {
            restore_error_handler();
        }
    }
    $logged = preg_replace('/^\[[^\]]*\] /m', '', (string) file_get_contents($log));
    unlink($log);
    return ['shown' => $shown, 'logged' => $logged, 'last' => error_get_last(),
            'calls' => $calls, 'thrown' => $thrown];
}

$configs = [
    'display' => ['display_errors' => '1', 'log_errors' => '0', 'html_errors' => '0'],
    'html' => ['display_errors' => '1', 'log_errors' => '0', 'html_errors' => '1'],
    'log' => ['display_errors' => '0', 'log_errors' => '1', 'html_errors' => '0'],
    'log+html' => ['display_errors' => '0', 'log_errors' => '1', 'html_errors' => '1'],
    'prepend' => ['display_errors' => '1', 'log_errors' => '1', 'html_errors' => '0',
                  'error_prepend_string' => '<<', 'error_append_string' => '>>'],
];
$variants = [
    'plain' => [null, E_ALL, -1, false],
    'handler true' => ['true', E_ALL, -1, false],
    'handler false' => ['false', E_ALL, -1, false],
    'handler throws' => ['throw', E_ALL, -1, false],
    'handler for others' => ['true', E_USER_ERROR, -1, false],
    'not reported' => [null, E_ALL, 0, false],
    '@' => [null, E_ALL, -1, true],
    '@ handler' => ['true', E_ALL, -1, true],
];

$same = $differ = 0;
foreach ($configs as $cname => $ini) {
    $saved = [];
    foreach ($ini as $k => $v) {
        $saved[$k] = ini_set($k, $v);
    }
    foreach ($cases as $name => [$level, $message, $real, $line]) {
        foreach ($variants as $vname => [$handler, $mask, $reporting, $silence]) {
            $old = error_reporting($reporting);
            if ($silence) {
                $a = capture(fn () => @$real(), $handler, $mask);
                $b = capture(fn () => @swirl_helper_error($level, $message, __FILE__, $line), $handler, $mask);
            } else {
                $a = capture($real, $handler, $mask);
                $b = capture(fn () => swirl_helper_error($level, $message, __FILE__, $line), $handler, $mask);
            }
            error_reporting($old);
            if ($a['thrown'] !== null) {
                // The exception's own file and line are where it was created.
                $a['thrown'][4] = $b['thrown'][4] ?? null;
            }
            if ($a === $b) {
                $same++;
            } else {
                $differ++;
                echo "DIFFERENT: $cname, $name, $vname\n";
                var_dump($a, $b);
            }
        }
    }
    foreach ($saved as $k => $v) {
        ini_set($k, $v);
    }
}
echo "same as an internal function: $same, different: $differ\n";

/* What it looks like. */
$r = capture(fn () => swirl_helper_error(E_WARNING, 'Swoole\Server::send(): session#9 does not exist', '/app/server.php', 17));
echo $r['shown'];
var_dump($r['last']);
$r = capture(fn () => swirl_helper_error(E_NOTICE, 'a notice', '', 0), 'true');
var_dump($r['calls']);

/* Fatal levels are reported and do not bail out; a handler never sees
 * E_ERROR (as in PHP). */
foreach ([E_ERROR, E_USER_ERROR, E_RECOVERABLE_ERROR, E_CORE_ERROR, E_COMPILE_ERROR] as $level) {
    $r = capture(fn () => swirl_helper_error($level, "fatal $level", '/app/server.php', 5), 'false', E_ALL);
    echo trim($r['shown']), ' | handler calls: ', count($r['calls']), ' | last type: ', $r['last']['type'], "\n";
}
echo "still running\n";

foreach ([0, 3, -1, 1 << 15, E_ALL] as $bad) {
    try {
        swirl_helper_error($bad, 'x', 'f', 1);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
try {
    swirl_helper_error(E_WARNING, 'x', 'f', -1);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
$f = new ReflectionFunction('swirl_helper_error');
echo 'swirl_helper_error(', implode(', ', array_map(fn ($p) => $p->getType() . ' $' . $p->getName(), $f->getParameters())),
     '): ', $f->getReturnType(), "\n";

/* E_ERROR inside an FFI callback, as Swirl's PHP layer raises it: the
 * callback returns, and a script that then ends normally exits with 255,
 * as after any fatal error PHP reports. */
function helper_so(): string
{
    foreach (file('/proc/self/maps') as $line) {
        if (preg_match('~\s(/\S*swirl_helper\.so)$~', rtrim($line), $m)) {
            return $m[1];
        }
    }
    throw new RuntimeException('swirl_helper.so not found in the maps');
}

$script = tempnam(sys_get_temp_dir(), 'swirl_helper_error');
file_put_contents($script, <<<'PHP'
<?php
$libc = FFI::cdef('void qsort(void *base, size_t nmemb, size_t size,
                              int (*compar)(const void *, const void *));');
$arr = $libc->new('int[2]');
$done = false;
$libc->qsort($arr, 2, 4, function ($a, $b) use (&$done) {
    if (!$done) {
        $done = true;
        swirl_helper_error(E_ERROR, 'Swoole\Server::start(): fatal inside a callback', '/app/server.php', 3);
        echo "callback went on\n";
    }
    return 0;
});
echo "qsort returned\n";
PHP);
$cmd = [PHP_BINARY, '-n', '-d', 'extension=ffi', '-d', 'ffi.enable=1',
        '-d', 'extension=' . helper_so(), '-d', 'display_errors=1',
        '-d', 'log_errors=0', $script];
$proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
fclose($pipes[0]);
stream_set_timeout($pipes[1], 20);
$out = stream_get_contents($pipes[1]);
stream_set_timeout($pipes[2], 20);
$err = stream_get_contents($pipes[2]);
fclose($pipes[1]);
fclose($pipes[2]);
$deadline = microtime(true) + 20;
while (($st = proc_get_status($proc))['running'] && microtime(true) < $deadline) {
    usleep(5000);
}
if ($st['running']) {
    proc_terminate($proc, 9);
}
proc_close($proc);
@unlink($script);
echo $out, $err, "exit status: ", $st['exitcode'], "\n";
?>
--EXPECT--
same as an internal function: 160, different: 0

Warning: Swoole\Server::send(): session#9 does not exist in /app/server.php on line 17
array(4) {
  ["type"]=>
  int(2)
  ["message"]=>
  string(47) "Swoole\Server::send(): session#9 does not exist"
  ["file"]=>
  string(15) "/app/server.php"
  ["line"]=>
  int(17)
}
array(1) {
  [0]=>
  array(4) {
    [0]=>
    int(8)
    [1]=>
    string(8) "a notice"
    [2]=>
    string(7) "Unknown"
    [3]=>
    int(0)
  }
}
Fatal error: fatal 1 in /app/server.php on line 5 | handler calls: 0 | last type: 1
Fatal error: fatal 256 in /app/server.php on line 5 | handler calls: 1 | last type: 256
Recoverable fatal error: fatal 4096 in /app/server.php on line 5 | handler calls: 1 | last type: 4096
Fatal error: fatal 16 in /app/server.php on line 5 | handler calls: 0 | last type: 16
Fatal error: fatal 64 in /app/server.php on line 5 | handler calls: 0 | last type: 64
still running
swirl_helper_error(): Argument #1 ($level) must be a single E_* error level
swirl_helper_error(): Argument #1 ($level) must be a single E_* error level
swirl_helper_error(): Argument #1 ($level) must be a single E_* error level
swirl_helper_error(): Argument #1 ($level) must be a single E_* error level
swirl_helper_error(): Argument #1 ($level) must be a single E_* error level
swirl_helper_error(): Argument #4 ($line) must be between 0 and 4294967295
swirl_helper_error(int $level, string $message, string $file, int $line): void

Fatal error: Swoole\Server::start(): fatal inside a callback in /app/server.php on line 3
callback went on
qsort returned
exit status: 255
