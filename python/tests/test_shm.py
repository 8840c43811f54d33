"""Shared memory objects: Table, Atomic, AtomicLong, Lock. In-process API
checks, checks across os.fork(), and a Table shared by server workers."""

import os
import signal
import time

import pytest

import swirl
from helpers import connect, recv_line
from swirl import ErrorCode as E


def forked(fn):
    """Runs fn() in a child made by os.fork(); returns its pid. The child
    exits with 0 if fn returned, 1 if it raised."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            fn()
            code = 0
        finally:
            os._exit(code)
    return pid


def wait_child(pid, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError('child %d did not finish in %ss' % (pid, timeout))


@pytest.fixture
def table():
    t = swirl.Table(100)
    t.column('id', swirl.Table.TYPE_INT)
    t.column('score', swirl.Table.TYPE_FLOAT)
    t.column('name', swirl.Table.TYPE_STRING, 10)
    t.create()
    yield t
    t.free()


def test_table_schema(table):
    assert table.size == 128  # Rounded up to a power of two.
    assert [c[:2] for c in table.columns] == [
        ('id', swirl.TableType.INT), ('score', swirl.TableType.FLOAT),
        ('name', swirl.TableType.STRING)]
    assert table.columns[2][2] == 10
    assert table.memory_size > 0
    with pytest.raises(swirl.SwirlError) as ei:
        table.column('late', swirl.Table.TYPE_INT)
    assert ei.value.code == E.EWRONG_OPERATION


def test_table_rows(table):
    assert table.get('nope') is None
    assert table.set('a', {'id': 1, 'score': 2.5, 'name': 'alice'})
    assert table.get('a') == {'id': 1, 'score': 2.5, 'name': 'alice'}
    assert table.get('a', 'name') == 'alice'
    assert table.get('a', 'id') == 1
    assert table.get('nope', 'id') is None
    table.set('a', {'id': 7})  # Other columns keep their values.
    assert table.get('a') == {'id': 7, 'score': 2.5, 'name': 'alice'}
    table.set('b', {'name': 'bob'})  # New row: 0 and '' elsewhere.
    assert table.get('b') == {'id': 0, 'score': 0.0, 'name': 'bob'}
    assert 'a' in table and table.exists('b') and not table.exists('c')
    assert len(table) == 2
    assert dict(table) == {'a': table.get('a'), 'b': table.get('b')}
    assert sorted(table.keys()) == ['a', 'b']
    assert table['b']['name'] == 'bob'
    with pytest.raises(KeyError):
        table['zzz']
    assert table.delete('a') is True
    assert table.delete('a') is False
    assert len(table) == 1


def test_table_incr(table):
    assert table.incr('k', 'id') == 1  # Made the row.
    assert table.incr('k', 'id', 10) == 11
    assert table.decr('k', 'id', 3) == 8
    assert table.incr('k', 'score', 0.5) == 0.5
    with pytest.raises(swirl.SwirlError):
        table.incr('k', 'name')


def test_table_strings_and_keys(table):
    table.set('s', {'name': 'x' * 100})  # Cut to the column (10 -> 16).
    got = table.get('s', 'name')
    assert 10 <= len(got) <= 16 and set(got) == {'x'}
    table.set('bin', {'name': b'\xff\x00\xfe'})
    assert table.get('bin', 'name').encode('utf-8', 'surrogateescape') == \
        b'\xff\x00\xfe'
    long_key = 'k' * 100
    table.set(long_key, {'id': 5})
    assert table.get('k' * 63, 'id') == 5  # Keys are cut to 63 bytes.
    assert table.exists(long_key)


def test_table_full():
    t = swirl.Table(64, 0.2)
    t.column('v', swirl.Table.TYPE_INT)
    t.create()
    total = t.stats()['total_slice_num']
    assert total >= 64
    with pytest.raises(swirl.SwirlError) as ei:
        for i in range(total + 1):
            t.set('row%d' % i, {'v': i})
    assert ei.value.code == E.ENOSPC
    assert len(t) == total
    st = t.stats()
    assert st['num'] == total and st['insert_count'] == total
    assert st['available_slice_num'] == 0
    t.free()


def test_table_rows_before_create():
    t = swirl.Table(64)
    t.column('v', swirl.Table.TYPE_INT)
    with pytest.raises(swirl.SwirlError):
        t.set('a', {'v': 1})
    with pytest.raises(swirl.SwirlError):
        t.column('v', swirl.Table.TYPE_INT)  # Name in use.
    with pytest.raises(swirl.SwirlError):
        t.column('w', 99)  # Unknown type.
    t.free()


def test_table_across_fork(table):
    table.set('shared', {'id': 1})

    def child():
        assert table.get('shared', 'id') >= 1  # The others add meanwhile.
        for _ in range(1000):
            table.incr('shared', 'id')
        table.set('from-child', {'name': 'hi'})
    pids = [forked(child) for _ in range(3)]
    for _ in range(1000):
        table.incr('shared', 'id')
    assert [wait_child(p) for p in pids] == [0, 0, 0]
    assert table.get('shared', 'id') == 4001
    assert table.get('from-child', 'name') == 'hi'


def test_atomic():
    a = swirl.Atomic(5)
    assert a.get() == 5
    assert a.add(3) == 8
    assert a.sub(10) == 2 ** 32 - 2  # Unsigned 32-bit, wrapping.
    assert a.set(1) and a.get() == 1
    assert a.cmpset(1, 9) is True and a.get() == 9
    assert a.cmpset(1, 3) is False and a.get() == 9
    a.free()
    b = swirl.Atomic(2 ** 32 + 7)
    assert b.get() == 7
    b.free()


def test_atomic_wait_and_wakeup():
    a = swirl.Atomic(0)
    t0 = time.monotonic()
    assert a.wait(0.1) is False
    assert 0.05 <= time.monotonic() - t0 < 2
    assert a.wakeup() == 0 and a.get() == 1  # No waiter: it stays pending.
    assert a.wait(0.1) is True  # Takes the pending wakeup at once.
    assert a.get() == 0

    def child():
        assert a.wait(10) is True
    pid = forked(child)
    # Wakes the child if it sleeps already, else leaves the wakeup pending
    # for it: either way its wait() returns True.
    a.wakeup()
    assert wait_child(pid) == 0
    a.free()


def test_atomic_long():
    a = swirl.AtomicLong(-5)
    assert a.get() == -5
    assert a.add(10) == 5
    assert a.sub(2 ** 40) == 5 - 2 ** 40
    a.set(2 ** 63 - 1)
    assert a.add(1) == -2 ** 63  # Wraps.
    assert a.cmpset(-2 ** 63, 0) is True and a.get() == 0
    assert a.cmpset(1, 2) is False
    a.free()


@pytest.mark.parametrize('kind', ['MUTEX', 'RWLOCK', 'SPINLOCK', 'SEM'])
def test_lock_excludes_other_processes(kind):
    lk = swirl.Lock(getattr(swirl.Lock, kind))
    lk.lock()

    def child():
        assert lk.trylock() is False
        if kind != 'SPINLOCK':
            t0 = time.monotonic()
            assert lk.lockwait(0.1) is False
            assert time.monotonic() - t0 >= 0.05
    assert wait_child(forked(child)) == 0
    lk.unlock()

    def child2():
        assert lk.trylock() is True
        lk.unlock()
    assert wait_child(forked(child2)) == 0
    with lk:
        pass
    lk.free()


def test_rwlock_shares_readers():
    lk = swirl.Lock(swirl.Lock.RWLOCK)
    lk.lock_read()

    def child():
        assert lk.trylock_read() is True
        assert lk.trylock() is False
        lk.unlock()
    assert wait_child(forked(child)) == 0
    lk.unlock()
    lk.free()


def test_sem_has_no_read_lock():
    lk = swirl.Lock(swirl.Lock.SEM)
    with pytest.raises(swirl.SwirlError) as ei:
        lk.lock_read()
    assert ei.value.code == E.ENOTSUP
    lk.free()


def test_mutex_of_a_dead_owner_is_recovered():
    lk = swirl.Lock(swirl.Lock.MUTEX)

    def child():
        lk.lock()  # ... and die holding it.
    assert wait_child(forked(child)) == 0
    assert lk.lockwait(5) is True
    lk.unlock()
    lk.free()


def test_filelock(tmp_path):
    path = str(tmp_path / 'lockfile')
    lk = swirl.Lock(swirl.Lock.FILELOCK, path)
    assert os.path.exists(path)
    lk.lock()

    def child():
        other = swirl.Lock(swirl.Lock.FILELOCK, path)
        assert other.trylock() is False
    assert wait_child(forked(child)) == 0
    lk.unlock()
    lk.free()
    with pytest.raises(swirl.SwirlError):
        swirl.Lock(swirl.Lock.FILELOCK)  # No path.


def test_table_shared_by_workers(spawn):
    """Workers increment one row and one Atomic created before start():
    every increment is seen, none lost or repeated."""
    sp = spawn('--shm', '--set', 'worker_num=2')
    n = 40
    seen, workers = [], set()
    for _ in range(n):
        s = connect(sp.port)
        s.sendall(b'!TINCR hits\n')
        words = recv_line(s).split()
        assert words[0] == 'TINCR', words
        seen.append((int(words[1]), int(words[2])))
        workers.add(int(words[3]))
        s.close()
    assert sorted(h for h, _ in seen) == list(range(1, n + 1))
    assert sorted(a for _, a in seen) == list(range(1, n + 1))
    s = connect(sp.port)
    s.sendall(b'!TGET hits\n')
    assert recv_line(s) == 'TGET %d' % n
    s.close()
