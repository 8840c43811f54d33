--TEST--
Server::set(): a Swoole option asking for behaviour Swirl lacks gets a notice naming it (not with its default or a false value); options of machinery Swirl does not have (coroutines, hooks) are kept quietly; the TCP keepalive and kernel buffer options are accepted; every value reads back from $setting
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new Swoole\Server('127.0.0.1', 0);
$s->set([
    'enable_coroutine' => true, 'hook_flags' => 1879048191, 'max_coroutine' => 3000,
    'discard_timeout_request' => true,
    'open_cpu_affinity' => true, 'open_http2_protocol' => true,
    'open_tcp_keepalive' => true, 'tcp_keepidle' => 10, 'tcp_keepinterval' => 2,
    'tcp_keepcount' => 4, 'tcp_user_timeout' => 5000, 'tcp_fastopen' => 16,
    'kernel_socket_recv_buffer_size' => 1 << 20, 'kernel_socket_send_buffer_size' => 1 << 20,
]);
$port = $s->addListener('127.0.0.1', 0, SWOOLE_SOCK_TCP);
$port->set(['dispatch_func' => 'strlen', 'tcp_keepidle' => 20]);
var_dump($s->setting['enable_coroutine'], $s->setting['open_cpu_affinity'],
    $s->setting['tcp_keepidle'], $port->setting['tcp_keepidle']);
$s->set(['tcp_keepcount' => 1000]);
PHP);
echo "exit: ", $p->wait(), "\n", $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);
?>
--EXPECTF--
exit: 0
bool(true)
bool(true)
int(10)
int(20)
PHP Notice:  Swoole\Server::set(): option 'open_cpu_affinity' is not supported by Swirl and has no effect in SCRIPT on line 3
PHP Notice:  Swoole\Server::set(): option 'open_http2_protocol' is not supported by Swirl and has no effect in SCRIPT on line 3
PHP Notice:  Swoole\Server\Port::set(): option 'dispatch_func' is not supported by Swirl and has no effect in SCRIPT on line %d
PHP Warning:  Swoole\Server::set(): %stcp_keepcount%s in SCRIPT on line %d
