--TEST--
swirl_helper functions: signatures, TypeError on wrong arguments, version, phpinfo section
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
?>
--FILE--
<?php
foreach (['swirl_helper_after_fork', 'swirl_helper_exit',
          'swirl_helper_report_uncaught', 'swirl_helper_version'] as $name) {
    $f = new ReflectionFunction($name);
    $params = [];
    foreach ($f->getParameters() as $p) {
        $params[] = $p->getType() . ' $' . $p->getName()
            . ($p->isDefaultValueAvailable()
               ? ' = ' . var_export($p->getDefaultValue(), true) : '');
    }
    echo $name, '(', implode(', ', $params), '): ', $f->getReturnType(), "\n";
}

$calls = [
    'exit("three")' => fn () => swirl_helper_exit('three'),
    'exit([])' => fn () => swirl_helper_exit([]),
    'report_uncaught(new stdClass)' =>
        fn () => swirl_helper_report_uncaught(new stdClass()),
    'report_uncaught("boom")' => fn () => swirl_helper_report_uncaught('boom'),
    'report_uncaught()' => fn () => swirl_helper_report_uncaught(),
    'after_fork(1)' => fn () => swirl_helper_after_fork(1),
    'version(1)' => fn () => swirl_helper_version(1),
];
foreach ($calls as $what => $call) {
    try {
        $call();
        echo "$what: no error\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}

var_dump(swirl_helper_version() === phpversion('swirl_helper'));
var_dump((bool) preg_match('/^\d+\.\d+\.\d+$/', swirl_helper_version()));

ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
var_dump(str_contains($info, 'swirl_helper support => enabled'));
var_dump(str_contains($info, 'Version => ' . swirl_helper_version()));
?>
--EXPECT--
swirl_helper_after_fork(): void
swirl_helper_exit(int $status = 0): never
swirl_helper_report_uncaught(Throwable $e): void
swirl_helper_version(): string
exit("three"): TypeError: swirl_helper_exit(): Argument #1 ($status) must be of type int, string given
exit([]): TypeError: swirl_helper_exit(): Argument #1 ($status) must be of type int, array given
report_uncaught(new stdClass): TypeError: swirl_helper_report_uncaught(): Argument #1 ($e) must be of type Throwable, stdClass given
report_uncaught("boom"): TypeError: swirl_helper_report_uncaught(): Argument #1 ($e) must be of type Throwable, string given
report_uncaught(): ArgumentCountError: swirl_helper_report_uncaught() expects exactly 1 argument, 0 given
after_fork(1): ArgumentCountError: swirl_helper_after_fork() expects exactly 0 arguments, 1 given
version(1): ArgumentCountError: swirl_helper_version() expects exactly 0 arguments, 1 given
bool(true)
bool(true)
bool(true)
bool(true)
