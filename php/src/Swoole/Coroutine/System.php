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

    /** Runs $command in a shell: ['code' => ..., 'signal' => ..., 'output' => ...]. */
    public static function exec($command, $get_error_stream = false)
    {
        Coroutine::swirlNeed();
        $command = Runtime::argString($command, 'Swoole\Coroutine\System::exec', 1, 'command');
        $spec = [1 => ['pipe', 'w'], 2 => $get_error_stream ? ['redirect', 1] : ['file', '/dev/null', 'w']];
        $p = @\proc_open(['/bin/sh', '-c', $command], $spec, $pipes);
        if ($p === false) {
            return false;
        }
        $output = \stream_get_contents($pipes[1]);
        \fclose($pipes[1]);
        // proc_close() gives the exit code; the signal needs the status.
        $status = \proc_get_status($p);
        while ($status['running']) {
            \usleep(1000);
            $status = \proc_get_status($p);
        }
        \proc_close($p);
        $signal = $status['signaled'] ? $status['termsig'] : 0;
        $code = $status['signaled'] ? 0 : $status['exitcode'];
        return ['code' => $code, 'signal' => $signal, 'output' => $output === false ? '' : $output];
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
