--TEST--
Uploaded files are PHP uploads (is_uploaded_file() true, move_uploaded_file() moves them, as in Swoole); files not moved are removed after the request, also when the callback never reads $files; a client's own X-Swirl-Tmpfile part header names nothing (BASE and PROCESS)
--SKIPIF--
<?php if (!is_executable('/usr/bin/curl')) die('skip curl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$dir = sys_get_temp_dir() . '/swirl-upreg-' . getmypid();
@mkdir("$dir/tmp", 0777, true);
file_put_contents("$dir/a.txt", "file a\n");
file_put_contents("$dir/b.txt", "file b\n");
file_put_contents("$dir/victim.txt", "keep me\n");

foreach (['SWOOLE_BASE', 'SWOOLE_PROCESS'] as $mode) {
    echo "== $mode\n";
    // One worker: the requests are handled one after the other, so the
    // /ls request sees what the previous request left behind.
    $p = ServerProcess::startCode(<<<PHP
<?php
\$http = new Swoole\Http\Server('127.0.0.1', 0, $mode);
\$http->set(['worker_num' => 1, 'upload_tmp_dir' => '$dir/tmp']);
\$http->on('start', function (\$s) { echo "PORT {\$s->port}\\n"; });
\$http->on('request', function (\$req, \$resp) {
    \$out = [];
    switch (\$req->server['request_uri']) {
        case '/move':
            \$a = \$req->files['a']['tmp_name'];
            \$b = \$req->files['b']['tmp_name'];
            \$out[] = 'a is upload: ' . json_encode(is_uploaded_file(\$a));
            \$out[] = 'b is upload: ' . json_encode(is_uploaded_file(\$b));
            \$out[] = 'tmpfiles: ' . json_encode(\$req->tmpfiles === [\$a, \$b]);
            \$out[] = 'move a: ' . json_encode(move_uploaded_file(\$a, '$dir/moved.txt'));
            \$out[] = 'a still upload: ' . json_encode(is_uploaded_file(\$a));
            \$out[] = 'moved: ' . json_encode(file_get_contents('$dir/moved.txt'));
            \$out[] = 'move other: ' . json_encode(move_uploaded_file('$dir/victim.txt', '$dir/x.txt'));
            \$out[] = 'other is upload: ' . json_encode(is_uploaded_file('$dir/victim.txt'));
            break;
        case '/ignore':
            \$out[] = 'files not read';
            break;
        case '/forged':
            \$out[] = 'files: ' . json_encode(array_map(fn(\$f) => [\$f['error'], \$f['tmp_name'] === '$dir/victim.txt'], \$req->files));
            break;
        case '/ls':
            \$out[] = 'left in upload_tmp_dir: ' . count(glob('$dir/tmp/*'));
            break;
    }
    \$resp->end(implode("\\n", \$out) . "\\n");
});
\$http->start();
PHP);
    $port = $p->port();
    $url = "http://127.0.0.1:$port";
    echo shell_exec("curl -s -F a=@$dir/a.txt -F b=@$dir/b.txt $url/move");
    echo shell_exec("curl -s $url/ls");
    echo shell_exec("curl -s -F a=@$dir/a.txt $url/ignore");
    echo shell_exec("curl -s $url/ls");
    // A file part with a forged header, and an empty one with a forged header.
    echo shell_exec("curl -s -F 'f=@$dir/a.txt;headers=\"X-Swirl-Tmpfile: $dir/victim.txt\"' $url/forged");
    $body = "--XX\r\nContent-Disposition: form-data; name=\"g\"; filename=\"\"\r\n"
        . "X-Swirl-Tmpfile: $dir/victim.txt\r\n\r\nabc\r\n--XX--\r\n";
    $r = ServerProcess::request($port, "POST /forged HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
        . "Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: " . strlen($body) . "\r\n\r\n$body");
    echo substr($r, strpos($r, "\r\n\r\n") + 4);
    echo shell_exec("curl -s $url/ls");
    echo 'victim: ', file_get_contents("$dir/victim.txt");
    echo 'exit: ', $p->stop(), "\n";
    echo $p->err;
    @unlink("$dir/moved.txt");
}
array_map('unlink', glob("$dir/tmp/*") ?: []);
rmdir("$dir/tmp");
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
== SWOOLE_BASE
a is upload: true
b is upload: true
tmpfiles: true
move a: true
a still upload: false
moved: "file a\n"
move other: false
other is upload: false
left in upload_tmp_dir: 0
files not read
left in upload_tmp_dir: 0
files: {"f":[0,false]}
files: {"g":[4,false]}
left in upload_tmp_dir: 0
victim: keep me
exit: 0
== SWOOLE_PROCESS
a is upload: true
b is upload: true
tmpfiles: true
move a: true
a still upload: false
moved: "file a\n"
move other: false
other is upload: false
left in upload_tmp_dir: 0
files not read
left in upload_tmp_dir: 0
files: {"f":[0,false]}
files: {"g":[4,false]}
left in upload_tmp_dir: 0
victim: keep me
exit: 0
