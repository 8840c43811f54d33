<?php
/*
 * Process.php: Swoole\Process (also known as swoole_process), in PHP on the
 * pcntl, posix and sysvmsg extensions, with a few libc calls through FFI
 * (socketpair, poll, dup2, setitimer, sched_setaffinity) that PHP has no
 * function for.
 *
 * A Process owns a Unix socket pair (its "pipe") made in the constructor,
 * so that a process forked later, by start() or by a server that was given
 * the object with Server::addProcess(), shares it with its parent: the
 * parent side reads and writes the master end, the child the worker end.
 * The pipe is a plain descriptor number, as in Swoole.
 *
 * Signals registered with Process::signal() are PHP's own (pcntl_signal
 * with asynchronous dispatch): the callback runs as soon as PHP code runs
 * again. Blocking calls made here (read(), write(), wait(), pop()) let it
 * run while they wait, as Swoole runs it from its signal handler.
 */

// No strict_types here: user callbacks are called from this file, and
// Swoole calls them from C, in coercive mode.

namespace Swoole;

use FFI;
use Swirl\Runtime;

class Process
{
    /** Flag of useQueue()'s $mode: push() and pop() do not block. */
    public const IPC_NOWAIT = 256;

    /** close($which): the master end, the worker end, reading, writing. */
    public const PIPE_MASTER = 1;
    public const PIPE_WORKER = 2;
    public const PIPE_READ = 3;
    public const PIPE_WRITE = 4;

    /** The pipe's descriptor on this side (the worker end in the child). */
    public $pipe = null;
    public $msgQueueId = null;
    public $msgQueueKey = null;
    /** The child's pid (set by start(), or in the child itself). */
    public $pid = null;
    public $id = null;

    private $callback = null;

    // The pipe: both ends and the one this side uses, or -1.
    private int $swirlMaster = -1;
    private int $swirlWorker = -1;
    private int $swirlCurrent = -1;
    private int $swirlPipeType = 0;
    private bool $swirlRedirect = false;
    private bool $swirlCoroutine = false;
    private bool $swirlConstructed = false;
    /** Seconds a pipe read or write may wait (<= 0: no limit). */
    private float $swirlTimeout = -1.0;
    private bool $swirlBlocking = true;

    // The message queue of useQueue().
    private ?\SysvMessageQueue $swirlQueue = null;
    private int $swirlIpcMode = 2;
    private bool $swirlQueueBlocking = true;

    /** Swoole's ids of Process objects: 1, 2, ... in each process. */
    private static int $swirlRoundId = 0;

    /** signo => the PHP callback registered with signal(), or SIG_IGN. */
    private static array $swirlSignals = [];

    private static ?FFI $swirlLibc = null;
    private static ?FFI\CData $swirlBuf = null;

    // Swoole's pipe types.
    private const SWIRL_PIPE_NONE = 0;
    private const SWIRL_PIPE_STREAM = 1;
    private const SWIRL_PIPE_DGRAM = 2;

    // Linux values used with the libc calls.
    private const AF_UNIX = 1;
    private const SOCK_STREAM = 1;
    private const SOCK_DGRAM = 2;
    private const MSG_DONTWAIT = 0x40;
    private const MSG_NOSIGNAL = 0x4000;
    private const POLLIN = 0x001;
    private const POLLOUT = 0x004;
    private const EINTR = 4;
    private const EAGAIN = 11;
    private const SW_MSGMAX = 65536;
    private const SW_SIGNO_MAX = 128;

    public function __construct($callback, $redirect_stdin_and_stdout = false, $pipe_type = 2,
                                $enable_coroutine = false)
    {
        $fn = 'Swoole\Process::__construct';
        if ($this->swirlConstructed) {
            Runtime::error(\E_ERROR, $fn, 'Constructor of ' . static::class . ' can only be called once');
        }
        $callback = Runtime::argCallable($callback, $fn, 1, 'callback');
        $pipe_type = Runtime::argInt($pipe_type, $fn, 3, 'pipe_type');
        if (\PHP_SAPI !== 'cli' && \PHP_SAPI !== 'phpdbg') {
            Runtime::error(\E_ERROR, $fn, static::class . ' can only be used in PHP CLI mode');
        }
        $this->swirlConstructed = true;
        $this->id = self::$swirlRoundId === 0 ? (self::$swirlRoundId = 1) : self::$swirlRoundId;
        self::$swirlRoundId++;

        if ($redirect_stdin_and_stdout) {
            $this->swirlRedirect = true;
            $pipe_type = self::SWIRL_PIPE_STREAM; // Swoole forces a stream pipe.
        }
        $this->swirlCoroutine = (bool) $enable_coroutine;
        if ($pipe_type > 0) {
            $this->swirlPipeType = $pipe_type === self::SWIRL_PIPE_STREAM
                ? self::SWIRL_PIPE_STREAM : self::SWIRL_PIPE_DGRAM;
            $libc = self::swirlLibc();
            $sv = $libc->new('int[2]');
            $type = $this->swirlPipeType === self::SWIRL_PIPE_STREAM ? self::SOCK_STREAM : self::SOCK_DGRAM;
            if ($libc->socketpair(self::AF_UNIX, $type, 0, $sv) < 0) {
                $errno = self::swirlErrno();
                throw Runtime::asInternal(new Exception('failed to create unix soccket', $errno));
            }
            $this->swirlMaster = $sv[0];
            $this->swirlWorker = $sv[1];
            $this->swirlCurrent = $sv[0];
            $this->pipe = $sv[0];
        }
        $this->callback = $callback;
    }

    public function __destruct()
    {
        // Swoole closes the pipe when the object goes away.
        if ($this->swirlMaster >= 0) {
            self::swirlLibc()->close($this->swirlMaster);
            $this->swirlMaster = -1;
        }
        if ($this->swirlWorker >= 0) {
            self::swirlLibc()->close($this->swirlWorker);
            $this->swirlWorker = -1;
        }
        $this->swirlCurrent = -1;
    }

    // ------------------------------------------------------------ start

    /**
     * Forks. The parent gets the child's pid; the child runs the callback
     * with this object, then ends (status 0; 255 after an uncaught
     * exception), without running the parent's shutdown functions.
     */
    public function start()
    {
        $fn = 'Swoole\Process::start';
        if ($this->pid && @\posix_kill($this->pid, 0)) {
            Runtime::error(\E_WARNING, $fn, 'process has already been started');
            return false;
        }
        $pid = \pcntl_fork();
        if ($pid < 0) {
            $errno = \pcntl_get_last_error();
            Runtime::error(\E_WARNING, $fn, 'fork() failed' . self::swirlSysError($errno));
            return false;
        }
        if ($pid > 0) {
            $this->pid = $pid;
            return $pid;
        }
        Runtime::afterFork();
        // The child starts with no timers and no signal callbacks of the
        // parent, as after Swoole's fork. Handlers a server worker's loop
        // installed in C (PHP knows nothing of them) go back to their
        // defaults too, so that SIGTERM ends the child.
        if (\Swirl\Loop::stats()['initialized']) {
            \Swirl\Loop::clearAll();
        }
        // Its loop, timers and watched descriptors are the parent's: the
        // child makes its own, as Swoole's does after a fork.
        if (\Swirl\FFI\Library::isLoaded()) {
            \Swirl\FFI\Library::get()->swirl_loop_fork();
        }
        \Swirl\Loop::afterFork();
        foreach ([\SIGTERM, \SIGINT, \SIGHUP, \SIGUSR1, \SIGUSR2, \SIGCHLD, \SIGALRM] as $signo) {
            if (!isset(self::$swirlSignals[$signo]) && \pcntl_signal_get_handler($signo) === \SIG_DFL) {
                \pcntl_signal($signo, \SIG_DFL);
            }
        }
        $this->swirlRunChild((int) $this->id, \getmypid());
    }

    /**
     * @internal Runs this process's body in the process it is in now (a
     * child of start(), or a server's user process, with the worker id the
     * server gave it): the worker end of the pipe becomes this side's,
     * stdin/stdout/stderr go to it when asked, the callback runs, and the
     * process ends.
     */
    public function swirlRunChild(int $id, int $pid): never
    {
        $this->pid = $pid;
        $this->id = $id;
        if (\class_exists(\Swirl\Scheduler::class, false)) {
            \Swirl\Scheduler::$s->forked();
        }
        self::swirlResetSignals();
        if ($this->swirlWorker >= 0) {
            $this->swirlCurrent = $this->swirlWorker;
            $this->pipe = $this->swirlWorker;
        }
        $status = 0;
        try {
            if ($this->swirlRedirect && $this->swirlCurrent >= 0) {
                $libc = self::swirlLibc();
                foreach ([0, 1, 2] as $std) {
                    if ($libc->dup2($this->swirlCurrent, $std) < 0) {
                        Runtime::error(\E_WARNING, 'Swoole\Process::start',
                            'dup2() failed' . self::swirlSysError(self::swirlErrno()));
                    }
                }
            }
            if ($this->swirlCoroutine) {
                // enable_coroutine: the callback is a coroutine.
                \Swoole\Coroutine::swirlStart(\Closure::fromCallable($this->callback), [$this]);
            } else {
                ($this->callback)($this);
            }
            // What the callback left on the event loop runs now, as it
            // would at the end of Swoole's child.
            if (\Swirl\Loop::created()) {
                \Swirl\Loop::wait();
            } elseif (\Swirl\Loop::stats()['num'] > 0) {
                \Swirl\FFI\Library::get()->swirl_loop_run();
            }
        } catch (\Throwable $e) {
            Runtime::reportUncaughtSafely($e);
            $status = 255;
        }
        Runtime::exitProcess($status);
    }

    // ------------------------------------------------------------- pipe

    /**
     * Writes $data to the pipe, all of it (a stream pipe) or as one
     * message (a datagram pipe). Returns the bytes written, or false.
     */
    public function write($data)
    {
        $fn = 'Swoole\Process::write';
        $data = Runtime::argString($data, $fn, 1, 'data');
        if ($data === '') {
            Runtime::error(\E_WARNING, $fn, 'the data to send is empty');
            return false;
        }
        if ($this->swirlCurrent < 0) {
            Runtime::error(\E_WARNING, $fn, 'no pipe, cannot write into pipe');
            return false;
        }
        $n = $this->swirlSendAll($data);
        if ($n < 0) {
            Runtime::error(\E_WARNING, $fn, 'write() failed' . self::swirlSysError(-$n));
            return false;
        }
        return $n;
    }

    /**
     * Reads at most $size bytes (at most 65536) from the pipe: what one
     * read() gives, one message of a datagram pipe, '' at the end of a
     * stream. False after a timeout or an error.
     */
    public function read($size = 8192)
    {
        $fn = 'Swoole\Process::read';
        $size = Runtime::argInt($size, $fn, 1, 'size');
        if ($size > 65536) {
            $size = 65536;
        }
        if ($this->swirlCurrent < 0) {
            Runtime::error(\E_WARNING, $fn, 'no pipe, cannot read from pipe');
            return false;
        }
        if ($size <= 0) {
            $size = 1;
        }
        $libc = self::swirlLibc();
        $buf = self::$swirlBuf ??= $libc->new('char[65536]');
        $deadline = $this->swirlTimeout > 0 ? \microtime(true) + $this->swirlTimeout : 0.0;
        while (true) {
            $wait = $this->swirlPoll(self::POLLIN, $deadline);
            if ($wait < 0) {
                $errno = -$wait;
                if ($errno !== self::EINTR) {
                    Runtime::error(\E_WARNING, $fn, 'read() failed' . self::swirlSysError($errno));
                }
                return false;
            }
            $n = $libc->recv($this->swirlCurrent, $buf, $size, self::MSG_DONTWAIT);
            if ($n >= 0) {
                return $n === 0 ? '' : FFI::string($buf, $n);
            }
            $errno = self::swirlErrno();
            if ($errno === self::EINTR || ($errno === self::EAGAIN && $this->swirlBlocking)) {
                continue;
            }
            Runtime::error(\E_WARNING, $fn, 'read() failed' . self::swirlSysError($errno));
            return false;
        }
    }

    /**
     * Closes the pipe: both ends (0), one end (PIPE_MASTER, PIPE_WORKER),
     * or one direction of this side (PIPE_READ, PIPE_WRITE).
     */
    public function close($which = 0)
    {
        $fn = 'Swoole\Process::close';
        $which = Runtime::argInt($which, $fn, 1, 'which');
        if ($this->swirlCurrent < 0) {
            Runtime::error(\E_WARNING, $fn, 'no pipe, cannot close the pipe');
            return false;
        }
        $libc = self::swirlLibc();
        $rc = 0;
        if ($which === self::PIPE_READ || $which === self::PIPE_WRITE) {
            $rc = $libc->shutdown($this->swirlCurrent, $which === self::PIPE_READ ? 0 : 1);
        } elseif ($which === self::PIPE_MASTER || $which === self::PIPE_WORKER) {
            $end = $which === self::PIPE_MASTER ? $this->swirlMaster : $this->swirlWorker;
            if ($end < 0) {
                $rc = -1;
            } else {
                $rc = $libc->close($end);
                if ($which === self::PIPE_MASTER) {
                    $this->swirlMaster = -1;
                } else {
                    $this->swirlWorker = -1;
                }
            }
        } else {
            foreach ([$this->swirlMaster, $this->swirlWorker] as $end) {
                if ($end >= 0) {
                    $libc->close($end);
                }
            }
            $this->swirlMaster = $this->swirlWorker = $this->swirlCurrent = -1;
        }
        if ($rc < 0) {
            Runtime::error(\E_WARNING, $fn, 'close() failed' . self::swirlSysError(self::swirlErrno()));
            return false;
        }
        return true;
    }

    /** Seconds a pipe read() or write() may wait before it fails. */
    public function setTimeout($seconds)
    {
        $fn = 'Swoole\Process::setTimeout';
        if ($this->swirlCurrent < 0) {
            Runtime::error(\E_WARNING, $fn, 'no pipe, cannot setTimeout the pipe');
            return false;
        }
        $this->swirlTimeout = (float) $seconds;
        return true;
    }

    /** Whether pipe reads and writes wait (true) or fail at once. */
    public function setBlocking($blocking)
    {
        if ($this->swirlCurrent < 0) {
            Runtime::error(\E_WARNING, 'Swoole\Process::setBlocking', 'no pipe, cannot setBlocking the pipe');
            return false;
        }
        $this->swirlBlocking = (bool) $blocking;
        return null;
    }

    /** Options; Swoole reads only enable_coroutine. */
    public function set(array $settings)
    {
        if (\array_key_exists('enable_coroutine', $settings)) {
            $this->swirlCoroutine = (bool) $settings['enable_coroutine'];
        }
        return null;
    }

    /** Sends all of $data (one message on a datagram pipe): bytes, or -errno. */
    private function swirlSendAll(string $data): int
    {
        $libc = self::swirlLibc();
        $len = \strlen($data);
        $done = 0;
        $deadline = $this->swirlTimeout > 0 ? \microtime(true) + $this->swirlTimeout : 0.0;
        while ($done < $len) {
            $chunk = $done === 0 ? $data : \substr($data, $done);
            $n = $libc->send($this->swirlCurrent, $chunk, $len - $done, self::MSG_NOSIGNAL | self::MSG_DONTWAIT);
            if ($n >= 0) {
                $done += $n;
                continue;
            }
            $errno = self::swirlErrno();
            if ($errno === self::EINTR) {
                continue;
            }
            if ($errno !== self::EAGAIN || !$this->swirlBlocking) {
                return -$errno;
            }
            $wait = $this->swirlPoll(self::POLLOUT, $deadline);
            if ($wait < 0 && $wait !== -self::EINTR) {
                return $wait;
            }
        }
        return $done;
    }

    /**
     * Waits until the pipe is ready for $events or the deadline (0: none)
     * passes; a non-blocking pipe does not wait. Pending signal callbacks
     * run while it waits. Returns 0 when ready (or not waiting), -EAGAIN
     * at the deadline, -errno on failure.
     */
    private function swirlPoll(int $events, float $deadline): int
    {
        if (!$this->swirlBlocking) {
            return 0;
        }
        $libc = self::swirlLibc();
        $pfd = $libc->new('struct pollfd');
        while (true) {
            $ms = -1;
            if ($deadline > 0) {
                $ms = (int) \ceil(($deadline - \microtime(true)) * 1000);
                if ($ms <= 0) {
                    return -self::EAGAIN;
                }
            }
            $pfd->fd = $this->swirlCurrent;
            $pfd->events = $events;
            $pfd->revents = 0;
            $rc = $libc->poll(FFI::addr($pfd), 1, $ms);
            if ($rc > 0) {
                return 0;
            }
            if ($rc === 0) {
                return -self::EAGAIN;
            }
            $errno = self::swirlErrno();
            if ($errno !== self::EINTR) {
                return -$errno;
            }
            if (\function_exists('pcntl_signal_dispatch')) {
                \pcntl_signal_dispatch();
            }
        }
    }

    /**
     * @internal For Process\Pool: makes this object describe pool worker
     * $id (pid $pid), using the worker end of its pipe when $own (it is
     * the current process) and the master end otherwise.
     */
    public function swirlPoolView(int $id, int $pid, bool $own): void
    {
        $this->id = $id;
        $this->pid = $pid;
        $end = $own ? $this->swirlWorker : $this->swirlMaster;
        if ($end >= 0) {
            $this->swirlCurrent = $end;
            $this->pipe = $end;
        }
    }

    /**
     * @internal For Process\Pool::sendMessage(): writes $data on the
     * master end (towards the worker that owns this pipe).
     */
    public function swirlSendToWorker(string $data): int|false
    {
        $saved = $this->swirlCurrent;
        $this->swirlCurrent = $this->swirlMaster;
        try {
            return $this->swirlCurrent < 0 ? false : $this->write($data);
        } finally {
            $this->swirlCurrent = $saved;
        }
    }

    /** @internal For Process\Pool: push()/pop() on the pool's queue. */
    public function swirlUseQueue(\SysvMessageQueue $queue, int $key): void
    {
        $this->swirlQueue = $queue;
        $this->swirlIpcMode = 2;
        $this->msgQueueKey = $key;
        $this->msgQueueId = self::swirlQueueInfo($key)['id'] ?? null;
    }

    // ------------------------------------------------------------ queue

    /**
     * Uses the System V message queue $key (0: one derived from the
     * running script's path) for push() and pop(). $mode 2 pops any
     * message; 1 pops only this process's own; | IPC_NOWAIT makes both
     * calls non-blocking. $capacity > 0 sets the queue's size in bytes.
     */
    public function useQueue($key = 0, $mode = 2, $capacity = -1)
    {
        $fn = 'Swoole\Process::useQueue';
        $key = Runtime::argInt($key, $fn, 1, 'key');
        $mode = Runtime::argInt($mode, $fn, 2, 'mode');
        $capacity = Runtime::argInt($capacity, $fn, 3, 'capacity');
        if (!\function_exists('msg_get_queue')) {
            Runtime::error(\E_WARNING, $fn, 'the sysvmsg extension is not loaded');
            return false;
        }
        if ($key <= 0) {
            $key = \ftok(Runtime::callerLocation()[0], "\x01");
        }
        $queue = @\msg_get_queue($key, 0666);
        if ($queue === false) {
            return false;
        }
        $this->swirlQueueBlocking = ($mode & self::IPC_NOWAIT) === 0;
        $mode &= ~self::IPC_NOWAIT;
        if ($capacity > 0) {
            @\msg_set_queue($queue, ['msg_qbytes' => $capacity]);
        }
        $this->swirlQueue = $queue;
        $this->swirlIpcMode = $mode;
        $this->msgQueueId = self::swirlQueueInfo($key)['id'] ?? null;
        $this->msgQueueKey = $key;
        return true;
    }

    /** ['queue_num' => messages waiting, 'queue_bytes' => their bytes]. */
    public function statQueue()
    {
        if ($this->swirlQueue === null) {
            Runtime::error(\E_WARNING, 'Swoole\Process::statQueue', "no queue, can't get stats of the queue");
            return false;
        }
        $info = self::swirlQueueInfo((int) $this->msgQueueKey);
        if ($info !== null) {
            return ['queue_num' => $info['num'], 'queue_bytes' => $info['bytes']];
        }
        $stat = @\msg_stat_queue($this->swirlQueue);
        if (!\is_array($stat)) {
            return false;
        }
        return ['queue_num' => $stat['msg_qnum'], 'queue_bytes' => 0];
    }

    /** Removes the queue from the system. */
    public function freeQueue()
    {
        if ($this->swirlQueue !== null && @\msg_remove_queue($this->swirlQueue)) {
            $this->swirlQueue = null;
            return true;
        }
        return false;
    }

    /** Puts $data (1 .. 65535 bytes) on the queue. */
    public function push($data)
    {
        $fn = 'Swoole\Process::push';
        $data = Runtime::argString($data, $fn, 1, 'data');
        $len = \strlen($data);
        if ($len <= 0) {
            Runtime::error(\E_WARNING, $fn, 'the data to push is empty');
            return false;
        }
        if ($len >= self::SW_MSGMAX) {
            Runtime::error(\E_WARNING, $fn, 'the data to push is too big');
            return false;
        }
        if ($this->swirlQueue === null) {
            Runtime::error(\E_WARNING, $fn, 'no msgqueue, cannot use push()');
            return false;
        }
        while (true) {
            if (@\msg_send($this->swirlQueue, (int) $this->id + 1, $data, false,
                    $this->swirlQueueBlocking, $err)) {
                return true;
            }
            if ($err !== self::EINTR) {
                Runtime::$lastError = (int) $err;
                return false;
            }
        }
    }

    /** Takes one message of at most $size bytes off the queue, or false. */
    public function pop($size = 65536)
    {
        $fn = 'Swoole\Process::pop';
        $size = Runtime::argInt($size, $fn, 1, 'size');
        if ($size > self::SW_MSGMAX || $size <= 0) {
            $size = self::SW_MSGMAX;
        }
        if ($this->swirlQueue === null) {
            Runtime::error(\E_WARNING, $fn, 'no msgqueue, cannot use pop()');
            return false;
        }
        $type = $this->swirlIpcMode === 2 ? 0 : (int) $this->id + 1;
        $ok = @\msg_receive($this->swirlQueue, $type, $got, $size, $message, false,
            $this->swirlQueueBlocking ? 0 : \MSG_IPC_NOWAIT, $err);
        if (!$ok) {
            Runtime::$lastError = (int) $err;
            return false;
        }
        return $message;
    }

    /**
     * The id and usage of queue $key from /proc/sysvipc/msg (PHP's
     * msg_stat_queue() does not report the bytes waiting), or null.
     */
    private static function swirlQueueInfo(int $key): ?array
    {
        $lines = @\file('/proc/sysvipc/msg', \FILE_IGNORE_NEW_LINES);
        if (!\is_array($lines)) {
            return null;
        }
        foreach ($lines as $line) {
            $f = \preg_split('/\s+/', \trim($line));
            // key msqid perms cbytes qnum ...
            if (isset($f[4]) && \is_numeric($f[0]) && (int) $f[0] === $key) {
                return ['id' => (int) $f[1], 'bytes' => (int) $f[3], 'num' => (int) $f[4]];
            }
        }
        return null;
    }

    // ------------------------------------------------------ this process

    /** Ends the child this object runs in with $exit_code (0 .. 255). */
    public function exit($exit_code = 0)
    {
        $fn = 'Swoole\Process::exit';
        $code = Runtime::argInt($exit_code, $fn, 1, 'exit_code');
        if (\getmypid() !== (int) $this->pid) {
            Runtime::error(\E_WARNING, $fn, 'not current process');
            return false;
        }
        if ($code < 0 || $code > 255) {
            Runtime::error(\E_WARNING, $fn, 'exit ret_code range is [>0 and <255] ');
            $code = 1;
        }
        Runtime::exitProcess($code);
    }

    /** Replaces this process with the program $exec_file ($args follow). */
    public function exec($exec_file, $args)
    {
        $fn = 'Swoole\Process::exec';
        $file = Runtime::argString($exec_file, $fn, 1, 'exec_file');
        if (!\is_array($args)) {
            throw Runtime::asInternal(new \TypeError("$fn(): Argument #2 (\$args) must be of type array, "
                . \get_debug_type($args) . ' given'));
        }
        if ($file === '') {
            Runtime::error(\E_WARNING, $fn, 'exec file name is empty');
            return false;
        }
        $argv = [];
        foreach ($args as $a) {
            $argv[] = (string) $a;
        }
        @\pcntl_exec($file, $argv);
        Runtime::error(\E_WARNING, $fn, "execv($file) failed" . self::swirlSysError(\pcntl_get_last_error()));
        return false;
    }

    /** Sets the process title (Swoole's alias of swoole_set_process_name). */
    public function name($process_name)
    {
        return \swoole_set_process_name($process_name);
    }

    /** setpriority() for this object's process (PRIO_PROCESS, ...). */
    public function setPriority($which, $priority)
    {
        $fn = 'Swoole\Process::setPriority';
        $which = Runtime::argInt($which, $fn, 1, 'which');
        $priority = Runtime::argInt($priority, $fn, 2, 'priority');
        return @\pcntl_setpriority($priority, (int) $this->pid, $which);
    }

    /** getpriority() for this object's process. */
    public function getPriority($which)
    {
        $which = Runtime::argInt($which, 'Swoole\Process::getPriority', 1, 'which');
        return @\pcntl_getpriority((int) $this->pid, $which);
    }

    // ---------------------------------------------------------- statics

    /**
     * Reaps one ended child: ['pid' =>, 'code' => exit status, 'signal' =>
     * the signal that killed it], or false (none ended, with $blocking
     * false, or no children at all).
     */
    public static function wait($blocking = true)
    {
        while (true) {
            $pid = \pcntl_wait($status, $blocking ? 0 : \WNOHANG);
            if ($pid > 0) {
                return [
                    'pid' => $pid,
                    'code' => \pcntl_wexitstatus($status),
                    'signal' => \pcntl_wifsignaled($status) ? \pcntl_wtermsig($status) : 0,
                ];
            }
            if ($pid < 0 && \pcntl_get_last_error() === self::EINTR) {
                \pcntl_signal_dispatch();
                continue;
            }
            return false;
        }
    }

    /** Sends $signo to $pid (0 only checks that the process exists). */
    public static function kill($pid, $signal_no = \SIGTERM)
    {
        $fn = 'Swoole\Process::kill';
        $pid = Runtime::argInt($pid, $fn, 1, 'pid');
        $sig = Runtime::argInt($signal_no, $fn, 2, 'signal_no');
        if (@\posix_kill($pid, $sig)) {
            return true;
        }
        $errno = \posix_get_last_error();
        if (!($sig === 0 && $errno === 3 /* ESRCH */)) {
            Runtime::error(\E_WARNING, $fn, "kill($pid, $sig) failed" . self::swirlSysError($errno));
        }
        return false;
    }

    /**
     * Calls $callback($signo) when this process receives $signo; null
     * removes the callback, SIG_IGN ignores the signal.
     */
    public static function signal($signal_no, $callback = null)
    {
        $fn = 'Swoole\Process::signal';
        $signo = Runtime::argInt($signal_no, $fn, 1, 'signal_no');
        if ($signo < 0 || $signo >= self::SW_SIGNO_MAX) {
            Runtime::error(\E_WARNING, $fn, "invalid signal number [$signo]");
            return false;
        }
        if ($callback === null) {
            if (!isset(self::$swirlSignals[$signo])) {
                Runtime::error(\E_WARNING, $fn, "unable to find the callback of signal [$signo]");
                return false;
            }
            unset(self::$swirlSignals[$signo]);
            @\pcntl_signal($signo, \SIG_DFL);
            return true;
        }
        if (\is_int($callback) && $callback === \SIG_IGN) {
            $handler = \SIG_IGN;
        } else {
            if (!\is_callable($callback, false, $name)) {
                Runtime::error(\E_WARNING, $fn, "function '$name' is not callable");
                return false;
            }
            $user = \Closure::fromCallable($callback);
            $handler = static function (int $signo) use ($user): void {
                $user($signo);
            };
        }
        \pcntl_async_signals(true);
        try {
            $ok = @\pcntl_signal($signo, $handler);
        } catch (\ValueError) {
            $ok = false;
        }
        if (!$ok) {
            Runtime::error(\E_WARNING, $fn, "invalid signal number [$signo]");
            return false;
        }
        self::$swirlSignals[$signo] = $handler;
        return true;
    }

    /**
     * Starts an interval timer (setitimer) of $usec microseconds, which
     * raises SIGALRM (ITIMER_REAL, $type 0), SIGVTALRM (1) or SIGPROF (2)
     * every interval; 0 stops it.
     */
    public static function alarm($usec, $type = 0)
    {
        $fn = 'Swoole\Process::alarm';
        $usec = Runtime::argInt($usec, $fn, 1, 'usec');
        $type = Runtime::argInt($type, $fn, 2, 'type');
        if (\Swirl\Loop::stats()['initialized']) {
            Runtime::error(\E_WARNING, $fn, "cannot use both 'timer' and 'alarm' at the same time");
            return false;
        }
        $libc = self::swirlLibc();
        $it = $libc->new('struct itimerval');
        if ($usec > 0) {
            $sec = \intdiv($usec, 1000000);
            $it->it_interval->tv_sec = $it->it_value->tv_sec = $sec;
            $it->it_interval->tv_usec = $it->it_value->tv_usec = $usec - $sec * 1000000;
        }
        if ($libc->setitimer($type, FFI::addr($it), null) < 0) {
            Runtime::error(\E_WARNING, $fn, 'setitimer() failed' . self::swirlSysError(self::swirlErrno()));
            return false;
        }
        return true;
    }

    /**
     * Turns this process into a daemon: the parent ends, the child goes on
     * in a new session; '/' becomes the directory unless $nochdir, and
     * stdin/stdout/stderr /dev/null unless $noclose. $pipes may give
     * descriptor numbers to put on 0, 1 and 2 instead.
     */
    public static function daemon($nochdir = true, $noclose = true, $pipes = [])
    {
        $fn = 'Swoole\Process::daemon';
        if (\is_array($pipes)) {
            $libc = self::swirlLibc();
            $std = 0;
            foreach ($pipes as $p) {
                if (\is_int($p) && $p >= 0 && $libc->dup2($p, $std) < 0) {
                    Runtime::error(\E_WARNING, $fn, "dup2($p, $std) failed" . self::swirlSysError(self::swirlErrno()));
                }
                if ($std++ === 2) {
                    break;
                }
            }
        }
        if (!$nochdir && !@\chdir('/')) {
            Runtime::error(\E_WARNING, $fn, 'chdir() failed' . self::swirlSysError(\posix_get_last_error()));
            return false;
        }
        if (!$noclose) {
            $libc = self::swirlLibc();
            $null = @\fopen('/dev/null', 'r+');
            if ($null === false) {
                return false;
            }
            $fdNull = self::swirlStreamFd($null);
            foreach ([0, 1, 2] as $std) {
                if ($fdNull >= 0) {
                    $libc->dup2($fdNull, $std);
                }
            }
            \fclose($null);
        }
        $pid = \pcntl_fork();
        if ($pid < 0) {
            Runtime::error(\E_WARNING, $fn, 'fork() failed' . self::swirlSysError(\pcntl_get_last_error()));
            return false;
        }
        if ($pid > 0) {
            // The parent leaves at once; its buffered output stays with
            // the child, which goes on with the script.
            while (\ob_get_level() > 0 && @\ob_end_clean()) {
            }
            Runtime::exitProcess(0);
        }
        if (\posix_setsid() < 0) {
            Runtime::error(\E_WARNING, $fn, 'setsid() failed' . self::swirlSysError(\posix_get_last_error()));
            return false;
        }
        return true;
    }

    /** Binds this process to the CPUs listed (ids from 0). */
    public static function setAffinity(array $cpu_settings)
    {
        $fn = 'Swoole\Process::setAffinity';
        $n = \count($cpu_settings);
        if ($n === 0) {
            return false;
        }
        $cpus = \swoole_cpu_num();
        if ($n > $cpus) {
            Runtime::error(\E_WARNING, $fn, 'More than the number of CPU');
            return false;
        }
        $libc = self::swirlLibc();
        $mask = $libc->new('unsigned char[128]');
        foreach ($cpu_settings as $cpu) {
            $cpu = (int) $cpu;
            if ($cpu >= $cpus || $cpu < 0) {
                Runtime::error(\E_WARNING, $fn, "invalid cpu id [$cpu]");
                return false;
            }
            $mask[$cpu >> 3] = $mask[$cpu >> 3] | (1 << ($cpu & 7));
        }
        if ($libc->sched_setaffinity(0, 128, $mask) < 0) {
            Runtime::error(\E_WARNING, $fn, 'sched_setaffinity() failed' . self::swirlSysError(self::swirlErrno()));
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------- helpers

    /** Puts the signals this process registered back to their defaults. */
    private static function swirlResetSignals(): void
    {
        foreach (self::$swirlSignals as $signo => $handler) {
            @\pcntl_signal($signo, \SIG_DFL);
        }
        self::$swirlSignals = [];
    }

    /** ", Error: <strerror>[<errno>]", as Swoole appends to system errors. */
    private static function swirlSysError(int $errno): string
    {
        return ', Error: ' . Runtime::strerror($errno) . "[$errno]";
    }

    /** The C library's errno, right after a libc call through FFI. */
    private static function swirlErrno(): int
    {
        return self::swirlLibc()->__errno_location()[0];
    }

    /** The descriptor number of a plain file stream (or -1). */
    private static function swirlStreamFd($stream): int
    {
        $st = @\fstat($stream);
        if (!\is_array($st)) {
            return -1;
        }
        foreach (@\scandir('/proc/self/fd') ?: [] as $fd) {
            if (\is_numeric($fd)) {
                $s = @\stat("/proc/self/fd/$fd");
                if (\is_array($s) && $s['ino'] === $st['ino'] && $s['dev'] === $st['dev']) {
                    return (int) $fd;
                }
            }
        }
        return -1;
    }

    /** The libc functions PHP has no wrapper for. */
    private static function swirlLibc(): FFI
    {
        return self::$swirlLibc ??= FFI::cdef(<<<'C'
            struct pollfd { int fd; short events; short revents; };
            struct timeval { long tv_sec; long tv_usec; };
            struct itimerval { struct timeval it_interval; struct timeval it_value; };
            int socketpair(int domain, int type, int protocol, int sv[2]);
            long send(int fd, const char *buf, size_t len, int flags);
            long recv(int fd, char *buf, size_t len, int flags);
            int poll(struct pollfd *fds, unsigned long nfds, int timeout);
            int close(int fd);
            int shutdown(int fd, int how);
            int dup2(int oldfd, int newfd);
            int setitimer(int which, const struct itimerval *value, struct itimerval *old);
            int sched_setaffinity(int pid, size_t size, const unsigned char *mask);
            int *__errno_location(void);
            C, 'libc.so.6');
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return \Swirl\Runtime::publicVars($this);
    }
}
