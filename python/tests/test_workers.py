"""Processes of a running server: workers start, crash, get replaced, and
the whole server stops on SIGTERM leaving no process behind."""

import os
import signal

import pytest

from helpers import (STOP_TIMEOUT, connect, echo_once, info, recv_line,
                     wait_until)


def started_workers(sp, n, start=0):
    """Waits for n WORKER_START lines; returns their events by id."""
    out = {}
    for wid in range(n):
        _, ev = sp.wait_event('workerstart', start=start, id=wid)
        out[wid] = ev
    return out


def test_two_workers(spawn):
    sp = spawn('--set', 'worker_num=2')
    workers = started_workers(sp, 2)
    assert sorted(workers) == [0, 1]
    pids = {ev['pid'] for ev in workers.values()}
    assert len(pids) == 2, 'both workers report the same pid'
    for wid, ev in workers.items():
        assert ev['proc'] == ev['pid'], 'worker_pid() is not the process'
        assert ev['wid'] == wid, 'worker_id() differs from the event'
        assert ev['proc'] != sp.pid, 'a worker runs in the master'
    start = sp.events('start')[0]
    assert start['proc'] == sp.pid, 'START did not run in the master'
    assert start['master'] == sp.pid
    # No more than two workers were started.
    assert len(sp.events('workerstart')) == 2
    # The binding repaired Python after the fork: random is reseeded.
    rands = {ev['rand'] for ev in workers.values()}
    assert len(rands) == 2, 'both workers drew the same random number'


def test_manager_start_runs_in_the_manager(spawn):
    sp = spawn('--set', 'worker_num=2')
    started_workers(sp, 2)
    _, ev = sp.wait_event('managerstart')
    start = sp.events('start')[0]
    if start['manager']:
        assert ev['proc'] == start['manager']
    assert ev['wid'] == -1


def test_kill_9_worker_is_replaced(spawn):
    sp = spawn('--set', 'worker_num=2', worker_errors_ok=True)
    workers = started_workers(sp, 2)
    assert echo_once(sp.port) == b'ping'
    victim = workers[0]['pid']
    mark = len(sp.out.lines)
    os.kill(victim, signal.SIGKILL)
    i, err = sp.wait_event('workererror', start=mark, pid=victim)
    assert err['id'] == 0
    assert err['signal'] == signal.SIGKILL
    _, mgr = sp.wait_event('managerstart')
    assert err['proc'] == mgr['proc'], 'WORKER_ERROR not in the manager'
    _, new = sp.wait_event('workerstart', start=i, id=0)
    assert new['pid'] != victim
    assert wait_until(lambda: not os.path.exists('/proc/%d' % victim)
                      or _state(victim) != 'Z', 5.0), \
        'the killed worker was never reaped'
    for _ in range(10):
        assert echo_once(sp.port) == b'ping'
    # The other worker was left alone.
    assert not [e for e in sp.events('workerstart')
                if e['id'] == 1 and e['pid'] != workers[1]['pid']]


def _state(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0]
    except OSError:
        return None


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_sigterm_stops_everything(spawn, mode):
    sp = spawn('--mode', mode, '--set', 'worker_num=2')
    started_workers(sp, 2)
    assert echo_once(sp.port) == b'ping'
    idle = connect(sp.port)  # An open connection must not block shutdown.
    assert info(idle)['fd'] > 0
    os.kill(sp.pid, signal.SIGTERM)
    code = sp.wait_exit(STOP_TIMEOUT)
    assert code is not None, 'master still running %ss after SIGTERM' \
        % STOP_TIMEOUT
    assert code == 0, 'master exited with %s\n%s' % (code, sp.err.text())
    left = wait_until(lambda: not sp.members(), 5.0)
    assert left, 'processes left in the server group: %s (state Z = ' \
        'zombie)' % sp.members()
    sp.out.thread.join(5.0)
    names = [e['ev'] for e in sp.events()]
    stops = [i for i, n in enumerate(names) if n == 'workerstop']
    shutdown = [i for i, n in enumerate(names) if n == 'shutdown']
    assert sorted(e['id'] for e in sp.events('workerstop')) == [0, 1], \
        'WORKER_STOP not seen once per worker: %s' % names
    assert len(shutdown) == 1, names
    assert max(stops) < shutdown[0], 'SHUTDOWN before a WORKER_STOP'
    assert sp.events('shutdown')[0]['proc'] == sp.pid
    assert not sp.events('workererror'), \
        'a worker stopped by SIGTERM was reported as an error'
    assert 'EXIT 0' in sp.out.lines, 'start() did not return in the master'
    idle.close()


def test_shutdown_from_a_worker(spawn):
    sp = spawn('--set', 'worker_num=2')
    started_workers(sp, 2)
    s = connect(sp.port)
    s.sendall(b'!SHUTDOWN\n')
    assert recv_line(s) == 'OK'
    code = sp.wait_exit(STOP_TIMEOUT)
    assert code == 0, 'master exit status %s after shutdown()' % code
    assert wait_until(lambda: not sp.members(), 5.0), sp.members()
    s.close()


def test_exception_in_receive_process_mode(spawn):
    """PROCESS mode: the connections live in the master, so a worker that
    dies of an exception loses none of them."""
    sp = spawn('--mode', 'process', '--set', 'worker_num=1',
               worker_errors_ok=True)
    started_workers(sp, 1)
    keep = connect(sp.port)
    keep.sendall(b'!ECHO before\n')
    assert recv_line(keep) == 'before'
    mark = len(sp.out.lines)
    bad = connect(sp.port)
    bad.sendall(b'!RAISE\n')
    i, err = sp.wait_event('workererror', start=mark, id=0)
    assert err['status'] == 255 and err['signal'] == 0, err
    sp.wait_event('workerstart', start=i, id=0)
    sp.wait_stderr('RuntimeError: raised on purpose in receive')
    sp.wait_stderr('Traceback')
    keep.sendall(b'!ECHO after\n')
    assert recv_line(keep) == 'after'
    assert echo_once(sp.port) == b'ping'
    keep.close()
    bad.close()


def test_exception_in_receive_base_mode(spawn):
    """BASE mode: the failing worker's own connections go with it; the other
    worker's connections and new connections are fine."""
    sp = spawn('--set', 'worker_num=2', worker_errors_ok=True)
    started_workers(sp, 2)
    by_worker = {}
    extra = []
    for _ in range(100):
        s = connect(sp.port)
        w = info(s)['worker']
        if w in by_worker:
            extra.append(s)
        else:
            by_worker[w] = s
        if len(by_worker) == 2:
            break
    assert len(by_worker) == 2, \
        '100 connections all went to worker %s' % list(by_worker)
    for s in extra:
        s.close()
    mark = len(sp.out.lines)
    by_worker[0].sendall(b'!RAISE\n')
    i, err = sp.wait_event('workererror', start=mark, id=0)
    assert err['status'] == 255 and err['signal'] == 0, err
    sp.wait_event('workerstart', start=i, id=0)
    sp.wait_stderr('RuntimeError: raised on purpose in receive')
    by_worker[1].sendall(b'!ECHO still here\n')
    assert recv_line(by_worker[1]) == 'still here'
    for _ in range(10):
        assert echo_once(sp.port) == b'ping'
    for s in by_worker.values():
        s.close()


def test_exception_in_start_is_raised_by_start(spawn):
    """An exception in a master callback stops the server; start() raises
    it after the shutdown, so the script ends with Python's traceback."""
    sp = spawn('--set', 'worker_num=1', '--raise-in', 'start', ready=False)
    code = sp.wait_exit(STOP_TIMEOUT + 5)
    assert code is not None, 'master did not exit'
    assert code == 1, 'exit status %s\n%s' % (code, sp.err.text())
    sp.err.thread.join(5.0)
    assert 'RuntimeError: raised on purpose in start' in sp.err.text()
    assert wait_until(lambda: not sp.members(), 5.0), sp.members()
    assert 'EXIT 0' not in sp.out.lines


def test_user_process(spawn):
    sp = spawn('--user-process', '--set', 'worker_num=1',
               worker_errors_ok=True)
    _, ev = sp.wait_event('userprocess', index=0)
    workers = started_workers(sp, 1)
    assert ev['proc'] not in (sp.pid, workers[0]['pid'])
    assert ev['wid'] >= 1, 'a user process has a worker id after the others'
    mark = len(sp.out.lines)
    os.kill(ev['proc'], signal.SIGKILL)
    _, again = sp.wait_event('userprocess', start=mark, index=0)
    assert again['proc'] != ev['proc']
    os.kill(sp.pid, signal.SIGTERM)
    assert sp.wait_exit(STOP_TIMEOUT) == 0
    assert wait_until(lambda: not sp.members(), 5.0), sp.members()
