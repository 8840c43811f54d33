--TEST--
Misuse as Swoole answers it: header('') is a header like any other, sendfile() with a negative offset or length warns and returns false (the client still gets its answer), var_dump() of Lock/Atomic/Table shows only their public properties, on() with something not callable is Swoole's fatal error
--SKIPIF--
<?php if (!is_executable('/usr/bin/curl')) die('skip curl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$s->set(['worker_num' => 1]);
$s->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$s->on('request', function ($req, $res) {
    if ($req->server['request_uri'] === '/empty-name') {
        var_dump($res->header('', 'v'));
        $res->end('ok');
        return;
    }
    var_dump($res->sendfile(__FILE__, -1), $res->sendfile(__FILE__, 0, -5));
    $res->end('after sendfile');
});
$s->start();
PHP);
$port = $p->port();
echo shell_exec("curl -s -m 5 http://127.0.0.1:$port/empty-name"), "\n";
echo shell_exec("curl -s -m 5 http://127.0.0.1:$port/file"), "\n";
echo "exit: ", $p->stop(), "\n";
echo $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);

$q = ServerProcess::startCode(<<<'PHP'
<?php
var_dump(new Swoole\Lock(), new Swoole\Atomic(3));
$t = new Swoole\Table(64);
$t->column('a', Swoole\Table::TYPE_INT);
$t->create();
var_dump($t);
$s = new Swoole\Server('127.0.0.1', 0);
var_dump($s->on('receive', 'strlen'));
$s->on('receive', 'no_such_function');
echo "not reached\n";
PHP);
echo "exit: ", $q->wait(), "\n";
echo $q->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $q->err);
?>
--EXPECTF--
ok
after sendfile
exit: 0
PORT %d
bool(true)
bool(false)
bool(false)
PHP Warning:  Swoole\Http\Response::sendfile(): parameter $offset[-1] is invalid in SCRIPT on line %d
PHP Warning:  Swoole\Http\Response::sendfile(): parameter $length[-5] is invalid in SCRIPT on line %d
exit: 255
object(Swoole\Lock)#%d (1) {
  ["errCode"]=>
  int(0)
}
object(Swoole\Atomic)#%d (0) {
}
object(Swoole\Table)#%d (2) {
  ["size"]=>
  int(64)
  ["memorySize"]=>
  int(%d)
}
bool(true)
PHP Fatal error:  Swoole\Server::on(): function 'no_such_function' is not callable in SCRIPT on line 9
