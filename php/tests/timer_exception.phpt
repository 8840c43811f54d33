--TEST--
Timers: an exception escaping a timer callback is reported as PHP's uncaught exception and ends the process with 255; exit() in a callback (a coroutine, as timers' callbacks are) throws Swoole\ExitException, a fatal error when uncaught, as in Swoole
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
Swoole\Timer::after(5, function ($x) {
    echo "in timer $x\n";
    throw new RuntimeException("boom $x");
}, 'arg');
Swoole\Timer::after(50, function () { echo "never\n"; });
echo "end of script\n";
PHP);
echo "exit: ", $p->wait(), "\n";
echo $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);

$p = ServerProcess::startCode(<<<'PHP'
<?php
Swoole\Timer::tick(5, function () {
    echo "tick\n";
    exit(3);
});
Swoole\Timer::after(50, function () { echo "never\n"; });
PHP);
echo "exit: ", $p->wait(), "\n";
echo $p->out;
echo "stderr: ", preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err), "\n";
?>
--EXPECTF--
exit: 255
end of script
in timer arg
PHP Fatal error:  Uncaught RuntimeException: boom arg in SCRIPT:4
Stack trace:
#0 [internal function]: {closure}(%S)
#1 {main}
  thrown in SCRIPT on line 4
exit: 255
tick
stderr: PHP Fatal error:  Uncaught Swoole\ExitException: swoole exit in SCRIPT:4
Stack trace:
#0 [internal function]: {closure}(%S)
#1 {main}
  thrown in SCRIPT on line 4
