"""Low-level ctypes view of abi/swirl.h.

This module loads libswirl, mirrors the header's enums and its one struct
(swirl_event), and declares every exported function in one table with its
argument types, result type and error check. Nothing here knows about
servers as Python objects; see swirl.server for that.

The library is found through the environment variable SWIRL_LIB, else at
<repo>/build/libswirl.so (the tree this package sits in).
"""

import ctypes
import enum
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char, c_char_p, c_double,
                    c_int32, c_int64, c_size_t, c_uint64, c_void_p)

# ---------------------------------------------------------------------------
# Enums (values copied from abi/swirl.h; tests/test_abi.py compares them with
# the header, so a drift fails the suite).
# ---------------------------------------------------------------------------


class ErrorCode(enum.IntEnum):
    """enum swirl_error: names without the SWIRL_ prefix."""
    OK = 0
    EPERM = -1
    ENOENT = -2
    EINTR = -4
    EIO = -5
    EBADF = -9
    EAGAIN = -11
    ENOMEM = -12
    EACCES = -13
    EBUSY = -16
    EEXIST = -17
    EINVAL = -22
    EMFILE = -24
    ENOSPC = -28
    EPIPE = -32
    ERANGE = -34
    ENOSYS = -38
    ENOTSUP = -95
    EADDRINUSE = -98
    EADDRNOTAVAIL = -99
    ECONNRESET = -104
    ETIMEDOUT = -110
    ECONNREFUSED = -111
    ECANCELED = -125
    EINVALID_PARAMS = -505
    EWRONG_OPERATION = -509
    EUNKNOWN_OPTION = -510
    EOPTION_TYPE = -511
    EOPTION_RANGE = -512
    ESESSION_CLOSED_BY_SERVER = -1001
    ESESSION_CLOSED_BY_CLIENT = -1002
    ESESSION_CLOSING = -1003
    ESESSION_CLOSED = -1004
    ESESSION_NOT_EXIST = -1005
    ESESSION_INVALID_ID = -1006
    EOUTPUT_BUFFER_OVERFLOW = -1009
    EWEBSOCKET_BAD_OPCODE = -8502
    EWEBSOCKET_UNCONNECTED = -8503
    ESERVER_ONLY_START_ONE = -9008
    ESERVER_SEND_IN_MASTER = -9009
    ESERVER_INVALID_LISTEN_PORT = -9004
    ESERVER_WORKER_EXIT_TIMEOUT = -9101


class Mode(enum.IntEnum):
    """enum swirl_mode: names without the SWIRL_MODE_ prefix."""
    BASE = 1
    PROCESS = 2


class SockType(enum.IntEnum):
    """enum swirl_sock_type: names without the SWIRL_SOCK_ prefix."""
    TCP = 1
    UDP = 2
    TCP6 = 3
    UDP6 = 4
    UNIX_STREAM = 5
    UNIX_DGRAM = 6
    SSL = 512


class SslProtocol(enum.IntFlag):
    """enum swirl_ssl_protocol: names without the SWIRL_SSL_ prefix."""
    TLSv1 = 8
    TLSv1_1 = 16
    TLSv1_2 = 32
    TLSv1_3 = 64


class LogLevel(enum.IntEnum):
    """enum swirl_log_level: names without the SWIRL_LOG_ prefix."""
    DEBUG = 0
    TRACE = 1
    INFO = 2
    NOTICE = 3
    WARNING = 4
    ERROR = 5
    NONE = 6


class EventType(enum.IntEnum):
    """enum swirl_event_type: names without the SWIRL_EV_ prefix."""
    NONE = 0
    START = 1
    SHUTDOWN = 2
    MANAGER_START = 3
    MANAGER_STOP = 4
    WORKER_START = 5
    WORKER_STOP = 6
    WORKER_ERROR = 7
    CONNECT = 8
    RECEIVE = 9
    CLOSE = 10
    TIMER = 11
    DEFER = 12
    REQUEST = 13
    TASK = 14
    FINISH = 15
    PIPE_MESSAGE = 16
    PACKET = 17
    OPEN = 18
    MESSAGE = 19
    HANDSHAKE = 20
    USER_PROCESS = 21
    FD = 22
    BEFORE_SHUTDOWN = 23
    BEFORE_RELOAD = 24
    AFTER_RELOAD = 25
    WORKER_EXIT = 26
    MAX = 27


class WatchEvents(enum.IntFlag):
    """enum swirl_watch_events: names without SWIRL_WATCH_."""
    READ = 1
    WRITE = 2


class HttpRequestFlags(enum.IntFlag):
    """enum swirl_http_request_flags: names without SWIRL_HTTP_REQ_."""
    KEEP_ALIVE = 1
    HEAD = 2
    HTTP10 = 4
    UPLOADS = 8


class HttpRespondFlags(enum.IntFlag):
    """enum swirl_http_respond_flags: names without SWIRL_HTTP_."""
    CHUNKED = 1
    CLOSE = 2
    REASON = 4


class TableType(enum.IntEnum):
    """enum swirl_table_type: names without SWIRL_TABLE_TYPE_."""
    INT = 1
    FLOAT = 2
    STRING = 3


class TableLimit(enum.IntEnum):
    """enum swirl_table_limit: names without SWIRL_TABLE_."""
    KEY_MAX = 63


class TableStat(enum.IntEnum):
    """enum swirl_table_stat: names without SWIRL_TABLE_STAT_."""
    NUM = 0
    CONFLICT_COUNT = 1
    CONFLICT_MAX_LEVEL = 2
    INSERT_COUNT = 3
    UPDATE_COUNT = 4
    DELETE_COUNT = 5
    AVAILABLE_SLICE_NUM = 6
    TOTAL_SLICE_NUM = 7


class LockType(enum.IntEnum):
    """enum swirl_lock_type: names without SWIRL_LOCK_."""
    RWLOCK = 1
    FILELOCK = 2
    MUTEX = 3
    SEM = 4
    SPINLOCK = 5


class WsOpcode(enum.IntEnum):
    """enum swirl_ws_opcode: names without SWIRL_WS_OPCODE_."""
    CONTINUATION = 0
    TEXT = 1
    BINARY = 2
    CLOSE = 8
    PING = 9
    PONG = 10


class WsFlags(enum.IntFlag):
    """enum swirl_ws_flags: names without SWIRL_WS_FLAG_."""
    FIN = 1


class WsStatus(enum.IntEnum):
    """enum swirl_ws_status: names without SWIRL_WEBSOCKET_STATUS_."""
    CLOSED = 0
    CONNECTION = 1
    HANDSHAKE = 2
    ACTIVE = 3


# Which header enum each Python enum mirrors, and the prefix its C names
# carry. The ABI test walks this table.
ENUMS = {
        'swirl_error': (ErrorCode, 'SWIRL_'),
        'swirl_mode': (Mode, 'SWIRL_MODE_'),
        'swirl_sock_type': (SockType, 'SWIRL_SOCK_'),
    'swirl_ssl_protocol': (SslProtocol, 'SWIRL_SSL_'),
        'swirl_log_level': (LogLevel, 'SWIRL_LOG_'),
        'swirl_event_type': (EventType, 'SWIRL_EV_'),
    'swirl_http_request_flags': (HttpRequestFlags, 'SWIRL_HTTP_REQ_'),
    'swirl_http_respond_flags': (HttpRespondFlags, 'SWIRL_HTTP_'),
    'swirl_ws_opcode': (WsOpcode, 'SWIRL_WS_OPCODE_'),
    'swirl_ws_flags': (WsFlags, 'SWIRL_WS_FLAG_'),
    'swirl_ws_status': (WsStatus, 'SWIRL_WEBSOCKET_STATUS_'),
    'swirl_table_type': (TableType, 'SWIRL_TABLE_TYPE_'),
    'swirl_table_limit': (TableLimit, 'SWIRL_TABLE_'),
    'swirl_table_stat': (TableStat, 'SWIRL_TABLE_STAT_'),
    'swirl_lock_type': (LockType, 'SWIRL_LOCK_'),
    'swirl_watch_events': (WatchEvents, 'SWIRL_WATCH_'),
}

ABI_VERSION = 1

# ---------------------------------------------------------------------------
# struct swirl_event and the callback type
# ---------------------------------------------------------------------------


class Event(Structure):
    """Mirror of struct swirl_event. `data` and `extra` are declared as
    plain pointers so that ctypes never stops at a NUL byte; read them with
    string_at(ptr, len) while the callback runs (they are borrowed)."""
    _fields_ = [
        ('type', c_int32),
        ('worker_id', c_int32),
        ('reactor_id', c_int32),
        ('listener', c_int32),
        ('conn', c_uint64),
        ('id', c_int64),
        ('pid', c_int64),
        ('status', c_int64),
        ('signal', c_int64),
        ('flags', c_int64),
        ('data', c_void_p),
        ('len', c_size_t),
        ('extra', c_void_p),
        ('extra_len', c_size_t),
        ('server', c_void_p),
    ]


class ConnInfo(Structure):
    """Mirror of struct swirl_conn_info (swirl_server_connection_info)."""
    _fields_ = [
        ('conn', c_uint64),
        ('uid', c_uint64),
        ('connect_time', c_int64),
        ('last_time', c_int64),
        ('worker_id', c_int32),
        ('reactor_id', c_int32),
        ('listener', c_int32),
        ('server_port', c_int32),
        ('remote_port', c_int32),
        ('socket_type', c_int32),
        ('server_fd', c_int32),
        ('websocket_status', c_int32),
        ('remote_ip', c_char * 64),
    ]


class Stats(Structure):
    """Mirror of struct swirl_stats (swirl_server_stats)."""
    _fields_ = [
        ('start_time', c_int64),
        ('connection_num', c_int64),
        ('accept_count', c_uint64),
        ('close_count', c_uint64),
        ('request_count', c_uint64),
        ('dispatch_count', c_uint64),
        ('worker_request_count', c_uint64),
        ('tasking_num', c_int64),
        ('worker_num', c_int32),
        ('idle_worker_num', c_int32),
        ('task_worker_num', c_int32),
        ('task_idle_worker_num', c_int32),
    ]


EVENT_CB = CFUNCTYPE(None, POINTER(Event), c_void_p)

# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class SwirlError(Exception):
    """A negative code returned by libswirl.

    code is the negative SWIRL_E* value (Swoole's getLastError() is -code),
    name its enum name without the prefix, and message swirl_strerror(code)
    followed by the server's (or the library's) message when there is one."""

    def __init__(self, code, message=None):
        code = int(code)
        if message is None:
            message = strerror(code)
        super().__init__(code, message)
        self.code = code
        self.message = message

    @property
    def name(self):
        return err_name(self.code)

    @property
    def errno(self):
        """Swoole's getLastError() value for this failure (positive)."""
        return -self.code

    def __str__(self):
        return '[%s %d] %s' % (self.name, self.code, self.message)


def _decode(raw):
    if raw is None:
        return ''
    return raw.decode('utf-8', 'replace')


def _compose(code, detail):
    """swirl_strerror(code), plus ': detail' when detail says something."""
    base = strerror(code)
    detail = (detail or '').strip()
    if detail and detail != base:
        return '%s: %s' % (base, detail)
    return base


def _check_rc(result, func, args):
    """errcheck for calls whose first argument is a server: a negative
    result raises SwirlError carrying swirl_server_errmsg() of that server
    (read at once: it is valid only until the next call on the server)."""
    if result < 0:
        detail = ''
        if args and args[0]:
            detail = _decode(lib.server_errmsg(args[0]))
        raise SwirlError(result, _compose(result, detail))
    return result


def _check_options(result, func, args):
    """errcheck for swirl_server_options: ERANGE means "buffer too small" and
    is handled by the caller, so it passes through."""
    if result == ErrorCode.ERANGE:
        return result
    return _check_rc(result, func, args)


def _check_plain(result, func, args):
    """errcheck for calls with no server: negative -> SwirlError."""
    if result < 0:
        raise SwirlError(result)
    return result


def _check_lib(*ordinary):
    """errcheck for the shared-memory calls: a negative result raises
    SwirlError with swirl_last_errmsg(), except the codes in `ordinary`
    (no such row, lock busy, timed out...), which are returned: they are
    answers, and leave no message."""
    def check(result, func, args):
        if result < 0 and result not in ordinary:
            raise SwirlError(result, _compose(result,
                                              _decode(lib.last_errmsg())))
        return result
    return check


def _check_new(result, func, args):
    """errcheck for swirl_server_new: the reason is in swirl_last_errmsg()."""
    if result < 0:
        raise SwirlError(result, _compose(result, _decode(lib.last_errmsg())))
    return result


# ---------------------------------------------------------------------------
# Loading and the function table
# ---------------------------------------------------------------------------

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))


def library_path():
    """The path libswirl is loaded from: $SWIRL_LIB, else build/libswirl.so of
    this source tree."""
    env = os.environ.get('SWIRL_LIB')
    if env:
        return env
    return os.path.join(REPO_ROOT, 'build', 'libswirl.so')


def _load():
    path = library_path()
    try:
        return ctypes.CDLL(path)
    except OSError as e:
        raise ImportError(
                'swirl: cannot load libswirl from %s (%s); build it with '
                '`make lib` or point SWIRL_LIB at it' % (path, e)) from None


_dll = _load()


class _Lib:
    """The declared functions, by name without the swirl_ prefix
    (lib.server_new is swirl_server_new). Tests may replace an attribute to
    observe calls."""


lib = _Lib()

# Every function of abi/swirl.h, declared once: name without the prefix,
# argument types, result type, error check (None: the result is returned
# as is). tests/test_abi.py checks this list against the header.
FUNCTIONS = []


# Functions of the table that the loaded library does not export. Calling
# one raises SwirlError(ENOSYS); tests/test_abi.py fails while any is
# missing, but the rest of the binding stays usable.
MISSING = []


def _missing(name):
    def stub(*args):
        raise SwirlError(ErrorCode.ENOSYS, '%s does not export swirl_%s'
                         % (library_path(), name))
    stub.__name__ = 'swirl_' + name
    return stub


def _fn(name, argtypes, restype, errcheck=None):
    FUNCTIONS.append((name, argtypes, restype, errcheck))
    try:
        f = getattr(_dll, 'swirl_' + name)
    except AttributeError:
        MISSING.append(name)
        setattr(lib, name, _missing(name))
        return
    f.argtypes = argtypes
    f.restype = restype
    if errcheck is not None:
        f.errcheck = errcheck
    setattr(lib, name, f)


_srv = c_void_p

# Versions.
_fn('version', [], c_int32)
_fn('version_string', [], c_char_p)
_fn('abi_version', [], c_int32)
_fn('event_size', [], c_size_t)
_fn('conn_info_size', [], c_size_t)
_fn('stats_size', [], c_size_t)
# Errors.
_fn('strerror', [c_int32], c_char_p)
_fn('err_name', [c_int32], c_char_p)
_fn('free', [c_void_p], None)
# Server.
_fn('server_new', [POINTER(c_void_p), c_char_p, c_size_t, c_int32, c_int32,
                   c_int32], c_int32, _check_new)
_fn('server_free', [_srv], None)
_fn('server_listen', [_srv, c_char_p, c_size_t, c_int32, c_int32], c_int32,
    _check_rc)
_fn('server_port', [_srv, c_int32], c_int32, _check_rc)
_fn('server_port_fd', [_srv, c_int32], c_int32, _check_rc)
_fn('server_set_int', [_srv, c_char_p, c_size_t, c_int64], c_int32,
    _check_rc)
_fn('server_set_double', [_srv, c_char_p, c_size_t, c_double], c_int32,
    _check_rc)
_fn('server_set_bool', [_srv, c_char_p, c_size_t, c_int32], c_int32,
    _check_rc)
_fn('server_set_str', [_srv, c_char_p, c_size_t, c_char_p, c_size_t],
    c_int32, _check_rc)
_fn('server_port_set_int', [_srv, c_int32, c_char_p, c_size_t, c_int64],
    c_int32, _check_rc)
_fn('server_port_set_bool', [_srv, c_int32, c_char_p, c_size_t, c_int32],
    c_int32, _check_rc)
_fn('server_port_set_str', [_srv, c_int32, c_char_p, c_size_t, c_char_p,
                            c_size_t], c_int32, _check_rc)
_fn('server_get_int', [_srv, c_char_p, c_size_t, POINTER(c_int64)], c_int32,
    _check_rc)
_fn('server_options', [_srv, c_char_p, POINTER(c_size_t)], c_int32,
    _check_options)
_fn('server_add_process', [_srv], c_int32, _check_rc)
_fn('server_on_event', [_srv, EVENT_CB, c_void_p, c_uint64], c_int32,
    _check_rc)
_fn('server_start', [_srv], c_int32, _check_rc)
_fn('server_send', [_srv, c_uint64, c_char_p, c_size_t], c_int32, _check_rc)
_fn('server_sendto', [_srv, c_char_p, c_size_t, c_int32, c_char_p, c_size_t,
                      c_int32], c_int32, _check_rc)
_fn('server_sendfile', [_srv, c_uint64, c_char_p, c_int64, c_int64], c_int32,
    _check_rc)
_fn('server_pause', [_srv, c_uint64, c_int32], c_int32, _check_rc)
_fn('server_protect', [_srv, c_uint64, c_int32], c_int32, _check_rc)
_fn('server_close', [_srv, c_uint64, c_int32], c_int32, _check_rc)
_fn('server_exist', [_srv, c_uint64], c_int32, _check_rc)
_fn('server_connection_info', [_srv, c_uint64, POINTER(ConnInfo)], c_int32,
    _check_rc)
_fn('server_connection_list', [_srv, c_uint64, POINTER(c_uint64), c_int32],
    c_int32, _check_rc)
_fn('server_connection_count', [_srv], c_int64, _check_rc)
_fn('server_heartbeat', [_srv, c_int32, POINTER(c_uint64), c_int32], c_int32,
    _check_rc)
_fn('server_stats', [_srv, POINTER(Stats)], c_int32, _check_rc)
_fn('server_get_worker_pid', [_srv, c_int32], c_int64, _check_rc)
_fn('server_worker_status', [_srv, c_int32], c_int32, _check_rc)
_fn('server_stop_worker', [_srv, c_int32], c_int32, _check_rc)
_fn('server_reload', [_srv, c_int32], c_int32, _check_rc)
_fn('server_outbox', [_srv], c_void_p)
_fn('server_bind', [_srv, c_uint64, c_uint64], c_int32, _check_rc)
_fn('server_shutdown', [_srv], c_int32, _check_rc)
_fn('server_task', [_srv, c_char_p, c_size_t, c_int32, c_int32], c_int64,
    _check_rc)
_fn('server_finish', [_srv, c_char_p, c_size_t, c_int32], c_int32, _check_rc)
_fn('server_task_finish', [_srv, c_int32, c_int64, c_char_p, c_size_t, c_int32],
    c_int32, _check_rc)
# out is declared as a plain pointer so that it can be given to swirl_free.
_fn('server_taskwait', [_srv, c_char_p, c_size_t, c_double, c_int32, c_int32,
                        POINTER(c_void_p), POINTER(c_size_t),
                        POINTER(c_int32)], c_int32, _check_rc)
_fn('server_task_wait', [_srv, c_int64, c_double, POINTER(c_void_p),
                         POINTER(c_size_t), POINTER(c_int32)], c_int32,
    _check_rc)
_fn('server_send_message', [_srv, c_char_p, c_size_t, c_int32, c_int32],
    c_int32, _check_rc)
_fn('server_worker_id', [_srv], c_int32)
_fn('server_master_pid', [_srv], c_int64)
_fn('server_manager_pid', [_srv], c_int64)
_fn('server_worker_pid', [_srv], c_int64)
_fn('server_last_error', [_srv], c_int32)
_fn('server_errmsg', [_srv], c_char_p)
_fn('last_errmsg', [], c_char_p)
# HTTP.
_fn('http_respond', [_srv, c_uint64, c_int32, c_char_p, c_size_t, c_char_p,
                     c_size_t, c_int32], c_int32, _check_rc)
_fn('http_sendfile', [_srv, c_uint64, c_int32, c_char_p, c_size_t, c_char_p,
                      c_int64, c_int64], c_int32, _check_rc)
_fn('http_write', [_srv, c_uint64, c_char_p, c_size_t, c_int32], c_int32,
    _check_rc)
# WebSocket.
_fn('ws_push', [_srv, c_uint64, c_char_p, c_size_t, c_int32, c_int32],
    c_int32, _check_rc)
_fn('ws_disconnect', [_srv, c_uint64, c_int32, c_char_p, c_size_t], c_int32,
    _check_rc)
# The process's loop: timers and deferred calls.
_fn('loop_on_event', [EVENT_CB, c_void_p], c_int32, _check_plain)
_fn('timer_add', [c_int64, c_int32], c_int64, _check_plain)
_fn('timer_clear', [c_int64], c_int32)  # ENOENT is an answer, not an error.
_fn('timer_exists', [c_int64], c_int32, _check_plain)
_fn('timer_count', [], c_int32, _check_plain)
_fn('timer_clear_all', [], c_int32, _check_plain)
_fn('defer', [], c_int64, _check_plain)
_fn('loop_watch', [c_int32, c_int32], c_int64, _check_plain)
_fn('loop_watch_set', [c_int64, c_int32], c_int32, _check_plain)
_fn('loop_unwatch', [c_int64], c_int32, _check_plain)
_fn('loop_fork', [], None)
_fn('loop_run', [], c_int32, _check_plain)
_fn('loop_stop', [], c_int32, _check_plain)
# Shared memory: tables.
_tbl = c_void_p
_E = ErrorCode
_fn('table_new', [POINTER(c_void_p), c_int64, c_double], c_int32,
    _check_lib())
_fn('table_free', [_tbl], None)
_fn('table_column', [_tbl, c_char_p, c_size_t, c_int32, c_int64], c_int32,
    _check_lib())
_fn('table_create', [_tbl], c_int32, _check_lib())
_fn('table_size', [_tbl], c_int64, _check_lib())
_fn('table_memory_size', [_tbl], c_int64, _check_lib())
_fn('table_column_count', [_tbl], c_int32, _check_lib())
_fn('table_column_index', [_tbl, c_char_p, c_size_t], c_int32,
    _check_lib(_E.ENOENT))
_fn('table_column_info', [_tbl, c_int32, c_char_p, POINTER(c_size_t),
                          POINTER(c_int32), POINTER(c_int64),
                          POINTER(c_int64)], c_int32,
    _check_lib(_E.ERANGE))
_fn('table_row_size', [_tbl], c_int64, _check_lib())
_fn('table_set', [_tbl, c_char_p, c_size_t, c_char_p, c_size_t], c_int32,
    _check_lib())
_fn('table_get', [_tbl, c_char_p, c_size_t, c_char_p, c_size_t], c_int32,
    _check_lib(_E.ENOENT))
_fn('table_set_int', [_tbl, c_char_p, c_size_t, c_int32, c_int64], c_int32,
    _check_lib())
_fn('table_set_float', [_tbl, c_char_p, c_size_t, c_int32, c_double],
    c_int32, _check_lib())
_fn('table_set_str', [_tbl, c_char_p, c_size_t, c_int32, c_char_p,
                      c_size_t], c_int32, _check_lib())
_fn('table_get_int', [_tbl, c_char_p, c_size_t, c_int32, POINTER(c_int64)],
    c_int32, _check_lib(_E.ENOENT))
_fn('table_get_float', [_tbl, c_char_p, c_size_t, c_int32,
                        POINTER(c_double)], c_int32, _check_lib(_E.ENOENT))
_fn('table_get_str', [_tbl, c_char_p, c_size_t, c_int32, c_char_p,
                      POINTER(c_size_t)], c_int32,
    _check_lib(_E.ENOENT, _E.ERANGE))
_fn('table_incr_int', [_tbl, c_char_p, c_size_t, c_int32, c_int64,
                       POINTER(c_int64)], c_int32, _check_lib())
_fn('table_incr_float', [_tbl, c_char_p, c_size_t, c_int32, c_double,
                         POINTER(c_double)], c_int32, _check_lib())
_fn('table_exists', [_tbl, c_char_p, c_size_t], c_int32, _check_lib())
_fn('table_del', [_tbl, c_char_p, c_size_t], c_int32, _check_lib(_E.ENOENT))
_fn('table_count', [_tbl], c_int64, _check_lib())
_fn('table_next', [_tbl, POINTER(c_uint64), c_char_p, POINTER(c_size_t),
                   c_char_p, c_size_t], c_int32, _check_lib())
_fn('table_stat', [_tbl, c_int32], c_int64, _check_lib())
# Shared memory: atomics.
_fn('atomic_new', [POINTER(c_void_p), c_int64], c_int32, _check_lib())
_fn('atomic_free', [c_void_p], None)
_fn('atomic_get', [c_void_p], c_int64)
_fn('atomic_add', [c_void_p, c_int64], c_int64)
_fn('atomic_sub', [c_void_p, c_int64], c_int64)
_fn('atomic_set', [c_void_p, c_int64], c_int32, _check_lib())
_fn('atomic_cmpset', [c_void_p, c_int64, c_int64], c_int32, _check_lib())
_fn('atomic_wait', [c_void_p, c_double], c_int32,
    _check_lib(_E.ETIMEDOUT, _E.EINTR, _E.EAGAIN))
_fn('atomic_wakeup', [c_void_p, c_int32], c_int32, _check_lib())
_fn('atomic_long_new', [POINTER(c_void_p), c_int64], c_int32, _check_lib())
_fn('atomic_long_free', [c_void_p], None)
_fn('atomic_long_get', [c_void_p, POINTER(c_int64)], c_int32, _check_lib())
_fn('atomic_long_add', [c_void_p, c_int64, POINTER(c_int64)], c_int32,
    _check_lib())
_fn('atomic_long_sub', [c_void_p, c_int64, POINTER(c_int64)], c_int32,
    _check_lib())
_fn('atomic_long_set', [c_void_p, c_int64], c_int32, _check_lib())
_fn('atomic_long_cmpset', [c_void_p, c_int64, c_int64], c_int32,
    _check_lib())
# Shared memory: locks.
_fn('lock_new', [POINTER(c_void_p), c_int32, c_char_p, c_size_t], c_int32,
    _check_lib())
_fn('lock_free', [c_void_p], None)
_fn('lock_lock', [c_void_p], c_int32, _check_lib())
_fn('lock_trylock', [c_void_p], c_int32, _check_lib(_E.EBUSY))
_fn('lock_lock_read', [c_void_p], c_int32, _check_lib())
_fn('lock_trylock_read', [c_void_p], c_int32, _check_lib(_E.EBUSY))
_fn('lock_unlock', [c_void_p], c_int32, _check_lib())
_fn('lock_lockwait', [c_void_p, c_double], c_int32,
    _check_lib(_E.ETIMEDOUT))
# Process helpers.
_fn('process_flush', [], None)
_fn('process_exit', [c_int32], None)
_fn('getpid', [], c_int64)

# ---------------------------------------------------------------------------
# Plain helpers
# ---------------------------------------------------------------------------


def version():
    """(major << 16) | (minor << 8) | patch of the loaded library."""
    return lib.version()


def version_string():
    return _decode(lib.version_string())


def abi_version():
    return lib.abi_version()


def event_size():
    return lib.event_size()


def strerror(code):
    """The library's sentence for code (never empty)."""
    return _decode(lib.strerror(int(code)))


def err_name(code):
    """The code's enum name without the prefix, e.g. 'EADDRINUSE'."""
    return _decode(lib.err_name(int(code)))


def last_errmsg():
    """The message of the last failure that had no server (this thread)."""
    return _decode(lib.last_errmsg())


def getpid():
    return lib.getpid()


def process_exit(code):
    """Flush C stdio and end this process at once, running no handlers."""
    lib.process_exit(int(code))


# Refuse to run against a library whose ABI generation or struct layout we
# do not mirror: every event would be misread.
if lib.abi_version() != ABI_VERSION:
    raise ImportError('swirl: %s has ABI version %d, this binding speaks %d'
                      % (library_path(), lib.abi_version(), ABI_VERSION))
for _name, _size, _mirror in (('swirl_event', lib.event_size, Event),
                              ('swirl_conn_info', lib.conn_info_size, ConnInfo),
                              ('swirl_stats', lib.stats_size, Stats)):
    if _size() != ctypes.sizeof(_mirror):
        raise ImportError('swirl: %s is %d bytes in %s but %d in the Python '
                          'mirror' % (_name, _size(), library_path(),
                                      ctypes.sizeof(_mirror)))
