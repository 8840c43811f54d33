--TEST--
Http\Request multipart uploads: a two-file upload (curl -F) with fields; files laid out like $_FILES (also for "f[]" names), written to upload_tmp_dir as swoole.upfile.XXXXXX, listed in tmpfiles and removed once the request is gone; an empty file name gets UPLOAD_ERR_NO_FILE
--SKIPIF--
<?php if (!is_executable('/usr/bin/curl')) die('skip curl is missing'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$dir = sys_get_temp_dir() . '/swirl-upload-' . getmypid();
@mkdir($dir);
$p = ServerProcess::startCode(<<<'PHP'
<?php
$server = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1, 'upload_tmp_dir' => $argv[1]]);
$server->on('start', function ($server) { echo "PORT {$server->port}\n"; });
$server->on('request', function (Swoole\Http\Request $req, Swoole\Http\Response $res) use ($argv) {
    $out = ['post' => $req->post, 'files' => $req->files, 'tmpfiles' => count($req->tmpfiles ?? [])];
    $map = [];
    foreach ($req->tmpfiles ?? [] as $t) {
        echo "TMP $t\n";
        $ok = str_starts_with($t, $argv[1] . '/swoole.upfile.') && is_file($t);
        $map[$t] = $ok ? 'md5:' . md5_file($t) : "bad: $t";
    }
    $res->end(strtr(json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), $map));
});
$server->start();
PHP, [$dir]);
$port = $p->port();

$a = "$dir/first.txt";
$b = "$dir/second.bin";
file_put_contents($a, "hello upload\n");
file_put_contents($b, str_repeat("\x00\x01\xff", 40000));
$cmd = sprintf('curl -s -m 10 -F name=Swirl -F %s -F %s -F "list[]=x" -F "list[]=y" -F %s '
    . '-F "empty=@/dev/null;filename=" http://127.0.0.1:%d/', escapeshellarg("one=@$a;type=text/plain"),
    escapeshellarg("two=@$b"), escapeshellarg("many[]=@$a"), $port);
echo shell_exec($cmd), "\n";
echo "md5: ", md5_file($a), " ", md5_file($b), "\n";
$p->waitForOutput('/^TMP /m', 3);
preg_match_all('/^TMP (\S+)$/m', $p->out, $m);
echo "temporary files: ", count($m[1]), "\n";
$gone = $p->waitUntil(fn() => array_filter($m[1], 'file_exists') === [], 5.0);
echo "removed after the request: ", var_export($gone, true), "\n";
echo "exit: ", $p->stop(), "\n";
echo $p->err;
@unlink($a);
@unlink($b);
@rmdir($dir);
?>
--EXPECT--
{
    "post": {
        "name": "Swirl",
        "list": [
            "x",
            "y"
        ]
    },
    "files": {
        "one": {
            "name": "first.txt",
            "type": "text/plain",
            "tmp_name": "md5:410b1586e6bdd59e710db93c2f8d3082",
            "error": 0,
            "size": 13
        },
        "two": {
            "name": "second.bin",
            "type": "application/octet-stream",
            "tmp_name": "md5:a4318e703b72157eebe3cb8b909cbd94",
            "error": 0,
            "size": 120000
        },
        "many": {
            "name": [
                "first.txt"
            ],
            "type": [
                "text/plain"
            ],
            "tmp_name": [
                "md5:410b1586e6bdd59e710db93c2f8d3082"
            ],
            "error": [
                0
            ],
            "size": [
                13
            ]
        },
        "empty": {
            "name": "",
            "type": "",
            "tmp_name": "",
            "error": 4,
            "size": 0
        }
    },
    "tmpfiles": 3
}
md5: 410b1586e6bdd59e710db93c2f8d3082 a4318e703b72157eebe3cb8b909cbd94
temporary files: 3
removed after the request: true
exit: 0
