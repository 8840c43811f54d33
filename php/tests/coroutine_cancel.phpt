--TEST--
Co::cancel() ends a coroutine's wait at once: Co::sleep() returns false (isCanceled(), SWOOLE_ERROR_CO_CANCELED), Channel::pop() false with SWOOLE_CHANNEL_CANCELED; a coroutine in Co::yield(), an unknown one and the caller itself cannot be canceled
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () {
    $cid = go(function () {
        $r = Co::sleep(10);
        echo "sleep: ", json_encode([$r, Co::isCanceled(), swoole_last_error() === SWOOLE_ERROR_CO_CANCELED]), "\n";
        $r = Co::sleep(0.01);
        echo "sleep again: ", json_encode([$r, Co::isCanceled()]), "\n";
    });
    echo "cancel sleep: " . json_encode(Co::cancel($cid)) . "\n";
    $ch = new Co\Channel(1);
    $c2 = go(function () use ($ch) {
        echo "pop: ", json_encode([$ch->pop(), $ch->errCode === SWOOLE_CHANNEL_CANCELED]), "\n";
    });
    echo "cancel pop: " . json_encode(Co::cancel($c2)) . "\n";
    echo "cancel unknown: ", json_encode([Co::cancel(9999), swoole_last_error() === SWOOLE_ERROR_CO_NOT_EXISTS]), "\n";
    $c3 = go(function () { Co::yield(); echo "resumed\n"; });
    echo "cancel yield: ", json_encode([Co::cancel($c3), swoole_last_error() === SWOOLE_ERROR_CO_CANNOT_CANCEL]), "\n";
    Co::resume($c3);
    echo "cancel self: ", json_encode(Co::cancel(Co::getCid())), "\n";
});
PHP);
echo "exit: ", $p->wait(), "\n", $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECT--
exit: 0
sleep: [false,true,true]
cancel sleep: true
pop: [false,true]
cancel pop: true
cancel unknown: [false,true]
cancel yield: [false,true]
resumed
cancel self: false
sleep again: [true,false]
PHP Warning:  Swoole\Coroutine::cancel(): can not cancel self in SCRIPT on line 19
