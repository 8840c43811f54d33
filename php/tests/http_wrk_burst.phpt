--TEST--
Http\Server under a wrk burst (keep-alive and pipelined): every request answered 200, no socket error
--SKIPIF--
<?php if (!is_executable('/usr/bin/wrk')) die('skip wrk needed'); ?>
--FILE--
<?php
require __DIR__ . '/lib/ServerProcess.php';

$p = ServerProcess::startCode(<<<'PHP'
<?php
$http = new Swoole\Http\Server('127.0.0.1', 0, SWOOLE_BASE);
$http->set(['worker_num' => 2]);
$http->on('start', function ($s) { echo "PORT {$s->port}\n"; });
$http->on('request', function ($req, $resp) {
    $resp->header('Content-Type', 'text/plain');
    $resp->end('burst ' . ($req->get['i'] ?? '0'));
});
$http->start();
PHP);
$port = $p->port();
$lua = tempnam(sys_get_temp_dir(), 'wrk');
file_put_contents($lua, <<<'LUA'
init = function(args)
  local r = {}
  for i = 1, 8 do r[i] = wrk.format(nil, "/?i=" .. i) end
  req = table.concat(r)
end
request = function() return req end
LUA);
foreach (['keep-alive' => '', 'pipelined x8' => "-s $lua"] as $name => $extra) {
    $out = shell_exec("wrk -t1 -c32 -d1 $extra http://127.0.0.1:$port/ 2>&1");
    preg_match('/(\d+) requests in/', $out, $m);
    $errors = preg_match('/Socket errors|Non-2xx/', $out);
    echo "$name: ", ((int) ($m[1] ?? 0)) > 1000 ? 'many requests' : "too few: $out", ', ',
        $errors ? "ERRORS: $out" : 'no errors', "\n";
}
unlink($lua);
echo 'exit: ', $p->stop(), "\n";
?>
--EXPECT--
keep-alive: many requests, no errors
pipelined x8: many requests, no errors
exit: 0
