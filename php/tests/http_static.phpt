--TEST--
Static handler as Swoole's StaticHandler: http_index_files (first one present, in the order given), http_autoindex listings, static_handler_locations (only those URLs, a missing file there is 404), If-Modified-Since compared as a date (304 when at or after the file's time, in all three HTTP date forms), HEAD without a body, URL decoding, ".." kept under the root
--SKIPIF--
<?php if (!is_executable('/usr/bin/curl')) die('skip curl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$root = sys_get_temp_dir() . '/swirl-static-' . getmypid();
foreach (['', '/dir1', '/dir2', '/sub', '/empty'] as $d) {
    @mkdir("$root/www$d", 0777, true);
}
file_put_contents("$root/www/index.html", "<h1>index</h1>\n");
file_put_contents("$root/www/dir2/index.txt", "dir2 index.txt\n");
file_put_contents("$root/www/dir2/index.html", "dir2 index.html\n");
file_put_contents("$root/www/sub/index.html", "sub index\n");
file_put_contents("$root/www/a.txt", "file a\n");
file_put_contents("$root/www/x y.txt", "x y\n");
file_put_contents("$root/www/dir1/f.css", "b{}\n");
file_put_contents("$root/www/dir1/<b>.txt", "b\n");
file_put_contents("$root/secret.txt", "secret\n");
$mtime = 1600000000;   // Sun, 13 Sep 2020 12:26:40 GMT
touch("$root/www/a.txt", $mtime);

$code = <<<'PHP'
<?php
[, $root, $autoindex, $locations] = $argv;
$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$set = ['worker_num' => 1, 'enable_static_handler' => true, 'document_root' => "$root/www",
    'http_index_files' => ['index.txt', 'index.html'], 'http_autoindex' => $autoindex === '1'];
if ($locations !== '') {
    $set['static_handler_locations'] = explode(',', $locations);
}
$http->set($set);
$http->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$http->on('request', function ($req, $resp) { $resp->end("dynamic {$req->server['request_uri']}\n"); });
$http->start();
PHP;

function get(int $port, string $path, string $extra = '', string $method = 'GET'): string
{
    $r = ServerProcess::request($port, "$method $path HTTP/1.1\r\nHost: t\r\n{$extra}Connection: close\r\n\r\n");
    return str_replace("\r\n", "\n", preg_replace('/^Date: .*\r\n/m', '', $r));
}
function body(int $port, string $path): string
{
    $r = get($port, $path);
    return strtok($r, "\n") . ' | ' . trim(substr($r, strpos($r, "\n\n") + 2));
}

echo "== index files, no autoindex, no locations\n";
$p = ServerProcess::startCode($code, [$root, '0', '']);
$port = $p->port();
foreach (['/', '/dir1', '/dir2', '/dir2/', '/sub', '/empty', '/a.txt', '/x%20y.txt', '/x+y.txt',
          '/nope.txt', '/dir1/../a.txt', '/../secret.txt', '/%2e%2e/secret.txt'] as $path) {
    echo "$path: ", body($port, $path), "\n";
}
echo "-- If-Modified-Since\n";
foreach (['Sun, 13 Sep 2020 12:26:40 GMT', 'Sun, 13 Sep 2020 12:26:39 GMT', 'Fri, 01 Jan 2100 00:00:00 GMT',
          'Sunday, 13-Sep-20 12:26:40 GMT', 'Sun Sep 13 12:26:40 2020', 'Sun Sep 13 12:26:39 2020',
          'not a date'] as $date) {
    echo "$date: ", strtok(get($port, '/a.txt', "If-Modified-Since: $date\r\n"), "\n"), "\n";
}
// A header whose name merely ends in If-Modified-Since is not one.
echo 'decoy: ', strtok(get($port, '/a.txt', "X-If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n"), "\n"), "\n";
echo get($port, '/a.txt', "If-Modified-Since: Sun, 13 Sep 2020 12:26:40 GMT\r\n");
echo "-- HEAD\n", get($port, '/a.txt', '', 'HEAD');
echo 'curl: ', shell_exec("curl -s http://127.0.0.1:$port/dir2"), "\n";
echo 'exit: ', $p->stop(), "\n", $p->err;

echo "== autoindex\n";
$p = ServerProcess::startCode($code, [$root, '1', '']);
$port = $p->port();
echo get($port, '/dir1');
echo '/empty/: ', body($port, '/empty/'), "\n";
echo '/dir2: ', body($port, '/dir2'), "\n";
echo "-- HEAD\n", get($port, '/dir1/', '', 'HEAD');
echo 'exit: ', $p->stop(), "\n", $p->err;

echo "== static_handler_locations\n";
$p = ServerProcess::startCode($code, [$root, '0', '/sub,/A.txt,/gone']);
$port = $p->port();
foreach (['/', '/sub', '/sub/', '/a.txt', '/dir2', '/gone', '/gone/deeper.css', '/sub/none.html',
          '/nope.txt'] as $path) {
    echo "$path: ", body($port, $path), "\n";
}
echo get($port, '/gone'), "\n";
echo 'exit: ', $p->stop(), "\n", $p->err;

exec('rm -rf ' . escapeshellarg($root));
?>
--EXPECTF--
== index files, no autoindex, no locations
/: HTTP/1.1 200 OK | <h1>index</h1>
/dir1: HTTP/1.1 200 OK | dynamic /dir1
/dir2: HTTP/1.1 200 OK | dir2 index.txt
/dir2/: HTTP/1.1 200 OK | dir2 index.txt
/sub: HTTP/1.1 200 OK | sub index
/empty: HTTP/1.1 200 OK | dynamic /empty
/a.txt: HTTP/1.1 200 OK | file a
/x%20y.txt: HTTP/1.1 200 OK | x y
/x+y.txt: HTTP/1.1 200 OK | x y
/nope.txt: HTTP/1.1 200 OK | dynamic /nope.txt
/dir1/../a.txt: HTTP/1.1 200 OK | file a
/../secret.txt: HTTP/1.1 200 OK | dynamic /../secret.txt
/%2e%2e/secret.txt: HTTP/1.1 200 OK | dynamic /%2e%2e/secret.txt
-- If-Modified-Since
Sun, 13 Sep 2020 12:26:40 GMT: HTTP/1.1 304 Not Modified
Sun, 13 Sep 2020 12:26:39 GMT: HTTP/1.1 200 OK
Fri, 01 Jan 2100 00:00:00 GMT: HTTP/1.1 304 Not Modified
Sunday, 13-Sep-20 12:26:40 GMT: HTTP/1.1 304 Not Modified
Sun Sep 13 12:26:40 2020: HTTP/1.1 304 Not Modified
Sun Sep 13 12:26:39 2020: HTTP/1.1 200 OK
not a date: HTTP/1.1 200 OK
decoy: HTTP/1.1 200 OK
HTTP/1.1 304 Not Modified
Connection: close
Last-Modified: Sun, 13 Sep 2020 12:26:40 GMT
Server: swoole-http-server

-- HEAD
HTTP/1.1 200 OK
Content-Type: text/plain
Last-Modified: Sun, 13 Sep 2020 12:26:40 GMT
Accept-Ranges: bytes
Server: swoole-http-server
Connection: close
Content-Length: 7

curl: dir2 index.txt

exit: 0
== autoindex
HTTP/1.1 200 OK
Content-Type: text/html
Last-Modified: %s
Server: swoole-http-server
Connection: close
Content-Length: 302

<html>
<head>
	<meta charset='UTF-8'>
<title>Index of /dir1/</title></head>
<body>
<h1>Index of /dir1/</h1><hr/>	<ul>
		<li><a href=/dir1/..>..</a></li>
		<li><a href=/dir1/&lt;b&gt;.txt>&lt;b&gt;.txt</a></li>
		<li><a href=/dir1/f.css>f.css</a></li>
	</ul>
<hr><i>Powered by Swoole</i></body>
</html>
/empty/: HTTP/1.1 200 OK | <html>
<head>
	<meta charset='UTF-8'>
<title>Index of /empty/</title></head>
<body>
<h1>Index of /empty/</h1><hr/>	<ul>
		<li><a href=/empty/..>..</a></li>
	</ul>
<hr><i>Powered by Swoole</i></body>
</html>
/dir2: HTTP/1.1 200 OK | dir2 index.txt
-- HEAD
HTTP/1.1 200 OK
Content-Type: text/html
Last-Modified: %s
Server: swoole-http-server
Connection: close
Content-Length: 302

exit: 0
== static_handler_locations
/: HTTP/1.1 200 OK | dynamic /
/sub: HTTP/1.1 200 OK | sub index
/sub/: HTTP/1.1 200 OK | sub index
/a.txt: HTTP/1.1 200 OK | file a
/dir2: HTTP/1.1 200 OK | dynamic /dir2
/gone: HTTP/1.1 404 Not Found | <html><body><h2>HTTP 404 Not Found</h2><hr><i>Powered by Swoole</i></body></html>
/gone/deeper.css: HTTP/1.1 404 Not Found | <html><body><h2>HTTP 404 Not Found</h2><hr><i>Powered by Swoole</i></body></html>
/sub/none.html: HTTP/1.1 404 Not Found | <html><body><h2>HTTP 404 Not Found</h2><hr><i>Powered by Swoole</i></body></html>
/nope.txt: HTTP/1.1 200 OK | dynamic /nope.txt
HTTP/1.1 404 Not Found
Server: swoole-http-server
Connection: close
Content-Type: text/html
Content-Length: 81

<html><body><h2>HTTP 404 Not Found</h2><hr><i>Powered by Swoole</i></body></html>
exit: 0
