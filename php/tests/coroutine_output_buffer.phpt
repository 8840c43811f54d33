--TEST--
Output buffers are kept per coroutine, as in Swoole: what a coroutine buffers with ob_start() before it waits is its own when it resumes, whatever the others buffered meanwhile
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () {
    foreach (['A' => 0.06, 'B' => 0.02] as $name => $t) {
        go(function () use ($name, $t) {
            ob_start();
            echo "$name-1 ";
            Co::sleep($t);
            echo "$name-2";
            $out = ob_get_clean();
            echo "[$name got: $out] level ", ob_get_level(), "\n";
        });
    }
    ob_start();
    echo "main buffered ";
    Co::sleep(0.1);
    $m = ob_get_clean();
    echo "[main got: $m] level ", ob_get_level(), "\n";
});
PHP);
echo "exit: ", $p->wait(), "\n", $p->out, $p->err;
?>
--EXPECT--
exit: 0
[B got: B-1 B-2] level 0
[A got: A-1 A-2] level 0
[main got: main buffered ] level 0
