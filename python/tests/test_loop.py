"""Timers and deferred calls: in this process through loop_run(), and
inside a server worker."""

import time

import pytest

import swirl
from helpers import connect, recv_line


def test_after_tick_defer_in_order():
    seen = []
    ticks = []
    t0 = time.monotonic()

    def tick(tid, tag):
        ticks.append((tid, tag))
        seen.append(tag)
        if len(ticks) == 3:
            assert swirl.timer_clear(tid) is True

    tick_id = swirl.timer_tick(10, tick, 'tick')
    swirl.timer_after(50, seen.append, 'after')
    swirl.defer(seen.append, 'defer')
    swirl.loop_run()
    assert seen[0] == 'defer'
    assert ticks == [(tick_id, 'tick')] * 3
    assert seen.count('after') == 1
    assert time.monotonic() - t0 >= 0.045
    assert swirl.timer_count() == 0


def test_clear_and_exists():
    tid = swirl.timer_after(10000, lambda: None)
    assert swirl.timer_exists(tid)
    assert swirl.timer_count() == 1
    assert swirl.timer_clear(tid) is True
    assert not swirl.timer_exists(tid)
    assert swirl.timer_clear(tid) is False  # A stale id is not an error.
    a = swirl.timer_after(10000, lambda: None)
    b = swirl.timer_tick(10000, lambda t: None)
    assert a != b
    assert swirl.timer_clear_all() == 2
    assert swirl.timer_count() == 0
    swirl.loop_run()  # Nothing left: returns at once.


def test_bad_interval():
    with pytest.raises(swirl.SwirlError):
        swirl.timer_after(0, lambda: None)
    assert swirl.timer_count() == 0


def test_exception_in_timer_is_raised_by_loop_run():
    def boom():
        raise ValueError('from a timer')
    swirl.timer_after(5, boom)
    other = swirl.timer_tick(1000, lambda t: None)
    with pytest.raises(ValueError, match='from a timer'):
        swirl.loop_run()
    swirl.timer_clear(other)
    assert swirl.timer_count() == 0


def test_timers_in_a_worker(spawn):
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port)
    s.sendall(b'!AFTER 30 later\n!TICK 10 3\n')
    got = sorted(recv_line(s) for _ in range(4))
    assert got == ['later', 'tick 1', 'tick 2', 'tick 3']
    s.close()


def test_watch_socketpair_read_write_pause_unwatch():
    import socket
    a, b = socket.socketpair()
    seen = []

    def on_a(fd, readable, writable):
        if writable:
            seen.append('writable')
            os_write(fd, b'ping')
            swirl.watch_set(wa, read=False, write=False)  # paused
            return

    def on_b(fd, readable, writable):
        assert readable and fd == b.fileno()
        data = b.recv(100)
        seen.append(data)
        if data == b'ping':
            # Resume a's watch for reading, and answer.
            swirl.watch_set(wa, read=True)
            b.send(b'pong')
        else:
            seen.append('eof')
            swirl.unwatch(wb)

    def on_a_read(fd, readable, writable):
        seen.append(a.recv(100))
        swirl.unwatch(wa)
        a.close()  # b sees the end of the stream

    wa = swirl.watch(a.fileno(), on_a, read=False, write=True)
    wb = swirl.watch(b.fileno(), on_b)
    assert wa != wb
    with pytest.raises(swirl.SwirlError):
        swirl.watch(b.fileno(), on_b)  # watched already

    def switch(fd, readable, writable):
        if readable:
            on_a_read(fd, readable, writable)
        else:
            on_a(fd, readable, writable)

    from swirl import loop
    loop._watches[wa] = (a.fileno(), switch)
    swirl.loop_run()  # returns once no watch is left
    assert seen == ['writable', b'ping', b'pong', b'', 'eof']
    import fcntl
    import os
    # The watch made the descriptor non-blocking.
    assert fcntl.fcntl(b.fileno(), fcntl.F_GETFL) & os.O_NONBLOCK
    b.close()
    with pytest.raises(swirl.SwirlError):
        swirl.watch(-1, on_b)
    with pytest.raises(swirl.SwirlError):
        swirl.unwatch(12345)


def os_write(fd, data):
    import os
    os.write(fd, data)
