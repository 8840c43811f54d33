--TEST--
swirl_helper_report_uncaught() prints what PHP prints for an uncaught exception, where PHP prints it, and returns
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
if (!function_exists('proc_open')) die('skip proc_open not available');
if (!is_readable('/proc/self/maps')) die('skip needs /proc/self/maps');
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

$script = tempnam(sys_get_temp_dir(), 'swirl_helper_report');
$log = $script . '.log';
file_put_contents($script, <<<'PHP'
<?php
class Boom extends RuntimeException {}
class Liar extends Exception
{
    public function __toString(): string
    {
        throw new LogicException('no text for you');
    }
}
function make(string $what, int $n): Throwable
{
    return $what === 'liar'
        ? new Liar('liar')
        : new Boom('boom', 7, new LogicException('inner cause ' . $n));
}
$e = make($argv[1] === 'liar' || $argv[1] === 'liar-native' ? 'liar' : 'boom',
          42);
if (str_ends_with($argv[1], 'native')) {
    throw $e;
}
swirl_helper_report_uncaught($e);
echo 'returned, ', error_get_last()['type'] === E_ERROR ? 'E_ERROR' : '?',
     ', refcount kept: ', $e->getMessage(), "\n";
PHP);

$configs = [
    'display_errors=stderr' => ['display_errors' => 'stderr',
                                'log_errors' => '0'],
    'log to stderr (Debian CLI)' => ['display_errors' => '0',
                                     'log_errors' => '1'],
    'display_errors=stdout' => ['display_errors' => '1',
                                'log_errors' => '0'],
    'error_log file' => ['display_errors' => '0', 'log_errors' => '1',
                         'error_log' => $log],
];
foreach ($configs as $name => $ini) {
    foreach (['boom', 'liar'] as $kind) {
        @unlink($log);
        [$nrc, $nout, $nerr] = run_php($script, $ini, "$kind-native");
        $nlog = @file_get_contents($log);
        @unlink($log);
        [$rc, $out, $err] = run_php($script, $ini, $kind);
        $rlog = @file_get_contents($log);
        @unlink($log);

        /* The report is followed by the caller's own line on stdout. */
        $tail = "returned, E_ERROR, refcount kept: $kind\n";
        $out = str_ends_with($out, $tail)
            ? substr($out, 0, -strlen($tail)) : "(no tail) $out";
        /* Log lines start with a timestamp; drop it. */
        $nlog = $nlog === false ? '' : preg_replace('/^\[[^\]]*\] /m', '', $nlog);
        $rlog = $rlog === false ? '' : preg_replace('/^\[[^\]]*\] /m', '', $rlog);
        /* The exception thrown by Liar::__toString() was created below
         * the caller's frame; apart from that frame the text is PHP's. */
        $note = '';
        if ($kind === 'liar') {
            $drop = fn ($s) => preg_replace(
                ['/^#\d+ .*swirl_helper_report_uncaught\(.*\n/m', '/^#\d+ /m'],
                ['', '#N '], $s);
            [$nerr, $nout, $nlog] = array_map($drop, [$nerr, $nout, $nlog]);
            $before = $err . $out . $rlog;
            [$err, $out, $rlog] = array_map($drop, [$err, $out, $rlog]);
            $note = $before !== $err . $out . $rlog
                ? ' (caller frame dropped)' : ' (no caller frame?)';
        }
        echo "$name, $kind$note: ",
             $nerr . $nout . $nlog === '' ? 'PHP printed nothing'
                                          : 'PHP printed',
             ', same stderr: ', $err === $nerr ? 'yes' : 'no',
             ', same stdout: ', $out === $nout ? 'yes' : 'no',
             ', same log: ', $rlog === $nlog ? 'yes' : 'no',
             ", exit $nrc/$rc\n";
        if ($err !== $nerr || $out !== $nout || $rlog !== $nlog) {
            echo "--- PHP:\n$nerr$nout$nlog--- helper:\n$err$out$rlog";
        }
    }
}

/* One of them in full, to show the text. */
[$rc, $out, $err] = run_php($script, ['display_errors' => '0',
                                      'log_errors' => '1'], 'boom');
echo str_replace($script, 'SCRIPT', $err), $out;
@unlink($script);
?>
--EXPECT--
display_errors=stderr, boom: PHP printed, same stderr: yes, same stdout: yes, same log: yes, exit 255/255
display_errors=stderr, liar (caller frame dropped): PHP printed, same stderr: yes, same stdout: yes, same log: yes, exit 255/255
log to stderr (Debian CLI), boom: PHP printed, same stderr: yes, same stdout: yes, same log: yes, exit 255/255
log to stderr (Debian CLI), liar (caller frame dropped): PHP printed, same stderr: yes, same stdout: yes, same log: yes, exit 255/255
display_errors=stdout, boom: PHP printed, same stderr: yes, same stdout: yes, same log: yes, exit 255/255
display_errors=stdout, liar (caller frame dropped): PHP printed, same stderr: yes, same stdout: yes, same log: yes, exit 255/255
error_log file, boom: PHP printed, same stderr: yes, same stdout: yes, same log: yes, exit 255/255
error_log file, liar (caller frame dropped): PHP printed, same stderr: yes, same stdout: yes, same log: yes, exit 255/255
PHP Fatal error:  Uncaught LogicException: inner cause 42 in SCRIPT:14
Stack trace:
#0 SCRIPT(16): make('boom', 42)
#1 {main}

Next Boom: boom in SCRIPT:14
Stack trace:
#0 SCRIPT(16): make('boom', 42)
#1 {main}
  thrown in SCRIPT on line 14
returned, E_ERROR, refcount kept: boom
