--TEST--
Swoole\Table limits: a full table refuses new rows with Swoole's warning and keeps the old ones; long keys and long strings are cut as in Swoole
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';

$t = new Swoole\Table(64, 0.2);
$t->column('v', Swoole\Table::TYPE_INT);
$t->column('s', Swoole\Table::TYPE_STRING, 5);
$t->create();
$cap = $t->stats()['total_slice_num'];
var_dump($t->getSize(), $cap);
for ($i = 0; $i < $cap; $i++) {
    if (!$t->set("key-$i", ['v' => $i])) {
        echo "set $i failed\n";
    }
}
var_dump(count($t));
var_dump($t->set('one-more', ['v' => 1]));
var_dump($t->incr('one-more', 'v'));
var_dump($t->set('key-3', ['v' => 333]), $t->get('key-3', 'v'));
$ok = true;
for ($i = 0; $i < $cap; $i++) {
    $ok = $ok && $t->get("key-$i", 'v') === ($i === 3 ? 333 : $i);
}
var_dump($ok, $t->del('key-0'), $t->set('one-more', ['v' => 1]));

echo "-- long key\n";
$long = str_repeat('k', 70);
var_dump($t->del('key-1'));
var_dump($t->set($long, ['v' => 7]));
var_dump($t->get(str_repeat('k', 63), 'v'), $t->exists($long), $t->get($long . 'zz', 'v'));

echo "-- long string\n";
// A column of 5 bytes holds 8, as Swoole rounds it.
var_dump($t->del('key-2'), $t->set('str', ['s' => 'abcdefghijkl']), $t->get('str', 's'));
--EXPECTF--
int(64)
int(76)
int(76)

Warning: Swoole\Table::set(): failed to set('one-more'), unable to allocate memory in %s on line %d
bool(false)

Warning: Swoole\Table::incr(): unable to allocate memory in %s on line %d
bool(false)
bool(true)
int(333)
bool(true)
bool(true)
bool(true)
-- long key
bool(true)

Warning: Swoole\Table::set(): key[kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk] is too long in %s on line %d
bool(true)
int(7)
bool(true)
int(7)
-- long string
[%s]	WARNING	[key=str,field=s]string value is too long
bool(true)
bool(true)
string(8) "abcdefgh"
