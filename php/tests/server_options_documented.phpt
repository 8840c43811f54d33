--TEST--
The option list in Swoole\Server::set()'s documentation comment is exactly the list of options the core accepts (swirl_server_options)
--FILE--
<?php
require dirname(__DIR__, 2) . '/php/bootstrap.php';
$doc = (new ReflectionMethod(Swoole\Server::class, 'set'))->getDocComment();
preg_match('/Options the core implements[^:]*:\s*(.*?)\n\s*\*\s*\n/s', $doc, $m);
$documented = preg_split('/[\s,*]+/', trim($m[1] ?? ''), -1, PREG_SPLIT_NO_EMPTY);
$s = new Swoole\Server('127.0.0.1', 0);
$load = new ReflectionMethod($s, 'swirlLoadOptionTypes');
$load->setAccessible(true);
$core = array_keys($load->invoke($s));
sort($documented);
sort($core);
echo count($core) > 50 ? "the core lists its options\n" : "too few: " . count($core) . "\n";
echo "not documented: ", implode(', ', array_diff($core, $documented)), "\n";
echo "documented, not in the core: ", implode(', ', array_diff($documented, $core)), "\n";
?>
--EXPECT--
the core lists its options
not documented: 
documented, not in the core: 
