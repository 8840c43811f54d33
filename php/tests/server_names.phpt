--TEST--
Swirl's names: Swoole's classes with their snake-case and Swirl\ aliases, constants, and the global functions that need no server
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$s = new swoole_server('127.0.0.1', 0);
echo get_class($s), "\n";
var_dump($s instanceof Swoole\Server, $s instanceof swoole_server, $s instanceof Swirl\Server,
    $s instanceof SWOOLE\SERVER);
var_dump(get_class(new Swirl\Exception('x')), new swoole_exception('y') instanceof Swoole\Exception);
var_dump(get_class($s->ports[0]), $s->ports[0] instanceof swoole_server_port);
var_dump($s->host, $s->port > 0, $s->mode === SWOOLE_PROCESS, $s->type === SWOOLE_SOCK_TCP);
var_dump(SWOOLE_BASE, SWOOLE_PROCESS, SWOOLE_SOCK_TCP, SWOOLE_SOCK_UDP, SWOOLE_SOCK_TCP6,
    SWOOLE_SOCK_UDP6, SWOOLE_SOCK_UNIX_STREAM, SWOOLE_SOCK_UNIX_DGRAM, SWOOLE_SSL, SWOOLE_TCP,
    SWOOLE_UDP, SWOOLE_LOG_WARNING, SWOOLE_ERROR_SESSION_NOT_EXIST,
    SWOOLE_ERROR_OUTPUT_BUFFER_OVERFLOW, SWOOLE_DISPATCH_FDMOD, SWOOLE_VERSION,
    SWOOLE_VERSION_ID, SWIRL_VERSION === phpversion('swirl_helper'));
var_dump(swoole_version(), swoole_strerror(1005), swoole_strerror(98), swoole_strerror(9008),
    swoole_strerror(-2, SWOOLE_STRERROR_GAI), swoole_cpu_num() >= 1, swoole_last_error());
var_dump(swoole_hashcode('hello', 1), swoole_set_process_name('swirl-test') !== null);
var_dump(method_exists($s, 'addlistener'), method_exists($s, 'exist'));
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, "stderr: [", $p->err, "]\n";
?>
--EXPECT--
exit: 0
Swoole\Server
bool(true)
bool(true)
bool(true)
bool(true)
string(16) "Swoole\Exception"
bool(true)
string(18) "Swoole\Server\Port"
bool(true)
string(9) "127.0.0.1"
bool(true)
bool(true)
bool(true)
int(1)
int(2)
int(1)
int(2)
int(3)
int(4)
int(5)
int(6)
int(512)
int(1)
int(2)
int(4)
int(1005)
int(1009)
int(2)
string(6) "4.8.13"
int(40813)
bool(true)
string(6) "4.8.13"
string(17) "Session not exist"
string(22) "Address already in use"
string(21) "Server only start one"
string(25) "Name or service not known"
bool(true)
int(0)
int(3372029979)
bool(true)
bool(true)
bool(true)
stderr: []
