--TEST--
WebSocket\Server::pack()/unpack() and Frame::pack()/unpack()/__toString(): Swoole's frame encoding (lengths 125/126/65536, opcodes, FIN as int or bool, RSV bits, MASK with Swoole's key, close frames with code and reason), Frame and CloseFrame objects, errors
--INI--
error_reporting=E_ALL
display_errors=1
log_errors=0
--FILE--
<?php
require dirname(__DIR__) . '/bootstrap.php';
use Swoole\WebSocket\Server;
use Swoole\WebSocket\Frame;
use Swoole\WebSocket\CloseFrame;

echo bin2hex(Server::pack('hello')), "\n";
echo bin2hex(Server::pack('hello', WEBSOCKET_OPCODE_BINARY, false)), "\n";
echo bin2hex(Server::pack('hello', WEBSOCKET_OPCODE_TEXT, true)), "\n";
echo bin2hex(Server::pack('', WEBSOCKET_OPCODE_PING)), "\n";
echo bin2hex(Server::pack('x', WEBSOCKET_OPCODE_TEXT, SWOOLE_WEBSOCKET_FLAG_FIN | SWOOLE_WEBSOCKET_FLAG_RSV1 | SWOOLE_WEBSOCKET_FLAG_RSV3)), "\n";
echo bin2hex(Server::pack('abcdef', WEBSOCKET_OPCODE_TEXT, SWOOLE_WEBSOCKET_FLAG_FIN | SWOOLE_WEBSOCKET_FLAG_MASK)), "\n";
echo bin2hex(Server::pack('bye', WEBSOCKET_OPCODE_CLOSE)), "\n";
echo bin2hex(substr(Server::pack(str_repeat('a', 125)), 0, 2)), "\n";
echo bin2hex(substr(Server::pack(str_repeat('a', 126)), 0, 4)), "\n";
echo bin2hex(substr(Server::pack(str_repeat('a', 65536)), 0, 10)), "\n";
var_dump(Server::pack('x', 11));
var_dump(Frame::pack('same') === Server::pack('same'));

var_dump(Server::unpack(Server::pack('hello')));
var_dump(Server::unpack(Server::pack('abcdef', 2, SWOOLE_WEBSOCKET_FLAG_MASK)));
var_dump(Frame::unpack(Server::pack('bye', WEBSOCKET_OPCODE_CLOSE)));
var_dump(strlen(Server::unpack(Server::pack(str_repeat('z', 70000)))->data));
var_dump(Server::unpack('a'), swoole_last_error());

$f = new Frame();
var_dump($f);
$f->data = 'obj';
$f->opcode = WEBSOCKET_OPCODE_BINARY;
$f->finish = false;
echo bin2hex((string) $f), " ", bin2hex(Server::pack($f)), "\n";
$c = new CloseFrame();
var_dump($c);
$c->code = 4001;
$c->reason = 'gone';
echo bin2hex((string) $c), "\n";
?>
--EXPECTF--
810568656c6c6f
020568656c6c6f
810568656c6c6f
8900
d10178
81863235384553575b215753
880503e8627965
817d
817e007e
817f0000000000010000

Warning: Swoole\WebSocket\Server::pack(): the maximum value of opcode is 10 in %s on line %d
bool(false)
bool(true)
object(Swoole\WebSocket\Frame)#%d (5) {
  ["fd"]=>
  int(0)
  ["data"]=>
  string(5) "hello"
  ["opcode"]=>
  int(1)
  ["flags"]=>
  int(1)
  ["finish"]=>
  bool(true)
}
object(Swoole\WebSocket\Frame)#%d (5) {
  ["fd"]=>
  int(0)
  ["data"]=>
  string(6) "abcdef"
  ["opcode"]=>
  int(2)
  ["flags"]=>
  int(32)
  ["finish"]=>
  bool(false)
}
object(Swoole\WebSocket\CloseFrame)#%d (7) {
  ["fd"]=>
  int(0)
  ["data"]=>
  string(0) ""
  ["opcode"]=>
  int(8)
  ["flags"]=>
  int(1)
  ["finish"]=>
  bool(true)
  ["code"]=>
  int(1000)
  ["reason"]=>
  string(3) "bye"
}
int(70000)
bool(false)
int(508)
object(Swoole\WebSocket\Frame)#%d (5) {
  ["fd"]=>
  int(0)
  ["data"]=>
  string(0) ""
  ["opcode"]=>
  int(1)
  ["flags"]=>
  int(1)
  ["finish"]=>
  NULL
}
02036f626a 02036f626a
object(Swoole\WebSocket\CloseFrame)#%d (7) {
  ["fd"]=>
  int(0)
  ["data"]=>
  string(0) ""
  ["opcode"]=>
  int(8)
  ["flags"]=>
  int(1)
  ["finish"]=>
  NULL
  ["code"]=>
  int(1000)
  ["reason"]=>
  string(0) ""
}
88060fa1676f6e65
