--TEST--
Http\Request::create() and parse() as in Swoole's create_request.phpt: getData() returns exactly the bytes parse() took (whole, or fed in pieces, headers kept as sent), parse() after completion is false, parse_cookie off, a body fed in pieces, the last of two Content-Type headers decides
--INI--
ffi.enable=1
--FILE--
<?php
use Swoole\Http\Request;

require __DIR__ . '/../bootstrap.php';

$data = "GET /index.html?hello=world&test=2123 HTTP/1.1\r\n";
$data .= "Host: 127.0.0.1\r\n";
$data .= "Connection: keep-alive\r\n";
$data .= "Pragma: no-cache\r\n";
$data .= "Cache-Control: no-cache\r\n";
$data .= "Upgrade-Insecure-Requests: \r\n";
$data .= "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.75 Safari/537.36\r\n";
$data .= "Accept-Encoding: gzip, deflate, br\r\n";
$data .= "Cookie: env=pretest; phpsessid=fcccs2af8673a2f343a61a96551c8523d79ea; username=hantianfeng\r\n";

$req = Request::create();
var_dump(count($req->header), $req->isCompleted(), $req->getData());
var_dump($req->parse($data . "\r\n") === strlen($data) + 2);
var_dump($req->isCompleted(), $req->parse('error data'), $req->getMethod());
var_dump(count($req->header) > 4, count($req->cookie));
var_dump($req->getData() === $data . "\r\n");
var_dump($req->streamId, $req->get);

$req2 = Request::create(['parse_cookie' => false]);
var_dump($req2->parse($data . "\r\n") === strlen($data) + 2, $req2->cookie);

// Fed a few bytes at a time (lines split across calls).
$req3 = Request::create();
$n = 0;
foreach (str_split($data . "\r\n", 7) as $piece) {
    $n += $req3->parse($piece);
}
var_dump($n === strlen($data) + 2, $req3->isCompleted(), $req3->getData() === $data . "\r\n");

// A body in pieces; what follows the request is not taken.
$body = 'first=one&second=two';
$headers = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    . 'Content-Length: ' . strlen($body) . "\r\n\r\n";
$request = Request::create();
var_dump($request->parse($headers) === strlen($headers), $request->isCompleted());
foreach (str_split($body, 2) as $chunk) {
    $request->parse($chunk);
}
var_dump($request->isCompleted(), $request->post, $request->getData() === $headers . $body);

$duplicate = "POST / HTTP/1.1\r\nHost: localhost\r\n"
    . "Content-Type: multipart/form-data; boundary=ignored\r\n"
    . "Content-Type: application/x-www-form-urlencoded\r\n"
    . 'Content-Length: ' . strlen($body) . "\r\n\r\n{$body}NEXT";
$request = Request::create();
var_dump($request->parse($duplicate) === strlen($duplicate) - 4, $request->post);
var_dump($request->getData() === substr($duplicate, 0, -4));
?>
--EXPECT--
int(0)
bool(false)
bool(false)
bool(true)
bool(true)
bool(false)
string(3) "GET"
bool(true)
int(3)
bool(true)
int(0)
array(2) {
  ["hello"]=>
  string(5) "world"
  ["test"]=>
  string(4) "2123"
}
bool(true)
NULL
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
array(2) {
  ["first"]=>
  string(3) "one"
  ["second"]=>
  string(3) "two"
}
bool(true)
bool(true)
array(2) {
  ["first"]=>
  string(3) "one"
  ["second"]=>
  string(3) "two"
}
bool(true)
