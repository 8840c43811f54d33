--TEST--
Swoole\Constant: event and option names as constants, usable with on() and set()
--FILE--
<?php
require dirname(__DIR__, 2) . '/php/bootstrap.php';
use Swoole\Constant;
$s = new Swoole\Server('127.0.0.1', 0);
$s->set([Constant::OPTION_WORKER_NUM => 1, Constant::OPTION_MAX_REQUEST => 5,
    Constant::OPTION_OPEN_EOF_SPLIT => true]);
var_dump($s->setting['worker_num'], $s->setting['max_request']);
var_dump($s->on(Constant::EVENT_RECEIVE, function () {}));
var_dump(Constant::EVENT_WORKER_START, Constant::EVENT_BEFORE_SHUTDOWN,
    Constant::OPTION_TASK_ENABLE_COROUTINE, Constant::OPTION_PACKAGE_MAX_LENGTH);
?>
--EXPECT--
int(1)
int(5)
bool(true)
string(11) "workerStart"
string(14) "beforeShutdown"
string(21) "task_enable_coroutine"
string(18) "package_max_length"
