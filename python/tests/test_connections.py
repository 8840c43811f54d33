"""Connection bookkeeping: connection_info, connection_list,
connection_count and bind."""

import ast
import os
import time

import pytest

from helpers import connect, info, recv_line, wait_until


def ask(s, line, prefix):
    s.sendall(line.encode() + b'\n')
    got = recv_line(s)
    assert got.startswith(prefix + ' '), got
    return got[len(prefix) + 1:]


def test_connection_info(spawn):
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port)
    me = info(s)
    ci = ast.literal_eval(ask(s, '!CINFO', 'CINFO'))
    assert ci['remote_ip'] == '127.0.0.1'
    assert ci['remote_port'] == s.getsockname()[1]
    assert ci['server_port'] == sp.port
    assert ci['worker_id'] == me['worker']
    assert ci['socket_type'] == 1
    assert ci['listener'] == 0
    assert abs(ci['connect_time'] - time.time()) < 60
    assert ci['last_time'] >= ci['connect_time']
    assert 'uid' not in ci
    assert ask(s, '!CINFO 987654', 'CINFO') == 'None'
    s.close()


def test_connection_list_and_count(spawn):
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port)
    mine = info(s)['fd']
    others = [connect(sp.port) for _ in range(4)]
    fds = [info(o)['fd'] for o in others]
    listed = ast.literal_eval(ask(s, '!CLIST', 'CLIST'))
    assert listed == sorted(listed)
    assert set(fds + [mine]) <= set(listed)
    assert ask(s, '!CCOUNT', 'CCOUNT') == '5'
    others[0].close()
    sp.wait_event('close', fd=fds[0])
    listed = ast.literal_eval(ask(s, '!CLIST', 'CLIST'))
    assert fds[0] not in listed and fds[1] in listed
    assert ask(s, '!CCOUNT', 'CCOUNT') == '4'
    for o in others[1:]:
        o.close()
    s.close()


def test_connection_count_spans_workers(spawn):
    sp = spawn('--set', 'worker_num=2')
    socks = [connect(sp.port) for _ in range(6)]
    for x in socks:
        info(x)  # Each connection has been accepted by some worker.
    s = socks[0]
    assert wait_until(lambda: ask(s, '!CCOUNT', 'CCOUNT') == '6', 5.0), \
        'connection_count is %s with 6 open connections over 2 workers' \
        % ask(s, '!CCOUNT', 'CCOUNT')
    for x in socks:
        x.close()


def test_bind(spawn):
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port)
    assert ask(s, '!BIND 77', 'BIND') == 'OK'
    assert ast.literal_eval(ask(s, '!CINFO', 'CINFO'))['uid'] == 77
    assert ask(s, '!BIND 78', 'BIND') == '-509'  # EWRONG_OPERATION
    s.close()


def test_stats(spawn):
    sp = spawn('--set', 'worker_num=2')
    socks = [connect(sp.port) for _ in range(3)]
    for x in socks:
        info(x)

    def stats():
        return ast.literal_eval(ask(socks[0], '!STATS', 'STATS'))
    st = stats()
    assert abs(st['start_time'] - time.time()) < 120
    assert st['worker_num'] == 2
    assert st['task_worker_num'] == 0
    assert st['accept_count'] >= 3
    assert st['connection_num'] == 3, st
    assert st['worker_request_count'] >= 1
    # A worker counts a request once its callback has returned, which may
    # be after the client got the reply.
    assert wait_until(lambda: stats()['request_count'] >= 3, 5.0), stats()
    for x in socks[1:]:
        x.close()
    assert wait_until(lambda: stats()['close_count'] >= 2, 5.0), stats()
    socks[0].close()


def test_heartbeat_lists_and_closes_idle_connections(spawn):
    sp = spawn('--set', 'worker_num=1', '--set', 'heartbeat_idle_time=1')
    idle = connect(sp.port)
    idle_fd = info(idle)['fd']
    ctl = connect(sp.port)
    ctl_fd = info(ctl)['fd']

    def idle_ids():
        return ast.literal_eval(ask(ctl, '!HEARTBEAT 0', 'HEARTBEAT'))
    # Polled every 0.1 s, the control connection never looks idle.
    assert wait_until(lambda: idle_fd in idle_ids(), 5.0, interval=0.1), \
        'an idle connection never showed in heartbeat()'
    assert ctl_fd not in idle_ids()
    closed = ast.literal_eval(ask(ctl, '!HEARTBEAT 1', 'HEARTBEAT'))
    assert idle_fd in closed
    idle.settimeout(5)
    assert idle.recv(10) == b'', 'heartbeat(True) did not close it'
    sp.wait_event('close', fd=idle_fd)
    idle.close()
    ctl.close()


def test_protected_connection_outlives_the_heartbeat(spawn):
    """protect(): heartbeat(True) and the heartbeat check leave it open
    while an idle unprotected one is closed."""
    sp = spawn('--set', 'worker_num=1', '--set', 'heartbeat_check_interval=1',
               '--set', 'heartbeat_idle_time=1')
    safe = connect(sp.port)
    safe_fd = info(safe)['fd']
    assert ask(safe, '!PROTECT 1', 'PROTECT') == 'OK'
    idle = connect(sp.port)
    idle.settimeout(10)
    assert idle.recv(10) == b'', 'the heartbeat did not close an idle one'
    # The protected one was idle longer: it is still served, and the
    # heartbeat on demand leaves it too.
    assert safe_fd not in ast.literal_eval(ask(safe, '!HEARTBEAT 1', 'HEARTBEAT'))
    safe.close()
    idle.close()


def test_heartbeat_check_closes_by_itself(spawn):
    sp = spawn('--set', 'worker_num=1', '--set', 'heartbeat_check_interval=1',
               '--set', 'heartbeat_idle_time=1')
    s = connect(sp.port)
    fd = info(s)['fd']
    s.settimeout(10)
    t0 = time.monotonic()
    assert s.recv(10) == b''
    assert time.monotonic() - t0 < 8
    _, ev = sp.wait_event('close', fd=fd)
    assert ev['reactor'] == -1
    s.close()


def _tcp_timer(server_port, client_port):
    """The kernel's timer kind ('tr' of /proc/net/tcp) and its expiry in
    seconds for the server side of one loopback connection."""
    with open('/proc/net/tcp') as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            local, remote = fields[1], fields[2]
            if (int(local.split(':')[1], 16) == server_port and
                    int(remote.split(':')[1], 16) == client_port):
                tr, when = fields[5].split(':')
                return int(tr, 16), int(when, 16) / os.sysconf('SC_CLK_TCK')
    return None


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_tcp_keepalive_options(spawn, mode):
    """open_tcp_keepalive with tcp_keepidle: the kernel arms the keepalive
    timer (kind 2) of the accepted socket to the idle time; without the
    option there is no timer."""
    on = spawn('--mode', mode, '--set', 'worker_num=1',
               '--set', 'open_tcp_keepalive=1', '--set', 'tcp_keepidle=42',
               '--set', 'tcp_keepinterval=5', '--set', 'tcp_keepcount=3',
               '--set', 'kernel_socket_recv_buffer_size=65536')
    off = spawn('--mode', mode, '--set', 'worker_num=1')
    for sp, want in ((on, 2), (off, 0)):
        s = connect(sp.port)
        s.sendall(b'!INFO\n')
        recv_line(s)  # accepted, options set, answered
        seen = []

        def armed():
            seen[:] = [_tcp_timer(sp.port, s.getsockname()[1])]
            return seen[0] is not None and seen[0][0] == want
        assert wait_until(armed, 5), seen
        if want == 2:
            assert 30 < seen[0][1] <= 42, seen
        s.close()


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_pause_and_resume(spawn, mode):
    """pause() stops reading a connection; what the client sends meanwhile
    is read only after resume()."""
    sp = spawn('--mode', mode, '--set', 'worker_num=1')
    s = connect(sp.port)
    s.sendall(b'!PAUSE 300\n')
    assert recv_line(s) == 'PAUSED'
    s.sendall(b'!INFO\n')
    assert recv_line(s).startswith('INFO ')
    p, _ = sp.wait_event('paused')
    r, _ = sp.wait_event('resumed', start=p)
    j, _ = sp.wait_event('receive', start=p)
    # The line sent while paused was read only after the resume.
    assert j > r, sp.out.text()
    s.close()
