"""sendfile over TCP and HTTP: whole files, ranges, ordering with queued
data, missing files."""

import http.client
import os

import pytest

from helpers import connect, pattern, recv_exact, recv_line

SIZE = 3 * 1024 * 1024 + 123


@pytest.fixture(scope='module')
def blob(tmp_path_factory):
    path = tmp_path_factory.mktemp('sendfile') / 'blob.bin'
    path.write_bytes(pattern(SIZE))
    return str(path)


@pytest.mark.parametrize('offset,length', [(0, 0), (1000, 5000),
                                           (SIZE - 10, 0)])
def test_tcp_sendfile(spawn, blob, offset, length):
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port, timeout=30)
    s.sendall(b'!ECHO first\n!SENDFILE %s %d %d\n' % (blob.encode(), offset,
                                                     length))
    assert recv_line(s) == 'first'
    want = pattern(SIZE)[offset:offset + length if length else SIZE]
    assert recv_exact(s, len(want), 30) == want
    assert recv_line(s) == 'END', 'data queued after sendfile came early'
    s.close()


def test_tcp_sendfile_missing_file(spawn, tmp_path):
    sp = spawn('--set', 'worker_num=1')
    s = connect(sp.port)
    s.sendall(b'!SENDFILE %s 0 0\n' % str(tmp_path / 'nope').encode())
    line = recv_line(s)
    assert line == 'SENDFILE-FAILED %d' % -2, line  # ENOENT
    s.close()


@pytest.mark.parametrize('offset,length', [(0, 0), (4096, 100000)])
def test_http_sendfile(spawn, blob, offset, length):
    sp = spawn('--http', '--set', 'worker_num=1')
    c = http.client.HTTPConnection('127.0.0.1', sp.port, timeout=30)
    c.request('GET', '/file?path=%s&offset=%d&length=%d'
              % (blob, offset, length))
    r = c.getresponse()
    body = r.read()
    want = pattern(SIZE)[offset:offset + length if length else SIZE]
    assert r.status == 200
    assert r.getheader('Content-Type') == 'application/octet-stream'
    assert int(r.getheader('Content-Length')) == len(want)
    assert body == want
    # The connection is kept alive and still answers.
    c.request('GET', '/hello')
    assert c.getresponse().read() == b'hello world'
    c.close()


def test_http_sendfile_missing_file(spawn, tmp_path):
    sp = spawn('--http', '--set', 'worker_num=1')
    c = http.client.HTTPConnection('127.0.0.1', sp.port, timeout=10)
    c.request('GET', '/file?path=%s' % os.path.join(str(tmp_path), 'nope'))
    r = c.getresponse()
    assert r.status == 404
    assert r.read().startswith(b'sendfile failed')
    c.close()
