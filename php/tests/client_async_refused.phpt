--TEST--
Swoole\Client refuses SWOOLE_SOCK_ASYNC with Swoole 4.8's fatal error; SWOOLE_SOCK_SYNC (the default) is accepted
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';
$c = new Swoole\Client(SWOOLE_SOCK_TCP, SWOOLE_SOCK_SYNC);
var_dump($c->type, $c->id, (new Swoole\Client(SWOOLE_SOCK_UDP, false, 'key'))->id);
var_dump($c->set(['open_eof_check' => true]), $c->setting);
new Swoole\Client(SWOOLE_SOCK_TCP, SWOOLE_SOCK_ASYNC);
echo "not reached\n";
?>
--EXPECTF--
int(1)
NULL
string(3) "key"
bool(true)
array(1) {
  ["open_eof_check"]=>
  bool(true)
}

Fatal error: Swoole\Client::__construct(): please install the ext-async extension, using Swoole\Async\Client in %s on line %d
