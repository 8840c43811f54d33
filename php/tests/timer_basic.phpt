--TEST--
Timers in a script without a server: tick gets ($timer_id, ...$params), after gets (...$params); clear inside the callback; exists/info/stats/list; the loop runs after the script body (with Swoole 4.8's deprecation notice) and the script ends when the last timer is cleared
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
error_reporting(E_ALL);
register_shutdown_function(function () { echo "first shutdown function\n"; });
var_dump(Swoole\Timer::stats()['initialized'], Swoole\Timer::info(1), Swoole\Timer::clear(1));
$n = 0;
$tick = Swoole\Timer::tick(20, function (int $timer_id, $a, $b) use (&$n) {
    $n++;
    echo "tick #$timer_id $a $b $n\n";
    if ($n === 3) {
        var_dump(Swoole\Timer::clear($timer_id), Swoole\Timer::exists($timer_id), Swoole\Timer::clear($timer_id));
        swoole_timer_after(5, function () { echo "after the ticks\n"; });
    }
}, 'A', 'B');
$after = swoole_timer_after(10, function (...$args) use (&$after) {
    echo 'after ', json_encode($args), "\n";
    // A one-shot timer exists inside its own callback, and can be cleared once.
    var_dump(swoole_timer_exists($after), swoole_timer_clear($after), swoole_timer_clear($after));
}, 1, 'two');
$gone = Swoole\Timer::after(1000, function () { echo "never\n"; });
var_dump($tick, $after, Swoole\Timer::clear($gone), Swoole\Timer::exists($gone), Swoole\Timer::exists($tick));
$info = Swoole\Timer::info($tick);
var_dump(array_keys($info), $info['interval'], $info['exec_count'], $info['removed']);
var_dump(Swoole\Timer::info(999));
var_dump(Swoole\Timer::stats()['num'], iterator_to_array(Swoole\Timer::list()));
var_dump(get_class(swoole_timer_list()));
var_dump(Swoole\Timer::tick(0, function () {}));
try {
    Swoole\Timer::after(10, 'no_such_function');
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
echo "end of script\n";
PHP);
echo "exit: ", $p->wait(), "\n";
echo $p->out;
echo str_replace(sys_get_temp_dir(), 'TMP', preg_replace('~swirl-test-\w+\.php~', 'SCRIPT', $p->err));
?>
--EXPECTF--
exit: 0
bool(false)
bool(false)
bool(false)
int(1)
int(2)
bool(true)
bool(false)
bool(true)
array(5) {
  [0]=>
  string(9) "exec_msec"
  [1]=>
  string(10) "exec_count"
  [2]=>
  string(8) "interval"
  [3]=>
  string(5) "round"
  [4]=>
  string(7) "removed"
}
int(20)
int(0)
bool(false)
NULL
int(2)
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(2)
}
string(21) "Swoole\Timer\Iterator"
bool(false)
Swoole\Timer::after(): Argument #2 ($callback) must be a valid callback, function "no_such_function" not found or invalid function name
end of script
first shutdown function
after [1,"two"]
bool(true)
bool(true)
bool(false)
tick #1 A B 1
tick #1 A B 2
tick #1 A B 3
bool(true)
bool(false)
bool(false)
after the ticks
PHP Warning:  Swoole\Timer::tick(): Timer must be greater than or equal to 1 in TMP/SCRIPT on line 26
PHP Deprecated:  Swoole\Event::rshutdown(): Event::wait() in shutdown function is deprecated in Unknown on line 0
