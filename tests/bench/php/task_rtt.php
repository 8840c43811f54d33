<?php
/*
 * task_rtt.php: the task round-trip benchmark of `make bench`, written
 * against Swoole's API (run it with php/bin/swirl-php).
 *
 *   php/bin/swirl-php tests/bench/php/task_rtt.php [SECONDS=5] [WARMUP=1]
 *
 * One event worker, one task worker, SWOOLE_BASE, listening on a free port
 * of 127.0.0.1 that nobody uses. From onWorkerStart the worker runs a
 * closed loop: task('ping') -> onTask returns the payload -> onFinish ->
 * the next task(), one task in flight at any time. (The very first task
 * asks the task worker for its pid instead.) After WARMUP seconds it
 * starts counting, after SECONDS more it prints one line
 *
 *   tasks=N secs=F rate=F ticks=N
 *
 * (rate = round trips per second; ticks = utime+stime, in clock ticks, that
 * the server's processes spent in the counted window, from /proc) and
 * shuts the server down, so the master exits 0. A task that fails to go
 * out prints "error: ..." and shuts down the same way.
 */
$seconds = isset($argv[1]) ? (float) $argv[1] : 5.0;
$warmup = isset($argv[2]) ? (float) $argv[2] : 1.0;

/** utime+stime of the processes $pids, in clock ticks, from /proc. */
function cpu_ticks(array $pids): int
{
    $sum = 0;
    foreach ($pids as $pid) {
        $stat = @file_get_contents("/proc/$pid/stat");
        if ($stat === false) {
            continue;
        }
        // The fields after "pid (comm) ": state is [0], utime [11], stime [12].
        $f = explode(' ', substr($stat, strrpos($stat, ')') + 2));
        $sum += (int) $f[11] + (int) $f[12];
    }
    return $sum;
}

$server = new Swoole\Server('127.0.0.1', 0, SWOOLE_BASE);
$server->set(['worker_num' => 1, 'task_worker_num' => 1]);
$server->on('receive', function () {
});

// The loop's state, kept in the event worker.
$state = [
    'pids' => [],        // the server's processes
    'measuring' => false,
    'count' => 0,
    'start' => 0,        // hrtime of the window's start
    'deadline' => 0,     // hrtime at which the current phase ends
    'ticks' => 0,        // cpu_ticks() at the window's start
];

$send = function (Swoole\Server $server, string $data): void {
    if ($server->task($data) === false) {
        echo "error: task() failed: ", $server->getLastError(), "\n";
        $server->shutdown();
    }
};

$server->on('workerStart', function (Swoole\Server $server, int $workerId) use ($send) {
    if (!$server->taskworker) {
        $send($server, 'pid');
    }
});

$server->on('task', function (Swoole\Server $server, int $taskId, int $srcWorkerId, $data) {
    return $data === 'pid' ? (string) getmypid() : $data;
});

$server->on('finish', function (Swoole\Server $server, int $taskId, $data) use (&$state, $send, $seconds, $warmup) {
    $now = hrtime(true);
    if ($state['pids'] === []) {
        // The answer to the first task: the task worker's pid.
        $state['pids'] = array_unique([$server->getMasterPid(), $server->getManagerPid(),
            getmypid(), (int) $data]);
        $state['deadline'] = $now + (int) ($warmup * 1e9);
    } elseif ($state['measuring']) {
        $state['count']++;
        if ($now >= $state['deadline']) {
            $ticks = cpu_ticks($state['pids']) - $state['ticks'];
            $secs = ($now - $state['start']) / 1e9;
            printf("tasks=%d secs=%.3f rate=%.1f ticks=%d\n", $state['count'], $secs,
                $state['count'] / $secs, $ticks);
            $server->shutdown();
            return;
        }
    } elseif ($now >= $state['deadline']) {
        // The warm-up is over: the measured window starts now.
        $state['measuring'] = true;
        $state['start'] = $now;
        $state['deadline'] = $now + (int) ($seconds * 1e9);
        $state['ticks'] = cpu_ticks($state['pids']);
    }
    $send($server, 'ping');
});
$server->start();
