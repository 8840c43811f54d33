--TEST--
Coroutines: go() runs at once until it waits, ids and parents, defer() last in first out, context, yield/resume, sleep, stats, Co\run's return; outside a coroutine getCid() is -1 and Co::sleep() is Swoole's fatal error; an exception escaping a coroutine is a fatal error with the coroutine's own trace; a coroutine left waiting gets Swoole's deadlock report
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

function show(ServerProcess $p): void
{
    echo "exit: ", $p->wait(), "\n", $p->out;
    echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
}

show(ServerProcess::startCode(<<<'PHP'
<?php
use Swoole\Coroutine;
var_dump(Coroutine::getCid());
$r = Co\run(function () {
    echo "main ", Coroutine::getCid(), " parent ", var_export(Coroutine::getPcid(), true), "\n";
    $cid = go(function () {
        defer(function () { echo "defer A\n"; });
        Coroutine::defer(function () { echo "defer B cid ", Coroutine::getCid(), "\n"; });
        echo "child ", Coroutine::getCid(), " parent ", Coroutine::getPcid(), "\n";
        Coroutine::sleep(0.02);
        echo "child woke\n";
    });
    echo "created $cid, exists ", var_export(Coroutine::exists($cid), true), "\n";
    $ctx = Coroutine::getContext();
    $ctx['k'] = 'v';
    echo get_class($ctx), " ", Coroutine::getContext()['k'], "\n";
    $y = go(function () {
        echo "yielding\n";
        var_dump(Coroutine::yield());
        echo "resumed\n";
    });
    $ids = iterator_to_array(Coroutine::list());
    sort($ids);
    echo "list ", implode(',', $ids), "\n";
    var_dump(Coroutine::resume($y));
    echo "after resume\n";
    var_dump(Coroutine::resume($y));
    $t = microtime(true);
    var_dump(Coroutine::sleep(0.05));
    echo "slept ", microtime(true) - $t >= 0.049 ? "enough" : "too little", "\n";
    var_dump(Coroutine::exists($cid), Coroutine::getPcid(999));
    var_dump(Coroutine::sleep(0.0001));
    $s = Coroutine::stats();
    var_dump($s['coroutine_num'], $s['coroutine_last_cid'], $s['coroutine_peak_num']);
});
var_dump($r, Coroutine::getCid());
PHP));

// Outside a coroutine.
show(ServerProcess::startCode(<<<'PHP'
<?php
echo "before\n";
Co::sleep(0.01);
echo "never\n";
PHP));

// An exception that escapes a coroutine after it waited.
show(ServerProcess::startCode(<<<'PHP'
<?php
function fails($x) { throw new RuntimeException("boom $x"); }
try {
    go(function () { echo "a\n"; Co::sleep(0.01); echo "c\n"; fails(1); });
} catch (Throwable $e) {
    echo "not here\n";
}
echo "b\n";
PHP));

// A coroutine that waits on a channel nobody writes.
show(ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () {
    go(function () { (new Co\Channel(1))->pop(); echo "never\n"; });
    echo "main ends\n";
});
echo "after run\n";
PHP));
?>
--EXPECTF--
exit: 0
int(-1)
main 1 parent -1
child 2 parent 1
created 2, exists true
Swoole\Coroutine\Context v
yielding
list 1,2,3
bool(true)
resumed
bool(true)
after resume
bool(false)
child woke
defer B cid 2
defer A
bool(true)
slept enough
bool(false)
bool(false)
bool(false)
int(1)
int(3)
int(3)
bool(true)
int(-1)
PHP Warning:  Swoole\Coroutine::resume(): can not resume the coroutine which is in IO operation or non-existent in SCRIPT on line 27
PHP Warning:  Swoole\Coroutine\System::sleep(): Timer must be greater than or equal to 0.001 in SCRIPT on line 32
exit: 255
before
PHP Fatal error:  Uncaught Swoole\Error: API must be called in the coroutine in SCRIPT:3
Stack trace:
#0 SCRIPT(3): Swoole\Coroutine::sleep(%S)
#1 {main}
  thrown in SCRIPT on line 3
exit: 255
a
b
c
PHP Fatal error:  Uncaught RuntimeException: boom 1 in SCRIPT:2
Stack trace:
#0 SCRIPT(4): fails(%S)
#1 [internal function]: {closure}()
#2 {main}
  thrown in SCRIPT on line 2
exit: 0
main ends

===================================================================
 [FATAL ERROR]: all coroutines (count: 1) are asleep - deadlock!
===================================================================
after run
