<?php
/*
 * Pool.php: Swoole\Process\Pool, a manager process that keeps worker_num
 * worker processes running, in PHP on pcntl, posix and sysvmsg.
 *
 * start() forks the workers and supervises them until SIGTERM (or
 * shutdown()): a worker that ends is started again with the same id;
 * SIGUSR1 / SIGUSR2 restart them one after another. A worker runs
 * onWorkerStart($pool, $workerId); with SWOOLE_IPC_UNIXSOCK or
 * SWOOLE_IPC_MSGQUEUE and an onMessage callback it then waits for
 * messages (its pipe, or the pool's System V queue) and calls
 * onMessage($pool, $data) for each, until SIGTERM; onWorkerStop runs when
 * it ends by itself. SWOOLE_IPC_SOCKET is not supported.
 */

// No strict_types here: user callbacks are called from this file, in
// coercive mode as Swoole calls them.

namespace Swoole\Process;

use Swirl\Runtime;
use Swoole\Process;

class Pool
{
    public $master_pid = -1;
    public $workers = null;

    private int $swirlNum;
    private int $swirlIpc;
    private int $swirlKey;
    private bool $swirlCoroutine;
    private ?\SysvMessageQueue $swirlQueue = null;
    /** Worker id => the Process holding its pipe (SWOOLE_IPC_UNIXSOCK). */
    private array $swirlPipes = [];
    /** Lower-case event name => Closure. */
    private array $swirlOn = [];
    private bool $swirlStarted = false;
    /** Worker id => pid, as the manager knows them. */
    private array $swirlPids = [];
    /** This process's worker id (-1 in the manager). */
    private int $swirlWorkerId = -1;
    private bool $swirlRunning = false;
    private bool $swirlBusy = false;
    private bool $swirlReload = false;

    /** The pool started in this process (Swoole's current_pool). */
    private static ?Pool $swirlCurrent = null;

    private const EVENTS = ['workerstart' => 1, 'workerstop' => 1, 'message' => 1, 'start' => 1];
    private const EINTR = 4;
    private const ECHILD = 10;

    public function __construct($worker_num, $ipc_type = 0, $msgqueue_key = 0, $enable_coroutine = false)
    {
        $fn = 'Swoole\Process\Pool::__construct';
        if (\PHP_SAPI !== 'cli' && \PHP_SAPI !== 'phpdbg') {
            throw Runtime::asInternal(new \Error(static::class . ' can only be used in PHP CLI mode'));
        }
        if (\Swirl\Loop::$serverCreated) {
            throw Runtime::asInternal(new \Error(static::class . ' cannot use in server process'));
        }
        $num = Runtime::argInt($worker_num, $fn, 1, 'worker_num');
        $ipc = Runtime::argInt($ipc_type, $fn, 2, 'ipc_type');
        $key = Runtime::argInt($msgqueue_key, $fn, 3, 'msgqueue_key');
        if ($num <= 0) {
            throw Runtime::asInternal(new \Swoole\Exception('the parameter $worker_num must be greater than 0'));
        }
        if ($enable_coroutine && $ipc > 0 && $ipc !== \SWOOLE_IPC_UNIXSOCK) {
            throw Runtime::asInternal(new \Error(
                'the parameter $ipc_type must be SWOOLE_IPC_UNIXSOCK when enable coroutine'));
        }
        $this->swirlNum = $num;
        $this->swirlIpc = $ipc;
        $this->swirlKey = $key;
        $this->swirlCoroutine = (bool) $enable_coroutine;
        if ($ipc === \SWOOLE_IPC_MSGQUEUE) {
            // Key 0 is IPC_PRIVATE: a queue only this process tree shares.
            $queue = \function_exists('msg_get_queue') ? @\msg_get_queue($key, 0666) : false;
            if ($queue === false) {
                throw Runtime::asInternal(new \Swoole\Exception('failed to create process pool'));
            }
            $this->swirlQueue = $queue;
        } elseif ($ipc === \SWOOLE_IPC_UNIXSOCK) {
            for ($i = 0; $i < $num; $i++) {
                $this->swirlPipes[$i] = new Process(static function () {
                }, false, 1);
            }
        }
    }

    /** Options: enable_coroutine (others are accepted and ignored). */
    public function set(array $settings)
    {
        if (\array_key_exists('enable_coroutine', $settings)) {
            $this->swirlCoroutine = (bool) $settings['enable_coroutine'];
        }
        return null;
    }

    /** Registers WorkerStart, WorkerStop, Message or Start. */
    public function on($name, $callback)
    {
        $fn = 'Swoole\Process\Pool::on';
        $name = Runtime::argString($name, $fn, 1, 'name');
        $callback = Runtime::argCallable($callback, $fn, 2, 'callback');
        if ($this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'process pool is started. unable to register event callback function');
            return false;
        }
        $lc = \strtolower($name);
        if (!isset(self::EVENTS[$lc])) {
            Runtime::error(\E_WARNING, $fn, "unknown event type[$name]");
            return false;
        }
        if ($lc === 'message' && $this->swirlIpc === \SWOOLE_IPC_NONE) {
            Runtime::error(\E_WARNING, $fn, 'cannot set onMessage event with ipc_type=0');
            return false;
        }
        $this->swirlOn[$lc] = $callback;
        return true;
    }

    /** SWOOLE_IPC_SOCKET only, which Swirl does not support. */
    public function listen($host, $port = 0, $backlog = 2048)
    {
        return $this->swirlUnsupported('Swoole\Process\Pool::listen');
    }

    /** SWOOLE_IPC_SOCKET only, which Swirl does not support. */
    public function write($data)
    {
        return $this->swirlUnsupported('Swoole\Process\Pool::write');
    }

    /** Writes $message to worker $worker_id's pipe (SWOOLE_IPC_UNIXSOCK). */
    public function sendMessage($message, $worker_id)
    {
        $fn = 'Swoole\Process\Pool::sendMessage';
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'process pool is not started.');
            return false;
        }
        if ($this->swirlIpc !== \SWOOLE_IPC_UNIXSOCK) {
            Runtime::error(\E_WARNING, $fn, "unsupported ipc type[{$this->swirlIpc}]");
            return false;
        }
        $message = Runtime::argString($message, $fn, 1, 'message');
        $id = Runtime::argInt($worker_id, $fn, 2, 'worker_id');
        $pipe = $this->swirlPipes[$id] ?? null;
        if ($pipe === null) {
            Runtime::error(\E_WARNING, $fn, "invalid worker_id[$id]");
            return false;
        }
        return $pipe->swirlSendToWorker($message) !== false;
    }

    /** Not supported: always false. */
    public function detach()
    {
        return false;
    }

    /**
     * The Process object of worker $worker_id (this worker's own when
     * -1): its id, pid, and, with SWOOLE_IPC_UNIXSOCK, its pipe (the
     * worker end in the worker itself). With SWOOLE_IPC_MSGQUEUE and no
     * onMessage, its push()/pop() use the pool's queue.
     */
    public function getProcess($worker_id = -1)
    {
        if (self::$swirlCurrent === null) {
            return false;
        }
        $id = Runtime::argInt($worker_id, 'Swoole\Process\Pool::getProcess', 1, 'worker_id');
        if ($id >= $this->swirlNum) {
            Runtime::error(\E_WARNING, 'Swoole\Process\Pool::getProcess', "invalid worker_id[$id]");
            return false;
        }
        if ($id < 0) {
            $id = $this->swirlWorkerId;
            if ($id < 0) {
                return false;
            }
        }
        $this->workers = \is_array($this->workers) ? $this->workers : [];
        $own = $id === $this->swirlWorkerId;
        $pid = $own ? \getmypid() : ($this->swirlPids[$id] ?? 0);
        $proc = $this->workers[$id] ?? null;
        if ($proc === null) {
            $proc = $this->swirlPipes[$id] ?? new Process(static function () {
            }, false, 0);
            if ($this->swirlQueue !== null && !isset($this->swirlOn['message'])) {
                $proc->swirlUseQueue($this->swirlQueue, $this->swirlKey);
            }
            $this->workers[$id] = $proc;
        }
        $proc->swirlPoolView($id, $pid, $own);
        return $proc;
    }

    /**
     * Starts the workers and supervises them until the pool is shut
     * down; only the manager returns from it (null), workers end inside.
     */
    public function start()
    {
        $fn = 'Swoole\Process\Pool::start';
        if ($this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'process pool is started');
            return false;
        }
        $start = $this->swirlOn['workerstart'] ?? null;
        $message = $this->swirlOn['message'] ?? null;
        if ($start === null && $message === null) {
            if ($this->swirlCoroutine) {
                Runtime::error(\E_ERROR, $fn, 'require onWorkerStart callback');
            } elseif ($this->swirlIpc !== \SWOOLE_IPC_NONE) {
                Runtime::error(\E_ERROR, $fn, 'require onMessage callback');
            }
        }
        $this->master_pid = \getmypid();
        $this->swirlStarted = true;
        $this->swirlRunning = true;
        self::$swirlCurrent = $this;

        \pcntl_async_signals(true);
        $saved = [];
        foreach ([\SIGTERM, \SIGUSR1, \SIGUSR2] as $signo) {
            $saved[$signo] = \pcntl_signal_get_handler($signo);
            // Not restarted: the manager's wait() must return to see it.
            \pcntl_signal($signo, function (int $signo): void {
                if ($signo === \SIGTERM) {
                    $this->swirlRunning = false;
                } else {
                    $this->swirlReload = true;
                }
            }, false);
        }
        for ($id = 0; $id < $this->swirlNum; $id++) {
            $this->swirlSpawn($id);
        }
        if (isset($this->swirlOn['start'])) {
            ($this->swirlOn['start'])($this);
        }
        $this->swirlSupervise();
        $this->swirlStopWorkers();
        foreach ($saved as $signo => $handler) {
            \pcntl_signal($signo, $handler ?? \SIG_DFL);
        }
        self::$swirlCurrent = null;
        $this->swirlStarted = false;
        return null;
    }

    /** In a worker: stops taking messages (the worker then ends). */
    public function stop()
    {
        if (self::$swirlCurrent !== null) {
            $this->swirlRunning = false;
        }
        return null;
    }

    /** Asks the manager to stop the pool (SIGTERM). */
    public function shutdown()
    {
        $pid = (int) $this->master_pid;
        return $pid > 0 && @\posix_kill($pid, \SIGTERM);
    }

    // ---------------------------------------------------------- manager

    /** Restarts workers that end, and reloads on request, until SIGTERM. */
    private function swirlSupervise(): void
    {
        while ($this->swirlRunning) {
            if ($this->swirlReload) {
                $this->swirlReload = false;
                foreach ($this->swirlPids as $id => $pid) {
                    if (!$this->swirlRunning) {
                        break;
                    }
                    @\posix_kill($pid, \SIGTERM);
                    $this->swirlWaitPid($pid);
                    $this->swirlSpawn($id);
                }
                continue;
            }
            $pid = \pcntl_wait($status);
            if ($pid < 0) {
                if (\pcntl_get_last_error() === self::ECHILD) {
                    break;
                }
                continue; // A signal: look at the flags again.
            }
            $id = \array_search($pid, $this->swirlPids, true);
            if ($id === false) {
                continue;
            }
            $code = \pcntl_wifexited($status) ? \pcntl_wexitstatus($status) : 0;
            $signal = \pcntl_wifsignaled($status) ? \pcntl_wtermsig($status) : 0;
            if ($code !== 0 || $signal !== 0) {
                \fwrite(\STDERR, \sprintf("[%s \$%d.0]\tWARNING\tworker#%d abnormal exit, status=%d, signal=%d\n",
                    \date('Y-m-d H:i:s'), \getmypid(), $id, $code, $signal));
            }
            unset($this->swirlPids[$id]);
            if ($this->swirlRunning) {
                $this->swirlSpawn($id);
            }
        }
    }

    /** SIGTERM to every worker, then waits for them (SIGKILL after 30 s). */
    private function swirlStopWorkers(): void
    {
        foreach ($this->swirlPids as $pid) {
            @\posix_kill($pid, \SIGTERM);
        }
        $deadline = \microtime(true) + 30;
        while ($this->swirlPids !== []) {
            $pid = \pcntl_wait($status, \WNOHANG);
            if ($pid > 0) {
                $id = \array_search($pid, $this->swirlPids, true);
                if ($id !== false) {
                    unset($this->swirlPids[$id]);
                }
                continue;
            }
            if ($pid < 0 && \pcntl_get_last_error() === self::ECHILD) {
                break;
            }
            if (\microtime(true) > $deadline) {
                foreach ($this->swirlPids as $left) {
                    @\posix_kill($left, \SIGKILL);
                }
                $deadline = \microtime(true) + 5;
            }
            \usleep(2000);
        }
        $this->swirlPids = [];
    }

    private function swirlWaitPid(int $pid): void
    {
        while (\pcntl_waitpid($pid, $status) < 0 && \pcntl_get_last_error() === self::EINTR) {
        }
        $id = \array_search($pid, $this->swirlPids, true);
        if ($id !== false) {
            unset($this->swirlPids[$id]);
        }
    }

    /** Forks worker $id (in the manager). */
    private function swirlSpawn(int $id): void
    {
        // The manager's signal handlers must never run in the child: the
        // signals wait, blocked, until the worker has its own handlers.
        \pcntl_sigprocmask(\SIG_BLOCK, [\SIGTERM, \SIGUSR1, \SIGUSR2], $old);
        $pid = \pcntl_fork();
        if ($pid !== 0) {
            \pcntl_sigprocmask(\SIG_SETMASK, $old);
        }
        if ($pid < 0) {
            Runtime::error(\E_WARNING, 'Swoole\Process\Pool::start', 'fork() failed');
            return;
        }
        if ($pid > 0) {
            $this->swirlPids[$id] = $pid;
            return;
        }
        $this->swirlWorkerMain($id, $old);
    }

    // ----------------------------------------------------------- worker

    /** A worker's whole life. Never returns. */
    private function swirlWorkerMain(int $id, array $mask = []): never
    {
        $this->swirlWorkerId = $id;
        $this->swirlRunning = true;
        $this->swirlBusy = false;
        $this->workers = null;
        $message = $this->swirlOn['message'] ?? null;
        foreach ([\SIGUSR1, \SIGUSR2] as $signo) {
            \pcntl_signal($signo, \SIG_DFL);
        }
        // SIGTERM lets the worker finish what it is on, as Swoole's handler
        // does: a blocking call returns early (interrupted), the callback
        // goes on to its end, then onWorkerStop runs (the user may install
        // a handler of their own).
        $onTerm = function () use ($message): void {
            $this->swirlRunning = false;
            if ($message !== null && !$this->swirlBusy) {
                $this->swirlWorkerEnd(0);
            }
        };
        \pcntl_signal(\SIGTERM, $onTerm);
        // The repair runs once the worker's handlers are in place: a
        // signal it lets through goes to them, never to the manager's.
        Runtime::afterFork(true);
        if (\Swirl\Loop::stats()['initialized']) {
            \Swirl\Loop::clearAll();
        }
        \pcntl_sigprocmask(\SIG_SETMASK, $mask);
        $status = 0;
        try {
            if (isset($this->swirlOn['workerstart'])) {
                if ($this->swirlCoroutine) {
                    // enable_coroutine: onWorkerStart is a coroutine; the
                    // loop below runs what it waits for.
                    \Swoole\Coroutine::swirlStart($this->swirlOn['workerstart'], [$this, $id]);
                } else {
                    ($this->swirlOn['workerstart'])($this, $id);
                }
            }
            if ($message !== null) {
                $this->swirlMessageLoop($id, $message);
            } elseif ($this->swirlRunning && \Swirl\Loop::created()) {
                // The loop runs in C, where a PHP handler cannot run: from
                // here SIGTERM ends the worker at once.
                if (\pcntl_signal_get_handler(\SIGTERM) === $onTerm) {
                    \pcntl_signal(\SIGTERM, \SIG_DFL);
                }
                \Swirl\Loop::wait();
            }
        } catch (\Throwable $e) {
            Runtime::reportUncaughtSafely($e);
            Runtime::exitProcess(255);
        }
        $this->swirlWorkerEnd($status);
    }

    /** Runs onWorkerStop and ends the worker. */
    private function swirlWorkerEnd(int $status): never
    {
        try {
            if (isset($this->swirlOn['workerstop'])) {
                ($this->swirlOn['workerstop'])($this, $this->swirlWorkerId);
            }
        } catch (\Throwable $e) {
            Runtime::reportUncaughtSafely($e);
            $status = 255;
        }
        Runtime::exitProcess($status);
    }

    /** Takes messages until SIGTERM or stop(). */
    private function swirlMessageLoop(int $id, \Closure $message): void
    {
        $pipe = $this->swirlPipes[$id] ?? null;
        $pipe?->swirlPoolView($id, \getmypid(), true);
        while ($this->swirlRunning) {
            if ($pipe !== null) {
                $data = $pipe->read(65536);
                if ($data === '' || $data === false) {
                    break;
                }
            } else {
                $ok = @\msg_receive($this->swirlQueue, 0, $type, 65536, $data, false, 0, $err);
                if (!$ok) {
                    if ($err === self::EINTR) {
                        continue;
                    }
                    break;
                }
            }
            $this->swirlBusy = true;
            try {
                $message($this, $data);
            } finally {
                $this->swirlBusy = false;
            }
        }
    }

    private function swirlUnsupported(string $fn): bool
    {
        Runtime::error(\E_WARNING, $fn, "unsupported ipc type[{$this->swirlIpc}]");
        return false;
    }
}
