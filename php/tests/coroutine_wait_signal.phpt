--TEST--
Coroutine\System::waitSignal() waits in the coroutine for a signal (false after its timeout) and waitEvent() for a socket to become readable
--SKIPIF--
<?php if (!function_exists('pcntl_signal') || !function_exists('posix_kill')) die('skip pcntl and posix needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () {
    go(function () { echo "SIGUSR1: " . json_encode(Co\System::waitSignal(SIGUSR1, 5)) . "\n"; });
    go(function () { echo "SIGUSR2: " . json_encode(Co\System::waitSignal(SIGUSR2, 0.05)) . "\n"; });
    go(function () { Co::sleep(0.2); posix_kill(getmypid(), SIGUSR1); });
    [$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
    go(function () use ($a) {
        $ev = Co\System::waitEvent($a, SWOOLE_EVENT_READ, 2);
        echo "waitEvent: ", json_encode([$ev === SWOOLE_EVENT_READ, fread($a, 10)]), "\n";
    });
    fwrite($b, "ping");
});
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECT--
exit: 0
waitEvent: [true,"ping"]
SIGUSR2: false
SIGUSR1: true
