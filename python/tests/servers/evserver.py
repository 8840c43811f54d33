"""A test server driven through the swirl binding, run as a child process.

    evserver.py [--host H] [--port P] [--mode base|process]
                [--set name=value ...] [--raise-in start|shutdown]
                [--eof-port] [--udp-port] [--http]

It prints, each as one line written with a single write(2) so that lines of
different processes never mix:

    PORT2 <port> / UDP <port>            the extra listeners, if asked for
    PORT <port>                          after the server is created
    EV <event> proc=<pid> wid=<id> k=v   for every event, in the process
                                         that received it
    START-FAILED <code> <message>        if start() raised SwirlError
    EXIT 0                               when start() returned in the master

A connection whose first byte is '!' is a command connection: its lines run
as commands (see App.command); any other connection is echoed. With --http
the first port speaks HTTP instead (see App.on_request). Values of --set
are typed like Python literals: true/false, integers, floats, else strings.
"""

import argparse
import ast
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

import swirl  # noqa: E402


def emit(*parts):
    os.write(1, (' '.join(str(p) for p in parts) + '\n').encode())


def pattern(n):
    """n deterministic bytes that repeat nowhere (the client computes the
    same to check order)."""
    return random.Random(n).randbytes(n)


def rss_kb():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return -1


def parse_value(text):
    low = text.lower()
    if low in ('true', 'false'):
        return low == 'true'
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


class App:
    def __init__(self, args):
        self.args = args
        # Per-connection state in this worker: None = echo connection,
        # bytearray = buffered command connection.
        self.conns = {}
        self.task_fd = {}  # task id -> fd waiting for its 'finish'

    # ---------------------------------------------------------- events

    def tag(self, srv):
        return 'proc=%d wid=%d' % (os.getpid(), srv.worker_id)

    def maybe_raise(self, name):
        if self.args.raise_in == name:
            raise RuntimeError('raised on purpose in %s' % name)

    def on_start(self, srv):
        emit('EV start', self.tag(srv), 'master=%d' % srv.master_pid,
             'manager=%d' % srv.manager_pid)
        self.maybe_raise('start')

    def on_shutdown(self, srv):
        emit('EV shutdown', self.tag(srv))
        self.maybe_raise('shutdown')

    def on_manager_start(self, srv):
        emit('EV managerstart', self.tag(srv))

    def on_manager_stop(self, srv):
        emit('EV managerstop', self.tag(srv))

    def on_before_reload(self, srv):
        emit('EV beforereload', self.tag(srv))

    def on_after_reload(self, srv):
        emit('EV afterreload', self.tag(srv))

    def on_before_shutdown(self, srv):
        emit('EV beforeshutdown', self.tag(srv))

    def on_worker_start(self, srv, worker_id):
        emit('EV workerstart', self.tag(srv), 'id=%d' % worker_id,
             'pid=%d' % srv.worker_pid, 'rand=%r' % random.random())

    def on_worker_stop(self, srv, worker_id):
        emit('EV workerstop', self.tag(srv), 'id=%d' % worker_id)

    def on_worker_error(self, srv, worker_id, pid, status, sig):
        emit('EV workererror', self.tag(srv), 'id=%d' % worker_id,
             'pid=%d' % pid, 'status=%d' % status, 'signal=%d' % sig)

    def on_connect(self, srv, fd, reactor_id):
        emit('EV connect', self.tag(srv), 'fd=%d' % fd,
             'reactor=%d' % reactor_id)

    def on_close(self, srv, fd, reactor_id):
        self.conns.pop(fd, None)
        emit('EV close', self.tag(srv), 'fd=%d' % fd,
             'reactor=%d' % reactor_id)

    def on_receive(self, srv, fd, reactor_id, data):
        emit('EV receive', self.tag(srv), 'fd=%d' % fd,
             'reactor=%d' % reactor_id, 'len=%d' % len(data))
        if fd not in self.conns:
            self.conns[fd] = bytearray() if data[:1] == b'!' else None
        buf = self.conns[fd]
        if buf is None:
            srv.send(fd, data)
            return
        buf += data
        while b'\n' in buf:
            line, _, rest = bytes(buf).partition(b'\n')
            buf[:] = rest
            self.command(srv, fd, line.decode().split())

    def on_eof_receive(self, srv, fd, reactor_id, data):
        """The second listener's handler: one packet per event."""
        emit('EV receive2', self.tag(srv), 'fd=%d' % fd,
             'listener=%d' % srv.event.listener, 'len=%d' % len(data))
        srv.send(fd, b'[%d:%s]' % (len(data), data.rstrip(b'\r\n')))

    def on_packet(self, srv, data, client):
        emit('EV packet', self.tag(srv), 'from=%s:%d' % (client['address'],
                                                         client['port']),
             'listener=%d' % client['listener'], 'len=%d' % len(data))
        if data.startswith(b'!SENDTO '):
            # '!SENDTO addr port': a sendto() to that address; the answer
            # says whether it was accepted.
            _, addr, port = data.decode().split()
            try:
                srv.sendto(addr, int(port), b'x', client['listener'])
                verdict = b'ok'
            except swirl.SwirlError as e:
                verdict = b'error %d' % e.code
            srv.sendto(client['address'], client['port'], verdict,
                       client['listener'])
            return
        srv.sendto(client['address'], client['port'],
                   b'udp %d %s' % (client['port'], data), client['listener'])

    # ---------------------------------------------------------- WebSocket

    def on_open(self, srv, req):
        emit('EV open', self.tag(srv), 'fd=%d' % req.fd,
             'uri=%s' % req.uri, 'proto=%s' % req.header.get(
                 'sec-websocket-protocol', '-'))

    def on_handshake(self, req, resp):
        emit('EV handshake', 'proc=%d' % os.getpid(), 'fd=%d' % req.fd)
        key = req.header.get('sec-websocket-key', '')
        if req.get.get('deny'):
            resp.status(403)
            resp.end('denied')
            return
        resp.status(101)
        resp.header('Upgrade', 'websocket')
        resp.header('Connection', 'Upgrade')
        resp.header('Sec-WebSocket-Accept', swirl.websocket_accept(key))
        resp.header('X-Handshake', 'custom')
        resp.end()

    def on_message(self, srv, frame):
        """Echoes a message ("echo:" + text, or the bytes), or runs it:
        "disconnect"      close frame 4000 "bye"
        "fragments"       "abcdef" sent as three fragments
        "push FD TEXT"    push TEXT to FD; answers "rc CODE"
        "badopcode"       push with opcode 3; answers "rc CODE"
        "established FD"  "established True|False"
        "info"            repr of connection_info(own fd)
        """
        emit('EV message', self.tag(srv), 'fd=%d' % frame.fd,
             'opcode=%d' % frame.opcode, 'len=%d' % len(frame.data))
        fd, data = frame.fd, frame.data
        if frame.opcode != swirl.WsOpcode.TEXT:
            srv.push(fd, data, swirl.WsOpcode.BINARY)
            return
        words = data.split(' ', 2)
        if data == 'disconnect':
            srv.disconnect(fd, 4000, 'bye')
        elif data == 'fragments':
            srv.push(fd, 'ab', swirl.WsOpcode.TEXT, 0)
            srv.push(fd, 'cd', swirl.WsOpcode.CONTINUATION, 0)
            srv.push(fd, 'ef', swirl.WsOpcode.CONTINUATION,
                     swirl.WsFlags.FIN)
        elif words[0] in ('push', 'badopcode'):
            try:
                if words[0] == 'push':
                    srv.push(int(words[1]), words[2])
                else:
                    srv.push(fd, 'x', 3)
                code = 0
            except swirl.SwirlError as e:
                code = e.code
            srv.push(fd, 'rc %d' % code)
        elif words[0] == 'established':
            srv.push(fd, 'established %s' % srv.isEstablished(int(words[1])))
        elif data == 'info':
            srv.push(fd, repr(srv.connection_info(fd)))
        else:
            srv.push(fd, 'echo:' + data)

    def user_process(self, srv, index):
        """An add_process() process: reports itself, then idles until the
        server stops it."""
        emit('EV userprocess', 'proc=%d' % os.getpid(),
             'wid=%d' % srv.worker_id, 'index=%d' % index)
        while True:
            time.sleep(3600)

    # ---------------------------------------------------------- tasks

    def on_task(self, srv, task_id, src, data):
        """Answers with a tuple describing where the task ran, or as the
        payload asks: 'noreply' -> nothing, {'sleep': s} -> after s
        seconds, 'raise' -> an exception, ('finish', x) -> finish(x) then
        returns 'ignored' (which must not be sent)."""
        emit('EV task', self.tag(srv), 'id=%d' % task_id, 'src=%d' % src,
             'type=%s' % type(data).__name__)
        if data == 'noreply':
            return None
        if data == 'raise':
            raise RuntimeError('raised on purpose in task')
        if isinstance(data, dict) and 'sleep' in data:
            time.sleep(data['sleep'])
        if isinstance(data, tuple) and data[:1] == ('finish',):
            srv.finish(data[1])
            return 'ignored'
        if isinstance(data, tuple) and data[:1] == ('later',):
            # Answered from a timer, once the handler has returned.
            swirl.timer_after(20, lambda: srv.task_finish(src, task_id,
                                                          data[1]))
            return None
        return ('done', data, srv.worker_id, srv.taskworker, src)

    def on_finish(self, srv, task_id, data):
        emit('EV finish', self.tag(srv), 'id=%d' % task_id)
        fd = self.task_fd.pop(task_id, None)
        if fd is not None:
            srv.send(fd, 'FINISH-H %r\n' % (data,))

    def on_pipe_message(self, srv, src, data):
        emit('EV pipemessage', self.tag(srv), 'src=%d' % src)
        kind, fd, text = data
        if kind == 'ping':
            srv.send_message(('pong', fd, '%s from %d' % (text,
                                                         srv.worker_id)),
                             src)
        else:
            srv.send(fd, 'MSG %s\n' % text)

    # ---------------------------------------------------------- HTTP

    def on_request(self, req, resp):
        """Routes by path:
        /hello?name=N   "hello N"
        /echo           the body back, with the request's content type
        /info           method, uri, protocol, headers, get, post, cookie
        /status/N       status N, body "status N"
        /chunked        "abc" in three chunks
        /later          "late", from a timer 20 ms later
        /close          "bye", then the server closes the connection
        /file?path=P&offset=O&length=L   a part of file P by sendfile
        /raise          raises in the callback
        """
        emit('EV request', 'proc=%d' % os.getpid(), 'fd=%d' % req.fd,
             'method=%s' % req.method, 'uri=%s' % req.uri)
        path = req.server['path_info']
        if path == '/hello':
            resp.header('Content-Type', 'text/plain')
            resp.end('hello %s' % req.get.get('name', 'world'))
        elif path == '/echo':
            resp.header('Content-Type',
                        req.header.get('content-type', 'text/plain'))
            resp.end(req.rawContent())
        elif path == '/info':
            import json
            resp.header('Content-Type', 'application/json')
            resp.end(json.dumps({
                'method': req.method, 'uri': req.uri,
                'server': req.server, 'header': req.header, 'get': req.get,
                'post': req.post, 'cookie': req.cookie,
                'keep_alive': req.keep_alive}))
        elif path.startswith('/status/'):
            code = int(path.split('/')[2])
            resp.status(code)
            resp.end('status %d' % code)
        elif path == '/chunked':
            resp.write('a')
            resp.write('b')
            resp.end('c')
        elif path == '/later':
            swirl.timer_after(20, resp.end, 'late')
        elif path == '/close':
            resp.end('bye', close=True)
        elif path == '/file':
            resp.header('Content-Type', 'application/octet-stream')
            try:
                resp.sendfile(req.get['path'], int(req.get.get('offset', 0)),
                              int(req.get.get('length', 0)))
            except swirl.SwirlError as e:
                resp.status(404)
                resp.end('sendfile failed %d' % e.code)
        elif path == '/raise':
            raise RuntimeError('raised on purpose in request')
        else:
            resp.status(404)
            resp.end('no route %s' % path)

    # ---------------------------------------------------------- commands

    def command(self, srv, fd, words):
        """Runs one command line. COMMANDS:
        !INFO               -> "INFO fd=.. worker=.. pid=.."
        !BIG n [chunk]      -> n pattern bytes, in one send (chunk 0) or
                               in sends of `chunk` bytes
        !CLOSE n            -> n pattern bytes, then close(fd)
        !RESET              -> close(fd, reset=True)
        !SENDTO id          -> "RC <code>" of send(id, ...)
        !EXIST id           -> "EXIST 0|1"
        !RAISE              -> raises in this receive callback
        !FLOOD chunk max    -> send()s chunk-byte blocks to fd until one
                               fails or max bytes went; prints EV flood
        !SHUTDOWN           -> srv.shutdown(), "OK"
        !ECHO text          -> "text"
        !AFTER ms text      -> "text", from a timer ms milliseconds later
        !TICK ms n          -> "tick i" n times from one repeating timer
        !TASK expr          -> task(literal expr) with a finish callback:
                               "FINISH <repr of the result>"
        !TASKH expr         -> the same through the 'finish' handler:
                               "FINISH-H <repr>"
        !TASKBIG n          -> task(n pattern bytes): "FINISH <len> <ok>"
        !TASKWAIT t expr    -> "TASKWAIT <repr of taskwait(expr, t)> <s>"
        !TASKMULTI t list   -> "TASKMULTI <repr of task_wait_multi(list, t)> <s>"
        !MSG dst text       -> ping worker dst, which answers: "MSG text
                               from dst"
        !ME                 -> "ME <worker_id> <taskworker>"
        !CINFO [id]         -> "CINFO <repr of connection_info(id or fd)>"
        !CLIST              -> "CLIST <repr of every open connection id>"
        !CCOUNT             -> "CCOUNT <connection_count>"
        !BIND uid           -> "BIND OK" or "BIND <error code>"
        !STATS              -> "STATS <repr of stats()>"
        !HEARTBEAT 0|1      -> "HEARTBEAT <repr of heartbeat(close)>"
        !PROTECT 0|1        -> protect(fd, on), then "PROTECT OK"
        !SENDFILE p off len -> the file's bytes, then "END"
        !TINCR key          -> "TINCR <table hits> <atomic> <worker id>"
                               after incrementing both (--shm)
        !TGET key           -> "TGET <table hits>"
        """
        cmd, args = words[0], words[1:]
        if cmd == '!INFO':
            srv.send(fd, 'INFO fd=%d worker=%d pid=%d\n'
                     % (fd, srv.worker_id, os.getpid()))
        elif cmd == '!BIG':
            n = int(args[0])
            chunk = int(args[1]) if len(args) > 1 else 0
            data = pattern(n)
            if chunk <= 0:
                srv.send(fd, data)
            else:
                for i in range(0, n, chunk):
                    srv.send(fd, data[i:i + chunk])
        elif cmd == '!PAUSE':
            # Stops reading this connection for ms milliseconds.
            srv.pause(fd)
            emit('EV paused', self.tag(srv), 'fd=%d' % fd)

            def resume():
                emit('EV resumed', self.tag(srv), 'fd=%d' % fd)
                srv.resume(fd)
            swirl.timer_after(int(args[0]), resume)
            srv.send(fd, 'PAUSED\n')
        elif cmd == '!CLOSE':
            n = int(args[0]) if args else 0
            if n:
                srv.send(fd, pattern(n))
            srv.close(fd)
        elif cmd == '!RESET':
            srv.close(fd, reset=True)
        elif cmd == '!SENDTO':
            try:
                srv.send(int(args[0]), b'unexpected\n')
                code, msg = 0, ''
            except swirl.SwirlError as e:
                code, msg = e.code, e.message
            srv.send(fd, 'RC %d last_error=%d %s\n'
                     % (code, srv.last_error, msg))
        elif cmd == '!EXIST':
            srv.send(fd, 'EXIST %d\n' % int(srv.exist(int(args[0]))))
        elif cmd == '!RAISE':
            raise RuntimeError('raised on purpose in receive')
        elif cmd == '!FLOOD':
            self.flood(srv, fd, int(args[0]), int(args[1]))
        elif cmd == '!SHUTDOWN':
            srv.send(fd, 'OK\n')
            srv.shutdown()
        elif cmd == '!ECHO':
            srv.send(fd, ' '.join(args) + '\n')
        elif cmd == '!AFTER':
            text = ' '.join(args[1:]) + '\n'
            swirl.timer_after(int(args[0]), srv.send, fd, text)
        elif cmd == '!TICK':
            self.tick(srv, fd, int(args[0]), int(args[1]))
        elif cmd == '!TASK':
            value = ast.literal_eval(' '.join(args))
            srv.task(value, callback=lambda s, tid, res: s.send(
                fd, 'FINISH %r\n' % (res,)))
        elif cmd == '!TASKH':
            tid = srv.task(ast.literal_eval(' '.join(args)))
            self.task_fd[tid] = fd
        elif cmd == '!TASKBIG':
            n = int(args[0])
            srv.task(pattern(n), callback=lambda s, tid, res: s.send(
                fd, 'FINISH %d %s\n' % (len(res[1]), res[1] == pattern(n))))
        elif cmd == '!TASKWAIT':
            t0 = time.monotonic()
            res = srv.taskwait(ast.literal_eval(' '.join(args[1:])),
                               float(args[0]))
            srv.send(fd, 'TASKWAIT %r %.3f\n' % (res, time.monotonic() - t0))
        elif cmd == '!TASKMULTI':
            t0 = time.monotonic()
            res = srv.task_wait_multi(ast.literal_eval(' '.join(args[1:])),
                                      float(args[0]))
            srv.send(fd, 'TASKMULTI %r %.3f\n' % (res, time.monotonic() - t0))
        elif cmd == '!MSG':
            srv.send_message(('ping', fd, ' '.join(args[1:])), int(args[0]))
        elif cmd == '!CINFO':
            target = int(args[0]) if args else fd
            srv.send(fd, 'CINFO %r\n' % (srv.connection_info(target),))
        elif cmd == '!CLIST':
            srv.send(fd, 'CLIST %r\n' % (list(srv.connections()),))
        elif cmd == '!CCOUNT':
            srv.send(fd, 'CCOUNT %d\n' % srv.connection_count)
        elif cmd == '!BIND':
            try:
                srv.bind(fd, int(args[0]))
                srv.send(fd, 'BIND OK\n')
            except swirl.SwirlError as e:
                srv.send(fd, 'BIND %d\n' % e.code)
        elif cmd == '!STATS':
            srv.send(fd, 'STATS %r\n' % (srv.stats(),))
        elif cmd == '!HEARTBEAT':
            ids = srv.heartbeat(bool(int(args[0])))
            srv.send(fd, 'HEARTBEAT %r\n' % (ids,))
        elif cmd == '!PROTECT':
            srv.protect(fd, bool(int(args[0])))
            srv.send(fd, 'PROTECT OK\n')
        elif cmd == '!SENDFILE':
            try:
                srv.sendfile(fd, args[0], int(args[1]), int(args[2]))
                srv.send(fd, 'END\n')
            except swirl.SwirlError as e:
                srv.send(fd, 'SENDFILE-FAILED %d\n' % e.code)
        elif cmd == '!TINCR':
            hits = self.table.incr(args[0], 'hits')
            srv.send(fd, 'TINCR %d %d %d\n' % (hits, self.atomic.add(),
                                               srv.worker_id))
        elif cmd == '!TGET':
            srv.send(fd, 'TGET %s\n' % self.table.get(args[0], 'hits'))
        elif cmd == '!ME':
            srv.send(fd, 'ME %d %s\n' % (srv.worker_id, srv.taskworker))
        else:
            srv.send(fd, 'ERR unknown command %s\n' % cmd)

    def tick(self, srv, fd, ms, n):
        count = [0]

        def on_tick(tid):
            count[0] += 1
            srv.send(fd, 'tick %d\n' % count[0])
            if count[0] == n:
                swirl.timer_clear(tid)
        swirl.timer_tick(ms, on_tick)

    def flood(self, srv, fd, chunk, limit):
        block = b'x' * chunk
        before = rss_kb()
        sent, code = 0, 0
        while sent < limit:
            try:
                srv.send(fd, block)
            except swirl.SwirlError as e:
                code = e.code
                break
            sent += chunk
        emit('EV flood', self.tag(srv), 'fd=%d' % fd, 'rc=%d' % code,
             'sent=%d' % sent, 'rss_before=%d' % before,
             'rss_after=%d' % rss_kb())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--mode', default='base', choices=['base', 'process'])
    ap.add_argument('--set', action='append', default=[], metavar='NAME=V')
    ap.add_argument('--raise-in', default=None)
    ap.add_argument('--eof-port', action='store_true',
                    help='a second listener framing packets by "\\r\\n"')
    ap.add_argument('--udp-port', action='store_true',
                    help='a UDP listener answering "udp <port> <data>"')
    ap.add_argument('--http', action='store_true',
                    help='open_http_protocol and an HTTP request handler')
    ap.add_argument('--shm', action='store_true',
                    help='a Table and an Atomic shared by the workers')
    ap.add_argument('--user-process', action='store_true',
                    help='one add_process() process')
    ap.add_argument('--ws', action='store_true',
                    help='open_websocket_protocol, WebSocket handlers, and '
                    'the HTTP handler for plain requests')
    ap.add_argument('--ws-handshake', action='store_true',
                    help='with --ws: answer upgrades in a handshake handler')
    args = ap.parse_args()

    mode = swirl.BASE if args.mode == 'base' else swirl.PROCESS
    srv = swirl.Server(args.host, args.port, mode)
    opts = {}
    for item in args.set:
        name, _, value = item.partition('=')
        opts[name] = parse_value(value)
    if args.http:
        opts.setdefault('open_http_protocol', True)
    if args.ws:
        opts.setdefault('open_websocket_protocol', True)
    srv.set(opts)
    app = App(args)
    if args.shm:
        app.table = swirl.Table(256)
        app.table.column('hits', swirl.Table.TYPE_INT)
        app.table.create()
        app.atomic = swirl.Atomic(0)
    if args.user_process:
        srv.add_process(app.user_process)
    if args.http or args.ws:
        srv.on('request', app.on_request)
    if args.ws:
        srv.on('open', app.on_open)
        srv.on('message', app.on_message)
        if args.ws_handshake:
            srv.on('handshake', app.on_handshake)
    if opts.get('task_worker_num'):
        srv.on('task', app.on_task)
        srv.on('finish', app.on_finish)
    srv.on('PipeMessage', app.on_pipe_message)
    for name, fn in [('start', app.on_start), ('shutdown', app.on_shutdown),
                     ('ManagerStart', app.on_manager_start),
                     ('managerStop', app.on_manager_stop),
                     ('beforeReload', app.on_before_reload),
                     ('afterReload', app.on_after_reload),
                     ('beforeShutdown', app.on_before_shutdown),
                     ('workerstart', app.on_worker_start),
                     ('workerstop', app.on_worker_stop),
                     ('workererror', app.on_worker_error),
                     ('connect', app.on_connect), ('receive', app.on_receive),
                     ('close', app.on_close)]:
        srv.on(name, fn)
    if args.eof_port:
        port2 = srv.listen(args.host, 0)
        port2.set(open_eof_check=True, open_eof_split=True,
                  package_eof='\r\n')
        port2.on('receive', app.on_eof_receive)
        emit('PORT2 %d' % port2.port)
    if args.udp_port:
        udp = srv.listen(args.host, 0, swirl.UDP)
        srv.on('packet', app.on_packet)
        emit('UDP %d' % udp.port)
    emit('PORT %d' % srv.port)
    try:
        srv.start()
    except swirl.SwirlError as e:
        emit('START-FAILED %d %s' % (e.code, e.message))
        return 2
    emit('EXIT 0')
    return 0


if __name__ == '__main__':
    sys.exit(main())
