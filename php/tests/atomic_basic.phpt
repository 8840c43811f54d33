--TEST--
Swoole\Atomic and Swoole\Atomic\Long: values, wrap-around, cmpset, wait() timing out or taking a pending wakeup, aliases
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';

$a = new swoole_atomic();
var_dump(get_class($a), $a->get(), $a->add(), $a->add(10), $a->sub(12));
var_dump($a->set(5), $a->get(), $a->cmpset(4, 9), $a->cmpset(5, 9), $a->get());
$a = new Swoole\Atomic(-1);
var_dump($a->get(), $a->add(2));

// wait(): a 1 is a pending wakeup, taken at once; a 0 sleeps until the
// timeout; any other value is not a wakeup.
$a->set(1);
var_dump($a->wait(1.0), $a->get());
$t0 = microtime(true);
var_dump($a->wait(0.2));
$dt = microtime(true) - $t0;
var_dump($dt >= 0.19 && $dt < 5);
var_dump($a->wakeup(), $a->get(), $a->wakeup(), $a->get());
$a->set(7);
var_dump($a->wait(0.1), $a->get());

$l = new swoole_atomic_long(PHP_INT_MAX);
var_dump(get_class($l), $l->get(), $l->add(), $l->sub(2), $l->set(-10), $l->get());
var_dump($l->cmpset(0, 1), $l->cmpset(-10, 1), $l->get());

foreach ([fn () => new Swoole\Atomic('x'), fn () => $a->add([]), fn () => $a->wait('soon'),
          fn () => clone $l] as $f) {
    try {
        $f();
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
--EXPECTF--
string(13) "Swoole\Atomic"
int(0)
int(1)
int(11)
int(4294967295)
NULL
int(5)
bool(false)
bool(true)
int(9)
int(4294967295)
int(1)
bool(true)
int(0)
bool(false)
bool(true)
bool(true)
int(1)
bool(true)
int(1)
bool(false)
int(7)
string(18) "Swoole\Atomic\Long"
int(9223372036854775807)
int(-9223372036854775808)
int(9223372036854775806)
NULL
int(-10)
bool(false)
bool(true)
int(1)
TypeError: Swoole\Atomic::__construct(): Argument #1 ($value) must be of type int, string given
TypeError: Swoole\Atomic::add(): Argument #1 ($add_value) must be of type int, array given
TypeError: Swoole\Atomic::wait(): Argument #1 ($timeout) must be of type float, string given
Error: Trying to clone an uncloneable object of class Swoole\Atomic\Long
