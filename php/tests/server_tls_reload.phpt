--TEST--
SWOOLE_SSL in SWOOLE_PROCESS mode: reload() from a worker makes new connections get the new certificate, while a connection opened before it (and one still to finish its SNI handshake) goes on with the old context
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl') || !is_executable('/usr/bin/curl')) die('skip openssl and curl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$dir = sys_get_temp_dir() . '/swirl-tls-reload-' . getmypid();
@mkdir($dir);
function make_cert(string $dir, string $name, string $cn): void {
    // Written aside, then renamed: the server never reads half a file.
    exec(sprintf('openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -days 1 -subj /CN=%s 2>/dev/null',
        escapeshellarg("$dir/new.key"), escapeshellarg("$dir/new.crt"), $cn), $o, $rc);
    if ($rc !== 0) { echo "openssl failed\n"; }
    rename("$dir/new.key", "$dir/$name.key");
    rename("$dir/new.crt", "$dir/$name.crt");
}
function read_until($c, string $needle, float $deadline = 5.0): string {
    $buf = '';
    $end = microtime(true) + $deadline;
    stream_set_blocking($c, false);
    while (!str_ends_with($buf, $needle) && !feof($c) && microtime(true) < $end) {
        $r = [$c]; $w = $e = null;
        if (stream_select($r, $w, $e, 0, 100000)) $buf .= (string) fread($c, 4096);
    }
    return $buf;
}
function subject(int $port, string $name): string {
    return trim((string) shell_exec("echo | openssl s_client -connect 127.0.0.1:$port -servername $name 2>/dev/null | grep -m1 '^subject'"));
}
make_cert($dir, 'main', 'first.test');
make_cert($dir, 'other', 'other.test');
$code = <<<PHP
<?php
\$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_PROCESS, SWOOLE_SOCK_TCP | SWOOLE_SSL);
\$http->set([
    'worker_num' => 1,
    'ssl_cert_file' => '$dir/main.crt',
    'ssl_key_file' => '$dir/main.key',
    'ssl_sni_certs' => ['other.test' => ['ssl_cert_file' => '$dir/other.crt', 'ssl_key_file' => '$dir/other.key']],
]);
\$http->on('start', function (\$s) { echo "PORT {\$s->port}\\n"; });
\$http->on('workerStart', function (\$s, \$id) { echo "WORKER START\\n"; });
\$http->on('request', function (\$req, \$resp) use (\$http) {
    if (\$req->server['request_uri'] === '/reload') {
        \$resp->end('reload: ' . var_export(\$http->reload(), true));
        return;
    }
    \$resp->end('hello ' . \$req->server['request_uri']);
});
\$http->start();
PHP;
$p = ServerProcess::startCode($code);
$port = $p->port();
$p->waitForOutput('/WORKER START/');

echo 'before: ', subject($port, 'localhost'), "\n";
// A keep-alive TLS connection made under the first certificate...
$ctx = stream_context_create(['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]]);
$keep = stream_socket_client("tls://127.0.0.1:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
fwrite($keep, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
$buf = read_until($keep, 'hello /a');
echo 'keep-alive: ', substr($buf, 0, 12), ' ', substr($buf, -8), "\n";
// ...and a TCP connection whose handshake (with SNI) comes after the reload.
$late = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);

make_cert($dir, 'main', 'second.test');
echo shell_exec("curl -sk https://127.0.0.1:$port/reload"), "\n";
$p->waitForOutput('/WORKER START/', 2);
$seen = '';
$p->waitUntil(function () use ($port, &$seen) {
    return ($seen = subject($port, 'localhost')) === 'subject=CN = second.test';
});
echo 'after: ', $seen, "\n";

fwrite($keep, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
echo 'old connection: ', substr(read_until($keep, 'hello /b'), -8), "\n";

stream_context_set_option($late, 'ssl', 'verify_peer', false);
stream_context_set_option($late, 'ssl', 'verify_peer_name', false);
stream_context_set_option($late, 'ssl', 'peer_name', 'other.test');
stream_context_set_option($late, 'ssl', 'capture_peer_cert', true);
var_dump(stream_socket_enable_crypto($late, true, STREAM_CRYPTO_METHOD_TLS_CLIENT));
$cert = openssl_x509_parse(stream_context_get_options($late)['ssl']['peer_certificate']);
echo 'late handshake: ', $cert['subject']['CN'], "\n";
fwrite($late, "GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
echo 'late request: ', substr(read_until($late, 'hello /c'), -8), "\n";

echo 'exit: ', $p->stop(), "\n";
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
before: subject=CN = first.test
keep-alive: HTTP/1.1 200 hello /a
reload: true
after: subject=CN = second.test
old connection: hello /b
bool(true)
late handshake: other.test
late request: hello /c
exit: 0
