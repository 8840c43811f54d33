--TEST--
Server: the issue's TCP example (examples/php/tcp_server.php) runs unchanged on 127.0.0.1:9501
--SKIPIF--
<?php
require __DIR__ . '/lib/ServerProcess.php';
if (ServerProcess::listening(9501)) die('skip port 9501 is in use');
?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::start(ServerProcess::root() . '/examples/php/tcp_server.php');
// The script prints nothing until a client comes: wait for its socket.
$up = $p->waitUntil(fn() => ServerProcess::listening(9501));
echo "listening: ", var_export($up, true), "\n";

echo "reply: ", ServerProcess::request(9501, "hello"), "\n";
// The close callback runs in the worker once the server closed the socket.
echo "closed: ", var_export($p->waitForOutput('/^Client: Close\.$/m'), true), "\n";

echo "exit: ", $p->stop(), "\n";
echo "stdout:\n", $p->out;
echo "stderr:\n", $p->err;
?>
--EXPECT--
listening: true
reply: Swoole: hello
closed: true
exit: 0
stdout:
Client:Connect.
Client: Close.
stderr:
