"""Shared-memory objects under contention: several processes forked after
creation hit the same Table rows, Atomic counters and Locks at the same
time, and the parent checks that nothing was lost, torn or duplicated.

Children start together (they spin on a shared flag the parent raises once
all are forked), report through their exit status, and are waited for with
a deadline."""

import os
import signal
import time

import pytest

import swirl
from swirl import ErrorCode as E

WAIT = 30.0


def start_children(n, fn):
    """Forks n children that wait for a shared go-flag, then run fn(i) and
    exit 0 (fn returned), 1 (it raised) or 9 (the flag never came).
    Returns (go, pids): go() releases them."""
    flag = swirl.Atomic(0)
    pids = []
    for i in range(n):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                deadline = time.monotonic() + 10
                while flag.get() == 0:
                    if time.monotonic() > deadline:
                        code = 9
                        raise TimeoutError('never released')
                fn(i)
                code = 0
            finally:
                os._exit(code)
        pids.append(pid)
    return (lambda: flag.set(1)), pids


def wait_all(pids, timeout=WAIT):
    """Exit codes of pids, in order; kills the ones still running at the
    deadline and fails."""
    codes = {}
    deadline = time.monotonic() + timeout
    while len(codes) < len(pids) and time.monotonic() < deadline:
        for pid in pids:
            if pid in codes:
                continue
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                codes[pid] = os.waitstatus_to_exitcode(status)
        time.sleep(0.005)
    late = [p for p in pids if p not in codes]
    for pid in late:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert not late, 'children %s did not finish in %ss' % (late, timeout)
    return [codes[p] for p in pids]


def run_children(n, fn):
    go, pids = start_children(n, fn)
    go()
    return wait_all(pids)


def make_table(size=1024, conflict=0.2):
    t = swirl.Table(size, conflict)
    t.column('n', swirl.Table.TYPE_INT)
    t.column('f', swirl.Table.TYPE_FLOAT)
    t.column('s', swirl.Table.TYPE_STRING, 24)
    t.create()
    return t


def test_concurrent_incr_one_row():
    t = make_table()
    times = 3000

    def child(i):
        for _ in range(times):
            t.incr('hot', 'n')
            t.incr('hot', 'f', 0.25)
            t.decr('cold-%d' % i, 'n', 2)

    assert run_children(4, child) == [0] * 4
    assert t.get('hot') == {'n': 4 * times, 'f': 4 * times * 0.25, 's': ''}
    for i in range(4):
        assert t.get('cold-%d' % i, 'n') == -2 * times
    assert len(t) == 5
    t.free()


def test_rows_never_torn():
    """Writers set n and s of one row together; readers (other processes)
    must always see a matching pair, while more writers insert and delete
    rows on the same chains."""
    t = make_table(64, 1.0)

    def child(i):
        for k in range(3000):
            if i % 2 == 0:
                v = i * 100000 + k
                t.set('pair', {'n': v, 's': 'v%d' % v})
                key = 'churn-%d-%d' % (i, k % 20)
                t.set(key, {'n': k})
                if k % 3 == 0:
                    t.delete(key)
            else:
                row = t.get('pair')
                if row is not None:
                    assert row['s'] == 'v%d' % row['n'], row

    assert run_children(4, child) == [0] * 4
    assert t.exists('pair')
    t.free()


def test_full_table_under_contention():
    """Children race to insert distinct keys into a table too small for
    all of them: exactly its capacity gets in, every key that was accepted
    is readable, and the refused ones fail with ENOSPC only."""
    t = make_table(64, 0.2)
    capacity = t.stats()['total_slice_num']
    per_child = capacity  # 4 * capacity attempts in all
    accepted = swirl.Atomic(0)

    def child(i):
        for k in range(per_child):
            try:
                t.set('c%d-%d' % (i, k), {'n': k, 's': 'c%d' % i})
                accepted.add()
            except swirl.SwirlError as e:
                assert e.code == E.ENOSPC, e

    assert run_children(4, child) == [0] * 4
    assert len(t) == capacity == accepted.get()
    rows = dict(t)
    assert len(rows) == capacity
    for key, row in rows.items():
        child_no, k = key[1:].split('-')
        assert row == {'n': int(k), 'f': 0.0, 's': 'c' + child_no}
    assert t.stats()['available_slice_num'] == 0
    t.free()


def test_iteration_in_a_child():
    """A cursor is a plain number: a child iterates the parent's rows and
    sees each exactly once."""
    t = make_table(256)
    for k in range(300):
        t.set('k%d' % k, {'n': k})

    def child(i):
        seen = sorted(int(key[1:]) for key, row in t
                      if row['n'] == int(key[1:]))
        assert seen == list(range(300)), seen

    assert run_children(1, child) == [0]
    t.free()


def test_atomic_counters_under_contention():
    a = swirl.Atomic(0)
    lg = swirl.AtomicLong(0)
    times = 20000

    def child(i):
        for _ in range(times):
            a.add()
            lg.sub(7) if i % 2 else lg.add(3)

    assert run_children(4, child) == [0] * 4
    assert a.get() == 4 * times
    assert lg.get() == 2 * times * 3 - 2 * times * 7
    # cmpset is a real compare-and-swap: only one of many processes wins a
    # given transition.
    a.set(0)
    wins = swirl.Atomic(0)

    def race(i):
        for k in range(2000):
            if a.cmpset(k, k + 1):
                wins.add()
            else:
                while a.get() <= k:
                    pass

    assert run_children(4, race) == [0] * 4
    assert a.get() == 2000 and wins.get() == 2000


@pytest.mark.parametrize('kind', ['MUTEX', 'RWLOCK', 'SPINLOCK', 'SEM',
                                  'FILELOCK'])
def test_lock_keeps_read_modify_write_exact(kind, tmp_path):
    """The value is read and written with two table calls; only the lock
    makes the pair atomic."""
    t = make_table(64)
    t.set('v', {'n': 0})
    path = str(tmp_path / 'lockfile') if kind == 'FILELOCK' else ''
    lock = swirl.Lock(getattr(swirl.Lock, kind), path)

    def child(i):
        for _ in range(1500):
            with lock:
                n = t.get('v', 'n')
                t.set('v', {'n': n + 1})

    assert run_children(4, child) == [0] * 4
    assert t.get('v', 'n') == 6000
    lock.free()
    t.free()


def test_wakeup_reaches_a_waiting_child():
    event = swirl.Atomic(0)
    ready = swirl.Atomic(0)

    def child(i):
        ready.add()
        assert event.wait(10.0)

    go, pids = start_children(1, child)
    go()
    deadline = time.monotonic() + 10
    while ready.get() == 0 and time.monotonic() < deadline:
        time.sleep(0.001)
    assert ready.get() == 1
    event.wakeup()
    assert wait_all(pids) == [0]
    assert event.get() == 0
