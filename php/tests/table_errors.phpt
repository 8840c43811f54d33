--TEST--
Swoole\Table argument errors: TypeError as an internal function raises it, unknown column types, serialization and clone refused
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';

$t = new Swoole\Table(64);
var_dump($t->column('x', 99));
$t->column('v', Swoole\Table::TYPE_INT);
$t->create();
foreach ([
    fn () => $t->set('k', 'not an array'),
    fn () => $t->set([], []),
    fn () => $t->get('k', []),
    fn () => new Swoole\Table('many'),
    fn () => new Swoole\Table(64, 'lots'),
    fn () => clone $t,
    fn () => serialize($t),
] as $f) {
    try {
        $f();
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
--EXPECTF--

Warning: Swoole\Table::column(): unknown column type in %s on line %d
bool(false)
TypeError: Swoole\Table::set(): Argument #2 ($value) must be of type array, string given
TypeError: Swoole\Table::set(): Argument #1 ($key) must be of type string, array given
TypeError: Swoole\Table::get(): Argument #2 ($field) must be of type string, array given
TypeError: Swoole\Table::__construct(): Argument #1 ($table_size) must be of type int, string given
TypeError: Swoole\Table::__construct(): Argument #2 ($conflict_proportion) must be of type float, string given
Error: Trying to clone an uncloneable object of class Swoole\Table
Exception: Serialization of 'Swoole\Table' is not allowed
