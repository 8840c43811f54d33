--TEST--
Swoole\Client with SWOOLE_SSL against a TLS server (self-signed certificate made by the test): send/recv over TLS, getPeerCert(), verifyPeerCert(), ssl_verify_peer refusing the certificate (errCode 1014), enableSSL() after a plain connect
--SKIPIF--
<?php if (!extension_loaded('openssl') || !extension_loaded('sockets') || !extension_loaded('pcntl')) die('skip openssl/sockets/pcntl extension not loaded'); ?>
--INI--
ffi.enable=1
--FILE--
<?php
require __DIR__ . '/../bootstrap.php';

$key = openssl_pkey_new(['private_key_bits' => 2048, 'private_key_type' => OPENSSL_KEYTYPE_RSA]);
$cert = openssl_csr_sign(openssl_csr_new(['commonName' => 'localhost'], $key), null, $key, 1);
openssl_x509_export($cert, $certPem);
openssl_pkey_export($key, $keyPem);
$pem = tempnam(sys_get_temp_dir(), 'swirl-cert-');
file_put_contents($pem, $certPem . $keyPem);

$ctx = stream_context_create(['ssl' => ['local_cert' => $pem]]);
$srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr,
    STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
$port = (int) substr(strrchr(stream_socket_get_name($srv, false), ':'), 1);
// Serves three connections: TLS from the start, a refused handshake,
// then plain text before TLS starts.
$server = new Swoole\Process(function () use ($srv) {
    for ($i = 0; $i < 3; $i++) {
        $conn = stream_socket_accept($srv, 10);
        if ($conn === false) {
            return;
        }
        if ($i === 2) {
            fwrite($conn, 'plain: ' . fread($conn, 100));
        }
        if (!@stream_socket_enable_crypto($conn, true, STREAM_CRYPTO_METHOD_TLS_SERVER)) {
            fclose($conn);
            continue;
        }
        fwrite($conn, 'tls: ' . fread($conn, 100));
        fread($conn, 1);
        fclose($conn);
    }
}, false, 0);
$server->start();

$c = new Swoole\Client(SWOOLE_SOCK_TCP | SWOOLE_SSL);
var_dump($c->connect('127.0.0.1', $port, 5));
var_dump($c->send('hello'), $c->recv());
var_dump($c->getPeerCert() === $certPem);
var_dump($c->verifyPeerCert(), $c->verifyPeerCert(true));
$c->close();

$v = new Swoole\Client(SWOOLE_SOCK_TCP | SWOOLE_SSL);
$v->set(['ssl_verify_peer' => true]);
var_dump($v->connect('127.0.0.1', $port, 5), $v->errCode);

$s = new Swoole\Client(SWOOLE_SOCK_TCP);
$s->connect('127.0.0.1', $port, 5);
var_dump($s->send('first'), $s->recv());
var_dump($s->getPeerCert());
var_dump($s->enableSSL(), $s->send('then'), $s->recv());
var_dump($s->enableSSL());
$s->close();
var_dump(Swoole\Process::wait()['code']);
unlink($pem);
?>
--EXPECTF--
bool(true)
int(5)
string(10) "tls: hello"
bool(true)
bool(false)
bool(true)

Warning: Swoole\Client::connect(): connect to server[127.0.0.1:%d] failed. Error: SSL verify failed[1014] in %s on line %d
bool(false)
int(1014)
int(5)
string(12) "plain: first"

Warning: Swoole\Client::getPeerCert(): SSL is not ready in %s on line %d
bool(false)
bool(true)
int(4)
string(9) "tls: then"

Warning: Swoole\Client::enableSSL(): SSL has been enabled in %s on line %d
bool(false)
int(0)
