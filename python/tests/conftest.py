"""Shared fixtures: servers run in child processes, stopped by process group.

Every server runs python/tests/servers/<script> in a new session (its own
process group, pgid = the master's pid), so the whole server (master,
manager, workers) can be inspected and stopped through that group. Each wait
has a deadline; nothing sleeps to synchronise. See helpers.py.
"""

import os
import signal
import sys
import warnings

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from helpers import START_TIMEOUT, ServerProcess  # noqa: E402

# A test that runs longer than this fails (SIGALRM), so a hang can never
# stall the suite.
TEST_TIMEOUT = int(os.environ.get('SWIRL_TEST_TIMEOUT', '120'))

_stop_problems = []

# Lines by which ASan and UBSan reports are recognised in server stderr.
SANITIZER_MARKS = ('ERROR: AddressSanitizer', 'ERROR: LeakSanitizer',
                   'runtime error:', 'SUMMARY: UndefinedBehaviorSanitizer')


@pytest.fixture
def spawn(request):
    """spawn(*args, script='evserver.py', ready=True, env=None,
    worker_errors_ok=False) starts a server in a child process and (when
    ready) waits for its PORT and START lines. Every server is stopped at
    the end of the test; a server that needed SIGKILL is reported.

    The test fails at the end if a worker ended abnormally (a WORKER_ERROR
    event) while the test ran, unless it said worker_errors_ok: the manager
    hides a crashed worker by starting another, and nothing else would
    notice."""
    started = []

    def start(*args, script='evserver.py', ready=True, env=None,
              timeout=START_TIMEOUT, worker_errors_ok=False):
        sp = ServerProcess(script, [str(a) for a in args], env=env)
        sp.worker_errors_ok = worker_errors_ok
        started.append(sp)
        if ready:
            sp.wait_ready(timeout)
        return sp

    yield start

    reports = []
    for sp in started:
        crashes = sp.events('workererror')
        if crashes and not sp.worker_errors_ok:
            reports.append('%s: workers ended abnormally during the test: '
                           '%s\n%s' % (sp, crashes, sp.err.text()))
        problems = sp.stop()
        if problems:
            msg = '%s (%s): %s' % (request.node.nodeid, sp,
                                   '; '.join(problems))
            _stop_problems.append(msg)
            warnings.warn('server stop: ' + msg)
        bad = [line for line in sp.err.lines
               if any(m in line for m in SANITIZER_MARKS)]
        if bad:
            reports.append('%s: sanitizer report:\n%s' % (sp, sp.err.text()))
    if reports:
        # Even if the manager replaced the process and the test saw nothing
        # wrong.
        pytest.fail('\n'.join(reports), pytrace=False)


@pytest.fixture(autouse=True)
def _deadline():
    """Fails a test that runs longer than TEST_TIMEOUT seconds."""
    def on_alarm(signum, frame):
        raise AssertionError('test exceeded %d s' % TEST_TIMEOUT)
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(TEST_TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def pytest_terminal_summary(terminalreporter):
    if _stop_problems:
        terminalreporter.section('servers that did not stop cleanly')
        for msg in _stop_problems:
            terminalreporter.write_line(msg)


