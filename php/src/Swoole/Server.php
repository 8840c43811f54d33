<?php
/*
 * Server.php: Swoole\Server on libswirl. Also known as swoole_server and
 * Swirl\Server.
 *
 * The object owns one swirl_server handle. Callbacks registered with on()
 * are kept as Closures; start() registers ONE dispatcher closure with the
 * core (created once per object) and the mask of the events that have a
 * callback, so the core never crosses into PHP for an event nobody handles.
 *
 * What crosses the FFI boundary for one RECEIVE event (the hot path): one
 * C->PHP callback; five field reads ($ev->type, ->len, ->conn,
 * ->reactor_id, ->data; ->listener too, only when a second port has a
 * receive callback of its own); one FFI::string() copy of the payload;
 * then one PHP->C call per send() or close() the user's callback makes.
 */

// No strict_types here: user callbacks are called from this file, and Swoole
// calls them from C, in coercive mode (an int $fd reaches a `string $fd`
// parameter as "1", not as a TypeError).

namespace Swoole;

use FFI;
use FFI\CData;
use Swirl\FFI\Abi;
use Swirl\FFI\Library;
use Swirl\Runtime;
use Swoole\Server\Port;

class Server
{
    // Swoole keeps the server-level callbacks in these private properties.
    private $onStart = null;
    private $onBeforeShutdown = null;
    private $onShutdown = null;
    private $onWorkerStart = null;
    private $onWorkerStop = null;
    private $onBeforeReload = null;
    private $onAfterReload = null;
    private $onWorkerExit = null;
    private $onWorkerError = null;
    private $onTask = null;
    private $onFinish = null;
    private $onManagerStart = null;
    private $onManagerStop = null;
    private $onPipeMessage = null;

    public $setting = null;
    public $connections = null;
    public $host = '';
    public $port = 0;
    public $type = 0;
    public $mode = 0;
    public $ports = null;
    public $master_pid = 0;
    public $manager_pid = 0;
    public $worker_id = -1;
    public $taskworker = false;
    public $worker_pid = 0;
    public $stats_timer = null;
    public $admin_server = null;

    /** Swoole's server events: lower-case name => property suffix. */
    private const SWIRL_EVENTS = [
        'start' => 'Start', 'beforeshutdown' => 'BeforeShutdown',
        'shutdown' => 'Shutdown', 'workerstart' => 'WorkerStart',
        'workerstop' => 'WorkerStop', 'beforereload' => 'BeforeReload',
        'afterreload' => 'AfterReload', 'task' => 'Task', 'finish' => 'Finish',
        'workerexit' => 'WorkerExit', 'workererror' => 'WorkerError',
        'managerstart' => 'ManagerStart', 'managerstop' => 'ManagerStop',
        'pipemessage' => 'PipeMessage',
    ];

    /**
     * Every option name Swoole 4.8 knows (its library's Server\Helper
     * lists). set() warns "unsupported option [x]" only for names outside
     * this list, as Swoole does; a Swoole option the core does not have
     * yet is kept in $setting and otherwise ignored, silently, as Swoole
     * would not complain about it either.
     */
    private const SWOOLE_OPTIONS = [
        // Global.
        'debug_mode' => 1, 'trace_flags' => 1, 'log_file' => 1, 'log_level' => 1,
        'log_date_format' => 1, 'log_date_with_microseconds' => 1,
        'log_rotation' => 1, 'display_errors' => 1, 'dns_server' => 1,
        'socket_dns_timeout' => 1, 'socket_connect_timeout' => 1,
        'socket_write_timeout' => 1, 'socket_send_timeout' => 1,
        'socket_read_timeout' => 1, 'socket_recv_timeout' => 1,
        'socket_buffer_size' => 1, 'socket_timeout' => 1,
        'http2_header_table_size' => 1, 'http2_enable_push' => 1,
        'http2_max_concurrent_streams' => 1, 'http2_init_window_size' => 1,
        'http2_max_frame_size' => 1, 'http2_max_header_list_size' => 1,
        // Server.
        'chroot' => 1, 'user' => 1, 'group' => 1, 'daemonize' => 1, 'pid_file' => 1,
        'reactor_num' => 1, 'single_thread' => 1, 'worker_num' => 1,
        'max_wait_time' => 1, 'max_queued_bytes' => 1, 'max_concurrency' => 1,
        'worker_max_concurrency' => 1, 'enable_coroutine' => 1, 'send_timeout' => 1,
        'dispatch_mode' => 1, 'send_yield' => 1, 'dispatch_func' => 1,
        'discard_timeout_request' => 1, 'enable_unsafe_event' => 1,
        'enable_delay_receive' => 1, 'enable_reuse_port' => 1,
        'task_use_object' => 1, 'task_object' => 1, 'event_object' => 1,
        'task_enable_coroutine' => 1, 'task_worker_num' => 1, 'task_ipc_mode' => 1,
        'task_tmpdir' => 1, 'task_max_request' => 1, 'task_max_request_grace' => 1,
        'max_connection' => 1, 'max_conn' => 1, 'start_session_id' => 1,
        'heartbeat_check_interval' => 1, 'heartbeat_idle_time' => 1,
        'max_request' => 1, 'max_request_grace' => 1, 'reload_async' => 1,
        'open_cpu_affinity' => 1, 'cpu_affinity_ignore' => 1,
        'http_parse_cookie' => 1, 'http_parse_post' => 1, 'http_parse_files' => 1,
        'http_compression' => 1, 'http_compression_level' => 1,
        'compression_level' => 1, 'http_gzip_level' => 1,
        'http_compression_min_length' => 1, 'compression_min_length' => 1,
        'websocket_compression' => 1, 'upload_tmp_dir' => 1,
        'upload_max_filesize' => 1, 'enable_static_handler' => 1,
        'document_root' => 1, 'http_autoindex' => 1, 'http_index_files' => 1,
        'http_compression_types' => 1, 'compression_types' => 1,
        'static_handler_locations' => 1, 'input_buffer_size' => 1,
        'buffer_input_size' => 1, 'output_buffer_size' => 1,
        'buffer_output_size' => 1, 'message_queue_key' => 1,
        // Port.
        'ssl_cert_file' => 1, 'ssl_key_file' => 1, 'backlog' => 1,
        'kernel_socket_recv_buffer_size' => 1, 'kernel_socket_send_buffer_size' => 1,
        'buffer_high_watermark' => 1, 'buffer_low_watermark' => 1,
        'open_tcp_nodelay' => 1, 'tcp_defer_accept' => 1, 'open_tcp_keepalive' => 1,
        'open_eof_check' => 1, 'open_eof_split' => 1, 'package_eof' => 1,
        'open_http_protocol' => 1, 'open_websocket_protocol' => 1,
        'websocket_subprotocol' => 1, 'open_websocket_close_frame' => 1,
        'open_websocket_ping_frame' => 1, 'open_websocket_pong_frame' => 1,
        'open_http2_protocol' => 1, 'open_mqtt_protocol' => 1,
        'open_redis_protocol' => 1, 'max_idle_time' => 1, 'tcp_keepidle' => 1,
        'tcp_keepinterval' => 1, 'tcp_keepcount' => 1, 'tcp_user_timeout' => 1,
        'tcp_fastopen' => 1, 'open_length_check' => 1, 'package_length_type' => 1,
        'package_length_offset' => 1, 'package_body_offset' => 1,
        'package_body_start' => 1, 'package_length_func' => 1,
        'package_max_length' => 1, 'ssl_compress' => 1, 'ssl_protocols' => 1,
        'ssl_verify_peer' => 1, 'ssl_allow_self_signed' => 1,
        'ssl_client_cert_file' => 1, 'ssl_verify_depth' => 1,
        'ssl_prefer_server_ciphers' => 1, 'ssl_ciphers' => 1, 'ssl_ecdh_curve' => 1,
        'ssl_dhparam' => 1, 'ssl_sni_certs' => 1,
        // AIO and coroutines.
        'aio_core_worker_num' => 1, 'aio_worker_num' => 1, 'aio_max_wait_time' => 1,
        'aio_max_idle_time' => 1, 'enable_signalfd' => 1, 'wait_signal' => 1,
        'dns_cache_refresh_time' => 1, 'thread_num' => 1, 'min_thread_num' => 1,
        'max_thread_num' => 1, 'socket_dontwait' => 1, 'dns_lookup_random' => 1,
        'use_async_resolver' => 1, 'max_coro_num' => 1, 'max_coroutine' => 1,
        'enable_deadlock_check' => 1, 'hook_flags' => 1,
        'enable_preemptive_scheduler' => 1, 'c_stack_size' => 1, 'stack_size' => 1,
        'name_resolver' => 1, 'dns_cache_expire' => 1, 'dns_cache_capacity' => 1,
        // Library helpers.
        'stats_file' => 1, 'stats_timer_interval' => 1, 'admin_server' => 1,
    ];

    /**
     * Swoole options that change a server's behaviour in ways Swirl does
     * not implement: set() says so (a notice naming the option) unless the
     * value is false, 0, '' or the Swoole default given here. The other
     * Swoole options the core does not know tune machinery Swirl does not
     * have (coroutines and their hooks, AIO and DNS threads, client
     * timeouts, debug tracing, buffer sizing): they change nothing a
     * script can observe, and are kept quietly in $setting.
     */
    private const SWIRL_UNSUPPORTED = [
        'log_date_format' => '%Y-%m-%d %H:%M:%S', 'log_date_with_microseconds' => false,
        'log_rotation' => 0, 'chroot' => '', 'single_thread' => false,
        'max_queued_bytes' => 0, 'max_concurrency' => 0, 'worker_max_concurrency' => 0,
        'send_timeout' => 0, 'send_yield' => false, 'dispatch_func' => null,
        'discard_timeout_request' => true,
        'event_object' => false, 'start_session_id' => 0, 'open_cpu_affinity' => false,
        'cpu_affinity_ignore' => null, 'websocket_compression' => false,
        'upload_max_filesize' => 0, 'http_compression_types' => null,
        'compression_types' => null, 'buffer_high_watermark' => 0,
        'buffer_low_watermark' => 0, 'open_http2_protocol' => false,
        'open_mqtt_protocol' => false, 'open_redis_protocol' => false,
        'max_idle_time' => 0, 'package_length_func' => null, 'ssl_compress' => false,
        'ssl_dhparam' => '', 'stats_file' => '', 'stats_timer_interval' => 0,
        'admin_server' => '', 'http2_header_table_size' => 0, 'http2_enable_push' => false,
        'http2_max_concurrent_streams' => 0, 'http2_init_window_size' => 0,
        'http2_max_frame_size' => 0, 'http2_max_header_list_size' => 0,
    ];

    /**
     * Swoole's other spellings of options the core knows by one name.
     */
    private const SWIRL_OPTION_ALIASES = [
        'package_body_start' => 'package_body_offset',
        'http_gzip_level' => 'http_compression_level',
        'compression_level' => 'http_compression_level',
        'buffer_output_size' => 'output_buffer_size',
        'max_conn' => 'max_connection',
    ];

    /** Option name => type letter (i, b, d, s) as the core declares them. */
    private static ?array $swirlOptionTypes = null;

    private ?FFI $swirlFfi = null;
    private ?CData $swirlSrv = null;
    private bool $swirlStarted = false;
    private bool $swirlStopped = false;

    /**
     * The outbox (swirl_outbox in abi/swirl.h): the first send() of a
     * receive callback to its own connection is copied there instead of
     * costing a C call; the core sends it as soon as the callback returns.
     */
    private ?CData $swirlOutbox = null;
    private ?CData $swirlOutData = null;
    protected bool $swirlOutUsed = true;

    /**
     * Whether this worker runs its event callbacks in coroutines
     * (enable_coroutine, on by default; task_enable_coroutine in a task
     * worker), as Swoole does.
     */
    protected bool $swirlCo = false;

    /** The process's coroutine scheduler, once swirlCo is on. */
    protected ?\Swirl\Scheduler $swirlSched = null;
    private ?int $swirlReactorId = null;

    /** The dispatcher, created once per object, kept for the C pointer. */
    private ?\Closure $swirlDispatcher = null;

    /** lower-case server event name => Closure. */
    private array $swirlHandlers = [];

    // Resolved at start(): the Closures the dispatcher calls.
    private ?\Closure $hReceive = null;
    private ?\Closure $hConnect = null;
    private ?\Closure $hClose = null;
    private ?\Closure $hPacket = null;
    /** listener index => [SWIRL_EV_* => Closure], null with one port. */
    private ?array $hPorts = null;

    /** Event and task worker counts, read from the core at start(). */
    private int $swirlWorkerNum = 0;
    /** Event type => callback name, for events with no argument but the server. */
    private const SWIRL_PLAIN_EVENTS = [
        Abi::EV_SHUTDOWN => 'shutdown', Abi::EV_BEFORE_SHUTDOWN => 'beforeshutdown',
        Abi::EV_BEFORE_RELOAD => 'beforereload', Abi::EV_AFTER_RELOAD => 'afterreload',
        Abi::EV_MANAGER_STOP => 'managerstop',
    ];

    /** Connections this worker closed (close() raised their onClose). */
    private array $swirlClosed = [];
    private int $swirlTaskWorkerNum = 0;

    /** task id => Closure given to task() (its own finish callback). */
    private array $swirlTaskCallbacks = [];

    /**
     * A task flag of Swirl's own (the core carries 16 bits unread): the
     * task was sent by taskwait(). Its result goes back with the flag, and
     * a result that arrives after taskwait() gave up is dropped, as
     * Swoole never passes a taskwait() result to onFinish.
     */
    private const SWIRL_TASK_WAITED = 0x4000;

    /** The flags of the task being handled in onTask (0 outside it). */
    private int $swirlTaskFlags = 0;

    /** What the HTTP requests and responses of this server share. */
    private ?\Swirl\Http\Context $swirlHttpCtx = null;

    /** The server started in this process (Http\Response::create($fd)). */
    private static ?Server $swirlCurrentServer = null;

    public function __construct($host, $port = 0, $mode = \SWOOLE_PROCESS, $sock_type = \SWOOLE_SOCK_TCP)
    {
        $fn = 'Swoole\Server::__construct';
        if ($this->swirlSrv !== null) {
            Runtime::error(\E_ERROR, $fn, 'Constructor of ' . static::class . ' can only be called once');
        }
        $host = Runtime::argString($host, $fn, 1, 'host');
        $port = Runtime::argInt($port, $fn, 2, 'port');
        $mode = Runtime::argInt($mode, $fn, 3, 'mode');
        $sock_type = Runtime::argInt($sock_type, $fn, 4, 'sock_type');

        if ($mode !== \SWOOLE_BASE && $mode !== \SWOOLE_PROCESS) {
            Runtime::error(\E_ERROR, $fn, "invalid \$mode parameters $mode");
        }

        $ffi = Library::get();
        $out = $ffi->new('swirl_server*');
        $cport = ($port < -0x80000000 || $port > 0x7fffffff) ? -1 : $port;
        $ctype = ($sock_type < 0 || $sock_type > 0x7fffffff) ? -1 : $sock_type;
        $rc = $ffi->swirl_server_new(FFI::addr($out), $host, \strlen($host), $cport, $mode, $ctype);
        if ($rc < 0) {
            $errno = Runtime::fail($rc);
            throw Runtime::asInternal(new Exception(\sprintf(
                'failed to listen server port[%s:%d], Error: %s[%d]',
                $host, $port, Runtime::strerror($errno), $errno), $errno));
        }
        $this->swirlFfi = $ffi;
        $this->swirlSrv = $out;
        \Swirl\Loop::$serverCreated = true;

        // Swoole runs one reactor and one worker in BASE mode unless told
        // otherwise.
        if ($mode === \SWOOLE_BASE) {
            $ffi->swirl_server_set_int($out, 'worker_num', 10, 1);
            $ffi->swirl_server_set_int($out, 'reactor_num', 11, 1);
        }

        $this->host = $host;
        $this->port = $ffi->swirl_server_port($out, 0);
        $this->mode = $mode;
        $this->type = $sock_type;
        $this->ports = [Port::swirlCreate($this, 0, $host, $this->port, $sock_type)];
        $this->ports[0]->sock = $ffi->swirl_server_port_fd($out, 0);
        $this->connections = \Swoole\Connection\Iterator::swirlCreate($this);
    }

    public function __destruct()
    {
        // A worker never returns from start(); the master frees the handle
        // once start() has returned, or when the server never started.
        if ($this->swirlSrv !== null && (!$this->swirlStarted || $this->swirlStopped)) {
            $this->swirlFfi->swirl_server_free($this->swirlSrv);
            $this->swirlSrv = null;
        }
    }

    // ------------------------------------------------------------ options

    /**
     * Sets options by Swoole's names. Each entry is one typed call into
     * the core. An option the core rejects (wrong type, out of range) is
     * not applied and raises a warning naming it; a name Swoole does not
     * know raises Swoole's "unsupported option [x]" warning; a Swoole
     * option that asks for what Swirl lacks raises a notice naming it
     * (SWIRL_UNSUPPORTED); the rest of the array is applied either way.
     * Returns true (false once started).
     *
     * Options the core implements (swirl_server_options(); a test keeps
     * this list equal to it):
     *   worker_num, reactor_num, max_request, max_connection, max_conn,
     *   backlog, socket_buffer_size, output_buffer_size, buffer_output_size,
     *   max_wait_time, dispatch_mode, enable_unsafe_event, enable_delay_receive,
     *   task_worker_num,
     *   task_max_request, task_ipc_mode, message_queue_key, task_tmpdir,
     *   log_level, heartbeat_check_interval, heartbeat_idle_time,
     *   open_tcp_nodelay, open_tcp_keepalive, tcp_keepidle, tcp_keepinterval,
     *   tcp_keepcount, tcp_user_timeout, tcp_fastopen,
     *   kernel_socket_recv_buffer_size, kernel_socket_send_buffer_size,
     *   daemonize, enable_reuse_port, tcp_defer_accept, open_http_protocol,
     *   open_websocket_protocol, open_websocket_close_frame,
     *   open_websocket_ping_frame, open_websocket_pong_frame,
     *   websocket_subprotocol, ssl_cert_file, ssl_key_file, ssl_ciphers,
     *   ssl_client_cert_file, ssl_sni_certs, ssl_ecdh_curve, ssl_protocols,
     *   ssl_method, ssl_verify_peer, ssl_verify_depth, ssl_allow_self_signed,
     *   ssl_prefer_server_ciphers, ssl_handshake_timeout,
     *   enable_static_handler, document_root, static_handler_locations,
     *   http_index_files, http_autoindex, open_eof_check, open_eof_split,
     *   package_eof, open_length_check, package_length_type,
     *   package_length_offset, package_body_offset, package_max_length,
     *   http_parse_post, http_parse_cookie, http_parse_files,
     *   http_compression, http_compression_level, http_request_timeout,
     *   upload_tmp_dir, log_file, user, group, pid_file
     *
     * Options this PHP layer implements: task_use_object, task_object,
     * task_enable_coroutine (onTask gets a Swoole\Server\Task),
     * package_body_start, compression_level, http_gzip_level (other names
     * of core options), http_compression_min_length, compression_min_length,
     * http_compression_types, compression_types (Http\Server).
     */
    public function set(array $settings)
    {
        if ($this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::set',
                'server is running, unable to execute ' . static::class . '->set');
            return false;
        }
        $this->swirlApplyOptions($settings);
        $merged = \array_merge(\is_array($this->setting) ? $this->setting : [], $settings);
        if (!empty($merged['task_enable_coroutine'])
            && \in_array((int) ($merged['task_ipc_mode'] ?? 1), [2, 3], true)) {
            Runtime::error(\E_ERROR, 'Swoole\Server::set', 'cannot use msgqueue when task_enable_coroutine is enable');
        }
        self::swirlCheckOptionNames($settings, true);
        $this->ports[0]->swirlMergeSetting($settings);
        $this->setting = $merged;
        return true;
    }

    /**
     * @internal Warns about option names Swoole does not know, with the
     * call stack Swoole's option check prints (to stdout, as it does).
     */
    public static function swirlCheckOptionNames(array $settings, bool $viaServer): void
    {
        foreach ($settings as $name => $value) {
            if (isset(self::SWOOLE_OPTIONS[\strtolower((string) $name)])) {
                continue;
            }
            Runtime::error(\E_USER_WARNING, '', "unsupported option [$name]");
            echo "#0 [internal function]: Swoole\\Server\\Helper::checkOptions()\n",
                $viaServer ? "#1 [internal function]: Swoole\\Server\\Port->set()\n" : '',
                Runtime::userBacktrace($viaServer ? 2 : 1);
        }
    }

    /**
     * @internal Applies options with the setters that fit the core's
     * types: the server's (listener $port < 0) or one listener's alone
     * (Port::set() of an added port). $fn names the Swoole method in
     * warnings.
     */
    public function swirlApplyOptions(array $settings, int $port = -1,
                                      string $fn = 'Swoole\Server::set'): void
    {
        $types = self::$swirlOptionTypes ??= $this->swirlLoadOptionTypes();
        foreach ($settings as $name => $value) {
            $name = (string) $name;
            if (!isset($types[$name]) && isset(self::SWIRL_OPTION_ALIASES[$name])) {
                $name = self::SWIRL_OPTION_ALIASES[$name];
            }
            $type = $types[$name] ?? null;
            if ($type === null && $types !== []) {
                // A Swoole option the core does not have: said so when it
                // asks for behaviour Swirl lacks (see SWIRL_UNSUPPORTED).
                if (\array_key_exists($name, self::SWIRL_UNSUPPORTED) && $value
                    && $value !== self::SWIRL_UNSUPPORTED[$name]) {
                    Runtime::error(\E_NOTICE, $fn, "option '$name' is not supported by Swirl and has no effect");
                }
                continue;
            }
            if ($name === 'ssl_sni_certs' && \is_array($value)) {
                // Swoole's [host => ['ssl_cert_file' => .., 'ssl_key_file' => ..]]
                // becomes the core's lines of "host<TAB>cert<TAB>key".
                $lines = '';
                foreach ($value as $host => $pair) {
                    if (\is_array($pair) && isset($pair['ssl_cert_file'], $pair['ssl_key_file'])) {
                        $lines .= "$host\t{$pair['ssl_cert_file']}\t{$pair['ssl_key_file']}\n";
                    }
                }
                $value = $lines;
            }
            if (\is_array($value) || \is_object($value) || \is_resource($value)) {
                Runtime::error(\E_WARNING, $fn, "option '$name' cannot be "
                    . (\is_array($value) ? 'an array' : 'of type ' . \get_debug_type($value)));
                continue;
            }
            $rc = $this->swirlSetOne($name, $value, $type, $port);
            if ($rc === Abi::EUNKNOWN_OPTION
                && ($port >= 0 || isset(self::SWOOLE_OPTIONS[\strtolower($name)]))) {
                continue; // A server option given to a port, as Swoole ignores it.
            }
            if ($rc < 0 && $rc !== Abi::EUNKNOWN_OPTION) {
                Runtime::fail($rc);
                $msg = (string) $this->swirlFfi->swirl_server_errmsg($this->swirlSrv);
                Runtime::error(\E_WARNING, $fn,
                    $msg !== '' ? $msg : "option '$name': " . Runtime::strerror(Runtime::swooleErrno($rc)));
            }
        }
    }

    /**
     * @internal Port $index gets settings of its own in the core: every
     * per-port option starts from its default.
     */
    public function swirlOwnPortSettings(int $index): void
    {
        $name = 'open_http_protocol';
        $this->swirlFfi->swirl_server_port_set_bool($this->swirlSrv, $index, $name, \strlen($name), 0);
    }

    /**
     * One setter call. $type is the core's type letter, or null when the
     * core's table is unavailable (then the PHP type decides). $port >= 0
     * sets a listener's own option.
     */
    private function swirlSetOne(string $name, mixed $value, ?string $type, int $port = -1): int
    {
        $ffi = $this->swirlFfi;
        $srv = $this->swirlSrv;
        $len = \strlen($name);
        if ($port >= 0) {
            return $this->swirlSetPortOne($port, $name, $value, $type);
        }
        if (\is_string($value) && $type !== 's' && \is_numeric($value)) {
            $value = \preg_match('/^\s*[+-]?\d+\s*$/', $value) ? (int) $value : (float) $value;
        }
        if (($name === 'worker_num' || $name === 'reactor_num') && (\is_int($value) || \is_float($value)
                || \is_bool($value) || $value === null) && (int) $value <= 0) {
            // Swoole takes 0 or less as the number of CPUs, silently.
            $value = Runtime::cpuNum();
        }
        switch ($type) {
            case 'b':
                return $ffi->swirl_server_set_bool($srv, $name, $len, $value ? 1 : 0);
            case 'd':
                if (\is_int($value) || \is_float($value) || \is_bool($value) || $value === null) {
                    return $ffi->swirl_server_set_double($srv, $name, $len, (float) $value);
                }
                break;
            case 's':
                $value = match (true) {
                    $value === true => '1',
                    $value === false, $value === null => '',
                    default => (string) $value,
                };
                return $ffi->swirl_server_set_str($srv, $name, $len, $value, \strlen($value));
            default:
                if ($value === null) {
                    $value = 0;
                }
        }
        return match (true) {
            \is_bool($value) => $ffi->swirl_server_set_bool($srv, $name, $len, $value ? 1 : 0),
            \is_int($value) => $ffi->swirl_server_set_int($srv, $name, $len, $value),
            \is_float($value) => $ffi->swirl_server_set_double($srv, $name, $len, $value),
            default => $ffi->swirl_server_set_str($srv, $name, $len, (string) $value,
                \strlen((string) $value)),
        };
    }

    /** A listener's own option (no double-typed ones exist). */
    private function swirlSetPortOne(int $port, string $name, mixed $value, ?string $type): int
    {
        $ffi = $this->swirlFfi;
        $srv = $this->swirlSrv;
        $len = \strlen($name);
        if (\is_string($value) && $type !== 's' && \is_numeric($value)) {
            $value = (int) $value;
        }
        if ($type === 'b' || ($type === null && \is_bool($value))) {
            return $ffi->swirl_server_port_set_bool($srv, $port, $name, $len, $value ? 1 : 0);
        }
        if ($type === 's' || ($type === null && \is_string($value))) {
            $value = \is_bool($value) ? ($value ? '1' : '') : (string) $value;
            return $ffi->swirl_server_port_set_str($srv, $port, $name, $len, $value, \strlen($value));
        }
        if (\is_float($value) && $value == (int) $value) {
            $value = (int) $value;
        }
        if (\is_int($value) || \is_bool($value) || $value === null) {
            return $ffi->swirl_server_port_set_int($srv, $port, $name, $len, (int) $value);
        }
        $value = (string) $value;
        return $ffi->swirl_server_port_set_str($srv, $port, $name, $len, $value, \strlen($value));
    }

    /** Reads the core's option table ("name:type\n" lines). */
    private function swirlLoadOptionTypes(): array
    {
        $ffi = $this->swirlFfi;
        $len = $ffi->new('size_t');
        $len->cdata = 0;
        $rc = $ffi->swirl_server_options($this->swirlSrv, null, FFI::addr($len));
        $need = $len->cdata;
        if (($rc < 0 && $rc !== Abi::ERANGE) || $need <= 0) {
            return [];
        }
        $buf = $ffi->new("char[$need]");
        $rc = $ffi->swirl_server_options($this->swirlSrv, $buf, FFI::addr($len));
        if ($rc < 0) {
            return [];
        }
        $types = [];
        foreach (\explode("\n", \rtrim(FFI::string($buf), "\0\n")) as $line) {
            $colon = \strrpos($line, ':');
            if ($colon !== false) {
                $types[\substr($line, 0, $colon)] = \substr($line, $colon + 1);
            }
        }
        return $types;
    }

    // ------------------------------------------------------------ events

    /**
     * Registers a callback; event names are case-insensitive. Connection
     * events (connect, receive, close, ...) belong to the first port, as in
     * Swoole; an unknown name is a warning and returns false.
     */
    public function on($event_name, $callback)
    {
        if (!\is_callable($callback, false, $callableName)) {
            // Swoole checks the callback first, and stops the script.
            Runtime::error(\E_ERROR, 'Swoole\Server::on', "function '$callableName' is not callable");
            return false;
        }
        if ($this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::on',
                'server is running, unable to register event callback function');
            return false;
        }
        $name = \is_string($event_name) ? $event_name
            : Runtime::argString($event_name, 'Swoole\Server::on', 1, 'event_name');
        $lc = \strtolower($name);
        if (!isset(self::SWIRL_EVENTS[$lc])) {
            return $this->ports[0]->on($name, $callback);
        }
        $property = 'on' . self::SWIRL_EVENTS[$lc];
        $this->$property = $callback;
        $this->swirlHandlers[$lc] = \Closure::fromCallable($callback);
        return true;
    }

    /** The callback registered for an event, or null. */
    public function getCallback($event_name)
    {
        $lc = \strtolower((string) $event_name);
        if (isset(self::SWIRL_EVENTS[$lc])) {
            $property = 'on' . self::SWIRL_EVENTS[$lc];
            if ($this->$property !== null) {
                return $this->$property;
            }
        }
        return $this->ports[0]->getCallback($event_name);
    }

    /**
     * Adds a listening socket (Swoole's listen() / addListener()) and
     * returns its Port, or false.
     */
    public function listen($host, $port, $sock_type)
    {
        $fn = 'Swoole\Server::listen';
        if ($this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, "server is running, can't add listener");
            return false;
        }
        $host = Runtime::argString($host, $fn, 1, 'host');
        $port = Runtime::argInt($port, $fn, 2, 'port');
        $sock_type = Runtime::argInt($sock_type, $fn, 3, 'sock_type');
        $cport = ($port < -0x80000000 || $port > 0x7fffffff) ? -1 : $port;
        $idx = $this->swirlFfi->swirl_server_listen($this->swirlSrv, $host, \strlen($host), $cport,
            $sock_type);
        if ($idx < 0) {
            Runtime::fail($idx);
            return false;
        }
        $p = Port::swirlCreate($this, $idx, $host,
            $this->swirlFfi->swirl_server_port($this->swirlSrv, $idx), $sock_type);
        $p->sock = $this->swirlFfi->swirl_server_port_fd($this->swirlSrv, $idx);
        $this->ports[] = $p;
        return $p;
    }

    public function addListener($host, $port, $sock_type)
    {
        return $this->listen($host, $port, $sock_type);
    }

    /** Core user-process index => the Swoole\Process it runs. */
    private array $swirlProcesses = [];

    /**
     * Adds a user process (before start()): the manager starts it with
     * the workers, runs the Process's callback in it, starts it again
     * when it ends, and stops it with the server. Its pipe was made when
     * the Process was constructed, so the workers share it. Returns the
     * Process's id, as Swoole does, or false.
     */
    public function addProcess($process)
    {
        $fn = 'Swoole\Server::addProcess';
        if ($this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, "server is running, can't add process");
            return false;
        }
        if ($process === null) {
            Runtime::error(\E_WARNING, $fn, "the first parameter can't be empty");
            return false;
        }
        if (!$process instanceof \Swoole\Process) {
            Runtime::error(\E_ERROR, $fn, 'object is not instanceof swoole_process');
        }
        $index = $this->swirlFfi->swirl_server_add_process($this->swirlSrv);
        if ($index < 0) {
            Runtime::fail($index);
            Runtime::error(\E_WARNING, $fn, 'Server::add_worker() failed');
            return false;
        }
        $this->swirlProcesses[$index] = $process;
        return $process->id;
    }

    /**
     * Starts the server. In the master it returns true once the server
     * has shut down; worker and manager processes never return from it.
     */
    public function start()
    {
        $fn = 'Swoole\Server::start';
        if ($this->swirlStarted && !$this->swirlStopped) {
            Runtime::error(\E_WARNING, $fn, 'server is running, unable to execute '
                . static::class . '->start()');
            return false;
        }
        if ($this->swirlStopped) {
            Runtime::error(\E_WARNING, $fn, 'server have been shutdown, unable to execute '
                . static::class . '->start()');
            return false;
        }
        if (\Swirl\Loop::created()) {
            Runtime::error(\E_WARNING, $fn, 'eventLoop has already been created, unable to start '
                . static::class);
            return false;
        }
        $this->swirlCheckCallbacks();

        $ffi = $this->swirlFfi;
        $srv = $this->swirlSrv;
        $this->master_pid = \getmypid();
        $setting = \is_array($this->setting) ? $this->setting : [];
        foreach (['worker_num', 'task_worker_num', 'output_buffer_size', 'max_connection'] as $opt) {
            if (!\array_key_exists($opt, $setting)) {
                $v = $ffi->new('int64_t');
                if ($ffi->swirl_server_get_int($srv, $opt, \strlen($opt), FFI::addr($v)) >= 0) {
                    $setting[$opt] = $v->cdata;
                }
            }
        }
        $this->setting = $setting;
        $this->swirlWorkerNum = $this->swirlGetInt('worker_num');
        $this->swirlTaskWorkerNum = $this->swirlGetInt('task_worker_num');
        if ($this->swirlTaskWorkerNum > 0 && !isset($this->swirlHandlers['task'])) {
            Runtime::error(\E_ERROR, $fn, 'failed to start server. Error: onTask event callback must be set');
        }

        $mask = $this->swirlResolveHandlers();
        self::$swirlCurrentServer = $this;
        Runtime::noticeMissingHelper();
        $this->swirlDispatcher ??= $this->swirlMakeDispatcher();
        $this->swirlOutbox = $ffi->swirl_server_outbox($srv);
        $this->swirlOutData = $this->swirlOutbox?->data;
        if ($this->swirlHttpCtx !== null) {
            $this->swirlHttpCtx->ob = $this->swirlOutbox;
            $this->swirlHttpCtx->obData = $this->swirlOutData;
        }
        $this->swirlStarted = true;
        $rc = $ffi->swirl_server_on_event($srv, $this->swirlDispatcher, null, $mask);
        if ($rc >= 0) {
            // exit() in a callback of the master or manager (or of a child
            // a callback forked) ends that process, as it would in Swoole,
            // instead of unwinding through the core.
            $hook = \function_exists('swirl_helper_exit_hook');
            if ($hook) {
                \swirl_helper_exit_hook(true);
            }
            try {
                $rc = $ffi->swirl_server_start($srv);
            } finally {
                if ($hook) {
                    \swirl_helper_exit_hook(false);
                }
            }
        }
        // Only the master gets here.
        $this->swirlStopped = true;
        if ($rc < 0) {
            Runtime::fail($rc);
            $msg = (string) $ffi->swirl_server_errmsg($srv);
            Runtime::error(\E_ERROR, $fn, 'failed to start server. Error: '
                . ($msg !== '' ? $msg : Runtime::strerror(Runtime::swooleErrno($rc))));
        }
        return true;
    }

    /** An integer option's effective value (0 if the core has none). */
    private function swirlGetInt(string $name): int
    {
        $v = $this->swirlFfi->new('int64_t');
        $rc = $this->swirlFfi->swirl_server_get_int($this->swirlSrv, $name, \strlen($name), FFI::addr($v));
        return $rc >= 0 ? $v->cdata : 0;
    }

    /**
     * The callbacks Swoole requires before it starts: a stream port needs
     * onReceive, a datagram port onPacket (its own or the first port's).
     */
    protected function swirlCheckCallbacks(): void
    {
        $primary = $this->ports[0];
        foreach ($this->ports as $port) {
            $dgram = \in_array($port->type & ~\SWOOLE_SSL,
                [\SWOOLE_SOCK_UDP, \SWOOLE_SOCK_UDP6, \SWOOLE_SOCK_UNIX_DGRAM], true);
            $event = $dgram ? 'packet' : 'receive';
            if ($port->swirlHandler($event) === null && $primary->swirlHandler($event) === null) {
                Runtime::error(\E_ERROR, 'Swoole\Server::start',
                    $dgram ? 'require onPacket callback' : 'require onReceive callback');
            }
        }
    }

    /**
     * Fixes the Closures the dispatcher calls and returns the event mask:
     * the events that have a callback, plus START, MANAGER_START and
     * WORKER_START, which also keep the pid properties right and repair
     * PHP after a fork.
     */
    protected function swirlResolveHandlers(): int
    {
        $primary = $this->ports[0];
        $this->hReceive = $primary->swirlHandler('receive');
        $this->hConnect = $primary->swirlHandler('connect');
        $this->hClose = $primary->swirlHandler('close');
        $this->hPacket = $primary->swirlHandler('packet');
        $mask = (1 << Abi::EV_START) | (1 << Abi::EV_MANAGER_START) | (1 << Abi::EV_WORKER_START);
        $byEvent = [
            Abi::EV_RECEIVE => 'receive', Abi::EV_CONNECT => 'connect', Abi::EV_CLOSE => 'close',
            Abi::EV_PACKET => 'packet',
        ];
        $this->hPorts = null;
        foreach ($this->ports as $port) {
            foreach ($byEvent as $ev => $name) {
                $h = $port->swirlHandler($name);
                if ($h !== null) {
                    $mask |= 1 << $ev;
                    if ($port !== $primary) {
                        $this->hPorts[$port->swirlIndex()][$ev] = $h;
                    }
                }
            }
        }
        $server = [
            'shutdown' => Abi::EV_SHUTDOWN, 'managerstop' => Abi::EV_MANAGER_STOP,
            'workerstop' => Abi::EV_WORKER_STOP, 'workererror' => Abi::EV_WORKER_ERROR,
            'task' => Abi::EV_TASK, 'pipemessage' => Abi::EV_PIPE_MESSAGE,
            'beforeshutdown' => Abi::EV_BEFORE_SHUTDOWN,
            'beforereload' => Abi::EV_BEFORE_RELOAD, 'afterreload' => Abi::EV_AFTER_RELOAD,
            'workerexit' => Abi::EV_WORKER_EXIT,
        ];
        foreach ($server as $name => $ev) {
            if (isset($this->swirlHandlers[$name])) {
                $mask |= 1 << $ev;
            }
        }
        // Task results come back to task() callbacks even without onFinish
        // (and warn, as Swoole does, when neither is there).
        if ($this->swirlTaskWorkerNum > 0) {
            $mask |= 1 << Abi::EV_FINISH;
        }
        if ($this->swirlProcesses !== []) {
            $mask |= 1 << Abi::EV_USER_PROCESS;
        }
        return $mask;
    }

    /**
     * The one callback the core calls. It must never let a Throwable
     * reach C: one that escapes a user callback is reported as PHP reports
     * an uncaught exception and ends the process with status 255 (the
     * manager then starts a new worker).
     */
    protected function swirlMakeDispatcher(): \Closure
    {
        return function (CData $ev, $ud): void {
            try {
                $type = $ev->type;
                if ($type === Abi::EV_RECEIVE) {
                    $h = $this->hReceive;
                    if ($this->hPorts !== null) {
                        $h = $this->hPorts[$ev->listener][Abi::EV_RECEIVE] ?? $h;
                    }
                    $len = $ev->len;
                    $this->swirlOutUsed = false;
                    if ($this->swirlCo) {
                        $this->swirlSched->start($h, [$this, $ev->conn, $this->swirlReactorId ?? $ev->reactor_id,
                            $len > 0 ? FFI::string($ev->data, $len) : '']);
                        return;
                    }
                    $h($this, $ev->conn, $this->swirlReactorId ?? $ev->reactor_id,
                        $len > 0 ? FFI::string($ev->data, $len) : '');
                    return;
                }
                $this->swirlOtherEvent($ev, $type);
            } catch (\Throwable $e) {
                Runtime::reportUncaughtSafely($e);
                Runtime::exitProcess(255);
            }
        };
    }

    /** Every event but RECEIVE. */
    protected function swirlOtherEvent(CData $ev, int $type): void
    {
        switch ($type) {
            case Abi::EV_CONNECT:
            case Abi::EV_CLOSE:
                if ($type === Abi::EV_CLOSE && $this->swirlClosed !== []
                    && isset($this->swirlClosed[$ev->conn])) {
                    // close() raised onClose already.
                    unset($this->swirlClosed[$ev->conn]);
                    return;
                }
                $h = $type === Abi::EV_CONNECT ? $this->hConnect : $this->hClose;
                if ($this->hPorts !== null) {
                    $h = $this->hPorts[$ev->listener][$type] ?? $h;
                }
                if ($h !== null) {
                    $this->swirlInvoke($h, [$this, $ev->conn, $ev->reactor_id]);
                }
                return;
            case Abi::EV_WORKER_START:
                $pid = $ev->pid;
                if ($pid <= 0) {
                    $pid = $this->swirlFfi->swirl_getpid();
                }
                if ($pid !== $this->master_pid) {
                    Runtime::afterFork();
                }
                // The worker's loop runs timers and deferred calls now;
                // exit() in a callback ends the worker with its status.
                \Swirl\Loop::enterWorker();
                if (\function_exists('swirl_helper_exit_hook')) {
                    \swirl_helper_exit_hook(true);
                    // What a callback sent before exit() still leaves.
                    if (\function_exists('swirl_helper_exit_flush')) {
                        \swirl_helper_exit_flush(\Swirl\FFI\Library::libraryPath());
                    }
                }
                $this->swirlUpdatePids();
                $this->worker_id = $ev->worker_id;
                // In BASE mode a worker is its own reactor: every event's
                // reactor id is the worker id, so the hot path need not
                // read it.
                $this->swirlReactorId = $this->mode === \SWOOLE_BASE ? $ev->worker_id : null;
                $this->worker_pid = $pid;
                $this->taskworker = $ev->worker_id >= $this->swirlWorkerNum;
                if (isset($this->setting['hook_flags'])) {
                    \Swoole\Runtime::setHookFlags($this->setting['hook_flags']);
                }
                $co = $this->setting['enable_coroutine'] ?? true;
                \Swirl\Loop::coroutineTimers((bool) $co);
                $this->swirlCo = (bool) ($this->taskworker ? ($this->setting['task_enable_coroutine'] ?? false) : $co);
                $this->swirlSched = $this->swirlCo ? \Swirl\Scheduler::$s : null;
                $h = $this->swirlHandlers['workerstart'] ?? null;
                if ($h !== null) {
                    $this->swirlInvoke($h, [$this, $ev->worker_id]);
                }
                return;
            case Abi::EV_MANAGER_START:
                // In BASE mode the master is the manager: nothing forked.
                $pid = $ev->pid;
                if ($pid <= 0) {
                    $pid = $this->swirlFfi->swirl_getpid();
                }
                if ($pid !== $this->master_pid) {
                    // The manager waits for its signals with them blocked;
                    // the repair must not unblock them.
                    Runtime::afterFork(true);
                    \Swirl\Loop::afterFork();
                }
                $this->swirlUpdatePids();
                $this->swirlCall('managerstart');
                return;
            case Abi::EV_START:
                $this->swirlUpdatePids();
                $this->swirlCall('start');
                return;
            case Abi::EV_SHUTDOWN:
            case Abi::EV_BEFORE_SHUTDOWN:
            case Abi::EV_BEFORE_RELOAD:
            case Abi::EV_AFTER_RELOAD:
            case Abi::EV_MANAGER_STOP:
                // Events that carry nothing but the server.
                $this->swirlCall(self::SWIRL_PLAIN_EVENTS[$type]);
                return;
            case Abi::EV_WORKER_STOP:
                // The core has dropped the worker's timers by now.
                \Swirl\Loop::clearAll();
                $this->swirlCall('workerstop', $ev->worker_id);
                return;
            case Abi::EV_WORKER_EXIT:
                $this->swirlCall('workerexit', $ev->worker_id);
                return;
            case Abi::EV_PACKET:
                $h = $this->hPacket;
                $index = $ev->listener;
                if ($this->hPorts !== null) {
                    $h = $this->hPorts[$index][Abi::EV_PACKET] ?? $h;
                }
                if ($h === null) {
                    return;
                }
                $port = $this->swirlPortByIndex($index);
                // server_socket is the listening socket's descriptor, as in
                // Swoole; sendto() takes it back.
                $sock = $this->swirlFfi->swirl_server_port_fd($this->swirlSrv, $index);
                $client = ['server_socket' => $sock >= 0 ? $sock : $index,
                    'dispatch_time' => \microtime(true)];
                if ($port !== null) {
                    $client['server_port'] = $port->port;
                }
                $client['address'] = $ev->extra_len > 0 ? FFI::string($ev->extra, $ev->extra_len) : '';
                if ($port === null || ($port->type & ~\SWOOLE_SSL) !== \SWOOLE_SOCK_UNIX_DGRAM) {
                    $client['port'] = $ev->status;
                }
                $len = $ev->len;
                $this->swirlInvoke($h, [$this, $len > 0 ? FFI::string($ev->data, $len) : '', $client]);
                return;
            case Abi::EV_TASK:
                $h = $this->swirlHandlers['task'] ?? null;
                if ($h === null) {
                    return;
                }
                $this->swirlTaskFlags = $ev->flags;
                try {
                    $coroutine = !empty($this->setting['task_enable_coroutine']);
                    if ($coroutine || !empty($this->setting['task_use_object'])
                        || !empty($this->setting['task_object'])) {
                        // Swoole's object form: onTask($server, Task $task).
                        $task = new Server\Task();
                        $task->swirlInit($this, $ev->id, $ev->worker_id, $ev->flags,
                            self::swirlTaskData($ev));
                        // In a coroutine Swoole drops the return value:
                        // the task answers with $task->finish().
                        if ($coroutine) {
                            Coroutine::swirlStart($h, [$this, $task]);
                            $result = null;
                        } else {
                            $result = $h($this, $task);
                        }
                    } else {
                        $result = $h($this, $ev->id, $ev->worker_id, self::swirlTaskData($ev));
                    }
                    if ($result !== null) {
                        [$data, $flags] = self::swirlTaskPack($result);
                        $this->swirlFfi->swirl_server_finish($this->swirlSrv, $data, \strlen($data),
                            $flags | ($this->swirlTaskFlags & self::SWIRL_TASK_WAITED));
                    }
                } finally {
                    $this->swirlTaskFlags = 0;
                }
                return;
            case Abi::EV_FINISH:
                if (($ev->flags & self::SWIRL_TASK_WAITED) !== 0) {
                    return; // The result of a taskwait() that timed out.
                }
                $id = $ev->id;
                $h = $this->swirlTaskCallbacks[$id] ?? null;
                if ($h !== null) {
                    unset($this->swirlTaskCallbacks[$id]);
                } else {
                    $h = $this->swirlHandlers['finish'] ?? null;
                }
                if ($h === null) {
                    Runtime::error(\E_WARNING, 'Swoole\Server::start', 'require onFinish callback');
                    return;
                }
                $this->swirlInvoke($h, [$this, $id, self::swirlTaskData($ev)]);
                return;
            case Abi::EV_PIPE_MESSAGE:
                $h = $this->swirlHandlers['pipemessage'] ?? null;
                if ($h !== null) {
                    $this->swirlInvoke($h, [$this, $ev->worker_id, self::swirlTaskData($ev)]);
                }
                return;
            case Abi::EV_WORKER_ERROR:
                $h = $this->swirlHandlers['workererror'] ?? null;
                if ($h !== null) {
                    $h($this, $ev->worker_id, $ev->pid, $ev->status, $ev->signal);
                }
                return;
            case Abi::EV_USER_PROCESS:
                // A user process of addProcess(): its callback runs here,
                // then the process ends (the manager starts it again).
                Runtime::afterFork();
                \Swirl\Loop::afterFork();
                $process = $this->swirlProcesses[$ev->id] ?? null;
                if ($process === null) {
                    return;
                }
                $this->swirlUpdatePids();
                $this->worker_id = $ev->worker_id;
                $this->worker_pid = $ev->pid;
                $process->swirlRunChild($ev->worker_id, $ev->pid);
        }
    }

    /** The payload of a TASK, FINISH or PIPE_MESSAGE event as PHP data. */
    private static function swirlTaskData(CData $ev): mixed
    {
        $len = $ev->len;
        $data = $len > 0 ? FFI::string($ev->data, $len) : '';
        if (($ev->flags & \SWOOLE_TASK_SERIALIZE) !== 0) {
            $value = @\unserialize($data);
            if ($value !== false || $data === 'b:0;') {
                return $value;
            }
        }
        return $data;
    }

    /**
     * [bytes, flags] for a task payload: strings travel as they are,
     * anything else serialized and marked SWOOLE_TASK_SERIALIZE, as in
     * Swoole.
     */
    private static function swirlTaskPack(mixed $data): array
    {
        if (\is_string($data)) {
            return [$data, 0];
        }
        return [\serialize($data), \SWOOLE_TASK_SERIALIZE];
    }

    protected function swirlPortByIndex(int $index): ?Port
    {
        foreach ($this->ports as $port) {
            if ($port->swirlIndex() === $index) {
                return $port;
            }
        }
        return null;
    }

    /** Calls a worker's event callback: in a new coroutine when swirlCo. */
    protected function swirlInvoke(\Closure $h, array $args): void
    {
        if ($this->swirlCo) {
            $this->swirlSched->start($h, $args);
        } else {
            $h(...$args);
        }
    }

    protected function swirlCall(string $event, mixed ...$args): void
    {
        $h = $this->swirlHandlers[$event] ?? null;
        if ($h !== null) {
            $h($this, ...$args);
        }
    }

    private function swirlUpdatePids(): void
    {
        $this->master_pid = $this->swirlFfi->swirl_server_master_pid($this->swirlSrv);
        $this->manager_pid = $this->swirlFfi->swirl_server_manager_pid($this->swirlSrv);
    }

    /** @internal The server started in this process, if any. */
    public static function swirlCurrent(): ?Server
    {
        return self::$swirlCurrentServer;
    }

    /**
     * @internal What the HTTP requests and responses of this server share
     * (made on first use, with the options as they are then).
     */
    public function swirlHttpContext(): \Swirl\Http\Context
    {
        if ($this->swirlHttpCtx === null) {
            $ctx = new \Swirl\Http\Context($this->swirlFfi);
            $ctx->srv = $this->swirlSrv;
            $ctx->server = $this;
            $ctx->http = $this->swirlSpeaksHttp();
            $ctx->configure(\is_array($this->setting) ? $this->setting : []);
            $this->swirlHttpCtx = $ctx;
        }
        return $this->swirlHttpCtx;
    }

    /** @internal Forgets the HTTP context (the options changed). */
    protected function swirlResetHttpContext(): void
    {
        $this->swirlHttpCtx = null;
    }

    /** @internal Whether the server's connections speak HTTP in the core. */
    protected function swirlSpeaksHttp(): bool
    {
        return false;
    }

    /** @internal Sets a boolean option of the server in the core. */
    protected function swirlSetBoolOption(string $name, bool $value): int
    {
        return $this->swirlFfi->swirl_server_set_bool($this->swirlSrv, $name, \strlen($name), $value ? 1 : 0);
    }

    /** @internal Whether start() has been called. */
    public function swirlIsStarted(): bool
    {
        return $this->swirlStarted;
    }

    // ------------------------------------------------------- connections

    /**
     * Queues data for connection $fd. False (and getLastError() 1005) when
     * there is no such connection in this worker.
     */
    public function send($fd, $send_data, $server_socket = -1)
    {
        // The fast path: a receive callback answering its own connection,
        // which the core vouches can take the data (swirl_outbox).
        if (!$this->swirlOutUsed && \is_string($send_data)) {
            $len = \strlen($send_data);
            $ob = $this->swirlOutbox;
            if ($len > 0 && $len <= 65536 && $ob->ok_conn === $fd) {
                FFI::memcpy($this->swirlOutData, $send_data, $len);
                $ob->len = $len;
                $ob->conn = $fd;
                $this->swirlOutUsed = true;
                return true;
            }
        }
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::send', 'server is not running');
            return false;
        }
        if ($fd === null) {
            Runtime::error(\E_WARNING, 'Swoole\Server::send', 'fd can not be null');
            return false;
        }
        if (!\is_string($send_data)) {
            $send_data = \is_array($send_data) ? '' : (string) $send_data;
        }
        $len = \strlen($send_data);
        if ($len === 0) {
            Runtime::error(\E_WARNING, 'Swoole\Server::send', 'data is empty');
            return false;
        }
        if (!\is_int($fd)) {
            $fd = Runtime::argInt($fd, 'Swoole\Server::send', 1, 'fd');
        }
        if ($fd <= 0) {
            Runtime::error(\E_WARNING, 'Swoole\Server::send', "invalid fd[$fd]");
            return false;
        }
        if ($this->swirlClosed !== [] && isset($this->swirlClosed[$fd])) {
            Runtime::fail(-1004); // closed by this worker, going away
            return false;
        }
        $rc = $this->swirlFfi->swirl_server_send($this->swirlSrv, $fd, $send_data, $len);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /**
     * Stops reading connection $fd: no onReceive until resume() (data read
     * before may still arrive). false (error 1005) for no such connection.
     */
    public function pause($fd)
    {
        return $this->swirlPause('Swoole\Server::pause', $fd, 1);
    }

    /** Reads connection $fd again after pause(). */
    public function resume($fd)
    {
        return $this->swirlPause('Swoole\Server::resume', $fd, 0);
    }

    /**
     * With enable_delay_receive, starts reading connection $fd (its data
     * is not read until then).
     */
    public function confirm($fd)
    {
        return $this->swirlPause('Swoole\Server::confirm', $fd, 0);
    }

    /** Keeps the heartbeat from closing connection $fd for being idle (or lets it again). */
    public function protect($fd, $is_protected = true)
    {
        $fn = 'Swoole\Server::protect';
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $fd = Runtime::argInt($fd, $fn, 1, 'fd');
        $rc = $this->swirlFfi->swirl_server_protect($this->swirlSrv, $fd, $is_protected ? 1 : 0);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /**
     * The listening socket of port $port (0: the first) as a PHP Socket
     * (sockets extension), a duplicate of the server's descriptor.
     */
    public function getSocket($port = 0)
    {
        $fn = 'Swoole\Server::getSocket';
        $index = 0;
        foreach ($this->ports as $i => $p) {
            if ((int) $port === 0 ? $i === 0 : $p->port === (int) $port) {
                $index = $p->swirlIndex();
                break;
            }
        }
        $fd = $this->swirlSrv !== null ? $this->swirlFfi->swirl_server_port_fd($this->swirlSrv, $index) : -1;
        if ($fd < 0 || !\function_exists('socket_import_stream')) {
            Runtime::error(\E_WARNING, $fn, 'no such listening socket');
            return false;
        }
        $stream = @\fopen("php://fd/$fd", 'r+');
        $socket = $stream !== false ? @\socket_import_stream($stream) : false;
        return $socket === false ? false : $socket;
    }

    private function swirlPause(string $fn, mixed $fd, int $pause): bool
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $fd = Runtime::argInt($fd, $fn, 1, 'fd');
        $rc = $this->swirlFfi->swirl_server_pause($this->swirlSrv, $fd, $pause);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /** Closes connection $fd ($reset: at once, with RST). */
    public function close($fd, $reset = false)
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::close', 'server is not running');
            return false;
        }
        if (!\is_int($fd)) {
            $fd = Runtime::argInt($fd, 'Swoole\Server::close', 1, 'fd');
        }
        if (isset($this->swirlClosed[$fd])) {
            Runtime::fail(-1004); // closed already by this worker
            return false;
        }
        // Swoole raises onClose inside close() in the worker that handles
        // the connection's events, and from then on the connection is
        // gone for this worker; the core's CLOSE event that follows is
        // then not raised again.
        $ffi = $this->swirlFfi;
        $ci = $ffi->new('swirl_conn_info');
        $known = $ffi->swirl_server_connection_info($this->swirlSrv, $fd, FFI::addr($ci)) >= 0;
        $unsafeModes = $this->mode === \SWOOLE_PROCESS
            && \in_array((int) ($this->setting['dispatch_mode'] ?? 2), [1, 3], true);
        $worker = !$this->taskworker && $this->worker_id >= 0 && $this->worker_id < $this->swirlWorkerNum;
        // In modes 1 and 3 any worker may get the events: with
        // enable_unsafe_event the one that closes raises onClose.
        $local = $worker && $known && ($unsafeModes ? !empty($this->setting['enable_unsafe_event'])
            : $ci->worker_id === $this->worker_id);
        $raise = $local && ($this->hClose !== null || $this->hPorts !== null)
            && $ffi->swirl_server_exist($this->swirlSrv, $fd) === 1;
        $rc = $ffi->swirl_server_close($this->swirlSrv, $fd, $reset ? 1 : 0);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        if ($this->swirlOutbox !== null && $this->swirlOutbox->ok_conn === $fd) {
            $this->swirlOutbox->ok_conn = 0; // send() must not take the fast path
        }
        // Closed for this worker: until the core's CLOSE event (which then
        // raises nothing), or for good in modes 1 and 3, which raise none.
        if ($raise || ($worker && $unsafeModes && !$local)) {
            if (\count($this->swirlClosed) >= 4096) {
                $this->swirlClosed = \array_slice($this->swirlClosed, 2048, null, true);
            }
            $this->swirlClosed[$fd] = true;
        }
        if ($raise) {
            $h = $this->hClose;
            if ($this->hPorts !== null) {
                $h = $this->hPorts[$ci->listener][Abi::EV_CLOSE] ?? $h;
            }
            if ($h !== null) {
                $h($this, $fd, -1);
            }
        }
        return true;
    }

    /** @internal Whether this worker has closed connection $fd already. */
    protected function swirlClosedHere(int $fd): bool
    {
        return $this->swirlClosed !== [] && isset($this->swirlClosed[$fd]);
    }

    /** Whether $fd is an open connection of this worker. */
    public function exists($fd)
    {
        return $this->swirlExists($fd, 'Swoole\Server::exists');
    }

    public function exist($fd)
    {
        return $this->swirlExists($fd, 'Swoole\Server::exist');
    }

    private function swirlExists(mixed $fd, string $fn): bool
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $fd = Runtime::argInt($fd, $fn, 1, 'fd');
        if (isset($this->swirlClosed[$fd])) {
            return false;
        }
        return $this->swirlFfi->swirl_server_exist($this->swirlSrv, $fd) === 1;
    }

    /** Asks the whole server to shut down (from any of its processes). */
    public function shutdown()
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::shutdown', 'server is not running');
            return false;
        }
        $rc = $this->swirlFfi->swirl_server_shutdown($this->swirlSrv);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /**
     * Restarts the workers one by one, or only the task workers, as
     * Swoole does; in SWOOLE_PROCESS mode the reactors also read their
     * TLS certificates again (swirl_server_reload).
     */
    public function reload($only_reload_taskworker = false)
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::reload', 'server is not running');
            return false;
        }
        $rc = $this->swirlFfi->swirl_server_reload($this->swirlSrv, $only_reload_taskworker ? 1 : 0);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /**
     * Sends a datagram to $ip:$port (a socket path and port 0 for a Unix
     * datagram listener) from the listener $server_socket names (as given
     * in onPacket's client info), or from the first one that fits.
     */
    public function sendto($ip, $port, $send_data, $server_socket = -1)
    {
        $fn = 'Swoole\Server::sendto';
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $ip = Runtime::argString($ip, $fn, 1, 'ip');
        $port = Runtime::argInt($port, $fn, 2, 'port');
        $data = Runtime::argString($send_data, $fn, 3, 'send_data');
        $listener = Runtime::argInt($server_socket, $fn, 4, 'server_socket');
        if ($data === '') {
            Runtime::error(\E_WARNING, $fn, 'data is empty');
            return false;
        }
        if ($listener >= 0) {
            // A socket descriptor (server_socket of onPacket) names its
            // listener.
            $index = -1;
            foreach ($this->ports as $p) {
                $i = $p->swirlIndex();
                if ($this->swirlFfi->swirl_server_port_fd($this->swirlSrv, $i) === $listener) {
                    $index = $i;
                    break;
                }
            }
            $listener = $index;
        }
        $rc = $this->swirlFfi->swirl_server_sendto($this->swirlSrv, $ip, \strlen($ip),
            ($port < 0 || $port > 0xffff) ? -1 : $port, $data, \strlen($data),
            $listener < 0 ? -1 : $listener);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /**
     * Facts about connection $fd in Swoole's layout, or false when there
     * is no such connection.
     */
    public function getClientInfo($fd, $reactor_id = -1, $dont_check_connection = false)
    {
        $fn = 'Swoole\Server::getClientInfo';
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $fd = Runtime::argInt($fd, $fn, 1, 'fd');
        $ffi = $this->swirlFfi;
        $info = $ffi->new('swirl_conn_info');
        $rc = $ffi->swirl_server_connection_info($this->swirlSrv, $fd, FFI::addr($info));
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        $out = [];
        if ($info->uid > 0 || (int) ($this->setting['dispatch_mode'] ?? 0) === 5) {
            $out['uid'] = $info->uid;
        }
        if ($this instanceof \Swoole\WebSocket\Server || $info->websocket_status !== 0) {
            $out['websocket_status'] = $info->websocket_status;
        }
        $last = (float) $info->last_time;
        return $out + [
            'server_port' => $info->server_port,
            'server_fd' => $info->server_fd,
            'socket_fd' => -1, // Not in the ABI's swirl_conn_info.
            'socket_type' => $info->socket_type,
            'remote_port' => $info->remote_port,
            'remote_ip' => FFI::string($info->remote_ip),
            'reactor_id' => $info->reactor_id,
            'connect_time' => $info->connect_time,
            'last_time' => $info->last_time,
            'last_recv_time' => $last,
            'last_send_time' => 0.0,
            'last_dispatch_time' => $last,
            'close_errno' => 0,
            'recv_queued_bytes' => 0,
            'send_queued_bytes' => 0,
        ];
    }

    public function connection_info($fd, $reactor_id = -1, $dont_check_connection = false)
    {
        return $this->getClientInfo($fd, $reactor_id, $dont_check_connection);
    }

    /**
     * Up to $find_count ids of open connections after $start_fd, in
     * increasing order; false when there are none.
     */
    public function getClientList($start_fd = 0, $find_count = 10)
    {
        $fn = 'Swoole\Server::getClientList';
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $start = Runtime::argInt($start_fd, $fn, 1, 'start_fd');
        $count = Runtime::argInt($find_count, $fn, 2, 'find_count');
        if ($count > 100) {
            Runtime::error(\E_WARNING, $fn, 'swoole connection list max_find_count=100');
            return false;
        }
        $ids = $count > 0 ? $this->swirlList(\max(0, $start), $count) : [];
        return $ids === [] ? false : $ids;
    }

    public function connection_list($start_fd = 0, $find_count = 10)
    {
        return $this->getClientList($start_fd, $find_count);
    }

    /** Binds connection $fd to $uid (dispatch_mode 5); once per connection. */
    public function bind($fd, $uid)
    {
        $fn = 'Swoole\Server::bind';
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $fd = Runtime::argInt($fd, $fn, 1, 'fd');
        $uid = Runtime::argInt($uid, $fn, 2, 'uid');
        if ($uid > 4294967295 || $uid < -2147483648) {
            Runtime::error(\E_WARNING, $fn, 'uid can not be greater than 4294967295 or less than -2147483648');
            return false;
        }
        $rc = $this->swirlFfi->swirl_server_bind($this->swirlSrv, $fd, $uid & 0xffffffff);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /** @internal Ids of the open connections (of one listener if >= 0). */
    public function swirlConnectionIds(int $listener = -1): array
    {
        if ($this->swirlSrv === null) {
            return [];
        }
        $all = [];
        $after = 0;
        do {
            $batch = $this->swirlList($after, 1024);
            \array_push($all, ...$batch);
            $after = $batch === [] ? 0 : $batch[\count($batch) - 1];
        } while (\count($batch) === 1024);
        if ($listener < 0) {
            return $all;
        }
        $info = $this->swirlFfi->new('swirl_conn_info');
        $mine = [];
        foreach ($all as $id) {
            if ($this->swirlFfi->swirl_server_connection_info($this->swirlSrv, $id, FFI::addr($info)) >= 0
                && $info->listener === $listener) {
                $mine[] = $id;
            }
        }
        return $mine;
    }

    /** @internal The number of open connections of the server. */
    public function swirlConnectionCount(): int
    {
        return $this->swirlSrv === null ? 0
            : \max(0, $this->swirlFfi->swirl_server_connection_count($this->swirlSrv));
    }

    /** Up to $max connection ids greater than $after. */
    private function swirlList(int $after, int $max): array
    {
        $buf = $this->swirlFfi->new("uint64_t[$max]");
        $n = $this->swirlFfi->swirl_server_connection_list($this->swirlSrv, $after, $buf, $max);
        $ids = [];
        for ($i = 0; $i < $n; $i++) {
            $ids[] = $buf[$i];
        }
        return $ids;
    }

    // ------------------------------------------------------------ tasks

    /**
     * Sends $data to a task worker (an idle one, or $task_worker_index);
     * non-strings are serialized. Returns the task id, or false. The
     * result arrives in onFinish, or in $finish_callback when given.
     */
    public function task($data, $task_worker_index = -1, ?callable $finish_callback = null)
    {
        $fn = 'Swoole\Server::task';
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        $dst = Runtime::argInt($task_worker_index, $fn, 2, 'task_worker_index');
        if (!$this->swirlCheckTaskParam($fn, $dst)) {
            return false;
        }
        [$bytes, $flags] = self::swirlTaskPack($data);
        $id = $this->swirlFfi->swirl_server_task($this->swirlSrv, $bytes, \strlen($bytes),
            $dst < 0 ? -1 : $dst, $flags);
        if ($id < 0) {
            Runtime::fail($id);
            return false;
        }
        if ($finish_callback !== null) {
            $this->swirlTaskCallbacks[$id] = \Closure::fromCallable($finish_callback);
        }
        return $id;
    }

    /**
     * Sends a task and waits up to $timeout seconds for its result;
     * false on timeout (the worker goes on working).
     */
    public function taskwait($data, $timeout = 0.5, $task_worker_index = -1)
    {
        $fn = 'Swoole\Server::taskwait';
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        if ($this->worker_id < 0 || $this->taskworker) {
            Runtime::error(\E_WARNING, $fn, 'taskwait method can only be used in the worker process');
            return false;
        }
        $dst = Runtime::argInt($task_worker_index, $fn, 3, 'task_worker_index');
        if (!$this->swirlCheckTaskParam($fn, $dst)) {
            return false;
        }
        $ffi = $this->swirlFfi;
        [$bytes, $flags] = self::swirlTaskPack($data);
        $out = $ffi->new('char*');
        $outLen = $ffi->new('size_t');
        $outFlags = $ffi->new('int32_t');
        $rc = $ffi->swirl_server_taskwait($this->swirlSrv, $bytes, \strlen($bytes), (float) $timeout,
            $dst < 0 ? -1 : $dst, $flags | self::SWIRL_TASK_WAITED, FFI::addr($out), FFI::addr($outLen),
            FFI::addr($outFlags));
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return $this->swirlTakeResult($out, $outLen, $outFlags);
    }

    /**
     * A task result the core returned in library memory: copied, freed,
     * and unserialized when it was sent serialized.
     */
    private function swirlTakeResult(CData $out, CData $outLen, CData $outFlags): mixed
    {
        $len = $outLen->cdata;
        $result = $len > 0 ? FFI::string($out, $len) : '';
        $this->swirlFfi->swirl_free($out);
        if (($outFlags->cdata & \SWOOLE_TASK_SERIALIZE) !== 0) {
            $value = @\unserialize($result);
            if ($value !== false || $result === 'b:0;') {
                return $value;
            }
        }
        return $result;
    }

    /**
     * Sends every task of $tasks at once and waits up to $timeout seconds
     * in all for their results: an array with the keys of $tasks, holding
     * the results that came in time (the others are missing).
     */
    public function taskWaitMulti(array $tasks, $timeout = 0.5)
    {
        return $this->swirlTaskMany('Swoole\Server::taskWaitMulti', 'taskWaitMulti', $tasks, $timeout, false);
    }

    /**
     * In a coroutine: sends every task of $tasks at once and waits up to
     * $timeout seconds in all; an array with the keys of $tasks holding
     * each result, or false for those that did not come in time. (The
     * wait holds the worker, as taskwait() does; the results are the
     * same.)
     */
    public function taskCo(array $tasks, $timeout = 0.5)
    {
        \Swirl\Scheduler::$s->need();
        return $this->swirlTaskMany('Swoole\Server::taskCo', 'taskCo', $tasks, $timeout, true);
    }

    /** taskWaitMulti() and taskCo(): $missing false puts false for a late result. */
    private function swirlTaskMany(string $fn, string $method, array $tasks, mixed $timeout, bool $missing): array|false
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        if ($this->worker_id < 0 || $this->taskworker) {
            Runtime::error(\E_WARNING, $fn, "$method method can only be used in the worker process");
            return false;
        }
        if (!$this->swirlCheckTaskParam($fn, -1)) {
            return false;
        }
        $ffi = $this->swirlFfi;
        $ids = [];
        foreach ($tasks as $key => $data) {
            [$bytes, $flags] = self::swirlTaskPack($data);
            $id = $ffi->swirl_server_task($this->swirlSrv, $bytes, \strlen($bytes), -1,
                $flags | self::SWIRL_TASK_WAITED);
            if ($id < 0) {
                Runtime::fail($id);
                Runtime::error(\E_WARNING, $fn, 'failed to send task');
                continue;
            }
            $ids[$key] = $id;
        }
        $deadline = \microtime(true) + (float) $timeout;
        $out = $ffi->new('char*');
        $outLen = $ffi->new('size_t');
        $outFlags = $ffi->new('int32_t');
        $results = [];
        foreach ($ids as $key => $id) {
            // A result that came already is taken even after the deadline.
            $left = \max(0.001, $deadline - \microtime(true));
            $rc = $ffi->swirl_server_task_wait($this->swirlSrv, $id, $left, FFI::addr($out),
                FFI::addr($outLen), FFI::addr($outFlags));
            if ($rc < 0) {
                continue;
            }
            $results[$key] = $this->swirlTakeResult($out, $outLen, $outFlags);
        }
        if ($missing) {
            $all = [];
            foreach ($tasks as $key => $unused) {
                $all[$key] = \array_key_exists($key, $results) ? $results[$key] : false;
            }
            return $all;
        }
        return $results;
    }

    /** In onTask: sends $data back to the worker that sent the task. */
    public function finish($data)
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::finish', 'server is not running');
            return false;
        }
        if (!empty($this->setting['task_enable_coroutine'])) {
            Runtime::error(\E_ERROR, 'Swoole\Server::finish',
                'please use Swoole\Server\Task->finish instead when task_enable_coroutine is enable');
        }
        [$bytes, $flags] = self::swirlTaskPack($data);
        $flags |= $this->swirlTaskFlags & self::SWIRL_TASK_WAITED;
        $rc = $this->swirlFfi->swirl_server_finish($this->swirlSrv, $bytes, \strlen($bytes), $flags);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /**
     * @internal Task::finish(): answers task $id of worker $src, also
     * after the TASK event (a coroutine onTask that waited).
     */
    public function swirlTaskFinish(int $src, int $id, int $taskFlags, mixed $data): bool
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server\Task::finish', 'server is not running');
            return false;
        }
        [$bytes, $flags] = self::swirlTaskPack($data);
        $flags |= $taskFlags & self::SWIRL_TASK_WAITED;
        $rc = $this->swirlFfi->swirl_server_task_finish($this->swirlSrv, $src, $id, $bytes, \strlen($bytes), $flags);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /** Sends $message to worker $dst_worker_id's onPipeMessage. */
    public function sendMessage($message, $dst_worker_id)
    {
        $fn = 'Swoole\Server::sendMessage';
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, $fn, 'server is not running');
            return false;
        }
        if (!isset($this->swirlHandlers['pipemessage'])) {
            Runtime::error(\E_WARNING, $fn, "onPipeMessage is null, can't use sendMessage");
            return false;
        }
        $dst = Runtime::argInt($dst_worker_id, $fn, 2, 'dst_worker_id');
        if ($this->worker_id >= 0 && $dst === $this->worker_id) {
            Runtime::error(\E_WARNING, $fn, "can't send messages to self");
            return false;
        }
        if ($dst < 0 || $dst >= $this->swirlWorkerNum + $this->swirlTaskWorkerNum) {
            Runtime::error(\E_WARNING, $fn, "worker_id[$dst] is invalid");
            return false;
        }
        [$bytes, $flags] = self::swirlTaskPack($message);
        $rc = $this->swirlFfi->swirl_server_send_message($this->swirlSrv, $bytes, \strlen($bytes), $dst, $flags);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /** Swoole's checks before a task is sent. */
    private function swirlCheckTaskParam(string $fn, int $dst): bool
    {
        if ($this->swirlTaskWorkerNum === 0) {
            Runtime::error(\E_WARNING, $fn, "task method can't be executed without task worker");
            return false;
        }
        if ($dst > 0 && $dst >= $this->swirlTaskWorkerNum) {
            Runtime::error(\E_WARNING, $fn, "worker_id must be less than task_worker_num[{$this->swirlTaskWorkerNum}]");
            return false;
        }
        if ($this->taskworker) {
            Runtime::error(\E_WARNING, $fn, 'Server->task() cannot use in the task-worker');
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------ timers

    /**
     * Calls $callback($timer_id, ...$params) every $ms milliseconds in
     * this process (Swoole's alias of swoole_timer_tick()).
     */
    public function tick($ms, $callback, ...$params)
    {
        return \Swirl\Loop::add('Swoole\Server::tick', $ms, $callback, $params, true);
    }

    /** Calls $callback(...$params) once, $ms milliseconds from now. */
    public function after($ms, $callback, ...$params)
    {
        return \Swirl\Loop::add('Swoole\Server::after', $ms, $callback, $params, false);
    }

    /** Stops a timer of this process; false if there was none. */
    public function clearTimer($timer_id)
    {
        return \Swirl\Loop::clear(Runtime::argInt($timer_id, 'Swoole\Server::clearTimer', 1, 'timer_id'));
    }

    /** Calls $callback() at the start of the next loop iteration. */
    public function defer($callback)
    {
        return \Swirl\Loop::defer(Runtime::argCallable($callback, 'Swoole\Server::defer', 1, 'callback'));
    }

    /** Swoole's last error number (the same as swoole_last_error()). */
    public function getLastError()
    {
        return Runtime::$lastError;
    }

    public function getMasterPid()
    {
        return $this->swirlFfi->swirl_server_master_pid($this->swirlSrv);
    }

    public function getManagerPid()
    {
        return $this->swirlFfi->swirl_server_manager_pid($this->swirlSrv);
    }

    /** This worker's id, or false outside a worker. */
    public function getWorkerId()
    {
        $id = $this->swirlFfi->swirl_server_worker_id($this->swirlSrv);
        return $id < 0 ? false : $id;
    }

    /** This worker's pid (other workers' pids are not known here). */
    /**
     * SWOOLE_WORKER_BUSY (in a callback), SWOOLE_WORKER_IDLE or
     * SWOOLE_WORKER_EXIT (being replaced) for worker $worker_id (this one
     * by default); false for an id with no worker.
     */
    public function getWorkerStatus($worker_id = -1)
    {
        $worker_id = Runtime::argInt($worker_id, 'Swoole\Server::getWorkerStatus', 1, 'worker_id');
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::getWorkerStatus', 'server is not running');
            return false;
        }
        $rc = $this->swirlFfi->swirl_server_worker_status($this->swirlSrv, $worker_id);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return $rc;
    }

    public function getWorkerPid($worker_id = -1)
    {
        $worker_id = Runtime::argInt($worker_id, 'Swoole\Server::getWorkerPid', 1, 'worker_id');
        $self = $this->swirlFfi->swirl_server_worker_id($this->swirlSrv);
        if ($worker_id >= 0 && $worker_id !== $self) {
            // Another worker: the manager records every worker's pid.
            $pid = $this->swirlFfi->swirl_server_get_worker_pid($this->swirlSrv, $worker_id);
            return $pid > 0 ? $pid : false;
        }
        if ($self < 0) {
            return false;
        }
        return $this->swirlFfi->swirl_server_worker_pid($this->swirlSrv);
    }

    /**
     * Stops worker $worker_id (-1: this one) gracefully; the manager starts
     * its replacement (Swoole's stop()).
     */
    public function stop($worker_id = -1, $wait_event = false)
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::stop', 'server is not running');
            return false;
        }
        $worker_id = Runtime::argInt($worker_id, 'Swoole\Server::stop', 1, 'worker_id');
        $rc = $this->swirlFfi->swirl_server_stop_worker($this->swirlSrv, $worker_id);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /** Swoole's stats(): counters shared by every process of the server. */
    public function stats()
    {
        if (!$this->swirlStarted) {
            Runtime::error(\E_WARNING, 'Swoole\Server::stats', 'server is not running');
            return false;
        }
        $ffi = $this->swirlFfi;
        $st = $ffi->new('swirl_stats');
        if ($ffi->swirl_server_stats($this->swirlSrv, FFI::addr($st)) < 0) {
            return false;
        }
        // Swoole 4.8's keys, in its order: the worker's own counts only in
        // a worker, the task workers' idle count only when there are some.
        $out = [
            'start_time' => $st->start_time,
            'connection_num' => $st->connection_num,
            'accept_count' => $st->accept_count,
            'close_count' => $st->close_count,
            'worker_num' => $st->worker_num,
            'idle_worker_num' => $st->idle_worker_num,
            'task_worker_num' => $st->task_worker_num,
            'tasking_num' => $st->tasking_num,
            'request_count' => $st->request_count,
            'dispatch_count' => $st->dispatch_count,
        ];
        if ($this->worker_id >= 0) {
            $out['worker_request_count'] = $st->worker_request_count;
            // Every event a worker takes is one it was dispatched.
            $out['worker_dispatch_count'] = $st->worker_request_count;
        }
        if ($st->task_worker_num > 0) {
            $out['task_idle_worker_num'] = $st->task_idle_worker_num;
        }
        $out['coroutine_num'] = 0;
        return $out;
    }

    /**
     * Swoole's heartbeat(): the connections idle longer than
     * heartbeat_idle_time, closed when $if_close_connection.
     */
    public function heartbeat($if_close_connection = true)
    {
        $ffi = $this->swirlFfi;
        $ids = $ffi->new('uint64_t[4096]');
        $n = $ffi->swirl_server_heartbeat($this->swirlSrv, $if_close_connection ? 1 : 0, $ids, 4096);
        if ($n < 0) {
            Runtime::fail($n);
            return false;
        }
        $out = [];
        for ($i = 0; $i < \min($n, 4096); $i++) {
            $out[] = $ids[$i];
        }
        return $out;
    }

    /** Sends a file to $fd without reading it into memory. */
    public function sendfile($conn_fd, $filename, $offset = 0, $length = 0)
    {
        $fn = 'Swoole\Server::sendfile';
        $conn_fd = Runtime::argInt($conn_fd, $fn, 1, 'conn_fd');
        $filename = (string) $filename;
        if ($filename === '' || !\is_file($filename)) {
            Runtime::error(\E_WARNING, $fn, "file[$filename] not found");
            return false;
        }
        $rc = $this->swirlFfi->swirl_server_sendfile($this->swirlSrv, $conn_fd, $filename,
            (int) $offset, (int) $length);
        if ($rc < 0) {
            Runtime::fail($rc);
            return false;
        }
        return true;
    }

    /** Swoole's sendwait(): a send that is written before it returns; the
     * core writes at once what the socket takes and queues the rest. */
    /**
     * send() that returns once the data is written: only where the worker
     * holds the connection (BASE mode), as in Swoole; elsewhere a warning
     * and false.
     */
    public function sendwait($conn_fd, $send_data)
    {
        if ($this->mode === \SWOOLE_PROCESS || $this->taskworker) {
            Runtime::error(\E_WARNING, 'Swoole\Server::sendwait', "can't sendwait");
            return false;
        }
        return $this->send($conn_fd, $send_data);
    }

    /** What var_dump() shows: the public properties, as Swoole's class has. */
    public function __debugInfo(): array
    {
        return \Swirl\Runtime::publicVars($this);
    }
}
