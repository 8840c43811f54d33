--TEST--
Swoole\Table used before create() is a fatal error, as in Swoole
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';

$t = new Swoole\Table(64);
$t->column('v', Swoole\Table::TYPE_INT);
var_dump(count($t));
$t->set('k', ['v' => 1]);
echo "not reached\n";
--EXPECTF--
int(0)

Fatal error: Swoole\Table::set(): table is not created or has been destroyed in %s on line %d
