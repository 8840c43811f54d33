--TEST--
close($fd) in the worker that handles the connection (BASE; PROCESS with dispatch_mode 2 or 4) raises onClose inside the call (reactor_id -1, client info still readable, exist() false), then close/exist/send of that fd are false (error 1004) and onClose does not come again; in BASE and PROCESS mode; exit() in a child forked by onStart ends that child quietly
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

foreach (['SWOOLE_BASE', 'SWOOLE_PROCESS', 'SWOOLE_PROCESS, dispatch_mode 4'] as $run) {
    [$mode, $dm] = array_pad(explode(', dispatch_mode ', $run), 2, '2');
    $p = ServerProcess::startCode(<<<PHP
<?php
\$serv = new Swoole\Server('127.0.0.1', 0, $mode);
\$serv->set(['worker_num' => 1, 'dispatch_mode' => $dm]);
\$serv->on('receive', function (\$s, \$fd) {
    echo "before\\n";
    var_dump(\$s->close(\$fd));
    echo "after\\n";
    var_dump(\$s->close(\$fd), \$s->exist(\$fd), \$s->send(\$fd, "x"), \$s->getLastError());
});
\$serv->on('close', function (\$s, \$fd, \$rid) {
    echo "onClose rid=\$rid exist=", var_export(\$s->exist(\$fd), true),
        " info=", is_array(\$s->getClientInfo(\$fd)) ? 'yes' : 'no', "\\n";
});
\$serv->on('start', function (\$s) {
    if (pcntl_fork() === 0) {
        foreach ([1, 2] as \$i) {
            \$c = stream_socket_client("tcp://127.0.0.1:{\$s->port}");
            fwrite(\$c, "x");
            stream_set_timeout(\$c, 5);
            fread(\$c, 10);
            fclose(\$c);
        }
        posix_kill(\$s->master_pid, SIGTERM);
        exit(0);
    }
});
\$serv->start();
PHP);
    echo "$run exit: ", $p->wait(), "\n", $p->out, $p->err;
}
?>
--EXPECT--
SWOOLE_BASE exit: 0
before
onClose rid=-1 exist=false info=yes
bool(true)
after
bool(false)
bool(false)
bool(false)
int(1004)
before
onClose rid=-1 exist=false info=yes
bool(true)
after
bool(false)
bool(false)
bool(false)
int(1004)
SWOOLE_PROCESS exit: 0
before
onClose rid=-1 exist=false info=yes
bool(true)
after
bool(false)
bool(false)
bool(false)
int(1004)
before
onClose rid=-1 exist=false info=yes
bool(true)
after
bool(false)
bool(false)
bool(false)
int(1004)
SWOOLE_PROCESS, dispatch_mode 4 exit: 0
before
onClose rid=-1 exist=false info=yes
bool(true)
after
bool(false)
bool(false)
bool(false)
int(1004)
before
onClose rid=-1 exist=false info=yes
bool(true)
after
bool(false)
bool(false)
bool(false)
int(1004)
