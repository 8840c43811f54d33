--TEST--
Server: a UDP listener with onPacket/sendto; getClientInfo(), connection_list(), $server->connections, bind(), and per-port callbacks
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1]);
$udp = $server->addListener('127.0.0.1', 0, SWOOLE_SOCK_UDP);
$second = $server->listen('127.0.0.1', 0, SWOOLE_SOCK_TCP);
var_dump(get_class($udp), count($server->ports), $server->ports[2] === $second);
$second->on('receive', function ($s, $fd, $rid, $data) {
    $s->send($fd, "second port: $data");
});
$server->on('start', function ($s) use ($udp, $second) {
    echo "PORT {$s->port}\nUDP {$udp->port}\nSECOND {$second->port}\n";
});
$server->on('packet', function ($s, $data, $client) {
    echo "packet [$data] keys " . implode(',', array_keys($client)) . " address {$client['address']}\n";
    var_dump($s->sendto($client['address'], $client['port'], "udp: $data", $client['server_socket']));
});
$server->on('receive', function ($s, $fd, $rid, $data) use ($second) {
    if ($data === 'info') {
        $info = $s->getClientInfo($fd);
        echo "info keys: " . implode(',', array_keys($info)) . "\n";
        echo "remote_ip {$info['remote_ip']} server_port_ok " . var_export($info['server_port'] === $s->port, true) . "\n";
        echo "list: " . json_encode($s->connection_list() === [$fd]) . "\n";
        $all = [];
        foreach ($s->connections as $k => $c) { $all[] = "$k=>" . ($c === $fd ? 'fd' : $c); }
        echo "iterate: " . implode(' ', $all) . " count " . count($s->connections) . "\n";
        echo "second port connections: " . count($second->connections) . "\n";
        echo "offsetExists: " . var_export(isset($s->connections[$fd]), true) . "\n";
        echo "bind: " . json_encode([$s->bind($fd, 7), $s->bind($fd, 8), $s->getClientInfo($fd)['uid']]) . "\n";
        echo "unknown: " . json_encode([$s->getClientInfo(999999), $s->getLastError()]) . "\n";
    }
    $s->send($fd, "first port: $data");
});
$server->start();
PHP);

$port = $p->port();
preg_match('/^UDP (\d+)$/m', $p->out, $m);
$udpPort = (int) $m[1];
preg_match('/^SECOND (\d+)$/m', $p->out, $m);
$second = (int) $m[1];

$c = ServerProcess::connect($port);
fwrite($c, 'info');
echo ServerProcess::readN($c, 16), "\n";
fclose($c);
$c = ServerProcess::connect($second);
fwrite($c, 'hey');
echo ServerProcess::readN($c, 16), "\n";
fclose($c);

$u = stream_socket_client("udp://127.0.0.1:$udpPort", $errno, $errstr, 5);
fwrite($u, 'ping');
$r = [$u];
$w = $e = null;
echo stream_select($r, $w, $e, 10) === 1 ? fread($u, 100) : 'no datagram', "\n";

echo "exit: ", $p->stop(), "\n", preg_replace('/^(PORT|UDP|SECOND) \d+\n/m', '', $p->out);
echo "stderr: [", $p->err, "]\n";
?>
--EXPECT--
first port: info
second port: hey
udp: ping
exit: 0
string(18) "Swoole\Server\Port"
int(3)
bool(true)
info keys: server_port,server_fd,socket_fd,socket_type,remote_port,remote_ip,reactor_id,connect_time,last_time,last_recv_time,last_send_time,last_dispatch_time,close_errno,recv_queued_bytes,send_queued_bytes
remote_ip 127.0.0.1 server_port_ok true
list: true
iterate: 1=>fd count 1
second port connections: 0
offsetExists: true
bind: [true,false,7]
unknown: [false,1005]
packet [ping] keys server_socket,dispatch_time,server_port,address,port address 127.0.0.1
bool(true)
stderr: []
