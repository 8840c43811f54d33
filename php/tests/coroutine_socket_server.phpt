--TEST--
Coroutine\Server with framing options and Server\Connection (recv/send/close), Coroutine\Socket as a TCP client (connect, send, recvLine, recv, recvAll, a refused connect with errCode 111, a recv timeout with 110) and over UDP (sendto/recvfrom); shutdown() makes start() return
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () {
    $server = new Swoole\Coroutine\Server('127.0.0.1', 0);
    $server->set(['open_eof_check' => true, 'package_eof' => "\n"]);
    $server->handle(function (Swoole\Coroutine\Server\Connection $conn) use ($server) {
        while (true) {
            $data = $conn->recv(5);
            if ($data === '' || $data === false) {
                echo "server: connection done\n";
                return;
            }
            if ($data === "stop\n") {
                $conn->send("bye\n");
                $conn->close();
                $server->shutdown();
                return;
            }
            $conn->send("echo: $data");
        }
    });
    go(function () use ($server) {
        $s = new Swoole\Coroutine\Socket(AF_INET, SOCK_STREAM, 0);
        var_dump($s->connect('127.0.0.1', $server->port, 1));
        var_dump($s->send("one\ntwo\n"));
        echo $s->recvLine(), $s->recvLine();
        var_dump($s->recv(65536, 0.2), $s->errCode);
        $s->send("three\n");
        var_dump($s->recvAll(12, 5));
        $s->close();
        var_dump($s->isClosed(), $s->send('x'), $s->errCode);

        $bad = new Co\Socket(AF_INET, SOCK_STREAM, 0);
        var_dump($bad->connect('127.0.0.1', 1, 2), $bad->errCode, $bad->errMsg);

        $u1 = new Co\Socket(AF_INET, SOCK_DGRAM, 0);
        $u1->bind('127.0.0.1', 0);
        $port = $u1->getsockname()['port'];
        $u2 = new Co\Socket(AF_INET, SOCK_DGRAM, 0);
        var_dump($u2->sendto('127.0.0.1', $port, 'datagram'));
        $data = $u1->recvfrom($peer, 5);
        echo $data, ' ', $peer['address'], "\n";

        $last = new Co\Socket(AF_INET, SOCK_STREAM, 0);
        $last->connect('127.0.0.1', $server->port, 1);
        $last->send("stop\n");
        echo $last->recv(), $last->recv() === '' ? "closed\n" : "open\n";
    });
    var_dump($server->start());
    echo "start returned\n";
});
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECT--
exit: 0
bool(true)
int(8)
echo: one
echo: two
bool(false)
int(110)
string(12) "echo: three
"
bool(true)
bool(false)
int(9)
server: connection done
bool(false)
int(111)
string(18) "Connection refused"
int(8)
datagram 127.0.0.1
bool(true)
start returned
bye
closed
