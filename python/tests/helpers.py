"""Helpers for the suite: servers in child processes and socket clients."""

import base64
import hashlib
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(HERE)
REPO = os.path.dirname(PYTHON_DIR)
SERVERS = os.path.join(HERE, 'servers')
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


class ServerDied(AssertionError):
    pass


def _proc_stat(pid):
    """(state, ppid, pgrp, comm) of pid from /proc, or None."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            text = f.read()
    except OSError:
        return None
    comm = text[text.index('(') + 1:text.rindex(')')]
    fields = text[text.rindex(')') + 2:].split()
    return fields[0], int(fields[1]), int(fields[2]), comm


def group_members(pgid):
    """Every live or zombie process of process group pgid, as a list of
    (pid, state, ppid, comm)."""
    out = []
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        st = _proc_stat(int(name))
        if st is not None and st[2] == pgid:
            out.append((int(name), st[0], st[1], st[3]))
    return out


def rss_kb(pid):
    """VmRSS of pid in kB (0 if it is gone)."""
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def group_rss_kb(pgid):
    """{pid: VmRSS in kB} of every process of group pgid."""
    return {m[0]: rss_kb(m[0]) for m in group_members(pgid)}


def wait_until(cond, timeout, interval=0.01):
    """Polls cond() until it is truthy or timeout seconds pass; returns its
    last value."""
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v or time.monotonic() >= deadline:
            return v
        time.sleep(interval)


class Output:
    """Lines of one pipe, read by a thread, waited on with deadlines."""

    def __init__(self, stream, name):
        self.lines = []
        self.name = name
        self.cond = threading.Condition()
        self.closed = False
        self.thread = threading.Thread(target=self._read, args=(stream,),
                                       daemon=True)
        self.thread.start()

    def _read(self, stream):
        for raw in iter(stream.readline, b''):
            with self.cond:
                self.lines.append(raw.decode('utf-8', 'replace').rstrip('\n'))
                self.cond.notify_all()
        with self.cond:
            self.closed = True
            self.cond.notify_all()

    def text(self):
        with self.cond:
            return '\n'.join(self.lines)

    def wait(self, pred, timeout, what, start=0):
        """Waits for a line (from index start) for which pred(line) is
        truthy; returns (index, pred's value). Fails on timeout or EOF."""
        deadline = time.monotonic() + timeout
        i = start
        with self.cond:
            while True:
                while i < len(self.lines):
                    v = pred(self.lines[i])
                    if v:
                        return i, v
                    i += 1
                left = deadline - time.monotonic()
                if self.closed or left <= 0:
                    raise ServerDied(
                        '%s: %s waiting for %s\n--- %s so far:\n%s'
                        % (self.name, 'EOF' if self.closed else 'timeout',
                           what, self.name, '\n'.join(self.lines[-60:])))
                self.cond.wait(left)


def parse_event(line):
    """'EV name k=v ...' -> dict with 'ev' = name, or None."""
    if not line.startswith('EV '):
        return None
    parts = line.split()
    d = {'ev': parts[1]}
    for p in parts[2:]:
        k, sep, v = p.partition('=')
        if sep:
            try:
                d[k] = int(v)
            except ValueError:
                d[k] = v
    return d


class ServerProcess:
    """One server under test, running servers/<script> in its own group."""

    def __init__(self, script, args, env=None):
        self.script = script
        self.args = list(args)
        e = dict(os.environ)
        e['PYTHONPATH'] = PYTHON_DIR + os.pathsep + e.get('PYTHONPATH', '')
        e['PYTHONUNBUFFERED'] = '1'
        if env:
            e.update(env)
        cmd = [sys.executable, os.path.join(SERVERS, script)] + self.args
        # (os.path.join keeps an absolute script path as it is.)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE,
                                     start_new_session=True, env=e)
        self.pid = self.proc.pid
        self.pgid = self.pid
        self.out = Output(self.proc.stdout, 'stdout of %s' % script)
        self.err = Output(self.proc.stderr, 'stderr of %s' % script)
        self.port = None

    def __repr__(self):
        return '<server %s pid %d port %s>' % (self.script, self.pid,
                                               self.port)

    # ------------------------------------------------------------ waiting

    def wait_line(self, pattern, timeout=START_TIMEOUT, start=0):
        """Waits for a stdout line matching the regex; returns (index,
        match)."""
        rx = re.compile(pattern)
        return self.out.wait(rx.search, timeout, repr(pattern), start)

    def wait_event(self, name, timeout=START_TIMEOUT, start=0, **fields):
        """Waits for an 'EV name' line whose fields equal `fields`; returns
        (index, event dict)."""
        def pred(line):
            ev = parse_event(line)
            if ev is None or ev['ev'] != name:
                return None
            for k, v in fields.items():
                if ev.get(k) != v:
                    return None
            return ev
        what = 'EV %s %s' % (name, fields)
        return self.out.wait(pred, timeout, what, start)

    def wait_stderr(self, text, timeout=10.0):
        """Waits for a stderr line containing text."""
        return self.err.wait(lambda line: text in line, timeout, repr(text))

    def events(self, name=None):
        with self.out.cond:
            lines = list(self.out.lines)
        evs = [e for e in map(parse_event, lines) if e is not None]
        return [e for e in evs if name is None or e['ev'] == name]

    def wait_ready(self, timeout=START_TIMEOUT):
        """Waits for the PORT line and then the START event; returns the
        port. Fails at once if start() failed or the master died."""
        _, m = self.wait_line(r'^PORT (\d+)$', timeout)
        self.port = int(m.group(1))

        def pred(line):
            return (line.startswith('START-FAILED') or
                    line.startswith('EV start ')) and line
        _, line = self.out.wait(pred, timeout, 'EV start')
        if line.startswith('START-FAILED'):
            raise ServerDied('server failed to start: %s\n%s'
                             % (line, self.err.text()))
        return self.port

    def wait_exit(self, timeout):
        """The master's exit status, or None if it is still running."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def members(self):
        return group_members(self.pgid)

    # ------------------------------------------------------------ stopping

    def stop(self):
        """Stops the server: SIGTERM to the master, a bounded wait for the
        master and then for the whole group, SIGKILL to the group as the
        fallback. Returns a list of problems (empty when it went well)."""
        problems = []
        if self.proc.poll() is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            if self.wait_exit(STOP_TIMEOUT) is None:
                problems.append('master %d ignored SIGTERM for %.0fs'
                                % (self.pid, STOP_TIMEOUT))
        if self.proc.poll() is not None:
            if not wait_until(lambda: not self.members(), 5.0):
                problems.append('processes left in group %d after the '
                                'master exited: %s'
                                % (self.pgid, self.members()))
        if self.proc.poll() is None or self.members():
            try:
                os.killpg(self.pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.wait_exit(5.0)

            def alive():
                return [m for m in self.members() if m[1] != 'Z']
            if wait_until(lambda: not alive(), 5.0) is False:
                problems.append('still alive after SIGKILL: %s' % alive())
        self.out.thread.join(2.0)
        self.err.thread.join(2.0)
        for stream in (self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass
        return problems


# ---------------------------------------------------------------- clients

def connect(port, timeout=10.0, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    s.connect(('127.0.0.1', port))
    return s


def recv_exact(s, n, timeout=20.0):
    """Reads exactly n bytes (fails on EOF or after timeout seconds)."""
    deadline = time.monotonic() + timeout
    chunks, got = [], 0
    while got < n:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError('timeout: %d of %d bytes' % (got, n))
        s.settimeout(left)
        b = s.recv(min(n - got, 1 << 20))
        if not b:
            raise AssertionError('EOF after %d of %d bytes' % (got, n))
        chunks.append(b)
        got += len(b)
    return b''.join(chunks)


def recv_line(s, timeout=10.0):
    """Reads one '\\n'-terminated line (byte by byte: the caller may read
    more data after it)."""
    deadline = time.monotonic() + timeout
    buf = bytearray()
    while not buf.endswith(b'\n'):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError('timeout reading a line, got %r' % buf)
        s.settimeout(left)
        b = s.recv(1)
        if not b:
            raise AssertionError('EOF reading a line, got %r' % bytes(buf))
        buf += b
    return buf.decode().rstrip('\n')


def recv_until_eof(s, timeout=20.0):
    deadline = time.monotonic() + timeout
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError('timeout waiting for EOF')
        s.settimeout(left)
        b = s.recv(1 << 20)
        if not b:
            return b''.join(chunks)
        chunks.append(b)


def command(port, line, timeout=10.0):
    """Opens a command connection, sends one command line, returns
    (socket, reply line)."""
    s = connect(port, timeout)
    s.sendall(line.encode() + b'\n')
    return s, recv_line(s, timeout)


def info(s, timeout=10.0):
    """Sends !INFO on command connection s; returns {fd, worker, pid}."""
    s.sendall(b'!INFO\n')
    line = recv_line(s, timeout)
    assert line.startswith('INFO '), line
    return {k: int(v) for k, v in
            (p.split('=') for p in line.split()[1:])}


def echo_once(port, payload=b'ping', timeout=10.0):
    s = connect(port, timeout)
    try:
        s.sendall(payload)
        return recv_exact(s, len(payload), timeout)
    finally:
        s.close()


def pattern(n):
    """The bytes servers/evserver.py sends for !BIG n and !CLOSE n."""
    return random.Random(n).randbytes(n)


def drain_exact(s, expected, timeout=30.0):
    """Reads len(expected) bytes and compares them with expected, saying
    where the first difference is."""
    got = recv_exact(s, len(expected), timeout)
    if got != expected:
        pos = next(i for i in range(len(got)) if got[i] != expected[i])
        raise AssertionError('data differs from byte %d of %d'
                             % (pos, len(expected)))
    return got


# ---------------------------------------------------------------- header

HEADER = os.path.join(REPO, 'abi', 'swirl.h')


def _strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def header_text():
    with open(HEADER) as f:
        return _strip_comments(f.read())


def header_enums():
    """{enum name: {member: value}} from abi/swirl.h."""
    out = {}
    for name, body in re.findall(r'enum\s+(\w+)\s*\{(.*?)\}', header_text(),
                                 re.S):
        members = {}
        for item in body.split(','):
            item = item.strip()
            if not item:
                continue
            m = re.fullmatch(r'(\w+)\s*=\s*(-?\s*\d+)', item)
            assert m, 'cannot read enum item %r of %s' % (item, name)
            members[m.group(1)] = int(m.group(2).replace(' ', ''))
        out[name] = members
    return out


def header_macros():
    """{name: int} for the header's integer #defines."""
    with open(HEADER) as f:
        return {m.group(1): int(m.group(2)) for m in
                re.finditer(r'^#define\s+(\w+)\s+(\d+)\s*$', f.read(), re.M)}


def _norm_type(t):
    t = re.sub(r'\s+', ' ', t.strip())
    t = re.sub(r'\s*\*', ' *', t)
    return t.replace('* *', '**').strip()


def header_functions():
    """[(name, return type, [param types])] of every SWIRL_EXTERN function,
    types normalised like 'const char *' and 'swirl_server **'."""
    out = []
    for ret, name, params in re.findall(
            r'SWIRL_EXTERN\s+([\w\s\*]+?)\s*\b(swirl_\w+)\s*\(([^)]*)\)\s*;',
            header_text()):
        types = []
        params = ' '.join(params.split())
        if params not in ('void', ''):
            for p in params.split(','):
                m = re.fullmatch(r'(.*?[\s\*])(\w+)', p.strip())
                assert m, 'cannot read parameter %r of %s' % (p, name)
                types.append(_norm_type(m.group(1)))
        out.append((name, _norm_type(ret), types))
    return out


# ---------------------------------------------------------------- WebSocket

class WsClient:
    """A small RFC 6455 client for the tests: handshake, masked frames out,
    frames in, each read with a deadline."""

    def __init__(self, port, path='/', headers=None, timeout=10.0):
        self.sock = connect(port, timeout)
        self.key = base64.b64encode(os.urandom(16)).decode()
        lines = ['GET %s HTTP/1.1' % path, 'Host: 127.0.0.1:%d' % port,
                 'Upgrade: websocket', 'Connection: Upgrade',
                 'Sec-WebSocket-Key: ' + self.key,
                 'Sec-WebSocket-Version: 13']
        lines += ['%s: %s' % kv for kv in (headers or {}).items()]
        self.sock.sendall(('\r\n'.join(lines) + '\r\n\r\n').encode())
        head = bytearray()
        while not head.endswith(b'\r\n\r\n'):
            b = self.sock.recv(1)
            if not b:
                raise AssertionError('EOF during the handshake: %r'
                                     % bytes(head))
            head += b
        status_line, *rest = head.decode('latin-1').split('\r\n')
        self.status = int(status_line.split()[1])
        self.headers = {}
        for line in rest:
            if ':' in line:
                k, v = line.split(':', 1)
                self.headers[k.strip().lower()] = v.strip()

    def accept_ok(self):
        want = base64.b64encode(hashlib.sha1(
            (self.key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').encode())
            .digest()).decode()
        return self.headers.get('sec-websocket-accept') == want

    def send_frame(self, opcode, payload=b'', fin=True):
        if isinstance(payload, str):
            payload = payload.encode()
        head = bytes([(0x80 if fin else 0) | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack('>H', n)
        else:
            head += bytes([0x80 | 127]) + struct.pack('>Q', n)
        mask = os.urandom(4)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def send_text(self, text):
        self.send_frame(1, text)

    def recv_frame(self, timeout=10.0):
        """(fin, opcode, payload) of the next frame."""
        b0, b1 = recv_exact(self.sock, 2, timeout)
        assert not b1 & 0x80, 'the server masked a frame'
        n = b1 & 0x7f
        if n == 126:
            n = struct.unpack('>H', recv_exact(self.sock, 2, timeout))[0]
        elif n == 127:
            n = struct.unpack('>Q', recv_exact(self.sock, 8, timeout))[0]
        payload = recv_exact(self.sock, n, timeout) if n else b''
        return bool(b0 & 0x80), b0 & 0x0f, payload

    def recv_text(self, timeout=10.0):
        fin, op, payload = self.recv_frame(timeout)
        assert (fin, op) == (True, 1), (fin, op, payload)
        return payload.decode()

    def close(self):
        self.sock.close()
