"""Data through a running server: echo, many connections, big sends,
closing from either side, sends to unknown connections.

Each test runs servers/evserver.py in a child process (the `spawn`
fixture) and talks to it with real sockets."""

import selectors
import socket
import time

import pytest

import swirl
from helpers import (command, connect, drain_exact, echo_once, info, pattern,
                     recv_exact, recv_line, recv_until_eof, wait_until)

MODES = ['base', 'process']
BIG = 5 * 1024 * 1024


@pytest.mark.parametrize('mode', MODES)
def test_echo(spawn, mode):
    sp = spawn('--mode', mode, '--set', 'worker_num=1')
    for payload in (b'hello', bytes(range(256)), b'x' * 100000):
        assert echo_once(sp.port, payload) == payload
    # The events of one connection, in order, in one worker.
    s = connect(sp.port)
    s.sendall(b'!INFO\n')
    fd = int(recv_line(s).split()[1].split('=')[1])
    s.close()
    i, conn = sp.wait_event('connect', fd=fd)
    j, recv = sp.wait_event('receive', fd=fd)
    k, close = sp.wait_event('close', fd=fd)
    assert i < j < k
    assert conn['proc'] == recv['proc'] == close['proc']
    assert conn['wid'] >= 0


@pytest.mark.parametrize('mode', MODES)
def test_200_concurrent_connections(spawn, mode):
    sp = spawn('--mode', mode, '--set', 'worker_num=2')
    n = 200
    socks = [connect(sp.port) for _ in range(n)]
    sel = selectors.DefaultSelector()
    want, got = {}, {}
    try:
        for i, s in enumerate(socks):
            want[s] = (b'conn %03d|' % i) * 40
            got[s] = bytearray()
            s.sendall(want[s])
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
        deadline = time.monotonic() + 30
        pending = set(socks)
        while pending and time.monotonic() < deadline:
            for key, _ in sel.select(0.5):
                s = key.fileobj
                data = s.recv(65536)
                assert data, 'EOF on a connection before its echo'
                got[s] += data
                if len(got[s]) >= len(want[s]):
                    sel.unregister(s)
                    pending.discard(s)
        assert not pending, '%d of %d connections got no full echo' \
            % (len(pending), n)
        for s in socks:
            assert bytes(got[s]) == want[s]
        wait_until(lambda: len(sp.events('connect')) >= n, 5.0)
        fds = {e['fd'] for e in sp.events('connect')}
        assert len(fds) >= n, 'server reported %d distinct connections' \
            % len(fds)
    finally:
        for s in socks:
            s.close()


@pytest.mark.parametrize('mode', MODES)
@pytest.mark.parametrize('chunk', [0, 65536], ids=['one-send', 'chunked'])
def test_5mb_send(spawn, mode, chunk):
    sp = spawn('--mode', mode, '--set', 'worker_num=1',
               '--set', 'socket_buffer_size=%d' % (16 << 20))
    s = connect(sp.port, timeout=30)
    try:
        s.sendall(b'!BIG %d %d\n' % (BIG, chunk))
        drain_exact(s, pattern(BIG), timeout=60)
        # The connection still works after the big reply.
        s.sendall(b'!ECHO after\n')
        assert recv_line(s) == 'after'
    finally:
        s.close()


@pytest.mark.parametrize('mode', MODES)
def test_close_from_server(spawn, mode):
    sp = spawn('--mode', mode, '--set', 'worker_num=1')
    s = connect(sp.port, timeout=30)
    fd = info(s)['fd']
    n = 1 << 20
    s.sendall(b'!CLOSE %d\n' % n)
    data = recv_until_eof(s, timeout=30)
    assert len(data) == n, 'got %d of %d bytes before EOF' % (len(data), n)
    assert data == pattern(n)
    s.close()
    _, ev = sp.wait_event('close', fd=fd)
    assert ev['reactor'] == -1, 'a close by the server has reactor_id -1'


def test_reset_from_server(spawn):
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port)
    fd = info(s)['fd']
    s.sendall(b'!RESET\n')
    with pytest.raises(ConnectionResetError):
        recv_until_eof(s)
    s.close()
    _, ev = sp.wait_event('close', fd=fd)
    assert ev['reactor'] == -1


@pytest.mark.parametrize('mode', MODES)
def test_close_from_client(spawn, mode):
    sp = spawn('--mode', mode, '--set', 'worker_num=1')
    s = connect(sp.port)
    fd = info(s)['fd']
    probe, line = command(sp.port, '!EXIST %d' % fd)
    assert line == 'EXIST 1'
    s.close()
    _, ev = sp.wait_event('close', fd=fd)
    assert ev['reactor'] != -1, 'a close by the client has a reactor_id'
    probe.sendall(b'!EXIST %d\n' % fd)
    assert recv_line(probe) == 'EXIST 0'
    probe.close()


def test_close_with_reset_by_client(spawn):
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port)
    fd = info(s)['fd']
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                 b'\x01\x00\x00\x00\x00\x00\x00\x00')
    s.close()
    _, ev = sp.wait_event('close', fd=fd)
    assert ev['reactor'] != -1
    assert echo_once(sp.port) == b'ping'


def test_send_to_unknown_connection(spawn):
    sp = spawn('--set', 'worker_num=1')
    s, line = command(sp.port, '!SENDTO 999999')
    words = line.split()
    assert words[0] == 'RC'
    assert int(words[1]) == -1005, line
    assert words[2] == 'last_error=-1005', line
    s.close()


def test_send_to_closed_connection(spawn):
    sp = spawn('--set', 'worker_num=1')
    a = connect(sp.port)
    fd = info(a)['fd']
    a.close()
    sp.wait_event('close', fd=fd)
    s, line = command(sp.port, '!SENDTO %d' % fd)
    assert line.split()[:2] == ['RC', '-1005'], line
    s.close()


def test_connection_ids_are_not_reused_at_once(spawn):
    """Ids are 64-bit and a stale one fails: a new connection must not get
    the id of one that just closed (a send meant for the old client would
    reach the new one)."""
    sp = spawn('--set', 'worker_num=1')
    seen = set()
    for _ in range(20):
        s = connect(sp.port)
        fd = info(s)['fd']
        assert fd not in seen
        seen.add(fd)
        s.close()
        sp.wait_event('close', fd=fd)


def test_pipelined_commands_and_partial_lines(spawn):
    """A command split across TCP segments still runs once, whole."""
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(b'!EC')
    s.sendall(b'HO one\n!ECHO two\n!ECH')
    s.sendall(b'O three\n')
    assert [recv_line(s) for _ in range(3)] == ['one', 'two', 'three']
    s.close()


def test_half_close_by_client(spawn):
    """The client shuts down its write side after sending: the echo still
    arrives, then the server closes."""
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port)
    s.sendall(b'bye')
    s.shutdown(socket.SHUT_WR)
    assert recv_exact(s, 3) == b'bye'
    s.close()


def test_second_listener_with_eof_framing(spawn):
    """A Port with its own options (open_eof_split) and its own receive
    handler; the first port keeps plain echo."""
    sp = spawn('--eof-port', '--set', 'worker_num=1')
    _, m = sp.wait_line(r'^PORT2 (\d+)$')
    port2 = int(m.group(1))
    s = connect(port2)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    s.sendall(b'one\r\ntwo\r\nthr')
    s.sendall(b'ee\r\n')
    want = b'[5:one][5:two][7:three]'
    assert recv_exact(s, len(want)) == want
    assert wait_until(lambda: len(sp.events('receive2')) >= 3, 5.0)
    evs = sp.events('receive2')
    assert len(evs) == 3 and {e['listener'] for e in evs} == {1}
    s.close()
    assert echo_once(sp.port, b'a\r\nb\r\n') == b'a\r\nb\r\n'


def test_udp_listener(spawn):
    """A UDP port: PACKET events with the sender's address, answered with
    sendto()."""
    sp = spawn('--udp-port', '--set', 'worker_num=1')
    _, m = sp.wait_line(r'^UDP (\d+)$')
    uport = int(m.group(1))
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(('127.0.0.1', 0))
    u.settimeout(5)
    try:
        for payload in (b'dgram one', b'\0' * 1000):
            u.sendto(payload, ('127.0.0.1', uport))
            data, peer = u.recvfrom(65536)
            assert peer == ('127.0.0.1', uport)
            assert data == b'udp %d %s' % (u.getsockname()[1], payload)
        ev = sp.events('packet')[-1]
        assert ev['from'] == '127.0.0.1:%d' % u.getsockname()[1]
        # sendto() takes exactly the addresses inet_pton takes.
        for addr, want in (('127.0.0.1', b'ok'), ('255.255.255.256', None),
                           ('127.0.0.01', None), ('127.0.0', None),
                           ('127.0.0.1x', None), ('1.2.3.4.5', None),
                           ('::1', None)):
            u.sendto(b'!SENDTO %s 9' % addr.encode(), ('127.0.0.1', uport))
            got = u.recvfrom(100)[0]
            if want is not None:
                assert got == want, (addr, got)
            elif addr == '::1':
                # An IPv6 address on an IPv4 socket: the kernel refuses it.
                assert got.startswith(b'error '), (addr, got)
            else:
                assert got == b'error %d' % swirl.ErrorCode.EINVAL, (addr, got)
    finally:
        u.close()
