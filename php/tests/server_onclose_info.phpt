--TEST--
onClose sees getClientInfo() but exist() is false, and connection_list() leaves the closing fd out, in both modes
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

foreach (['SWOOLE_BASE', 'SWOOLE_PROCESS'] as $mode) {
    $p = ServerProcess::startCode(<<<PHP
<?php
\$server = new Swoole\Server('127.0.0.1', 0, $mode);
\$server->set(['worker_num' => 1]);
\$server->on('start', function (\$s) { echo "PORT {\$s->port}\\n"; });
\$server->on('receive', function (\$s, \$fd, \$r, \$data) { \$s->send(\$fd, "ok"); });
\$server->on('close', function (\$s, \$fd) {
    \$info = \$s->getClientInfo(\$fd);
    echo "close: info ", json_encode(is_array(\$info) && \$info['remote_ip'] === '127.0.0.1'),
        " exist ", json_encode(\$s->exist(\$fd)),
        " listed ", json_encode(in_array(\$fd, \$s->connection_list(0, 100) ?: [], true)), "\\n";
});
\$server->start();
PHP);
    echo $mode, ': ', ServerProcess::request($p->port(), 'hi'), "\n";
    $p->waitForOutput('/close: /');
    $p->stop();
    preg_match('/close: .*/', $p->out, $m);
    echo $m[0] ?? $p->out, "\n";
}
?>
--EXPECT--
SWOOLE_BASE: ok
close: info true exist false listed false
SWOOLE_PROCESS: ok
close: info true exist false listed false
