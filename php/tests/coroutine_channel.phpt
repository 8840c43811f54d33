--TEST--
Coroutine\Channel, WaitGroup and Barrier: a value handed over wakes the waiting side at once; push waits while full, pop while empty; timeouts and close() give false with errCode; a closed channel still gives what it holds; WaitGroup waits for done() and refuses a negative count; Barrier::wait returns when every copy is gone
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () {
    $c = new Co\Channel(2);
    var_dump($c->capacity, $c->isEmpty(), (new chan(0))->capacity, (new Swoole\Coroutine\Channel(-5))->capacity);
    go(function () use ($c) {
        foreach (['a', 'b', 'c', 'd'] as $v) {
            $c->push($v);
            echo "pushed $v\n";
        }
        echo "producer done\n";
    });
    echo "length ", $c->length(), " full ", var_export($c->isFull(), true), "\n";
    echo json_encode($c->stats()), "\n";
    echo $c->pop(), "\n";
    echo $c->pop(), "\n";
    echo $c->pop(), $c->pop(), "\n";
    $t = microtime(true);
    var_dump($c->pop(0.05), $c->errCode === SWOOLE_CHANNEL_TIMEOUT, microtime(true) - $t >= 0.049);

    $d = new chan(1);
    go(function () use ($d) { echo "waiting\n"; $v = $d->pop(); echo "got $v\n"; });
    var_dump($d->stats()['consumer_num']);
    var_dump($d->push('x'));
    echo "pushed x\n";
    $d->push(1);
    var_dump($d->push(2, 0.02), $d->errCode);

    $e = new chan(1);
    go(function () use ($e) { var_dump($e->pop()); echo "pop errCode ", $e->errCode, "\n"; });
    var_dump($e->close(), $e->close());
    var_dump($e->push(1), $e->errCode);

    $f = new chan(2);
    $f->push(1);
    $f->close();
    var_dump($f->pop(), $f->pop(), $f->errCode);

    $g = new chan(1);
    $o = new stdClass();
    $g->push($o);
    var_dump($g->pop() === $o, $g->errCode);
});

Co\run(function () {
    $wg = new Swoole\Coroutine\WaitGroup();
    $out = [];
    foreach ([3, 1, 2] as $n) {
        $wg->add();
        go(function () use ($wg, $n, &$out) { Co::sleep($n / 100); $out[] = $n; $wg->done(); });
    }
    echo "count ", $wg->count(), "\n";
    var_dump($wg->wait(5));
    echo implode(',', $out), "\n";
    $wg->add();
    var_dump($wg->wait(0.02));
    try {
        $wg->done();
        $wg->done();
    } catch (BadMethodCallException $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }

    $b = Co\Barrier::make();
    $n = 0;
    foreach ([2, 1] as $i) {
        go(function () use ($b, $i, &$n) { Co::sleep($i / 100); $n++; echo "job $i\n"; });
    }
    Co\Barrier::wait($b);
    echo "barrier after $n jobs\n";
    var_dump($b);
});
echo "done\n";
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECT--
exit: 0
int(2)
bool(true)
int(1)
int(1)
pushed a
pushed b
length 2 full true
{"consumer_num":0,"producer_num":1,"queue_num":2}
pushed c
a
pushed d
producer done
b
cd
bool(false)
bool(true)
bool(true)
waiting
int(1)
got x
bool(true)
pushed x
bool(false)
int(-1)
bool(false)
pop errCode -2
bool(true)
bool(false)
bool(false)
int(-2)
int(1)
bool(false)
int(-2)
bool(true)
int(0)
count 3
bool(true)
1,2,3
bool(false)
BadMethodCallException: WaitGroup misuse: negative counter
job 1
job 2
barrier after 2 jobs
NULL
done
