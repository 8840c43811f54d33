--TEST--
Swoole\Event::add/set/del/isset/write and swoole_event_*(): process pipes (the documentation's example), a listening stream and its accepted sockets, a write callback switched off with set(), queued writes, a child that does not inherit the parent's watches, and the warnings of misuse
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$workers = [];
for ($i = 0; $i < 3; $i++) {
    $process = new swoole_process('process');
    $pid = $process->start();
    $workers[$pid] = $process;
}
$n = 0;
foreach ($workers as $process) {
    swoole_event_add($process->pipe, function ($pipe) use ($process, &$n) {
        $data = $process->read();
        echo "RECV: " . ($data == $process->pid ? "the child's pid" : "bad $data") . PHP_EOL;
        swoole_event_del($pipe);
        if (++$n == 3) echo "all three\n";
    });
}
function process(swoole_process $process) {
    $process->write($process->pid);
}
Swoole\Event::wait();
for ($i = 0; $i < 3; $i++) swoole_process::wait();

$srv = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($srv, false);
var_dump(is_int(Swoole\Event::add($srv, function ($srv) {
    $c = stream_socket_accept($srv);
    Swoole\Event::add($c, function ($c) {
        $d = fread($c, 100);
        if ($d === '' || $d === false) {
            echo "server side: peer closed\n";
            Swoole\Event::del($c);
            fclose($c);
            return;
        }
        // More than a socket buffer: write() queues what cannot go now.
        var_dump(Swoole\Event::write($c, "echo:$d" . str_repeat('.', 3 << 20)));
    });
})));
$cl = stream_socket_client("tcp://$addr");
var_dump(Swoole\Event::isset($cl));
$got = 0;
Swoole\Event::add($cl, function ($cl) use ($srv, &$got) {
    $d = fread($cl, 65536);
    if ($got === 0) echo "client got: ", substr($d, 0, 10), "\n";
    $got += strlen($d);
    if ($got < 10 + (3 << 20)) return;
    echo "client got all $got bytes\n";
    Swoole\Event::del($cl);
    fclose($cl);
    Swoole\Timer::after(50, function () use ($srv) { var_dump(swoole_event_del($srv)); });
}, function ($cl) {
    echo "writable\n";
    fwrite($cl, "hello");
    Swoole\Event::set($cl, null, null, SWOOLE_EVENT_READ);
}, SWOOLE_EVENT_READ | SWOOLE_EVENT_WRITE);
var_dump(Swoole\Event::isset($cl, SWOOLE_EVENT_WRITE), swoole_event_isset($cl, SWOOLE_EVENT_READ));

[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
$child = new Swoole\Process(function () use ($a) {
    // The parent's watches are not the child's: its loop has nothing.
    var_dump(Swoole\Event::isset($a));
});
var_dump(is_int(Swoole\Event::add($a, function () {})));
$child->start();
Swoole\Process::wait();
var_dump(Swoole\Event::del($a));

var_dump(Swoole\Event::add($cl, fn () => 1));
var_dump(Swoole\Event::del(12345));
var_dump(swoole_event_add($cl));
var_dump(Swoole\Event::add(-3, fn () => 1));
var_dump(Swoole\Event::write($cl, ''));
echo "end of script\n";
PHP);
echo "exit: ", $p->wait(), "\n";
echo $p->out;
echo preg_replace('~/\S+/swirl-test-\w+\.php~', 'SCRIPT', $p->err);

// A watched stream closed without Event::del(): the loop drops it.
$q = ServerProcess::startCode(<<<'PHP'
<?php
[$k1, $k2] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, 0);
Swoole\Event::add($k1, function () { echo "never read\n"; });
fclose($k1);
Swoole\Timer::after(50, function () { echo "timer after a closed watch\n"; });
Swoole\Event::wait();
echo "wait() returned\n";
PHP);
echo "exit: ", $q->wait(), "\n", $q->out, $q->err;
?>
--EXPECTF--
exit: 0
RECV: the child's pid
RECV: the child's pid
RECV: the child's pid
all three
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)
bool(false)
bool(false)
bool(false)
bool(false)
bool(false)
end of script
writable
bool(true)
client got: echo:hello
client got all 3145738 bytes
server side: peer closed
bool(true)
PHP Warning:  Swoole\Event::add(): swoole_event_add failed in SCRIPT on line %d
PHP Warning:  Swoole\Event::del(): socket[12345] is not found in the reactor in SCRIPT on line %d
PHP Warning:  swoole_event_add(): both read and write callbacks are empty in SCRIPT on line %d
PHP Warning:  Swoole\Event::add(): invalid file descriptor#-3 passed in SCRIPT on line %d
PHP Warning:  Swoole\Event::add(): unknow fd type in SCRIPT on line %d
PHP Warning:  Swoole\Event::write(): data empty in SCRIPT on line %d
exit: 0
timer after a closed watch
wait() returned
