--TEST--
Co\run() may run again once the previous one is done; Coroutine\Scheduler add()/parallel(); with an event loop already created (a timer), Scheduler::start() and Co\run() refuse with Swoole's warning and the timer runs at the end of the script
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
for ($i = 0; $i < 2; $i++) {
    var_dump(Co\run(function () use ($i) { Co::sleep(0.01); echo "run $i cid ", Co::getCid(), "\n"; }));
}
$s = new Swoole\Coroutine\Scheduler();
$s->add(function ($a) { Co::sleep(0.01); echo "sched $a\n"; }, 'x');
$s->parallel(2, function () { echo "parallel\n"; });
var_dump($s->start());
Swoole\Timer::after(10, function () { echo "timer at the end\n"; });
var_dump((new Swoole\Coroutine\Scheduler())->start());
var_dump(Co\run(function () { echo "never\n"; }));
echo "end of script\n";
PHP);
echo "exit: ", $p->wait(), "\n", $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECT--
exit: 0
run 0 cid 1
bool(true)
run 1 cid 2
bool(true)
parallel
parallel
sched x
bool(true)
bool(false)
bool(false)
end of script
timer at the end
PHP Warning:  Swoole\Coroutine\Scheduler::start(): eventLoop has already been created. unable to start Swoole\Coroutine\Scheduler in SCRIPT on line 10
PHP Warning:  Swoole\Coroutine\run(): eventLoop has already been created. unable to start Swoole\Coroutine\Scheduler in SCRIPT on line 11
