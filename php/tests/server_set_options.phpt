--TEST--
Server::set(): unknown option, wrong type and out-of-range values warn and are skipped (worker_num 0 or less means the CPU count, silently, as in Swoole); the rest applies; $setting gets Swoole's defaults at start
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
var_dump($server->setting);
var_dump($server->set([
    'worker_num' => -1,
    'no_such_option' => 1,
    'max_request' => 'abc',
    'backlog' => [128],
    'open_eof_check' => true,
    'enable_coroutine' => false,
]));
var_dump($server->set(['worker_num' => 100000]));
var_dump($server->set(['worker_num' => '2', 'max_request' => '1000', 'open_tcp_nodelay' => 1]));
echo "PORT {$server->port}\n";
$server->on('workerStart', function ($server, $id) {
    echo "ready $id\n";
    if ($id !== 0) return;
    $s = $server->setting;
    foreach (['worker_num', 'max_request', 'open_tcp_nodelay', 'open_eof_check', 'enable_coroutine',
              'no_such_option', 'backlog', 'task_worker_num', 'output_buffer_size',
              'max_connection'] as $k) {
        echo "$k: " . json_encode($s[$k] ?? 'missing') . "\n";
    }
    echo "ports[0]->setting has worker_num: " . json_encode(isset($server->ports[0]->setting['worker_num'])) . "\n";
});
$server->on('receive', function () {});
$server->start();
PHP);

$p->port();
echo "workers: ", var_export($p->waitForOutput('/^max_connection: /m')
    && $p->waitForOutput('/^ready \d$/m', 2), true), "\n";
echo "exit: ", $p->stop(), "\n";
echo "stdout:\n", preg_replace('/^ready \d\n/m', '', $p->out), "stderr:\n", $p->err;
?>
--EXPECTF--
workers: true
exit: 0
stdout:
NULL
#0 [internal function]: Swoole\Server\Helper::checkOptions()
#1 [internal function]: Swoole\Server\Port->set()
#2 %sswirl-test-%s.php(4): Swoole\Server->set()
bool(true)
bool(true)
bool(true)
PORT %d
worker_num: "2"
max_request: "1000"
open_tcp_nodelay: 1
open_eof_check: true
enable_coroutine: false
no_such_option: 1
backlog: [128]
task_worker_num: 0
output_buffer_size: 4294967295
max_connection: 20000
ports[0]->setting has worker_num: true
stderr:
PHP Warning:  Swoole\Server::set(): option 'max_request' must be an integer in %s on line 4
PHP Warning:  Swoole\Server::set(): option 'backlog' cannot be an array in %s on line 4
PHP Warning:  unsupported option [no_such_option] in %s on line 4
PHP Warning:  Swoole\Server::set(): option 'worker_num' is 100000, out of its range 1..%d in %s on line 12
