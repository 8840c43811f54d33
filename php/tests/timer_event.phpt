--TEST--
Deferred calls and the event loop: swoole_event_defer/Event::defer run after the script body in order, before timers; Event::wait() runs the loop at once (no deprecation notice then); Event::exit() and clearAll() clear every timer
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
error_reporting(E_ALL);
Swoole\Timer::after(50, function () { echo "timer 50ms\n"; });
var_dump(swoole_event_defer(function () {
    echo "defer 1\n";
    Swoole\Event::defer(function () { echo "defer 3 (from defer 1)\n"; });
}));
var_dump(Swoole\Event::defer(function () { echo "defer 2\n"; }));
echo "before wait\n";
Swoole\Event::wait();
echo "after wait\n";

// clearAll from inside a callback stops the others; exit() stops the loop.
Swoole\Timer::tick(10, function ($id) { echo "tick $id\n"; var_dump(Swoole\Timer::clearAll()); });
Swoole\Timer::after(30, function () { echo "never\n"; });
Swoole\Event::wait();
echo "after second wait\n";

Swoole\Timer::tick(5, function ($id) {
    echo "tick before exit\n";
    Swoole\Event::exit();
    var_dump(Swoole\Timer::exists($id));
});
Swoole\Timer::after(500, function () { echo "never either\n"; });
Swoole\Event::wait();
var_dump(Swoole\Timer::stats()['num']);
echo "end\n";
PHP);
echo "exit: ", $p->wait(), "\n";
echo $p->out;
echo "stderr:\n", $p->err;
?>
--EXPECT--
exit: 0
bool(true)
bool(true)
before wait
defer 1
defer 2
defer 3 (from defer 1)
timer 50ms
after wait
tick 2
bool(true)
after second wait
tick before exit
bool(false)
int(0)
end
stderr:
