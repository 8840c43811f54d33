<?php
/*
 * ServerProcess.php: runs a Swoole server script through php/bin/swirl-php
 * for a .phpt test, collects its stdout and stderr, talks to it and stops
 * it by pid. Every wait has a deadline; nothing sleeps to synchronise.
 */

declare(strict_types=1);

final class ServerProcess
{
    /** Default deadline of each wait, in seconds. */
    public const DEADLINE = 15.0;

    public string $out = '';
    public string $err = '';
    public int $pid = 0;
    public ?int $exitCode = null;

    /** @var resource */
    private $proc;
    /** @var resource[] */
    private array $pipes = [];
    private ?string $tmpScript = null;

    private function __construct()
    {
    }

    public static function root(): string
    {
        return dirname(__DIR__, 3);
    }

    /**
     * Starts `swirl-php $script $args...` in a session of its own (so the
     * whole process tree can be cleaned up by group if a test fails).
     */
    public static function start(string $script, array $args = []): self
    {
        $p = new self();
        $cmd = array_merge(['setsid', self::root() . '/php/bin/swirl-php', $script],
            array_map('strval', $args));
        $spec = [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']];
        $proc = proc_open($cmd, $spec, $pipes, sys_get_temp_dir());
        if (!is_resource($proc)) {
            throw new RuntimeException('cannot start ' . $script);
        }
        $p->proc = $proc;
        $p->pipes = [1 => $pipes[1], 2 => $pipes[2]];
        stream_set_blocking($pipes[1], false);
        stream_set_blocking($pipes[2], false);
        $p->pid = proc_get_status($proc)['pid'];
        return $p;
    }

    /** Writes $code to a temporary script and starts it. */
    public static function startCode(string $code, array $args = []): self
    {
        $file = tempnam(sys_get_temp_dir(), 'swirl-test-');
        rename($file, $file . '.php');
        $file .= '.php';
        file_put_contents($file, $code);
        $p = self::start($file, $args);
        $p->tmpScript = $file;
        return $p;
    }

    /** Reads what is available on stdout/stderr, waiting up to $timeout. */
    public function pump(float $timeout = 0.05): void
    {
        $read = array_values(array_filter($this->pipes, fn($s) => is_resource($s) && !feof($s)));
        if ($read === []) {
            if ($timeout > 0) {
                usleep((int) (min($timeout, 0.01) * 1000000));
            }
            return;
        }
        $w = $e = null;
        $sec = (int) $timeout;
        if (@stream_select($read, $w, $e, $sec, (int) (($timeout - $sec) * 1e6)) > 0) {
            foreach ($read as $s) {
                $data = fread($s, 65536);
                if ($data === false || $data === '') {
                    continue;
                }
                if ($s === $this->pipes[1]) {
                    $this->out .= $data;
                } else {
                    $this->err .= $data;
                }
            }
        }
    }

    /**
     * Waits until $cond($this) is true; false at the deadline.
     */
    public function waitUntil(callable $cond, float $deadline = self::DEADLINE): bool
    {
        $end = microtime(true) + $deadline;
        while (true) {
            if ($cond($this)) {
                return true;
            }
            if (microtime(true) >= $end || !$this->running()) {
                $this->pump(0.05);
                return (bool) $cond($this);
            }
            $this->pump(0.05);
        }
    }

    /** Waits until stdout matches the regex $re $count times. */
    public function waitForOutput(string $re, int $count = 1, float $deadline = self::DEADLINE): bool
    {
        return $this->waitUntil(fn(self $p) => preg_match_all($re, $p->out) >= $count, $deadline);
    }

    /** Waits until stderr matches the regex $re $count times. */
    public function waitForError(string $re, int $count = 1, float $deadline = self::DEADLINE): bool
    {
        return $this->waitUntil(fn(self $p) => preg_match_all($re, $p->err) >= $count, $deadline);
    }

    /** The port the script printed as "PORT <n>" (waits for it). */
    public function port(float $deadline = self::DEADLINE): int
    {
        if (!$this->waitForOutput('/^PORT (\d+)$/m', 1, $deadline)) {
            throw new RuntimeException("no PORT line; stdout:\n{$this->out}\nstderr:\n{$this->err}");
        }
        preg_match('/^PORT (\d+)$/m', $this->out, $m);
        return (int) $m[1];
    }

    public function running(): bool
    {
        if ($this->exitCode !== null) {
            return false;
        }
        $st = proc_get_status($this->proc);
        if ($st['running']) {
            return true;
        }
        $this->exitCode = $st['signaled'] ? 128 + $st['termsig'] : $st['exitcode'];
        return false;
    }

    /**
     * Waits for the script to end by itself; returns its exit status, or
     * -1 if it still ran at the deadline (then it is killed).
     */
    public function wait(float $deadline = self::DEADLINE): int
    {
        $this->waitUntil(fn(self $p) => !$p->running(), $deadline);
        $end = microtime(true) + 2.0;
        while (microtime(true) < $end && !$this->eof()) {
            $this->pump(0.05);
        }
        if ($this->running()) {
            posix_kill(-$this->pid, 9);
            $this->waitUntil(fn(self $p) => !$p->running(), 5.0);
            return -1;
        }
        return $this->exitCode;
    }

    /**
     * Sends $signal to the master and waits for it to exit. Returns its
     * exit status (128+n if a signal killed it), or -1 if it was still
     * running at the deadline (then the whole group is killed).
     */
    public function stop(int $signal = 15, float $deadline = self::DEADLINE): int
    {
        if ($this->running()) {
            posix_kill($this->pid, $signal);
        }
        $this->waitUntil(fn(self $p) => !$p->running(), $deadline);
        // Drain what the processes wrote before exiting.
        $end = microtime(true) + 2.0;
        while (microtime(true) < $end && !$this->eof()) {
            $this->pump(0.05);
        }
        if ($this->running()) {
            posix_kill(-$this->pid, 9);
            $this->waitUntil(fn(self $p) => !$p->running(), 5.0);
            return -1;
        }
        return $this->exitCode;
    }

    private function eof(): bool
    {
        foreach ($this->pipes as $s) {
            if (is_resource($s) && !feof($s)) {
                return false;
            }
        }
        return true;
    }

    public function __destruct()
    {
        if ($this->proc !== null && $this->running()) {
            posix_kill(-$this->pid, 9);
            $this->waitUntil(fn(self $p) => !$p->running(), 5.0);
        }
        // Anything the group left behind (a worker of a master that died).
        if ($this->pid > 0) {
            @posix_kill(-$this->pid, 9);
        }
        foreach ($this->pipes as $s) {
            if (is_resource($s)) {
                fclose($s);
            }
        }
        if (is_resource($this->proc)) {
            proc_close($this->proc);
        }
        if ($this->tmpScript !== null) {
            @unlink($this->tmpScript);
        }
    }

    // ------------------------------------------------------------ clients

    /** Connects to 127.0.0.1:$port (fails the test with a message). */
    public static function connect(int $port, float $timeout = 5.0)
    {
        $c = @stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, $timeout);
        if ($c === false) {
            throw new RuntimeException("connect to $port failed: $errstr ($errno)");
        }
        stream_set_timeout($c, (int) ceil($timeout));
        return $c;
    }

    /** Reads from $c until EOF or the deadline; returns what arrived. */
    public static function readAll($c, float $deadline = 5.0): string
    {
        $buf = '';
        $end = microtime(true) + $deadline;
        stream_set_blocking($c, false);
        while (!feof($c) && microtime(true) < $end) {
            $r = [$c];
            $w = $e = null;
            if (@stream_select($r, $w, $e, 0, 100000) > 0) {
                $d = fread($c, 65536);
                if ($d === false) {
                    break;
                }
                $buf .= $d;
            }
        }
        return $buf;
    }

    /** Reads from $c until $n bytes arrived, EOF, or the deadline. */
    public static function readN($c, int $n, float $deadline = 5.0): string
    {
        $buf = '';
        $end = microtime(true) + $deadline;
        stream_set_blocking($c, false);
        while (strlen($buf) < $n && !feof($c) && microtime(true) < $end) {
            $r = [$c];
            $w = $e = null;
            if (@stream_select($r, $w, $e, 0, 100000) > 0) {
                $d = fread($c, $n - strlen($buf));
                if ($d === false) {
                    break;
                }
                $buf .= $d;
            }
        }
        return $buf;
    }

    /** One request: connect, send, read until EOF. */
    public static function request(int $port, string $data, float $deadline = 5.0): string
    {
        $c = self::connect($port, $deadline);
        fwrite($c, $data);
        $r = self::readAll($c, $deadline);
        fclose($c);
        return $r;
    }

    /** Whether something listens on 127.0.0.1:$port (from /proc/net/tcp). */
    public static function listening(int $port): bool
    {
        $hex = sprintf(':%04X', $port);
        foreach (@file('/proc/net/tcp') ?: [] as $line) {
            $f = preg_split('/\s+/', trim($line));
            if (isset($f[1], $f[3]) && str_ends_with($f[1], $hex) && $f[3] === '0A') {
                return true;
            }
        }
        return false;
    }

    /** Lines of $text that match $re, in order. */
    public static function lines(string $text, string $re): array
    {
        return array_values(preg_grep($re, explode("\n", $text)));
    }
}
