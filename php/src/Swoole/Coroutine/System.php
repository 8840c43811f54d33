<?php
/*
 * System.php: Swoole\Coroutine\System (also Co\System). sleep() suspends
 * only the calling coroutine. The other calls do their work at once and
 * return Swoole's results; they block the process while they run (Swirl
 * has no thread pool to lend them), which other coroutines see as a
 * delay, never as a different answer.
 */

// No strict_types: Swoole's methods take their arguments in coercive mode.

namespace Swoole\Coroutine;

use Swirl\Runtime;
use Swirl\Scheduler;
use Swoole\Coroutine;

final class System
{
    private function __construct()
    {
    }

    public static function sleep($seconds)
    {
        return Coroutine::sleep($seconds);
    }

    /**
     * Runs $command in a shell: ['code' => ..., 'signal' => ..., 'output'
     * => ...]. The coroutine waits for the output and the exit; the
     * process goes on meanwhile.
     */
    public static function exec($command, $get_error_stream = false)
    {
        $sched = Scheduler::$s;
        $sched->need();
        $command = Runtime::argString($command, 'Swoole\Coroutine\System::exec', 1, 'command');
        $spec = [1 => ['pipe', 'w'], 2 => $get_error_stream ? ['redirect', 1] : ['file', '/dev/null', 'w']];
        $p = @\proc_open(['/bin/sh', '-c', $command], $spec, $pipes);
        if ($p === false) {
            return false;
        }
        $out = $pipes[1];
        \stream_set_blocking($out, false);
        $output = '';
        for (;;) {
            $chunk = @\fread($out, 65536);
            if ($chunk !== false && $chunk !== '') {
                $output .= $chunk;
                continue;
            }
            if ($chunk === false || \feof($out)) {
                break;
            }
            $sched->waitIo($out, false, -1);
        }
        \fclose($out);
        // The exit status: polled, the coroutine sleeping in between.
        $status = \proc_get_status($p);
        while ($status['running']) {
            $sched->sleepMs(1);
            $status = \proc_get_status($p);
        }
        \proc_close($p);
        $signal = $status['signaled'] ? $status['termsig'] : 0;
        $code = $status['signaled'] ? 0 : $status['exitcode'];
        return ['code' => $code, 'signal' => $signal, 'output' => $output];
    }

    /**
     * Waits (the coroutine only) for child $pid to end, $timeout seconds
     * at most (< 0: no limit): ['pid' => ..., 'code' => ..., 'signal' =>
     * ...], or false.
     */
    public static function waitPid($pid, $timeout = -1)
    {
        $sched = Scheduler::$s;
        $sched->need();
        $deadline = (float) $timeout > 0 ? \microtime(true) + (float) $timeout : 0.0;
        for (;;) {
            $r = \pcntl_waitpid((int) $pid, $status, \WNOHANG);
            if ($r > 0) {
                return ['pid' => $r, 'code' => \pcntl_wifexited($status) ? \pcntl_wexitstatus($status) : 0,
                    'signal' => \pcntl_wifsignaled($status) ? \pcntl_wtermsig($status) : 0];
            }
            if ($r < 0) {
                Runtime::$lastError = \pcntl_get_last_error();
                return false;
            }
            if ($deadline > 0 && \microtime(true) >= $deadline) {
                Runtime::$lastError = 110;
                return false;
            }
            $sched->sleepMs(5);
        }
    }

    /**
     * Waits (the coroutine only) for signal $signo, $timeout seconds at
     * most (< 0: no limit). True when it came.
     */
    public static function waitSignal($signo, $timeout = -1)
    {
        $sched = Scheduler::$s;
        $sched->need();
        $signo = (int) $signo;
        $got = false;
        $prev = \pcntl_signal_get_handler($signo);
        \pcntl_async_signals(true);
        \pcntl_signal($signo, static function () use (&$got): void {
            $got = true;
        });
        $deadline = (float) $timeout > 0 ? \microtime(true) + (float) $timeout : 0.0;
        try {
            // PHP runs a signal handler between two of its own steps, so
            // the coroutine looks every few milliseconds.
            while (!$got) {
                if ($deadline > 0 && \microtime(true) >= $deadline) {
                    Runtime::$lastError = 110;
                    return false;
                }
                if (!$sched->sleepMs(5)) {
                    return false; // canceled
                }
                \pcntl_signal_dispatch();
            }
            return true;
        } finally {
            \pcntl_signal($signo, $prev ?? \SIG_DFL);
        }
    }

    /**
     * Waits (the coroutine only) until $socket is ready for $events
     * (SWOOLE_EVENT_READ and/or SWOOLE_EVENT_WRITE): the events, or false
     * after $timeout seconds.
     */
    public static function waitEvent($socket, $events = \SWOOLE_EVENT_READ, $timeout = -1)
    {
        $sched = Scheduler::$s;
        $sched->need();
        $write = ((int) $events & \SWOOLE_EVENT_WRITE) !== 0 && ((int) $events & \SWOOLE_EVENT_READ) === 0;
        if (!$sched->waitIo($socket, $write, (float) $timeout)) {
            Runtime::$lastError = 110;
            return false;
        }
        return $write ? \SWOOLE_EVENT_WRITE : \SWOOLE_EVENT_READ;
    }

    /** waitPid() for any child. */
    public static function wait($timeout = -1)
    {
        return self::waitPid(-1, $timeout);
    }

    public static function gethostbyname($domain_name, $type = \AF_INET, $timeout = -1)
    {
        Coroutine::swirlNeed();
        $domain_name = (string) $domain_name;
        if ($domain_name === '') {
            Runtime::error(\E_WARNING, 'Swoole\Coroutine\System::gethostbyname', 'domain name is empty');
            return false;
        }
        if ((int) $type === \AF_INET6) {
            $r = @\dns_get_record($domain_name, \DNS_AAAA);
            return \is_array($r) && isset($r[0]['ipv6']) ? $r[0]['ipv6'] : false;
        }
        $ip = \gethostbyname($domain_name);
        return \filter_var($ip, \FILTER_VALIDATE_IP, \FILTER_FLAG_IPV4) !== false ? $ip : false;
    }

    public static function getaddrinfo($domain, $family = \AF_INET, $socktype = \SOCK_STREAM,
                                       $protocol = \STREAM_IPPROTO_TCP, $service = null, $timeout = -1)
    {
        Coroutine::swirlNeed();
        if ((int) $family === \AF_INET6) {
            $r = @\dns_get_record((string) $domain, \DNS_AAAA);
            return \is_array($r) ? \array_values(\array_column($r, 'ipv6')) : false;
        }
        $ips = \gethostbynamel((string) $domain);
        return $ips === false ? false : $ips;
    }

    public static function readFile($filename, $flag = 0)
    {
        Coroutine::swirlNeed();
        $filename = (string) $filename;
        $fp = @\fopen($filename, 'r');
        if ($fp === false) {
            Runtime::error(\E_WARNING, '', "open($filename, O_RDONLY) failed, Error: "
                . \posix_strerror(\posix_get_last_error()) . '[' . \posix_get_last_error() . ']');
            return false;
        }
        if (((int) $flag & \LOCK_EX) !== 0) {
            \flock($fp, \LOCK_SH);
        }
        $data = \stream_get_contents($fp);
        \fclose($fp);
        return $data;
    }

    public static function writeFile($filename, $fileContent, $flags = 0)
    {
        Coroutine::swirlNeed();
        $flags = (int) $flags;
        $mode = ($flags & \FILE_APPEND) !== 0 ? \FILE_APPEND : 0;
        if (($flags & \LOCK_EX) !== 0) {
            $mode |= \LOCK_EX;
        }
        $n = @\file_put_contents((string) $filename, (string) $fileContent, $mode);
        return $n;
    }
}
