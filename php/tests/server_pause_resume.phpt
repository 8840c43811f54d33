--TEST--
pause($fd) stops reading a connection (what the client sends waits in the kernel) and resume($fd) reads it again, in BASE and PROCESS mode; an unknown fd gives false and error 1005
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

foreach (['SWOOLE_BASE', 'SWOOLE_PROCESS'] as $mode) {
    $p = ServerProcess::startCode(<<<PHP
<?php
\$s = new Swoole\Server('127.0.0.1', 0, $mode);
\$s->set(['worker_num' => 1, 'open_eof_split' => true, 'package_eof' => "\\n"]);
\$s->on('start', function (\$s) { echo "PORT {\$s->port}\\n"; });
\$s->on('receive', function (\$s, \$fd, \$rid, \$data) {
    \$data = trim(\$data);
    echo "got \$data\\n";
    if (\$data === 'pause') {
        var_dump(\$s->pause(\$fd), \$s->pause(987654), \$s->getLastError());
        // Read again later, from a timer: until then the client's next
        // line is not read.
        \$s->after(300, function () use (\$s, \$fd) {
            echo "resuming\\n";
            var_dump(\$s->resume(\$fd));
        });
    }
    \$s->send(\$fd, "ack \$data\\n");
});
\$s->start();
PHP);
    $c = ServerProcess::connect($p->port());
    fwrite($c, "pause\n");
    echo fgets($c);
    fwrite($c, "after\n");
    // The answer to "after" comes only once the server resumed reading.
    echo fgets($c);
    fclose($c);
    echo "exit: ", $p->stop(), "\n";
    echo implode("\n", ServerProcess::lines($p->out, '/^(got|resuming|bool|int)/')), "\n";
}
?>
--EXPECT--
ack pause
ack after
exit: 0
got pause
bool(true)
bool(false)
int(1005)
resuming
bool(true)
got after
ack pause
ack after
exit: 0
got pause
bool(true)
bool(false)
int(1005)
resuming
bool(true)
got after
