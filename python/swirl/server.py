"""swirl.Server: a Swoole-like server object over the C ABI.

    srv = Server('127.0.0.1', 9501)
    srv.set(worker_num=2)
    srv.on('receive', lambda s, fd, reactor_id, data: s.send(fd, data))
    srv.start()

Callbacks get the arguments Swoole passes (the server first):

    start, shutdown, managerstart, managerstop    (server)
    workerstart, workerstop                       (server, worker_id)
    workererror             (server, worker_id, worker_pid, exit_code, signal)
    connect, close                                (server, fd, reactor_id)
    receive                                 (server, fd, reactor_id, data)
    request          (request, response): swirl.http.Request and Response,
                     on ports with open_http_protocol
    task                     (server, task_id, src_worker_id, data); a value
                             it returns (not None) is sent back as finish()
    finish                                    (server, task_id, data)
    pipemessage                               (server, src_worker_id, data)
    packet           (server, data, client_info) on UDP / Unix datagram
                     ports; client_info has address, port, listener
    open                        (server, request) a WebSocket was accepted
    message            (server, frame) a whole WebSocket message (Frame)
    handshake        (request, response) instead of the automatic upgrade:
                     answer with status 101 (see http.websocket_accept)

A function given to add_process(fn) runs as fn(server, index) in its own
process, started by the manager with the workers and again whenever it
returns or dies, until the server stops.

Task and message payloads may be bytes, str or any picklable value; the
receiver gets back the same type.

While a callback runs, server.event is the raw swirl_event (borrowed: do not
keep it). An exception that escapes a callback never disappears:

- in a worker, its traceback goes to stderr and the worker ends with
  swirl_process_exit(255), so the manager starts a new one (Swoole's
  behaviour for an uncaught exception);
- in the master, the server is asked to shut down and start() raises the
  exception once it returns;
- in the manager, the traceback goes to stderr and the server is asked to
  shut down (the manager cannot be replaced).
"""

import ctypes
import os
import pickle
import signal
import sys
import time
import traceback

from . import _ffi, loop
from .http import Frame, Request, Response, _path
from ._ffi import (EVENT_CB, ErrorCode, EventType, Mode, SockType,
                   SwirlError, WsFlags, WsOpcode, WsStatus)

lib = _ffi.lib

# Event names accepted by on(), as Swoole spells them (compared without case
# and without underscores, so 'WorkerStart' and 'worker_start' work too).
EVENT_NAMES = {
    'start': EventType.START,
    'shutdown': EventType.SHUTDOWN,
    'managerstart': EventType.MANAGER_START,
    'managerstop': EventType.MANAGER_STOP,
    'workerstart': EventType.WORKER_START,
    'workerstop': EventType.WORKER_STOP,
    'workererror': EventType.WORKER_ERROR,
    'connect': EventType.CONNECT,
    'receive': EventType.RECEIVE,
    'close': EventType.CLOSE,
    'request': EventType.REQUEST,
    'task': EventType.TASK,
    'finish': EventType.FINISH,
    'pipemessage': EventType.PIPE_MESSAGE,
    'packet': EventType.PACKET,
    'open': EventType.OPEN,
    'message': EventType.MESSAGE,
    'handshake': EventType.HANDSHAKE,
    'beforeshutdown': EventType.BEFORE_SHUTDOWN,
    'beforereload': EventType.BEFORE_RELOAD,
    'afterreload': EventType.AFTER_RELOAD,
    'workerexit': EventType.WORKER_EXIT,
}

# Payload kinds of task(), finish() and send_message(), carried in the
# event's 16-bit flags so the receiving process rebuilds the same value.
PAYLOAD_BYTES = 0
PAYLOAD_STR = 1
PAYLOAD_PICKLE = 2


def encode_payload(value):
    """(bytes, flags) for a task or message payload: bytes travel as they
    are, str as UTF-8, anything else pickled."""
    if isinstance(value, bytes):
        return value, PAYLOAD_BYTES
    if isinstance(value, str):
        return value.encode('utf-8'), PAYLOAD_STR
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL), PAYLOAD_PICKLE


def decode_payload(data, flags):
    kind = flags & 0xffff
    if kind == PAYLOAD_STR:
        return data.decode('utf-8')
    if kind == PAYLOAD_PICKLE:
        return pickle.loads(data)
    return data


# Events after which Python's stdio buffers are flushed: the process may end
# right after them without running Python's shutdown.
_FLUSH_AFTER = frozenset([
    EventType.START, EventType.SHUTDOWN, EventType.MANAGER_START,
    EventType.MANAGER_STOP, EventType.WORKER_START, EventType.WORKER_STOP,
    EventType.WORKER_ERROR, EventType.USER_PROCESS,
])

# The process whose Python runtime state is known to be right. A process
# forked by the core (manager, workers) inherits the parent's value and
# repairs itself on its first event; see _repair_after_fork().
_runtime_pid = os.getpid()


def _repair_after_fork(is_worker):
    """Bring the interpreter up to date after a fork done by the C core.

    os.fork() runs PyOS_AfterFork_Child() in the child: it resets the
    interpreter's locks and thread list and runs the os.register_at_fork()
    hooks (random reseeds itself, threading and logging fix their locks). A
    fork made by C skips all that, so the binding does it here, on the first
    event of the new process (the core makes that MANAGER_START or
    WORKER_START). It runs with the GIL held, as it does after os.fork().
    The parent's timers are forgotten too, as the core forgets them."""
    global _runtime_pid
    pid = os.getpid()
    if is_worker:
        loop._mark_worker()
    if pid == _runtime_pid:
        return
    _runtime_pid = pid
    ctypes.pythonapi.PyOS_AfterFork_Child()
    loop._after_fork(is_worker)


def _flush_stdio():
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass


def _bytes(value, what):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode('utf-8')
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise TypeError('%s must be bytes or str, not %s'
                    % (what, type(value).__name__))


# Events that carry a listener index, and so may have a per-port handler.
_PORT_EVENTS = frozenset([EventType.CONNECT, EventType.RECEIVE,
                          EventType.CLOSE, EventType.REQUEST,
                          EventType.PACKET, EventType.OPEN,
                          EventType.MESSAGE, EventType.HANDSHAKE])


def _set_options(items, set_bool, set_int, set_double, set_str):
    """Calls the typed setter that fits each (name, value): bool is tested
    before int (a bool is an int in Python). set_double may be None (no
    float options there)."""
    for name, value in items:
        n = _bytes(name, 'option name')
        if isinstance(value, bool):
            set_bool(n, len(n), 1 if value else 0)
        elif isinstance(value, int):
            set_int(n, len(n), value)
        elif isinstance(value, float) and set_double is not None:
            set_double(n, len(n), value)
        elif isinstance(value, (str, bytes)):
            v = _bytes(value, 'option value')
            set_str(n, len(n), v, len(v))
        else:
            raise SwirlError(
                ErrorCode.EOPTION_TYPE,
                '%s: option %s: no setter for a Python %s'
                % (_ffi.strerror(ErrorCode.EOPTION_TYPE), name,
                   type(value).__name__))


class Port:
    """A listener of a Server (Swoole's Server\\Port): its own protocol
    options and, optionally, its own connect/receive/close/request
    handlers. int(port) is the listener's index."""

    def __init__(self, server, index):
        self.server = server
        self.index = index
        self.setting = {}

    def __index__(self):
        return self.index

    def __repr__(self):
        return '<swirl.Port %d of %r>' % (self.index, self.server)

    @property
    def port(self):
        return self.server.listener_port(self.index)

    @property
    def sock(self):
        """The listening socket's descriptor (the server's: keep it open)."""
        return lib.server_port_fd(self.server._handle(), self.index)

    def set(self, options=None, **kwargs):
        """Protocol options of this listener alone (open_eof_check,
        package_eof, open_length_check, open_http_protocol, ...)."""
        items = list(dict(options or {}).items()) + list(kwargs.items())
        srv, i = self.server._handle(), self.index

        def bind(f):
            return lambda *a: f(srv, i, *a)
        for item in items:
            _set_options([item], bind(lib.server_port_set_bool),
                         bind(lib.server_port_set_int), None,
                         bind(lib.server_port_set_str))
            self.setting[item[0]] = item[1]
        return True

    def on(self, name, fn):
        """A handler for this listener's connect, receive, close or request
        events, used instead of the server's."""
        t = _event_type(name)
        if t not in _PORT_EVENTS:
            raise SwirlError(ErrorCode.EINVALID_PARAMS,
                             '%s: a port has no %r event'
                             % (_ffi.strerror(ErrorCode.EINVALID_PARAMS),
                                name))
        if fn is None:
            self.server._port_handlers.pop((self.index, t), None)
            return True
        if not callable(fn):
            raise TypeError('the handler of %r is not callable' % name)
        self.server._port_handlers[(self.index, t)] = fn
        return True


def _event_type(name):
    """The EventType of an on() name (case and underscores ignored)."""
    key = str(name).lower().replace('_', '')
    if key not in EVENT_NAMES:
        raise SwirlError(
            ErrorCode.EINVALID_PARAMS,
            '%s: unknown event %r (known: %s)'
            % (_ffi.strerror(ErrorCode.EINVALID_PARAMS), name,
               ', '.join(sorted(EVENT_NAMES))))
    return EVENT_NAMES[key]


class Server:
    """One swirl_server. See the module documentation."""

    def __init__(self, host, port=0, mode=Mode.BASE, sock_type=SockType.TCP):
        h = _bytes(host, 'host')
        out = ctypes.c_void_p()
        lib.server_new(ctypes.byref(out), h, len(h), int(port), int(mode),
                       int(sock_type))
        self._srv = out
        self.host = host
        self.mode = int(mode)
        self.sock_type = int(sock_type)
        self.setting = {}
        self.event = None
        self._handlers = {}
        self._port_handlers = {}  # (listener index, event type) -> fn
        self._started = False
        self._start_pid = None
        self._pending = None
        self._task_callbacks = {}  # task id -> finish callback
        self._waited = set()  # tasks of task_wait_multi() that timed out
        self._processes = []  # add_process() functions by index
        self._task_finished = True  # finish() done for the current TASK
        # The one C callback of this server, created once and kept alive by
        # this object for as long as the core may call it.
        self._cb = EVENT_CB(self._dispatch)

    # ------------------------------------------------------------ lifetime

    def free(self):
        """Frees the server (not while it runs). Safe to call twice."""
        srv, self._srv = getattr(self, '_srv', None), None
        if srv and lib is not None:
            lib.server_free(srv)

    def __del__(self):
        try:
            self.free()
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.free()

    def _handle(self):
        if not self._srv:
            raise SwirlError(ErrorCode.EINVALID_PARAMS,
                             'the server has been freed')
        return self._srv

    # ------------------------------------------------------------ set-up

    def listen(self, host, port=0, sock_type=SockType.TCP):
        """Adds a listener (Swoole's addListener); returns its Port."""
        h = _bytes(host, 'host')
        index = lib.server_listen(self._handle(), h, len(h), int(port),
                                  int(sock_type))
        return Port(self, index)

    addListener = listen

    def set(self, options=None, **kwargs):
        """Sets options, Swoole's set(): set({'worker_num': 2}) or
        set(worker_num=2). The setter follows the Python type: bool (tested
        before int, bool being an int), int, float, str/bytes. Raises
        SwirlError naming the first option the core refuses; the options
        before it stay set."""
        items = list(dict(options or {}).items()) + list(kwargs.items())
        srv = self._handle()

        def bind(f):
            return lambda *a: f(srv, *a)
        for item in items:
            _set_options([item], bind(lib.server_set_bool),
                         bind(lib.server_set_int),
                         bind(lib.server_set_double),
                         bind(lib.server_set_str))
            self.setting[item[0]] = item[1]
        return True

    def get(self, name):
        """The effective value of an integer or boolean option."""
        n = _bytes(name, 'option name')
        out = ctypes.c_int64()
        lib.server_get_int(self._handle(), n, len(n), ctypes.byref(out))
        return out.value

    def options(self):
        """Every option the server accepts: {name: type} with type one of
        'i' (int), 'b' (bool), 'd' (float), 's' (str)."""
        srv = self._handle()
        size = 4096
        while True:
            buf = ctypes.create_string_buffer(size)
            n = ctypes.c_size_t(size)
            rc = lib.server_options(srv, buf, ctypes.byref(n))
            if rc == ErrorCode.ERANGE or n.value > size:
                if n.value <= size:
                    raise SwirlError(rc, 'swirl_server_options() said ERANGE '
                                     'without asking for more room')
                size = n.value + 1
                continue
            text = buf.raw[:n.value].split(b'\0', 1)[0].decode()
            break
        result = {}
        for line in text.splitlines():
            if line:
                name, _, kind = line.partition(':')
                result[name] = kind
        return result

    def add_process(self, fn):
        """Adds a user process (Swoole's addProcess) running fn(server,
        index); before start(). Returns its index."""
        if not callable(fn):
            raise TypeError('add_process() needs a callable')
        index = lib.server_add_process(self._handle())
        while len(self._processes) <= index:
            self._processes.append(None)
        self._processes[index] = fn
        return index

    addProcess = add_process

    def on(self, name, fn):
        """Registers fn for the event `name` (see EVENT_NAMES; case and
        underscores do not matter). Before start(); fn None removes it."""
        t = _event_type(name)
        if fn is None:
            self._handlers.pop(t, None)
            return True
        if not callable(fn):
            raise TypeError('the handler of %r is not callable' % name)
        self._handlers[t] = fn
        return True

    # ------------------------------------------------------------ running

    def start(self):
        """Runs the server. Returns in the master after SHUTDOWN; workers
        and the manager end inside this call. Raises the first exception
        that escaped a master callback, after the server has stopped."""
        srv = self._handle()
        mask = 0
        # MANAGER_START and WORKER_START are always wanted: they are where a
        # forked process repairs the Python runtime.
        # FINISH is wanted for task() callbacks even without a handler,
        # USER_PROCESS for add_process() functions.
        if self._processes:
            mask |= 1 << int(EventType.USER_PROCESS)
        for t in (set(self._handlers) |
                  {t for _, t in self._port_handlers} |
                  {EventType.MANAGER_START, EventType.WORKER_START,
                   EventType.FINISH}):
            mask |= 1 << int(t)
        lib.server_on_event(srv, self._cb, None, mask)
        self._start_pid = os.getpid()
        self._started = True
        # Anything left in Python's buffers would be written again by every
        # forked process.
        _flush_stdio()
        # Python's SIGINT handler only sets a flag that nobody would look at
        # while C runs the loop; let Ctrl-C act as it does for a C server.
        old_sigint = None
        try:
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                old_sigint = signal.signal(signal.SIGINT, signal.SIG_DFL)
        except ValueError:
            pass  # Not the main thread: leave signals alone.
        try:
            lib.server_start(srv)
        finally:
            if old_sigint is not None:
                signal.signal(signal.SIGINT, old_sigint)
        if os.getpid() != self._start_pid:
            # The core promises this never happens; if it does, end the
            # child here rather than let it run the master's code.
            sys.stderr.write('swirl: server_start() returned in a child '
                             'process (pid %d); ending it\n' % os.getpid())
            _flush_stdio()
            _ffi.process_exit(1)
        pending, self._pending = self._pending, None
        if pending is not None:
            raise pending
        return True

    def send(self, conn, data):
        """Queues data for connection conn (bytes; str is sent as UTF-8)."""
        d = _bytes(data, 'data')
        lib.server_send(self._handle(), int(conn), d, len(d))
        return True

    def sendto(self, address, port, data, listener=-1):
        """Sends a datagram to address:port (for a Unix datagram port: a
        socket path and port 0) from datagram listener `listener` (an
        index or Port; -1: the first datagram listener that fits)."""
        a = _bytes(address, 'address')
        d = _bytes(data, 'data')
        lib.server_sendto(self._handle(), a, len(a), int(port), d, len(d),
                          int(listener))
        return True

    def sendfile(self, conn, path, offset=0, length=0):
        """Sends `length` bytes (0: to the end) of the file at path from
        offset to conn, after what is queued, reading as the client takes
        them."""
        lib.server_sendfile(self._handle(), int(conn), _path(path),
                            int(offset), int(length))
        return True

    def push(self, conn, data, opcode=None, flags=WsFlags.FIN):
        """Sends one WebSocket frame to conn. opcode defaults to TEXT for
        str data and BINARY for bytes; flags FIN unless more fragments
        follow."""
        if opcode is None:
            opcode = WsOpcode.TEXT if isinstance(data, str) else \
                WsOpcode.BINARY
        d = _bytes(data, 'data')
        lib.ws_push(self._handle(), int(conn), d, len(d), int(opcode),
                    int(flags))
        return True

    def disconnect(self, conn, code=1000, reason=''):
        """Closes WebSocket conn with a close frame (code, reason)."""
        r = _bytes(reason, 'reason')
        lib.ws_disconnect(self._handle(), int(conn), int(code), r, len(r))
        return True

    def isEstablished(self, conn):
        """True if conn is an open WebSocket connection."""
        info = self.connection_info(conn)
        return info is not None and \
            info.get('websocket_status') == WsStatus.ACTIVE

    def close(self, conn, reset=False):
        """Closes conn after its queued data (reset: at once, with RST)."""
        lib.server_close(self._handle(), int(conn), 1 if reset else 0)
        return True

    def pause(self, conn):
        """Stops reading conn until resume() (Swoole's pause())."""
        lib.server_pause(self._handle(), int(conn), 1)
        return True

    def resume(self, conn):
        """Reads conn again after pause()."""
        lib.server_pause(self._handle(), int(conn), 0)
        return True

    def exist(self, conn):
        return lib.server_exist(self._handle(), int(conn)) == 1

    def connection_info(self, conn):
        """Swoole's getClientInfo()/connection_info(): a dict, or None when
        there is no such connection."""
        info = _ffi.ConnInfo()
        try:
            lib.server_connection_info(self._handle(), int(conn),
                                       ctypes.byref(info))
        except SwirlError as e:
            if e.code == ErrorCode.ESESSION_NOT_EXIST:
                return None
            raise
        out = {
            'server_port': info.server_port,
            'server_fd': info.server_fd,
            'socket_type': info.socket_type,
            'remote_port': info.remote_port,
            'remote_ip': info.remote_ip.decode('ascii', 'replace'),
            'reactor_id': info.reactor_id,
            'worker_id': info.worker_id,
            'connect_time': info.connect_time,
            'last_time': info.last_time,
            'listener': info.listener,
        }
        if info.uid:
            out['uid'] = info.uid
        if info.websocket_status:
            out['websocket_status'] = info.websocket_status
        return out

    getClientInfo = connection_info

    def connection_list(self, start_fd=0, count=10):
        """Up to count ids of open connections above start_fd, ascending
        (Swoole's getClientList())."""
        ids = (ctypes.c_uint64 * max(int(count), 1))()
        n = lib.server_connection_list(self._handle(), int(start_fd), ids,
                                       int(count))
        return list(ids[:n])

    getClientList = connection_list

    def connections(self):
        """Every open connection id (iterates connection_list())."""
        last = 0
        while True:
            chunk = self.connection_list(last, 256)
            if not chunk:
                return
            yield from chunk
            last = chunk[-1]

    @property
    def connection_count(self):
        """Open connections of the whole server."""
        return lib.server_connection_count(self._handle())

    def heartbeat(self, close=True):
        """Connections idle for heartbeat_idle_time: their ids, closed too
        unless close is False (Swoole's heartbeat())."""
        srv = self._handle()
        size = max(int(lib.server_connection_count(srv)) + 64, 256)
        while True:
            ids = (ctypes.c_uint64 * size)()
            n = lib.server_heartbeat(srv, 1 if close else 0, ids, size)
            if n <= size or close:
                return list(ids[:min(n, size)])
            size = n + 64

    def stats(self):
        """Swoole's stats(): a dict of counters."""
        st = _ffi.Stats()
        lib.server_stats(self._handle(), ctypes.byref(st))
        return {name: getattr(st, name) for name, _ in st._fields_}

    def bind(self, conn, uid):
        """Binds conn to a user id (dispatch_mode 5)."""
        lib.server_bind(self._handle(), int(conn), int(uid))
        return True

    def shutdown(self):
        lib.server_shutdown(self._handle())
        return True

    def task(self, data, dst=-1, callback=None):
        """Sends a task to task worker dst (-1: an idle one); returns its
        id. callback(server, task_id, result), when given, replaces the
        'finish' handler for this task. In an event worker only."""
        d, flags = encode_payload(data)
        tid = lib.server_task(self._handle(), d, len(d), int(dst), flags)
        if callback is not None:
            self._task_callbacks[tid] = callback
        return tid

    def finish(self, data):
        """Inside a 'task' handler: sends the result to the worker that
        sent the task (once per task)."""
        d, flags = encode_payload(data)
        lib.server_finish(self._handle(), d, len(d), flags)
        self._task_finished = True
        return True

    def task_finish(self, src, task_id, data):
        """In a task worker, also after the 'task' handler returned:
        sends the result of task task_id from worker src."""
        d, flags = encode_payload(data)
        lib.server_task_finish(self._handle(), int(src), int(task_id), d,
                               len(d), flags)
        return True

    def protect(self, conn, on=True):
        """Keeps the heartbeat from closing conn for being idle
        (Swoole's protect()); on=False undoes it."""
        lib.server_protect(self._handle(), int(conn), 1 if on else 0)
        return True

    def taskwait(self, data, timeout=0.5, dst=-1):
        """Sends a task and waits up to timeout seconds for its result.
        Returns the result, or False when none came in time (as Swoole)."""
        d, flags = encode_payload(data)
        out = ctypes.c_void_p()
        out_len = ctypes.c_size_t()
        out_flags = ctypes.c_int32()
        try:
            lib.server_taskwait(self._handle(), d, len(d), float(timeout),
                                int(dst), flags, ctypes.byref(out),
                                ctypes.byref(out_len), ctypes.byref(out_flags))
        except SwirlError as e:
            if e.code == ErrorCode.ETIMEDOUT:
                return False
            raise
        try:
            raw = ctypes.string_at(out.value, out_len.value) \
                if out_len.value else b''
        finally:
            lib.free(out)
        return decode_payload(raw, out_flags.value)

    def task_wait_multi(self, tasks, timeout=0.5):
        """Sends every task of the list at once and waits up to timeout
        seconds in all: a dict index -> result of those that came in time
        (Swoole's taskWaitMulti)."""
        ids = []
        for data in tasks:
            d, flags = encode_payload(data)
            ids.append(lib.server_task(self._handle(), d, len(d), -1, flags))
        deadline = time.monotonic() + float(timeout)
        out = ctypes.c_void_p()
        out_len = ctypes.c_size_t()
        out_flags = ctypes.c_int32()
        results = {}
        for i, tid in enumerate(ids):
            left = max(0.001, deadline - time.monotonic())
            try:
                lib.server_task_wait(self._handle(), tid, left,
                                     ctypes.byref(out), ctypes.byref(out_len),
                                     ctypes.byref(out_flags))
            except SwirlError as e:
                if e.code != ErrorCode.ETIMEDOUT:
                    raise
                self._waited.add(tid)
                continue
            try:
                raw = ctypes.string_at(out.value, out_len.value) \
                    if out_len.value else b''
            finally:
                lib.free(out)
            results[i] = decode_payload(raw, out_flags.value)
        return results

    taskWaitMulti = task_wait_multi

    def send_message(self, data, dst):
        """Sends data to worker or task worker dst ('pipemessage' there)."""
        d, flags = encode_payload(data)
        lib.server_send_message(self._handle(), d, len(d), int(dst), flags)
        return True

    sendMessage = send_message

    # ------------------------------------------------------------ state

    @property
    def port(self):
        """The bound port of the first listener."""
        return lib.server_port(self._handle(), 0)

    def listener_port(self, index):
        return lib.server_port(self._handle(), int(index))

    @property
    def worker_id(self):
        return lib.server_worker_id(self._handle())

    @property
    def taskworker(self):
        """True in a task worker (ids worker_num and up)."""
        return self.worker_id >= self.get('worker_num')

    @property
    def master_pid(self):
        return lib.server_master_pid(self._handle())

    @property
    def manager_pid(self):
        return lib.server_manager_pid(self._handle())

    @property
    def worker_pid(self):
        return lib.server_worker_pid(self._handle())

    @property
    def last_error(self):
        """The code of the last failed call on this server (a negative
        ErrorCode value, 0 if none)."""
        return lib.server_last_error(self._handle())

    def getLastError(self):
        """Swoole's getLastError(): last_error as a positive number."""
        return -self.last_error

    @property
    def errmsg(self):
        return _ffi._decode(lib.server_errmsg(self._handle()))

    # ------------------------------------------------------------ events

    def _dispatch(self, ev_p, ud):
        """The C callback. Never lets an exception reach ctypes (which would
        print it and carry on as if nothing happened)."""
        t = EventType.NONE
        try:
            ev = ev_p[0]
            t = ev.type
            if t == EventType.WORKER_START:
                _repair_after_fork(True)
            elif t == EventType.MANAGER_START:
                _repair_after_fork(False)
            elif t == EventType.USER_PROCESS:
                _repair_after_fork(True)
            fn = self._handlers.get(t)
            if self._port_handlers and t in _PORT_EVENTS:
                fn = self._port_handlers.get((ev.listener, t), fn)
            if t == EventType.FINISH:
                if ev.id in self._waited:
                    # A result that came after task_wait_multi() gave up.
                    self._waited.discard(ev.id)
                    return
                fn = self._task_callbacks.pop(ev.id, fn)
            elif t == EventType.USER_PROCESS and 0 <= ev.id < len(
                    self._processes):
                fn = self._processes[ev.id]
            if fn is not None:
                self.event = ev
                try:
                    self._call(t, fn, ev)
                finally:
                    self.event = None
            if t in _FLUSH_AFTER:
                _flush_stdio()
        except BaseException as e:  # noqa: B902 - everything must stop here
            self._callback_failed(t, e)

    def _call(self, t, fn, ev):
        if t == EventType.RECEIVE:
            data = ctypes.string_at(ev.data, ev.len) if ev.len else b''
            fn(self, ev.conn, ev.reactor_id, data)
        elif t == EventType.REQUEST:
            head = ctypes.string_at(ev.data, ev.len) if ev.len else b''
            body = (ctypes.string_at(ev.extra, ev.extra_len)
                    if ev.extra_len else b'')
            fn(Request(ev.conn, head, body, ev.status, ev.flags,
                       ev.listener), Response(self, ev.conn))
        elif t == EventType.CONNECT or t == EventType.CLOSE:
            fn(self, ev.conn, ev.reactor_id)
        elif t == EventType.PACKET:
            data = ctypes.string_at(ev.data, ev.len) if ev.len else b''
            addr = (ctypes.string_at(ev.extra, ev.extra_len)
                    if ev.extra_len else b'')
            fn(self, data, {
                'address': addr.decode('utf-8', 'replace'),
                'port': ev.status,
                'listener': ev.listener,
                'server_port': self.listener_port(ev.listener),
            })
        elif t == EventType.MESSAGE:
            data = ctypes.string_at(ev.data, ev.len) if ev.len else b''
            fn(self, Frame(ev.conn, data, ev.status, bool(ev.flags & 1)))
        elif t == EventType.OPEN:
            head = ctypes.string_at(ev.data, ev.len) if ev.len else b''
            fn(self, Request(ev.conn, head, b'', 11, 0, ev.listener))
        elif t == EventType.HANDSHAKE:
            head = ctypes.string_at(ev.data, ev.len) if ev.len else b''
            body = (ctypes.string_at(ev.extra, ev.extra_len)
                    if ev.extra_len else b'')
            fn(Request(ev.conn, head, body, ev.status, ev.flags,
                       ev.listener), Response(self, ev.conn))
        elif t == EventType.TASK:
            self._task_finished = False
            result = fn(self, ev.id, ev.worker_id, self._payload(ev))
            if result is not None and not self._task_finished:
                self.finish(result)
            self._task_finished = True
        elif t == EventType.FINISH:
            fn(self, ev.id, self._payload(ev))
        elif t == EventType.PIPE_MESSAGE:
            fn(self, ev.worker_id, self._payload(ev))
        elif t == EventType.USER_PROCESS:
            fn(self, ev.id)
        elif t in (EventType.WORKER_START, EventType.WORKER_STOP,
                   EventType.WORKER_EXIT):
            fn(self, ev.worker_id)
        elif t == EventType.WORKER_ERROR:
            fn(self, ev.worker_id, ev.pid, ev.status, ev.signal)
        else:
            fn(self)

    @staticmethod
    def _payload(ev):
        raw = ctypes.string_at(ev.data, ev.len) if ev.len else b''
        return decode_payload(raw, ev.flags)

    def _callback_failed(self, t, exc):
        """Handles an exception that escaped the callback for event t."""
        try:
            name = EventType(t).name.lower()
        except ValueError:
            name = str(t)
        try:
            worker_id = lib.server_worker_id(self._srv)
            master = lib.server_master_pid(self._srv) or self._start_pid
        except Exception:
            worker_id, master = -1, self._start_pid
        pid = os.getpid()
        if worker_id >= 0:
            # A worker: report and end it; the manager starts another.
            code = 255
            if isinstance(exc, SystemExit) and isinstance(exc.code, int):
                code = exc.code
            else:
                sys.stderr.write(
                    'swirl: uncaught exception in the %s callback of worker '
                    '%d (pid %d); the worker exits\n' % (name, worker_id, pid))
                traceback.print_exception(type(exc), exc, exc.__traceback__)
            _flush_stdio()
            _ffi.process_exit(code)
            return
        if pid == master:
            # The master: stop the server, raise from start().
            if self._pending is None:
                self._pending = exc
        else:
            sys.stderr.write(
                'swirl: uncaught exception in the %s callback of the manager '
                '(pid %d); shutting the server down\n' % (name, pid))
            traceback.print_exception(type(exc), exc, exc.__traceback__)
            _flush_stdio()
        try:
            lib.server_shutdown(self._srv)
        except Exception as e:
            sys.stderr.write('swirl: shutdown after the exception failed: '
                             '%s\n' % e)
            _flush_stdio()
