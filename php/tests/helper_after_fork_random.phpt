--TEST--
swirl_helper_after_fork() gives a forked child its own mt_rand(), rand() and lcg_value() sequences
--SKIPIF--
<?php
if (!extension_loaded('swirl_helper')) die('skip swirl_helper extension not loaded');
if (!function_exists('pcntl_fork')) die('skip pcntl not available');
if (!function_exists('posix_kill')) die('skip posix not available');
?>
--FILE--
<?php
/* Waits (bounded) for a child and returns its exit status, or a negative
 * number when it was killed, vanished or had to be killed. */
function wait_exit(int $pid, float $timeout = 20.0): int
{
    $deadline = microtime(true) + $timeout;
    for (;;) {
        $r = pcntl_waitpid($pid, $status, WNOHANG);
        if ($r === $pid) {
            return pcntl_wifexited($status) ? pcntl_wexitstatus($status)
                                            : -pcntl_wtermsig($status);
        }
        if ($r < 0) {
            return -1000;
        }
        if (microtime(true) > $deadline) {
            posix_kill($pid, SIGKILL);
            pcntl_waitpid($pid, $status);
            return -999;
        }
        usleep(5000);
    }
}

/* Draws from every generator, always in the same order. */
function sample(): array
{
    $s = ['mt_rand' => [], 'rand' => [], 'lcg_value' => []];
    for ($i = 0; $i < 8; $i++) {
        $s['mt_rand'][] = mt_rand();
        $s['rand'][] = rand(1, 1000000);
        $s['lcg_value'][] = lcg_value();
    }
    $a = range(1, 30);
    shuffle($a);
    $s['shuffle'] = $a;
    return $s;
}

/* Forks a child that draws sample() and sends it back over a socket. */
function child_sample(bool $repair): array
{
    [$mine, $theirs] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM,
                                          STREAM_IPPROTO_IP);
    $pid = pcntl_fork();
    if ($pid === 0) {
        fclose($mine);
        if ($repair) {
            swirl_helper_after_fork();
        }
        fwrite($theirs, serialize(sample()));
        fclose($theirs);
        swirl_helper_exit(0);
    }
    fclose($theirs);
    stream_set_timeout($mine, 20);
    $data = stream_get_contents($mine);
    fclose($mine);
    $rc = wait_exit($pid);
    if ($rc !== 0) {
        echo "child exited with $rc\n";
    }
    return unserialize($data);
}

function compare(string $what, array $child, array $parent): void
{
    foreach ($parent as $gen => $values) {
        printf("%-30s %-10s %s\n", $what, $gen,
               $child[$gen] === $values ? 'repeats parent' : 'differs');
    }
}

/* Use the generators once so that the parent holds seeded state. */
mt_rand();
lcg_value();

$plain = child_sample(false);
$repaired = child_sample(true);
$repaired2 = child_sample(true);
$parent = sample();
compare('plain child', $plain, $parent);
compare('repaired child', $repaired, $parent);
compare('repaired child vs other', $repaired2, $repaired);

echo "-- after mt_srand(1234) in the parent\n";
mt_srand(1234);
$plain = child_sample(false);
$repaired = child_sample(true);
$parent = sample();
compare('plain child', $plain, $parent);
compare('repaired child', $repaired, $parent);
?>
--EXPECT--
plain child                    mt_rand    repeats parent
plain child                    rand       repeats parent
plain child                    lcg_value  repeats parent
plain child                    shuffle    repeats parent
repaired child                 mt_rand    differs
repaired child                 rand       differs
repaired child                 lcg_value  differs
repaired child                 shuffle    differs
repaired child vs other        mt_rand    differs
repaired child vs other        rand       differs
repaired child vs other        lcg_value  differs
repaired child vs other        shuffle    differs
-- after mt_srand(1234) in the parent
plain child                    mt_rand    repeats parent
plain child                    rand       repeats parent
plain child                    lcg_value  repeats parent
plain child                    shuffle    repeats parent
repaired child                 mt_rand    differs
repaired child                 rand       differs
repaired child                 lcg_value  differs
repaired child                 shuffle    differs
