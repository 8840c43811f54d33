"""Back-pressure: a client that never reads must make send() fail with
EOUTPUT_BUFFER_OVERFLOW once socket_buffer_size bytes wait for it, and the
worker's memory must stay bounded."""

import pytest

import swirl

from helpers import connect, echo_once, group_rss_kb
from test_workers import started_workers

LIMIT = 1 << 20          # socket_buffer_size given to the server
CHUNK = 65536            # bytes per send() of the flood
CAP = 64 << 20           # the flood gives up (and the test fails) here
# Bytes the kernel may hold on top of the queue: the server's send buffer
# and the client's receive buffer (kept small below), with autotuning room.
KERNEL_SLACK = 16 << 20


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_slow_reader_overflow(spawn, mode):
    sp = spawn('--mode', mode, '--set', 'worker_num=1',
               '--set', 'socket_buffer_size=%d' % LIMIT)
    started_workers(sp, 1)
    slow = connect(sp.port, rcvbuf=4096)
    try:
        before = group_rss_kb(sp.pgid)
        slow.sendall(b'!FLOOD %d %d\n' % (CHUNK, CAP))
        _, ev = sp.wait_event('flood', timeout=60)
        after = group_rss_kb(sp.pgid)
        growth = {pid: kb - before.get(pid, 0) for pid, kb in after.items()}
        assert ev['rc'] == swirl.ErrorCode.EOUTPUT_BUFFER_OVERFLOW, \
            'send() never failed with EOUTPUT_BUFFER_OVERFLOW: %s; RSS ' \
            'growth per server process (kB): %s' % (ev, growth)
        assert ev['sent'] >= LIMIT - CHUNK, \
            'send() failed after only %d bytes' % ev['sent']
        assert ev['sent'] <= LIMIT + KERNEL_SLACK, \
            '%d bytes accepted for a reader that reads nothing' % ev['sent']
        grew_kb = ev['rss_after'] - ev['rss_before']
        assert grew_kb * 1024 <= 3 * LIMIT + (32 << 20), \
            'worker memory grew by %d kB' % grew_kb
        # Nor may another process of the server (the master holds the
        # connections in PROCESS mode) take up what the worker did not.
        for pid, grew in growth.items():
            assert grew * 1024 <= 3 * LIMIT + (32 << 20), \
                'process %d of the server grew by %d kB' % (pid, grew)
        # The worker still serves others while the slow client is stuck.
        assert echo_once(sp.port) == b'ping'
    finally:
        slow.close()
    # The stuck connection is closed once the client goes away.
    sp.wait_event('close', fd=ev['fd'], timeout=30)
    assert echo_once(sp.port) == b'ping'
