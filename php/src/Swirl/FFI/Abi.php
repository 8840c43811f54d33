<?php
/*
 * Abi.php: generated from abi/swirl.h by php/gen-constants.php.
 * Generated, do not edit: run `php php/gen-constants.php`.
 */

declare(strict_types=1);

namespace Swirl\FFI;

/**
 * The ABI's constants, as class constants (the dispatcher's hot path
 * compares event types with them).
 */
final class Abi
{
    public const VERSION = '0.1.0';
    public const ABI_VERSION = 1;

    // enum swirl_error
    public const OK = 0;
    public const EPERM = -1;
    public const ENOENT = -2;
    public const EINTR = -4;
    public const EIO = -5;
    public const EBADF = -9;
    public const EAGAIN = -11;
    public const ENOMEM = -12;
    public const EACCES = -13;
    public const EBUSY = -16;
    public const EEXIST = -17;
    public const EINVAL = -22;
    public const EMFILE = -24;
    public const ENOSPC = -28;
    public const EPIPE = -32;
    public const ERANGE = -34;
    public const ENOSYS = -38;
    public const ENOTSUP = -95;
    public const EADDRINUSE = -98;
    public const EADDRNOTAVAIL = -99;
    public const ECONNRESET = -104;
    public const ETIMEDOUT = -110;
    public const ECONNREFUSED = -111;
    public const ECANCELED = -125;
    public const EINVALID_PARAMS = -505;
    public const EWRONG_OPERATION = -509;
    public const EUNKNOWN_OPTION = -510;
    public const EOPTION_TYPE = -511;
    public const EOPTION_RANGE = -512;
    public const ESESSION_CLOSED_BY_SERVER = -1001;
    public const ESESSION_CLOSED_BY_CLIENT = -1002;
    public const ESESSION_CLOSING = -1003;
    public const ESESSION_CLOSED = -1004;
    public const ESESSION_NOT_EXIST = -1005;
    public const ESESSION_INVALID_ID = -1006;
    public const EOUTPUT_BUFFER_OVERFLOW = -1009;
    public const EWEBSOCKET_BAD_OPCODE = -8502;
    public const EWEBSOCKET_UNCONNECTED = -8503;
    public const ESERVER_ONLY_START_ONE = -9008;
    public const ESERVER_SEND_IN_MASTER = -9009;
    public const ESERVER_INVALID_LISTEN_PORT = -9004;
    public const ESERVER_WORKER_EXIT_TIMEOUT = -9101;

    // enum swirl_mode
    public const MODE_BASE = 1;
    public const MODE_PROCESS = 2;

    // enum swirl_sock_type
    public const SOCK_TCP = 1;
    public const SOCK_UDP = 2;
    public const SOCK_TCP6 = 3;
    public const SOCK_UDP6 = 4;
    public const SOCK_UNIX_STREAM = 5;
    public const SOCK_UNIX_DGRAM = 6;
    public const SOCK_SSL = 512;

    // enum swirl_ssl_protocol
    public const SSL_TLSv1 = 8;
    public const SSL_TLSv1_1 = 16;
    public const SSL_TLSv1_2 = 32;
    public const SSL_TLSv1_3 = 64;

    // enum swirl_log_level
    public const LOG_DEBUG = 0;
    public const LOG_TRACE = 1;
    public const LOG_INFO = 2;
    public const LOG_NOTICE = 3;
    public const LOG_WARNING = 4;
    public const LOG_ERROR = 5;
    public const LOG_NONE = 6;

    // enum swirl_event_type
    public const EV_NONE = 0;
    public const EV_START = 1;
    public const EV_SHUTDOWN = 2;
    public const EV_MANAGER_START = 3;
    public const EV_MANAGER_STOP = 4;
    public const EV_WORKER_START = 5;
    public const EV_WORKER_STOP = 6;
    public const EV_WORKER_ERROR = 7;
    public const EV_CONNECT = 8;
    public const EV_RECEIVE = 9;
    public const EV_CLOSE = 10;
    public const EV_TIMER = 11;
    public const EV_DEFER = 12;
    public const EV_REQUEST = 13;
    public const EV_TASK = 14;
    public const EV_FINISH = 15;
    public const EV_PIPE_MESSAGE = 16;
    public const EV_PACKET = 17;
    public const EV_OPEN = 18;
    public const EV_MESSAGE = 19;
    public const EV_HANDSHAKE = 20;
    public const EV_USER_PROCESS = 21;
    public const EV_FD = 22;
    public const EV_BEFORE_SHUTDOWN = 23;
    public const EV_BEFORE_RELOAD = 24;
    public const EV_AFTER_RELOAD = 25;
    public const EV_WORKER_EXIT = 26;
    public const EV_MAX = 27;

    // enum swirl_http_request_flags
    public const HTTP_REQ_KEEP_ALIVE = 1;
    public const HTTP_REQ_HEAD = 2;
    public const HTTP_REQ_HTTP10 = 4;
    public const HTTP_REQ_UPLOADS = 8;

    // enum swirl_http_respond_flags
    public const HTTP_CHUNKED = 1;
    public const HTTP_CLOSE = 2;
    public const HTTP_REASON = 4;

    // enum swirl_ws_opcode
    public const WS_OPCODE_CONTINUATION = 0;
    public const WS_OPCODE_TEXT = 1;
    public const WS_OPCODE_BINARY = 2;
    public const WS_OPCODE_CLOSE = 8;
    public const WS_OPCODE_PING = 9;
    public const WS_OPCODE_PONG = 10;

    // enum swirl_ws_flags
    public const WS_FLAG_FIN = 1;

    // enum swirl_ws_status
    public const WEBSOCKET_STATUS_CLOSED = 0;
    public const WEBSOCKET_STATUS_CONNECTION = 1;
    public const WEBSOCKET_STATUS_HANDSHAKE = 2;
    public const WEBSOCKET_STATUS_ACTIVE = 3;

    // enum swirl_watch_events
    public const WATCH_READ = 1;
    public const WATCH_WRITE = 2;

    // enum swirl_table_type
    public const TABLE_TYPE_INT = 1;
    public const TABLE_TYPE_FLOAT = 2;
    public const TABLE_TYPE_STRING = 3;

    // enum swirl_table_limit
    public const TABLE_KEY_MAX = 63;

    // enum swirl_table_stat
    public const TABLE_STAT_NUM = 0;
    public const TABLE_STAT_CONFLICT_COUNT = 1;
    public const TABLE_STAT_CONFLICT_MAX_LEVEL = 2;
    public const TABLE_STAT_INSERT_COUNT = 3;
    public const TABLE_STAT_UPDATE_COUNT = 4;
    public const TABLE_STAT_DELETE_COUNT = 5;
    public const TABLE_STAT_AVAILABLE_SLICE_NUM = 6;
    public const TABLE_STAT_TOTAL_SLICE_NUM = 7;

    // enum swirl_lock_type
    public const LOCK_RWLOCK = 1;
    public const LOCK_FILELOCK = 2;
    public const LOCK_MUTEX = 3;
    public const LOCK_SEM = 4;
    public const LOCK_SPINLOCK = 5;

    private function __construct()
    {
    }
}
