"""examples/python/echo_server.py works as documented."""

import os
import signal

import pytest

from helpers import REPO, STOP_TIMEOUT, echo_once, wait_until

EXAMPLE = os.path.join(REPO, 'examples', 'python', 'echo_server.py')


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_echo_example(spawn, mode):
    sp = spawn('0', '2', mode, script=EXAMPLE, ready=False)
    _, m = sp.wait_line(r'^listening on 127\.0\.0\.1:(\d+)$')
    port = int(m.group(1))
    assert port > 0
    for payload in (b'hello', b'\0binary\xff' * 1000):
        assert echo_once(port, payload) == payload
    os.kill(sp.pid, signal.SIGTERM)
    assert sp.wait_exit(STOP_TIMEOUT) == 0
    assert wait_until(lambda: not sp.members(), 5.0), sp.members()


def test_example_rejects_bad_arguments(spawn):
    sp = spawn('not-a-port', script=EXAMPLE, ready=False)
    assert sp.wait_exit(10) == 2
