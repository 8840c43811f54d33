--TEST--
TLS in the coroutine layer: Coroutine\Http\Server with $ssl (ssl_cert_file, ssl_key_file) answers curl over HTTPS and refuses plain HTTP; Coroutine\Http\Client with $ssl talks to it from the same process (handshake and reads wait in the coroutine), on one kept connection
--SKIPIF--
<?php if (!is_executable('/usr/bin/openssl') || !is_executable('/usr/bin/curl')) die('skip openssl and curl needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$dir = sys_get_temp_dir() . '/swirl-cotls-' . getmypid();
@mkdir($dir);
exec(sprintf('openssl req -x509 -newkey rsa:2048 -nodes -keyout %s -out %s -days 1 -subj /CN=localhost 2>/dev/null',
    escapeshellarg("$dir/k.pem"), escapeshellarg("$dir/c.pem")), $o, $rc);
echo "openssl: $rc\n";
$p = ServerProcess::startCode(<<<'PHP'
<?php
Co\run(function () use ($argv) {
    $server = new Swoole\Coroutine\Http\Server('127.0.0.1', 0, true);
    $server->set(['ssl_cert_file' => "{$argv[1]}/c.pem", 'ssl_key_file' => "{$argv[1]}/k.pem"]);
    $server->handle('/', function ($req, $resp) {
        $resp->end("secure {$req->server['request_uri']} fd {$req->fd}");
    });
    $server->handle('/stop', function ($req, $resp) use ($server) {
        $resp->end('stopping');
        $server->shutdown();
    });
    go(function () use ($server) {
        $c = new Swoole\Coroutine\Http\Client('127.0.0.1', $server->port, true);
        $c->get('/one');
        $first = $c->body;
        $c->get('/two');
        echo "client: ", $c->statusCode, ' ', preg_replace('/ fd \d+/', '', $first), ', ',
            preg_replace('/ fd \d+/', '', $c->body), ', same connection: ',
            var_export(strrchr($first, ' ') === strrchr($c->body, ' '), true), "\n";
        $c->close();
        echo "PORT {$server->port}\n";
    });
    $server->start();
    echo "stopped\n";
});
PHP, [$dir]);
$port = $p->port();
echo preg_replace('/ fd \d+/', '', shell_exec("curl -sk -m 5 https://127.0.0.1:$port/curl")), "\n";
echo "plain: ", json_encode(shell_exec("curl -s -m 5 http://127.0.0.1:$port/plain")), "\n";
echo shell_exec("curl -sk -m 5 https://127.0.0.1:$port/stop"), "\n";
echo "exit: ", $p->wait(), "\n";
echo preg_replace('/^PORT \d+\n/m', '', $p->out), $p->err;
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
openssl: 0
secure /curl
plain: null
stopping
exit: 0
client: 200 secure /one, secure /two, same connection: true
stopped
