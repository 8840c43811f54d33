--TEST--
Server::__construct() on a port in use throws Swoole\Exception with Swoole's message and errno as code
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$busy = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$port = (int) substr(strrchr(stream_socket_get_name($busy, false), ':'), 1);

// Caught: class, message, code, where it points.
$p = ServerProcess::startCode(<<<'PHP'
<?php
try {
    $server = new swoole_server('127.0.0.1', (int) $argv[1]);
} catch (Swoole\Exception $e) {
    echo get_class($e), "\n", $e->getMessage(), "\n", $e->getCode(), "\n";
    echo basename($e->getFile()) === basename(__FILE__) ? 'file ok' : 'file ' . $e->getFile(), "\n";
    echo "line ", $e->getLine(), "\n";
    echo "last error ", swoole_last_error(), "\n";
    echo "instanceof Swirl\\Exception: ", var_export($e instanceof Swirl\Exception, true), "\n";
}
PHP, [$port]);
echo "exit: ", $p->wait(), "\n", str_replace((string) $port, 'PORT', $p->out), "stderr: [", $p->err, "]\n";

// Uncaught: PHP's fatal error report, as under Swoole.
$p = ServerProcess::startCode("<?php\n\$server = new Swoole\\Server('127.0.0.1', (int) \$argv[1]);\necho \"not reached\\n\";\n", [$port]);
echo "exit: ", $p->wait(), "\n", $p->out;
echo str_replace([(string) $port, $p->err === '' ? 'x' : ''], ['PORT', ''], preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err));
?>
--EXPECT--
exit: 0
Swoole\Exception
failed to listen server port[127.0.0.1:PORT], Error: Address already in use[98]
98
file ok
line 3
last error 98
instanceof Swirl\Exception: true
stderr: []
exit: 255
PHP Fatal error:  Uncaught Swoole\Exception: failed to listen server port[127.0.0.1:PORT], Error: Address already in use[98] in SCRIPT:2
Stack trace:
#0 SCRIPT(2): Swoole\Server->__construct()
#1 {main}
  thrown in SCRIPT on line 2
