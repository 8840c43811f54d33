--TEST--
SWOOLE_SSL: an HTTPS server and a TLS TCP port (curl and openssl s_client as clients), SNI picks the certificate, a client sending plain text is dropped and others go on
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl') || !is_executable('/usr/bin/curl')) die('skip openssl and curl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$dir = sys_get_temp_dir() . '/swirl-tls-' . getmypid();
@mkdir($dir);
foreach (['main' => 'localhost', 'other' => 'other.test'] as $name => $cn) {
    exec(sprintf('openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -days 1 -subj /CN=%s 2>/dev/null',
        escapeshellarg("$dir/$name.key"), escapeshellarg("$dir/$name.crt"), $cn), $o, $rc);
    if ($rc !== 0) { echo "openssl failed\n"; }
}
$code = <<<PHP
<?php
\$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE, SWOOLE_SOCK_TCP | SWOOLE_SSL);
\$http->set([
    'worker_num' => 1,
    'ssl_cert_file' => '$dir/main.crt',
    'ssl_key_file' => '$dir/main.key',
    'ssl_sni_certs' => ['other.test' => ['ssl_cert_file' => '$dir/other.crt', 'ssl_key_file' => '$dir/other.key']],
]);
\$tcp = \$http->addListener('127.0.0.1', 0, SWOOLE_SOCK_TCP | SWOOLE_SSL);
// A port with settings of its own takes its certificate from them.
\$tcp->set(['ssl_cert_file' => '$dir/main.crt', 'ssl_key_file' => '$dir/main.key']);
\$tcp->on('receive', function (\$s, \$fd, \$r, \$data) { \$s->send(\$fd, strtoupper(\$data)); });
\$http->on('start', function (\$s) use (\$tcp) { echo "PORT {\$s->port}\\nPORT2 {\$tcp->port}\\n"; });
\$http->on('request', function (\$req, \$resp) { \$resp->end('secure ' . \$req->server['request_uri']); });
\$http->start();
PHP;
$p = ServerProcess::startCode($code);
$port = $p->port();
$p->waitForOutput('/PORT2 \d+/'); preg_match('/PORT2 (\d+)/', $p->out, $m);
$port2 = (int) $m[1];

echo 'curl: ', shell_exec("curl -sk https://127.0.0.1:$port/hello"), "\n";
$subject = shell_exec("echo | openssl s_client -connect 127.0.0.1:$port -servername other.test 2>/dev/null | grep -m1 '^subject'");
echo 'sni: ', trim((string) $subject), "\n";
// A client speaking plain HTTP to the TLS port is dropped...
$c = ServerProcess::connect($port);
fwrite($c, "GET / HTTP/1.1\r\n\r\n");
echo 'plain text: ', json_encode(fread($c, 100)), "\n";
// ...and the TLS TCP port still echoes, upper-cased.
$ctx = stream_context_create(['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]]);
$t = stream_socket_client("tls://127.0.0.1:$port2", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
fwrite($t, 'hello tls');
echo 'tls tcp: ', fread($t, 100), "\n";
echo 'exit: ', $p->stop(), "\n";
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECTF--
curl: secure /hello
sni: subject=CN = other.test
plain text: ""
tls tcp: HELLO TLS
exit: 0
