<?php
/*
 * Event.php: Swoole\Event (also the swoole_event_*() functions): the
 * process's event loop. add/set/del/isset watch PHP streams, sockets and
 * descriptors through the core's descriptor watches (swirl_loop_watch);
 * write() queues data that leaves as the descriptor takes it; defer(),
 * wait() and exit() concern the loop itself.
 */

// No strict_types here: arguments are taken as Swoole's internal
// functions take them, in coercive mode.

namespace Swoole;

use FFI;
use Swirl\FFI\Abi;
use Swirl\Loop;
use Swirl\Runtime;

class Event
{
    private const READ = 512;   // SWOOLE_EVENT_READ
    private const WRITE = 1024; // SWOOLE_EVENT_WRITE

    /**
     * The watched descriptors: fd => [sock, read callback, write callback,
     * events asked for, core watch id, bytes write() queued].
     */
    private static array $fds = [];

    /** Core watch id => fd. */
    private static array $ids = [];

    private static ?FFI $libc = null;

    /** Set while a swoole_event_*() function runs: names its warnings. */
    private static bool $swirlAsFunction = false;

    private function __construct()
    {
    }

    /**
     * Watches $sock (a stream, a Socket, a descriptor number, a
     * Swoole\Process or Swoole\Client): $read_callback($sock) runs when it
     * can be read, $write_callback($sock) when it can be written, as
     * $events (SWOOLE_EVENT_READ by default) asks. Returns the descriptor
     * number, or false.
     */
    public static function add($sock, $read_callback = null, $write_callback = null, $events = null)
    {
        return self::swirlAdd(self::swirlName('add'), $sock, $read_callback, $write_callback, $events);
    }

    /**
     * Changes the callbacks (those given, not null) and the events (when
     * given) of a watched $sock.
     */
    public static function set($sock, $read_callback = null, $write_callback = null, $events = null)
    {
        $fn = self::swirlName('set');
        $fd = self::swirlFd($fn, $sock);
        if ($fd < 0) {
            return false;
        }
        if (!isset(self::$fds[$fd]) || self::$fds[$fd][1] === null && self::$fds[$fd][2] === null) {
            Runtime::error(\E_WARNING, $fn, "socket[$fd] is not found in the reactor");
            return false;
        }
        $e = &self::$fds[$fd];
        if ($read_callback !== null) {
            $e[1] = Runtime::argCallable($read_callback, $fn, 2, 'read_callback');
        }
        if ($write_callback !== null) {
            $e[2] = Runtime::argCallable($write_callback, $fn, 3, 'write_callback');
        }
        if ($events !== null && (int) $events !== 0) {
            $events = (int) $events;
            if (($events & self::READ) && $e[1] === null) {
                Runtime::error(\E_WARNING, $fn, "$fn: unable to find read callback of fd [$fd]");
                return false;
            }
            if (($events & self::WRITE) && $e[2] === null) {
                Runtime::error(\E_WARNING, $fn, "$fn: unable to find write callback of fd [$fd]");
                return false;
            }
            $e[3] = $events & (self::READ | self::WRITE);
        }
        self::swirlApply($fd);
        return true;
    }

    /** Stops watching $sock. */
    public static function del($sock)
    {
        $fn = self::swirlName('del');
        $fd = self::swirlFd($fn, $sock);
        if ($fd < 0) {
            return false;
        }
        if (!isset(self::$fds[$fd])) {
            Runtime::error(\E_WARNING, $fn, "socket[$fd] is not found in the reactor");
            return false;
        }
        self::swirlForget($fd);
        return true;
    }

    /** Whether $sock is watched for any of $events. */
    public static function isset($sock, $events = self::READ | self::WRITE)
    {
        $fd = self::swirlFd(self::swirlName('isset'), $sock);
        if ($fd < 0 || !isset(self::$fds[$fd])) {
            return false;
        }
        $e = self::$fds[$fd];
        return ($e[1] !== null || $e[2] !== null) && ($e[3] & (int) $events) !== 0;
    }

    /**
     * Writes $data to $sock without blocking: what the descriptor cannot
     * take now waits, in order, and leaves as it becomes writable.
     */
    public static function write($sock, $data)
    {
        $fn = self::swirlName('write');
        $data = Runtime::argString($data, $fn, 2, 'data');
        if ($data === '') {
            Runtime::error(\E_WARNING, $fn, 'data empty');
            return false;
        }
        $fd = self::swirlFd($fn, $sock);
        if ($fd < 0) {
            Runtime::error(\E_WARNING, $fn, 'unknow type');
            return false;
        }
        if (!isset(self::$fds[$fd])) {
            // Watched only until the queued bytes are gone.
            $id = self::swirlWatch($fn, $fd, 0);
            if ($id === false) {
                return false;
            }
            self::$fds[$fd] = [$sock, null, null, 0, $id, ''];
            self::$ids[$id] = $fd;
        }
        $e = &self::$fds[$fd];
        if ($e[5] === '') {
            $n = self::swirlWriteSome($fd, $data);
            if ($n < 0) {
                Runtime::error(\E_WARNING, $fn, 'write to fd#' . $fd . ' failed: '
                    . \posix_strerror(-$n) . ' [' . (-$n) . ']');
                self::swirlApply($fd);
                return false;
            }
            $data = (string) \substr($data, $n);
        }
        $e[5] .= $data;
        self::swirlApply($fd);
        return true;
    }

    /** Calls $callback() at the start of the next loop iteration. */
    public static function defer($callback)
    {
        return Loop::defer(Runtime::argCallable($callback, 'Swoole\Event::defer', 1, 'callback'));
    }

    /**
     * Runs the event loop until no timer, deferred call or watched
     * descriptor is left (what happens at the end of the script otherwise).
     */
    public static function wait()
    {
        Loop::wait();
    }

    /**
     * The shutdown function Swoole registers when the event loop is
     * created: it runs the loop after the script body.
     */
    public static function rshutdown()
    {
        Loop::shutdown();
    }

    /** Clears every timer and stops the event loop. */
    public static function exit()
    {
        Loop::stop();
    }

    /**
     * @internal An FD event of the core: watch $id is ready for $flags
     * (Abi::WATCH_* bits).
     */
    public static function swirlFire(int $id, int $flags): void
    {
        $fd = self::$ids[$id] ?? null;
        if ($fd === null) {
            return;
        }
        if (($flags & Abi::WATCH_READ) && isset(self::$fds[$fd])) {
            $e = self::$fds[$fd];
            if (($e[3] & self::READ) && $e[1] !== null) {
                ($e[1])($e[0]);
            } elseif ($e[1] === null && $e[2] === null && $e[5] !== '') {
                // Only queued bytes, and the peer is gone: drop them.
                self::swirlForget($fd);
                return;
            }
        }
        if (($flags & Abi::WATCH_WRITE) && isset(self::$fds[$fd]) && self::$fds[$fd][4] === $id) {
            $e = &self::$fds[$fd];
            if ($e[5] !== '') {
                $n = self::swirlWriteSome($fd, $e[5]);
                if ($n < 0) {
                    Runtime::error(\E_WARNING, 'Swoole\Event::write', 'write to fd#' . $fd
                        . ' failed: ' . \posix_strerror(-$n) . ' [' . (-$n) . ']');
                    $e[5] = '';
                } else {
                    $e[5] = (string) \substr($e[5], $n);
                }
                if ($e[5] === '' && $e[1] === null && $e[2] === null) {
                    unset($e);
                    self::swirlForget($fd);
                    return;
                }
                self::swirlApply($fd);
            } elseif (($e[3] & self::WRITE) && $e[2] !== null) {
                $cb = $e[2];
                $sock = $e[0];
                unset($e);
                $cb($sock);
            }
        }
    }

    /** @internal A forked process: the parent's watches are not ours. */
    public static function swirlAfterFork(): void
    {
        self::$fds = [];
        self::$ids = [];
    }

    /**
     * @internal Runs swoole_event_$op(...$args): Event::$op() with the
     * function's name in its warnings.
     */
    public static function swirlFunction(string $op, array $args): mixed
    {
        self::$swirlAsFunction = true;
        try {
            return self::$op(...$args);
        } finally {
            self::$swirlAsFunction = false;
        }
    }

    // ------------------------------------------------------------ private

    private static function swirlName(string $op): string
    {
        return self::$swirlAsFunction ? "swoole_event_$op" : "Swoole\\Event::$op";
    }

    private static function swirlAdd(string $fn, $sock, $read, $write, $events)
    {
        $read = $read === null ? null : Runtime::argCallable($read, $fn, 2, 'read_callback');
        $write = $write === null ? null : Runtime::argCallable($write, $fn, 3, 'write_callback');
        if ($read === null && $write === null) {
            Runtime::error(\E_WARNING, $fn, 'both read and write callbacks are empty');
            return false;
        }
        $fd = self::swirlFd($fn, $sock);
        if ($fd < 0) {
            Runtime::error(\E_WARNING, $fn, 'unknow fd type');
            return false;
        }
        $events = (int) ($events ?? 0) & (self::READ | self::WRITE);
        if ($events === 0) {
            $events = self::READ;
        }
        if ($fd === 0 && ($events & self::WRITE)) {
            Runtime::error(\E_WARNING, $fn, "invalid socket fd [$fd]");
            return false;
        }
        if (isset(self::$fds[$fd]) && (self::$fds[$fd][1] !== null || self::$fds[$fd][2] !== null)) {
            Runtime::error(\E_WARNING, $fn, 'swoole_event_add failed');
            return false;
        }
        if (isset(self::$fds[$fd])) {
            // Only write() had it: the callbacks join the queued bytes.
            self::$fds[$fd][0] = $sock;
            self::$fds[$fd][1] = $read;
            self::$fds[$fd][2] = $write;
            self::$fds[$fd][3] = $events;
            self::swirlApply($fd);
            return $fd;
        }
        $id = self::swirlWatch($fn, $fd, self::swirlCore($events));
        if ($id === false) {
            return false;
        }
        self::$fds[$fd] = [$sock, $read, $write, $events, $id, ''];
        self::$ids[$id] = $fd;
        return $fd;
    }

    /** Starts a core watch of $fd; its id, or false with Swoole's warning. */
    private static function swirlWatch(string $fn, int $fd, int $core): int|false
    {
        $ffi = Loop::ffi();
        $id = $ffi->swirl_loop_watch($fd, $core);
        if ($id < 0) {
            Runtime::fail($id);
            Runtime::error(\E_WARNING, $fn, 'swoole_event_add failed');
            return false;
        }
        return $id;
    }

    /** The core's events for Swoole's $events, plus queued bytes. */
    private static function swirlCore(int $events, bool $queued = false): int
    {
        return (($events & self::READ) ? Abi::WATCH_READ : 0)
            | (($events & self::WRITE) || $queued ? Abi::WATCH_WRITE : 0);
    }

    /** Tells the core what descriptor $fd waits for now. */
    private static function swirlApply(int $fd): void
    {
        $e = self::$fds[$fd];
        $events = ($e[1] !== null || $e[2] !== null) ? $e[3] : 0;
        Loop::ffi()->swirl_loop_watch_set($e[4], self::swirlCore($events, $e[5] !== ''));
    }

    private static function swirlForget(int $fd): void
    {
        $id = self::$fds[$fd][4];
        unset(self::$fds[$fd], self::$ids[$id]);
        Loop::ffi()->swirl_loop_unwatch($id);
    }

    /** Writes what $fd takes of $data now; the byte count or -errno. */
    private static function swirlWriteSome(int $fd, string $data): int
    {
        $libc = self::$libc ??= FFI::cdef('long write(int fd, const void *buf, size_t n); int *__errno_location(void);');
        $n = $libc->write($fd, $data, \strlen($data));
        if ($n >= 0) {
            return $n;
        }
        $errno = $libc->__errno_location()[0];
        return $errno === 11 /* EAGAIN */ || $errno === 4 /* EINTR */ ? 0 : -$errno;
    }

    /** The descriptor number of $sock, or -1 (with Swoole's warning). */
    private static function swirlFd(string $fn, $sock): int
    {
        if (\is_int($sock)) {
            if ($sock < 0) {
                Runtime::error(\E_WARNING, $fn, "invalid file descriptor#$sock passed");
                return -1;
            }
            return $sock;
        }
        if ($sock instanceof Process) {
            return \is_int($sock->pipe) ? $sock->pipe : -1;
        }
        if ($sock instanceof Client) {
            return \is_int($sock->sock) ? $sock->sock : -1;
        }
        if (\is_resource($sock) || $sock instanceof \Socket) {
            foreach (self::$fds as $fd => $e) {
                if ($e[0] === $sock) {
                    return $fd;
                }
            }
            $fd = Runtime::fdOf($sock);
            if ($fd < 0) {
                Runtime::error(\E_WARNING, $fn,
                    'fd argument must be either valid PHP stream or valid PHP socket resource');
            }
            return $fd;
        }
        Runtime::error(\E_WARNING, $fn, 'invalid file descriptor passed');
        return -1;
    }
}
