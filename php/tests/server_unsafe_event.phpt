--TEST--
dispatch_mode 1/3 in PROCESS mode: onConnect/onClose are not raised and Swoole's start-check warnings say so; with enable_unsafe_event they are, and close() raises onClose at once; either way a closed fd is closed for the worker (exist/send false)
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

foreach ([false, true] as $unsafe) {
    $u = var_export($unsafe, true);
    $p = ServerProcess::startCode(<<<PHP
<?php
\$s = new Swoole\Server('127.0.0.1', 0, SWOOLE_PROCESS);
\$s->set(['worker_num' => 1, 'dispatch_mode' => 1, 'enable_unsafe_event' => $u]);
\$s->on('start', function (\$s) { echo "PORT {\$s->port}\\n"; });
\$s->on('connect', function (\$s, \$fd) { echo "onConnect\\n"; });
\$s->on('close', function (\$s, \$fd, \$rid) { echo "onClose \$rid\\n"; });
\$s->on('receive', function (\$s, \$fd, \$rid, \$data) {
    echo "receive\\n";
    var_dump(\$s->close(\$fd), \$s->exist(\$fd), \$s->send(\$fd, 'x'));
});
\$s->start();
PHP);
    $c = ServerProcess::connect($p->port());
    fwrite($c, "hi");
    echo "eof: ", var_export(ServerProcess::readAll($c) === '', true), "\n";
    echo "exit: ", $p->stop(), "\n";
    echo implode("\n", ServerProcess::lines($p->out, '/^(on|receive|bool)/')), "\n";
    echo implode("\n", ServerProcess::lines(preg_replace('/^\[.*?\]\t/m', '', $p->err), '/^WARNING/')), "\n";
}
?>
--EXPECT--
eof: true
exit: 0
receive
bool(true)
bool(false)
bool(false)
WARNING	cannot set 'onConnect' event when using dispatch_mode=1/3/7
WARNING	cannot set 'onClose' event when using dispatch_mode=1/3/7
eof: true
exit: 0
onConnect
receive
onClose -1
bool(true)
bool(false)
bool(false)

