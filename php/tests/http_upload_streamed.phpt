--TEST--
Multipart uploads are streamed to upload_tmp_dir as they arrive (the file bytes are never in the request body), arrive whole, and are removed after the request
--SKIPIF--
<?php if (!is_executable('/usr/bin/curl')) die('skip curl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$dir = sys_get_temp_dir() . '/swirl-up-' . getmypid();
@mkdir("$dir/tmp", 0777, true);
file_put_contents("$dir/big.bin", random_bytes(1500000));
file_put_contents("$dir/small.txt", "small file\n");
$p = ServerProcess::startCode(<<<PHP
<?php
\$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
\$http->set(['worker_num' => 1, 'upload_tmp_dir' => '$dir/tmp', 'package_max_length' => 4 * 1024 * 1024]);
\$http->on('start', function (\$s) { echo "PORT {\$s->port}\\n"; });
\$http->on('request', function (\$req, \$resp) {
    \$out = [];
    foreach (\$req->files as \$k => \$f) {
        \$out[] = "\$k {\$f['name']} {\$f['size']} " . md5_file(\$f['tmp_name']) . ' '
            . (str_starts_with(\$f['tmp_name'], '$dir/tmp/swoole.upfile.') ? 'in upload_tmp_dir' : \$f['tmp_name']);
    }
    \$out[] = 'body without the files: ' . json_encode(strlen(\$req->rawContent()) < 2000);
    \$out[] = 'post ' . json_encode(\$req->post);
    \$resp->end(implode("\\n", \$out) . "\\n");
});
\$http->start();
PHP);
$port = $p->port();
$out = shell_exec("curl -s -F a=@$dir/big.bin -F b=@$dir/small.txt -F 'field=value 1' http://127.0.0.1:$port/");
// The server's view of each file, its md5 replaced by whether it matches.
$out = str_replace([md5_file("$dir/big.bin"), md5_file("$dir/small.txt")], 'same-bytes', $out);
echo $out;
echo 'files left: ', count(glob("$dir/tmp/*")), "\n";
echo 'exit: ', $p->stop(), "\n";
array_map('unlink', glob("$dir/tmp/*") ?: []);
rmdir("$dir/tmp");
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
a big.bin 1500000 same-bytes in upload_tmp_dir
b small.txt 11 same-bytes in upload_tmp_dir
body without the files: true
post {"field":"value 1"}
files left: 0
exit: 0
