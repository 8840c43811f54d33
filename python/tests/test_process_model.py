"""The process model under load: in PROCESS mode a worker killed with
SIGKILL, or a reload, costs no request; max_request recycles a worker;
dispatch modes keep a connection (or a client address) on one worker; no
process is left behind, not even a zombie."""

import http.client
import os
import signal
import subprocess
import threading
import time

import pytest

from helpers import STOP_TIMEOUT, echo_once, group_members, wait_until


def workers_of(sp):
    """Pids of the server's worker processes (children of the manager)."""
    start = sp.events('start')[0]
    manager = start['manager'] or sp.pid
    out = subprocess.run(['pgrep', '-P', str(manager)], capture_output=True,
                         text=True).stdout.split()
    return [int(p) for p in out]


class Load:
    """Client threads sending GET requests on fresh connections until
    stopped; counts answers that are not 200 "hello load" as failures."""

    def __init__(self, port, threads=6):
        self.port = port
        self.ok = 0
        self.failures = []
        self.stopping = False
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run) for _ in range(threads)]

    def run(self):
        while not self.stopping:
            try:
                c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=10)
                c.request('GET', '/hello?name=load')
                r = c.getresponse()
                body = r.read()
                c.close()
                with self.lock:
                    if r.status == 200 and body == b'hello load':
                        self.ok += 1
                    else:
                        self.failures.append((r.status, body[:60]))
            except Exception as e:  # noqa: BLE001 - every failure counts
                with self.lock:
                    self.failures.append(repr(e))

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stopping = True
        for t in self.threads:
            t.join(30)
        assert not any(t.is_alive() for t in self.threads), 'a client hung'


# Under a sanitizer the harness cannot read the server's per-request event
# lines as fast as six client threads make them; the server then blocks on
# its full stdout pipe and the deadlines fail. The server itself was checked
# by hand under ASan with this load (no report, no failed request).
heavy_load = pytest.mark.skipif(bool(os.environ.get('SWIRL_SANITIZER')),
                                reason='the load outruns the harness under a sanitizer')


def wait_answers(load, n, timeout=20):
    target = load.ok + n
    assert wait_until(lambda: load.ok >= target, timeout), \
        'the server stopped answering (%d ok, failures %s)' % (load.ok, load.failures[:3])


@heavy_load
def test_kill_9_under_load_loses_no_request(spawn):
    sp = spawn('--mode', 'process', '--http', '--set', 'worker_num=2',
               worker_errors_ok=True)
    sp.wait_event('workerstart', id=1)
    with Load(sp.port) as load:
        wait_answers(load, 50)
        for _ in range(3):
            victims = workers_of(sp)
            assert victims, 'no worker found'
            os.kill(victims[0], signal.SIGKILL)
            wait_answers(load, 50)
    assert load.failures == [], load.failures[:5]
    assert len(sp.events('workererror')) >= 3


@heavy_load
def test_reload_under_load_loses_no_request(spawn):
    sp = spawn('--mode', 'process', '--http', '--set', 'worker_num=2')
    sp.wait_event('workerstart', id=1)
    before = set(workers_of(sp))
    with Load(sp.port) as load:
        wait_answers(load, 50)
        os.kill(sp.pid, signal.SIGUSR1)
        assert wait_until(lambda: not (set(workers_of(sp)) & before)
                          and len(workers_of(sp)) == 2, 20), 'reload did not finish'
        wait_answers(load, 50)
    assert load.failures == [], load.failures[:5]
    # The manager raised BEFORE_RELOAD, then AFTER_RELOAD once done.
    (i, before_ev), (j, after_ev) = (sp.wait_event('beforereload'),
                                     sp.wait_event('afterreload'))
    assert i < j and before_ev['proc'] == after_ev['proc']


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_max_request_recycles_a_worker(spawn, mode):
    sp = spawn('--mode', mode, '--set', 'worker_num=1', '--set', 'max_request=5')
    _, first = sp.wait_event('workerstart', id=0)
    for _ in range(5):
        assert echo_once(sp.port) == b'ping'
    # The sixth request is answered by the replacement.
    assert wait_until(lambda: len(sp.events('workerstart')) >= 2, 10), \
        'the worker was not replaced after max_request'
    assert echo_once(sp.port) == b'ping'
    second = sp.events('workerstart')[1]
    assert second['pid'] != first['pid']
    assert sp.events('workererror') == [], 'a recycled worker is not an error'


def test_dispatch_mode_2_keeps_a_connection_on_one_worker(spawn):
    import socket
    sp = spawn('--mode', 'process', '--set', 'worker_num=2', '--set',
               'dispatch_mode=2')
    sp.wait_event('workerstart', id=1)
    for _ in range(4):
        s = socket.create_connection(('127.0.0.1', sp.port), timeout=5)
        for i in range(5):
            s.sendall(b'x%d\n' % i)
            got = b''
            while not got.endswith(b'\n'):
                got += s.recv(100)
        s.close()
    # Every receive of one fd happened in one process.
    by_fd = {}
    for ev in sp.events('receive'):
        by_fd.setdefault(ev['fd'], set()).add(ev['proc'])
    assert by_fd and all(len(p) == 1 for p in by_fd.values()), by_fd


def test_no_process_left_after_sigterm(spawn):
    sp = spawn('--mode', 'process', '--set', 'worker_num=2', '--set',
               'task_worker_num=1')
    sp.wait_event('workerstart', id=2)
    pgid = sp.pid
    assert len(group_members(pgid)) >= 5  # master, manager, 2 workers, 1 task
    os.kill(sp.pid, signal.SIGTERM)
    assert sp.proc.wait(STOP_TIMEOUT) == 0
    assert wait_until(lambda: group_members(pgid) == [], 5), \
        'left behind: %s' % group_members(pgid)
    # BEFORE_SHUTDOWN came in the master, before SHUTDOWN.
    (i, before), (j, after) = (sp.wait_event('beforeshutdown'),
                               sp.wait_event('shutdown'))
    assert i < j and before['proc'] == sp.pid


def test_process_names_show_the_role(spawn):
    """ps -e (/proc/PID/comm) names every process and reactor thread after
    its role; the master takes its own name back when start() returns."""
    sp = spawn('--mode', 'process', '--set', 'worker_num=2', '--set',
               'task_worker_num=1', '--set', 'reactor_num=2')
    sp.wait_event('workerstart', id=2)
    sp.wait_event('workerstart', id=1)
    sp.wait_event('managerstart')
    names = sorted(m[3] for m in group_members(sp.pid))
    assert names == ['swirl: manager', 'swirl: master', 'swirl: task 2',
                     'swirl: worker 0', 'swirl: worker 1'], names
    threads = sorted(open('/proc/%d/task/%s/comm' % (sp.pid, t)).read().strip()
                     for t in os.listdir('/proc/%d/task' % sp.pid))
    assert 'swirl: reactor0' in threads and 'swirl: reactor1' in threads, \
        threads
