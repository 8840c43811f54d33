"""Python binding of libswirl (abi/swirl.h) through ctypes.

The library is loaded from $SWIRL_LIB, else from build/libswirl.so of the
source tree this package belongs to. Importing fails with ImportError when
the library is missing or its ABI generation or swirl_event layout differs
from the one mirrored here.

    import swirl
    srv = swirl.Server('127.0.0.1', 9501)
    srv.on('receive', lambda s, fd, reactor_id, data: s.send(fd, data))
    srv.start()
"""

from ._ffi import (ABI_VERSION, ENUMS, EVENT_CB, ErrorCode, Event, EventType,
                   HttpRequestFlags, HttpRespondFlags, LockType, LogLevel,
                   Mode, SockType, SslProtocol, SwirlError, TableStat,
                   TableType, WsFlags, WsOpcode, WsStatus, abi_version,
                   err_name, event_size, getpid, last_errmsg, library_path,
                   process_exit, strerror, version, version_string)
from .loop import (defer, loop_run, loop_stop, timer_after, timer_clear,
                   timer_clear_all, timer_count, timer_exists, timer_tick,
                   unwatch, watch, watch_set)
from .http import Frame, Request, Response, websocket_accept
from .server import EVENT_NAMES, Port, Server
from .shm import Atomic, AtomicLong, Lock, Table

# Swoole-style constants.
BASE = Mode.BASE
PROCESS = Mode.PROCESS
TCP = SockType.TCP
UDP = SockType.UDP
TCP6 = SockType.TCP6
UDP6 = SockType.UDP6
UNIX_STREAM = SockType.UNIX_STREAM
UNIX_DGRAM = SockType.UNIX_DGRAM
SSL = SockType.SSL

__all__ = [
    'ABI_VERSION', 'Atomic', 'AtomicLong', 'BASE', 'ENUMS', 'EVENT_CB',
    'EVENT_NAMES', 'ErrorCode', 'Event', 'EventType', 'Frame',
    'HttpRequestFlags', 'HttpRespondFlags', 'Lock', 'LockType', 'LogLevel',
    'Mode', 'PROCESS', 'Port', 'Request', 'Response', 'SSL', 'Server',
    'SockType', 'SslProtocol', 'SwirlError', 'TCP', 'TCP6', 'Table',
    'TableStat', 'TableType', 'UDP', 'UDP6', 'UNIX_DGRAM', 'UNIX_STREAM',
    'WsFlags', 'WsOpcode', 'WsStatus', 'abi_version', 'defer', 'err_name',
    'event_size', 'getpid', 'last_errmsg', 'library_path', 'loop_run',
    'loop_stop', 'process_exit', 'strerror', 'timer_after', 'timer_clear',
    'timer_clear_all', 'timer_count', 'timer_exists', 'timer_tick',
    'unwatch', 'version', 'version_string', 'watch', 'watch_set',
    'websocket_accept',
]
