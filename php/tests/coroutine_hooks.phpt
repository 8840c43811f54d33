--TEST--
Swoole\Runtime::enableCoroutine() with SWOOLE_HOOK_SLEEP: sleep(), usleep(), time_nanosleep() and time_sleep_until() in a coroutine wait only that coroutine (the others run meanwhile) and return what PHP's functions return; outside a coroutine and with the hooks off they are PHP's own; bad arguments get PHP's own errors; getHookFlags() reads the flags back
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
var_dump(Swoole\Runtime::getHookFlags());
var_dump(Swoole\Runtime::enableCoroutine(true, SWOOLE_HOOK_SLEEP), Swoole\Runtime::getHookFlags() === SWOOLE_HOOK_SLEEP);
$t = microtime(true);
Co\run(function () {
    go(function () { var_dump(sleep(1)); echo "a\n"; });
    go(function () { var_dump(usleep(300000)); echo "b\n"; });
    go(function () { var_dump(time_nanosleep(0, 200000000)); echo "c\n"; });
    go(function () { var_dump(time_sleep_until(microtime(true) + 0.1)); echo "e\n"; });
    go(function () {
        try {
            sleep(-1);
        } catch (ValueError $e) {
            echo get_class($e), ": ", $e->getMessage(), "\n";
        }
    });
    echo "d\n";
});
$took = microtime(true) - $t;
echo "concurrent: ", var_export($took >= 0.99 && $took < 1.45, true), "\n";
// Outside a coroutine: PHP's own functions.
var_dump(sleep(0), usleep(1000));
Swoole\Runtime::enableCoroutine(false);
var_dump(Swoole\Runtime::getHookFlags());
Co\run(function () {
    go(function () { usleep(100000); echo "x\n"; });
    echo "y\n";
});
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECT--
exit: 0
int(0)
bool(true)
bool(true)
ValueError: sleep(): Argument #1 ($seconds) must be greater than or equal to 0
d
bool(true)
e
bool(true)
c
NULL
b
int(0)
a
concurrent: true
int(0)
NULL
int(0)
x
y
