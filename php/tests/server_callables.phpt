--TEST--
Server: every callable form works, event names are case-insensitive, getCallback() returns what on() got
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
function on_connect($server, $fd, $reactorId) { echo "connect by function ", is_int($fd) ? 'int' : 'no', "\n"; }
class Handlers {
    public $prefix = 'method';
    public function receive($server, $fd, $reactorId, $data) {
        echo "receive by {$this->prefix}: $data\n";
        $server->send($fd, strtoupper($data));
        $server->close($fd);
    }
    public static function close($server, $fd, $reactorId) { echo "close by static array\n"; }
    public static function workerStop($server, $workerId) { echo "workerstop by Class::method string\n"; }
}
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$h = new Handlers();
var_dump($server->on('CONNECT', 'on_connect'));
var_dump($server->on('ReCeIvE', [$h, 'receive']));
var_dump($server->on('close', ['Handlers', 'close']));
var_dump($server->on('WorkerStop', 'Handlers::workerStop'));
var_dump($server->on('workerSTART', function ($server, $workerId) {
    echo "workerstart by closure $workerId\n";
}));
var_dump($server->on('Shutdown', fn($server) => print("shutdown by arrow fn\n")));
var_dump($server->getCallback('receive') === [$h, 'receive']);
var_dump($server->getCallback('CONNECT') === 'on_connect');
var_dump($server->getCallback('workerstop') === 'Handlers::workerStop');
var_dump($server->getCallback('request'));
echo "PORT {$server->port}\n";
$server->start();
PHP);

$port = $p->port();
$p->waitForOutput('/^workerstart by closure 0$/m');
echo "reply: ", ServerProcess::request($port, "abc"), "\n";
$p->waitForOutput('/^close by static array$/m');
echo "exit: ", $p->stop(), "\n";
echo $p->out, "stderr: [", $p->err, "]\n";
?>
--EXPECTF--
reply: ABC
exit: 0
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
NULL
PORT %d
workerstart by closure 0
connect by function int
receive by method: abc
close by static array
workerstop by Class::method string
shutdown by arrow fn
stderr: []
