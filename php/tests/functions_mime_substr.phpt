--TEST--
swoole_mime_type_add/set/delete/get/exists/list and swoole_substr_unserialize/json_decode behave as Swoole's
--FILE--
<?php
require dirname(__DIR__, 2) . '/php/bootstrap.php';
var_dump(swoole_mime_type_get('a.html'), swoole_mime_type_exists('x.swirl'),
    swoole_mime_type_add('swirl', 'text/x-swirl'), swoole_mime_type_add('swirl', 'x'),
    swoole_mime_type_get('/p/a.swirl'), swoole_mime_type_exists('x.swirl'));
swoole_mime_type_set('swirl', 'text/y');
var_dump(swoole_mime_type_get('a.swirl'), swoole_mime_type_delete('swirl'), swoole_mime_type_delete('swirl'),
    swoole_mime_type_get('b.unknownext'), in_array('text/html', swoole_mime_type_list(), true));
var_dump(swoole_substr_unserialize('xx' . serialize([1, 2]), 2), swoole_substr_unserialize('', 0),
    swoole_substr_unserialize('abc', 5), swoole_substr_json_decode('abc{"a":1}', -7, 0, true));
?>
--EXPECT--
string(9) "text/html"
bool(false)
bool(true)
bool(false)
string(12) "text/x-swirl"
bool(true)
string(6) "text/y"
bool(true)
bool(false)
string(24) "application/octet-stream"
bool(true)
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(2)
}
bool(false)
bool(false)
array(1) {
  ["a"]=>
  int(1)
}
