--TEST--
php/src/constants.php and php/src/Swirl/FFI/Abi.php match abi/swirl.h (php/gen-constants.php --check)
--FILE--
<?php
$root = dirname(__DIR__, 2);
exec(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg("$root/php/gen-constants.php") . ' --check 2>&1', $out, $rc);
echo "rc=$rc\n";
foreach ($out as $line) {
    if (str_contains($line, 'stale') || str_contains($line, 'cannot')) {
        echo $line, "\n";
    }
}
require "$root/php/src/Swirl/FFI/Abi.php";
$h = file_get_contents("$root/abi/swirl.h");
preg_match('/#define SWIRL_ABI_VERSION (\d+)/', $h, $m);
var_dump(Swirl\FFI\Abi::ABI_VERSION === (int) $m[1]);
preg_match('/SWIRL_EV_RECEIVE = (\d+)/', $h, $m);
var_dump(Swirl\FFI\Abi::EV_RECEIVE === (int) $m[1]);
?>
--EXPECT--
rc=0
bool(true)
bool(true)
