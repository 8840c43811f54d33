--TEST--
swirl_helper_report_uncaught() and swirl_helper_exit() inside an FFI callback
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
if (!function_exists('proc_open')) die('skip proc_open not available');
if (!is_readable('/proc/self/maps')) die('skip needs /proc/self/maps');
if (!extension_loaded('ffi')) die('skip FFI not available');
?>
--FILE--
<?php
/* The path of the loaded extension, for the PHP subprocesses. */
function helper_so(): string
{
    foreach (file('/proc/self/maps') as $line) {
        if (preg_match('~\s(/\S*swirl_helper\.so)$~', rtrim($line), $m)) {
            return $m[1];
        }
    }
    throw new RuntimeException('swirl_helper.so not found in the maps');
}

/* Runs PHP on $script with the given ini settings and argument; returns
 * [exit status, stdout, stderr]. Every wait is bounded. */
function run_php(string $script, array $ini, string $arg): array
{
    $cmd = [PHP_BINARY, '-n', '-d', 'extension=' . helper_so()];
    foreach ($ini as $k => $v) {
        $cmd[] = '-d';
        $cmd[] = "$k=$v";
    }
    $cmd[] = $script;
    $cmd[] = $arg;
    $proc = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'],
                             2 => ['pipe', 'w']], $pipes);
    fclose($pipes[0]);
    $out = ['', '', ''];
    $open = [1 => $pipes[1], 2 => $pipes[2]];
    foreach ($open as $p) {
        stream_set_blocking($p, false);
    }
    $deadline = microtime(true) + 20;
    while ($open && microtime(true) < $deadline) {
        $r = array_values($open);
        $w = $e = null;
        if (stream_select($r, $w, $e, 0, 100000) === false) {
            break;
        }
        foreach ($open as $i => $p) {
            $chunk = fread($p, 65536);
            if ($chunk !== false) {
                $out[$i] .= $chunk;
            }
            if (feof($p)) {
                fclose($p);
                unset($open[$i]);
            }
        }
    }
    $status = proc_get_status($proc);
    while ($status['running'] && microtime(true) < $deadline) {
        usleep(5000);
        $status = proc_get_status($proc);
    }
    if ($status['running']) {
        proc_terminate($proc, 9);
        $status['exitcode'] = -999;
    }
    foreach ($open as $p) {
        fclose($p);
    }
    proc_close($proc);
    return [$status['exitcode'], $out[1], $out[2]];
}

$script = tempnam(sys_get_temp_dir(), 'swirl_helper_ffi');
file_put_contents($script, <<<'PHP'
<?php
$e = new RuntimeException('from a callback');
if ($argv[1] === 'native') {
    throw $e;
}
$libc = FFI::cdef('void qsort(void *base, size_t nmemb, size_t size,
                              int (*compar)(const void *, const void *));');
$arr = $libc->new('int[4]');
$calls = 0;
$libc->qsort($arr, 4, 4, function ($a, $b) use ($e, $argv, &$calls) {
    if ($calls++ === 0) {
        swirl_helper_report_uncaught($e);
        echo "returned inside the callback\n";
        if ($argv[1] === 'exit') {
            ob_start();
            echo "buffered inside the callback\n";
            swirl_helper_exit(7);
        }
    }
    return 0;
});
echo "qsort returned\n";
PHP);

$ini = ['extension' => 'ffi', 'ffi.enable' => '1', 'display_errors' => '0',
        'log_errors' => '1'];
[$nrc, $nout, $nerr] = run_php($script, $ini, 'native');
[$rc, $out, $err] = run_php($script, $ini, 'report');
echo 'report: same stderr as PHP: ', $err === $nerr ? 'yes' : 'no',
     ", exit $nrc/$rc\n", $out;
[$rc, $out, $err] = run_php($script, $ini, 'exit');
echo 'exit: same stderr as PHP: ', $err === $nerr ? 'yes' : 'no',
     ", exit $rc\n", $out;
echo str_replace($script, 'SCRIPT', $err);
@unlink($script);
?>
--EXPECT--
report: same stderr as PHP: yes, exit 255/255
returned inside the callback
qsort returned
exit: same stderr as PHP: yes, exit 7
returned inside the callback
buffered inside the callback
PHP Fatal error:  Uncaught RuntimeException: from a callback in SCRIPT:2
Stack trace:
#0 {main}
  thrown in SCRIPT on line 2
