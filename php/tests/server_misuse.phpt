--TEST--
Server: calls before start(), unknown event names, a TCP server without onReceive and a bad mode fail as in Swoole
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
var_dump($server->send(1, "x"));
var_dump($server->close(1));
var_dump($server->exist(1));
var_dump($server->shutdown());
var_dump($server->on('nosuch', function () {}));
var_dump($server->getLastError());
$server->on('connect', function () {});
$server->start();
echo "not reached\n";
PHP);
echo "exit: ", $p->wait(), "\n", $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);

$p = ServerProcess::startCode("<?php\n\$server = new Swoole\\Server('127.0.0.1', 0, 3);\necho \"not reached\\n\";\n");
echo "exit: ", $p->wait(), "\n", $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECT--
exit: 255
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
int(0)
PHP Warning:  Swoole\Server::send(): server is not running in SCRIPT on line 3
PHP Warning:  Swoole\Server::close(): server is not running in SCRIPT on line 4
PHP Warning:  Swoole\Server::exist(): server is not running in SCRIPT on line 5
PHP Warning:  Swoole\Server::shutdown(): server is not running in SCRIPT on line 6
PHP Warning:  Swoole\Server\Port::on(): unknown event types[nosuch] in SCRIPT on line 7
PHP Fatal error:  Swoole\Server::start(): require onReceive callback in SCRIPT on line 10
exit: 255
PHP Fatal error:  Swoole\Server::__construct(): invalid $mode parameters 3 in SCRIPT on line 2
