"""Task workers and messages between workers through the binding."""

import ast
import time

import pytest

from helpers import connect, info, recv_line
from test_workers import started_workers


@pytest.fixture
def tasks(spawn):
    sp = spawn('--set', 'worker_num=1', '--set', 'task_worker_num=2')
    started_workers(sp, 3)
    return sp


def reply(s, prefix, timeout=10.0):
    line = recv_line(s, timeout)
    assert line.startswith(prefix + ' '), line
    return line[len(prefix) + 1:]


def test_task_workers_start(tasks):
    evs = {e['id']: e for e in tasks.events('workerstart')}
    assert sorted(evs) == [0, 1, 2]
    assert len({e['pid'] for e in evs.values()}) == 3


@pytest.mark.parametrize('value', ["'text'", "b'\\x00bytes\\xff'",
                                   "{'a': [1, 2.5, None]}", "(1, 'two')"])
def test_task_round_trip(tasks, value):
    s = connect(tasks.port)
    s.sendall(b'!TASK %s\n' % value.encode())
    res = ast.literal_eval(reply(s, 'FINISH'))
    want = ast.literal_eval(value)
    assert res[0] == 'done'
    assert res[1] == want and type(res[1]) is type(want)
    assert res[2] in (1, 2), 'task ran in worker %s' % res[2]
    assert res[3] is True, 'taskworker is False in a task worker'
    assert res[4] == 0, 'the source worker id is %s' % res[4]
    s.close()


def test_finish_handler_and_explicit_finish(tasks):
    s = connect(tasks.port)
    s.sendall(b"!TASKH ('finish', 42)\n")
    assert ast.literal_eval(reply(s, 'FINISH-H')) == 42
    s.sendall(b"!TASKH 'x'\n")
    assert ast.literal_eval(reply(s, 'FINISH-H'))[1] == 'x'
    s.close()


def test_task_finished_after_its_handler(tasks):
    """swirl_server_task_finish(): a result sent after the task handler
    returned (from a timer) still reaches the task's finish handler."""
    s = connect(tasks.port)
    s.sendall(b"!TASKH ('later', 7)\n")
    assert ast.literal_eval(reply(s, 'FINISH-H')) == 7
    s.close()


def test_big_task_payload(tasks):
    s = connect(tasks.port)
    n = 300 * 1024  # Over the 60 KiB that fit in one pipe message.
    s.sendall(b'!TASKBIG %d\n' % n)
    assert reply(s, 'FINISH', timeout=30) == '%d True' % n
    s.close()


def test_taskwait(tasks):
    s = connect(tasks.port)
    s.sendall(b"!TASKWAIT 5 'sync'\n")
    body = reply(s, 'TASKWAIT')
    res = ast.literal_eval(body.rsplit(' ', 1)[0])
    assert res[:2] == ('done', 'sync')
    s.close()


def test_taskwait_timeout(tasks):
    s = connect(tasks.port)
    t0 = time.monotonic()
    s.sendall(b"!TASKWAIT 0.2 {'sleep': 1.5}\n")
    body = reply(s, 'TASKWAIT')
    res, took = body.rsplit(' ', 1)
    assert res == 'False'
    assert 0.15 <= float(took) < 1.2, 'taskwait took %s s' % took
    # The worker goes on working after the timeout.
    s.sendall(b'!ECHO alive\n')
    assert recv_line(s) == 'alive'
    assert time.monotonic() - t0 < 10
    s.close()


def test_no_reply_task(tasks):
    s = connect(tasks.port)
    s.sendall(b"!TASK 'noreply'\n!TASK 'after'\n")
    res = ast.literal_eval(reply(s, 'FINISH'))
    assert res[1] == 'after'
    s.close()


def test_taskworker_flag_in_event_worker(tasks):
    s = connect(tasks.port)
    s.sendall(b'!ME\n')
    assert reply(s, 'ME') == '0 False'
    s.close()


def test_pipe_message(spawn):
    sp = spawn('--set', 'worker_num=2')
    started_workers(sp, 2)
    s = connect(sp.port)
    me = info(s)['worker']
    other = 1 - me
    s.sendall(b'!MSG %d hello there\n' % other)
    assert reply(s, 'MSG') == 'hello there from %d' % other
    _, ev = sp.wait_event('pipemessage', src=me)
    assert ev['wid'] == other
    s.close()


def test_exception_in_task(spawn):
    sp = spawn('--set', 'worker_num=1', '--set', 'task_worker_num=1',
               worker_errors_ok=True)
    started_workers(sp, 2)
    mark = len(sp.out.lines)
    s = connect(sp.port)
    s.sendall(b"!TASK 'raise'\n")
    i, err = sp.wait_event('workererror', start=mark, id=1)
    assert err['status'] == 255, err
    sp.wait_event('workerstart', start=i, id=1)
    sp.wait_stderr('RuntimeError: raised on purpose in task')
    s.sendall(b"!TASK 'again'\n")
    assert ast.literal_eval(reply(s, 'FINISH'))[1] == 'again'
    s.close()


@pytest.mark.parametrize('n', [10, 300 * 1024])
def test_task_ipc_mode_2_message_queue(spawn, n):
    """task_ipc_mode 2: tasks travel through a System V message queue; a
    payload over a queue message's 8 KiB goes through task_tmpdir."""
    sp = spawn('--set', 'worker_num=1', '--set', 'task_worker_num=2',
               '--set', 'task_ipc_mode=2')
    started_workers(sp, 3)
    s = connect(sp.port)
    s.sendall(b'!TASK (1, 2)\n')
    res = ast.literal_eval(reply(s, 'FINISH'))
    assert res[:2] == ('done', (1, 2)) and res[2] in (1, 2)
    s.sendall(b'!TASKBIG %d\n' % n)
    assert reply(s, 'FINISH', timeout=30) == '%d True' % n
    s.sendall(b"!TASKWAIT 5 'sync'\n")
    assert ast.literal_eval(reply(s, 'TASKWAIT').rsplit(' ', 1)[0])[:2] == \
        ('done', 'sync')
    s.close()


def test_task_wait_multi(tasks):
    """Several tasks at once, waited for together: the results that came
    in time, by index; a late one is missing and reaches no handler."""
    s = connect(tasks.port)
    # The slow task goes last, so that no quick one waits behind it.
    s.sendall(b"!TASKMULTI 0.6 ['a', ('b', 2), {'sleep': 1.0}]\n")
    body = reply(s, 'TASKMULTI')
    res, took = body.rsplit(' ', 1)
    res = ast.literal_eval(res)
    assert sorted(res) == [0, 1], res
    assert res[0][:2] == ('done', 'a') and res[1][:2] == ('done', ('b', 2))
    assert 0.5 <= float(took) < 1.0, 'task_wait_multi took %s s' % took
    # The worker goes on, and the late result is dropped, not delivered.
    s.sendall(b"!TASKWAIT 5 'after'\n")
    assert ast.literal_eval(reply(s, 'TASKWAIT').rsplit(' ', 1)[0])[:2] == \
        ('done', 'after')
    s.close()
