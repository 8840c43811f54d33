--TEST--
Swirl\FFI\Library: one-line reasons for a missing FFI, FFI disabled, library not built, header missing, ABI mismatch; preload()
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$root = ServerProcess::root();
$script = tempnam(sys_get_temp_dir(), 'swirl-loader-') . '.php';
file_put_contents($script, <<<'PHP'
<?php
try {
    $s = new Swoole\Server('127.0.0.1', 0);
    echo "loaded by ", Swirl\FFI\Library::loadedVia(), ", port ", $s->port > 0 ? 'ok' : 'bad', "\n";
} catch (RuntimeException $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}
PHP);

function run(array $args, array $env = []): string
{
    global $root, $script;
    $cmd = array_merge([PHP_BINARY], $args, ['-d', "auto_prepend_file=$root/php/bootstrap.php", $script]);
    $proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null,
        array_merge(getenv(), $env));
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    proc_close($proc);
    return str_replace($root, 'ROOT', trim($out));
}

echo run(['-n']), "\n";
echo run(['-d', 'ffi.enable=0']), "\n";
echo run(['-d', 'ffi.enable=1'], ['SWIRL_LIB' => '/nonexistent/libswirl.so']), "\n";
echo run(['-d', 'ffi.enable=1'], ['SWIRL_FFI_HEADER' => '/nonexistent/swirl_ffi.h']), "\n";

$tmp = sys_get_temp_dir() . '/swirl-abi-' . getmypid();
@mkdir($tmp);
file_put_contents("$tmp/old.c", "int swirl_abi_version(void) { return 99; }\n");
exec('cc -shared -fPIC -o ' . escapeshellarg("$tmp/old.so") . ' ' . escapeshellarg("$tmp/old.c") . ' 2>&1', $o, $rc);
echo $rc === 0
    ? str_replace($tmp, 'TMP', run(['-d', 'ffi.enable=1'], ['SWIRL_LIB' => "$tmp/old.so"]))
    : "Swirl: ABI mismatch: (no C compiler to build an old library)", "\n";

echo run(['-d', 'ffi.enable=1']), "\n";

// preload(): a header with FFI_SCOPE/FFI_LIB for ffi.preload, then FFI::scope().
require_once "$root/php/src/functions.php";
$h = Swirl\FFI\Library::preload("$tmp/preload.h");
echo str_replace($tmp, 'TMP', $h), "\n";
echo implode("\n", array_slice(explode("\n", str_replace($root, 'ROOT', file_get_contents($h))), 0, 2)), "\n";
echo run(['-d', 'ffi.enable=preload', '-d', "ffi.preload=$h"]), "\n";

array_map('unlink', glob("$tmp/*"));
rmdir($tmp);
unlink($script);
?>
--EXPECT--
RuntimeException: Swirl: the PHP FFI extension is not loaded (install php-ffi / enable extension=ffi, or run scripts with php/bin/swirl-php)
RuntimeException: Swirl: FFI is disabled (ffi.enable=0); run PHP with -d ffi.enable=1 or use php/bin/swirl-php
RuntimeException: Swirl: the library is not built (/nonexistent/libswirl.so is missing); run `make` in ROOT or set SWIRL_LIB
RuntimeException: Swirl: the FFI header /nonexistent/swirl_ffi.h is missing; run `make` (it generates ffi/swirl_ffi.h from abi/swirl.h)
RuntimeException: Swirl: ABI mismatch: TMP/old.so has ABI generation 99 but this PHP binding was written for 1; rebuild with `make` (and regenerate php/src with php/gen-constants.php)
loaded by cdef, port ok
TMP/preload.h
#define FFI_SCOPE "SWIRL"
#define FFI_LIB "ROOT/build/libswirl.so"
loaded by scope, port ok
