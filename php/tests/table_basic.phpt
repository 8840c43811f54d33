--TEST--
Swoole\Table: columns, create(), set/get/exist/del/incr/decr/count, iteration, stats, aliases
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';

var_dump(Swoole\Table::TYPE_INT, Swoole\Table::TYPE_FLOAT, Swoole\Table::TYPE_STRING);
$t = new swoole_table(100);
var_dump(get_class($t), $t instanceof Iterator, $t instanceof Countable);
var_dump($t->size, $t->getSize(), $t->getMemorySize(), count($t));
var_dump($t->column('id', Swoole\Table::TYPE_INT));
var_dump($t->column('name', Swoole\Table::TYPE_STRING, 10));
var_dump($t->column('score', Swoole\Table::TYPE_FLOAT));
var_dump($t->column('bad', Swoole\Table::TYPE_STRING, 0));
var_dump($t->create(), $t->size, $t->getSize(), $t->memorySize === $t->getMemorySize(),
    $t->memorySize > 0);
var_dump($t->column('late', Swoole\Table::TYPE_INT));

echo "-- rows\n";
var_dump($t->set('a', ['id' => 1, 'name' => 'alice', 'score' => 2.5, 'other' => 'ignored', 7 => 1]));
var_dump($t->get('a'));
var_dump($t->get('a', 'name'), $t->get('a', 'id'), $t->get('a', 'score'), $t->get('a', 'nope'));
var_dump($t->get('missing'), $t->get('missing', 'id'));
// An existing row keeps the columns not given; a new one starts at 0 / "".
var_dump($t->set('a', ['id' => '42']), $t->get('a'));
var_dump($t->set('b', ['name' => 12.5]), $t->get('b'));
var_dump($t->exist('a'), $t->exists('b'), $t->exists('c'), count($t), $t->count(1));

echo "-- incr/decr\n";
var_dump($t->incr('a', 'id'), $t->incr('a', 'id', 8), $t->decr('a', 'id', 100));
var_dump($t->incr('a', 'score', 0.25), $t->decr('a', 'score'));
var_dump($t->incr('n', 'id', 5), $t->get('n'));
var_dump($t->incr('a', 'name'));
var_dump($t->decr('a', 'nothere'));

echo "-- iteration\n";
$seen = [];
foreach ($t as $key => $row) {
    $seen[$key] = $row['id'];
}
ksort($seen);
var_dump($seen);
$t->rewind();
var_dump($t->valid(), is_string($t->key()), is_array($t->current()));

echo "-- delete\n";
var_dump($t->del('a'), $t->delete('a'), $t->get('a'), count($t));
$st = $t->stats();
var_dump(array_keys($st), $st['num'], $st['delete_count'], $st['total_slice_num'] >= 128);
var_dump($t->destroy(), count($t), $t->getSize());
--EXPECTF--
int(1)
int(2)
int(3)
string(12) "Swoole\Table"
bool(true)
bool(true)
NULL
int(128)
int(0)
int(0)
bool(true)
bool(true)
bool(true)

Warning: Swoole\Table::column(): the length of string type values has to be more than zero in %s on line %d
bool(false)
bool(true)
int(128)
int(128)
bool(true)
bool(true)

Warning: Swoole\Table::column(): unable to add column after table has been created in %s on line %d
bool(false)
-- rows
bool(true)
array(3) {
  ["id"]=>
  int(1)
  ["name"]=>
  string(5) "alice"
  ["score"]=>
  float(2.5)
}
string(5) "alice"
int(1)
float(2.5)
bool(false)
bool(false)
bool(false)
bool(true)
array(3) {
  ["id"]=>
  int(42)
  ["name"]=>
  string(5) "alice"
  ["score"]=>
  float(2.5)
}
bool(true)
array(3) {
  ["id"]=>
  int(0)
  ["name"]=>
  string(4) "12.5"
  ["score"]=>
  float(0)
}
bool(true)
bool(true)
bool(false)
int(2)
int(6)
-- incr/decr
int(43)
int(51)
int(-49)
float(2.75)
float(1.75)
int(5)
array(3) {
  ["id"]=>
  int(5)
  ["name"]=>
  string(0) ""
  ["score"]=>
  float(0)
}

Warning: Swoole\Table::incr(): can't execute 'incr' on a string type column in %s on line %d
bool(false)

Warning: Swoole\Table::decr(): column[nothere] does not exist in %s on line %d
bool(false)
-- iteration
array(3) {
  ["a"]=>
  int(-49)
  ["b"]=>
  int(0)
  ["n"]=>
  int(5)
}
bool(true)
bool(true)
bool(true)
-- delete
bool(true)
bool(false)
bool(false)
int(2)
array(8) {
  [0]=>
  string(3) "num"
  [1]=>
  string(14) "conflict_count"
  [2]=>
  string(18) "conflict_max_level"
  [3]=>
  string(12) "insert_count"
  [4]=>
  string(12) "update_count"
  [5]=>
  string(12) "delete_count"
  [6]=>
  string(19) "available_slice_num"
  [7]=>
  string(15) "total_slice_num"
}
int(2)
int(1)
bool(true)
bool(true)
int(0)
int(0)
