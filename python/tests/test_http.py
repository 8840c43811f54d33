"""HTTP through the binding: REQUEST events, swirl.http.Request and
Response, checked with http.client."""

import http.client
import json
import os
import socket

import pytest

from helpers import connect, recv_until_eof
from test_workers import started_workers


@pytest.fixture
def web(spawn):
    return spawn('--http', '--set', 'worker_num=1')


def get(port, path, method='GET', body=None, headers=None):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        c.close()


def test_hello(web):
    status, headers, body = get(web.port, '/hello?name=swirl')
    assert status == 200
    assert body == b'hello swirl'
    assert headers['Content-Type'] == 'text/plain'
    assert int(headers['Content-Length']) == len(body)


def test_request_fields(web):
    status, _, body = get(
        web.port, '/info?a=1&b=x+y&c=%41', method='POST',
        body='p=1&q=two', headers={
            'Content-Type': 'application/x-www-form-urlencoded',
            'X-Custom': 'Value', 'Cookie': 'k=v; sess=abc%20d'})
    assert status == 200
    info = json.loads(body)
    assert info['method'] == 'POST'
    assert info['uri'] == '/info?a=1&b=x+y&c=%41'
    assert info['server']['path_info'] == '/info'
    assert info['server']['query_string'] == 'a=1&b=x+y&c=%41'
    assert info['server']['server_protocol'] == 'HTTP/1.1'
    assert info['header']['x-custom'] == 'Value'
    assert info['get'] == {'a': '1', 'b': 'x y', 'c': 'A'}
    assert info['post'] == {'p': '1', 'q': 'two'}
    assert info['cookie'] == {'k': 'v', 'sess': 'abc d'}
    assert info['keep_alive'] is True


def test_post_body_round_trip(web):
    payload = bytes(range(256)) * 400
    status, headers, body = get(web.port, '/echo', method='POST',
                                body=payload, headers={
                                    'Content-Type': 'application/x-bin'})
    assert status == 200
    assert body == payload
    assert headers['Content-Type'] == 'application/x-bin'


def test_status_and_chunked(web):
    assert get(web.port, '/status/404')[::2] == (404, b'status 404')
    assert get(web.port, '/status/201')[::2] == (201, b'status 201')
    status, headers, body = get(web.port, '/chunked')
    assert status == 200
    assert headers.get('Transfer-Encoding') == 'chunked'
    assert body == b'abc'


def test_response_from_a_timer(web):
    assert get(web.port, '/later')[::2] == (200, b'late')


def test_keep_alive_and_pipelining(web):
    c = http.client.HTTPConnection('127.0.0.1', web.port, timeout=10)
    for i in range(5):
        c.request('GET', '/hello?name=%d' % i)
        r = c.getresponse()
        assert r.read() == b'hello %d' % i
    c.close()
    s = connect(web.port)
    s.sendall(b'GET /hello?name=1 HTTP/1.1\r\nHost: x\r\n\r\n'
              b'GET /hello?name=2 HTTP/1.1\r\nHost: x\r\n'
              b'Connection: close\r\n\r\n')
    data = recv_until_eof(s)
    assert data.count(b'HTTP/1.1 200') == 2
    assert data.index(b'hello 1') < data.index(b'hello 2')
    s.close()


def test_close_after_response(web):
    s = connect(web.port)
    s.sendall(b'GET /close HTTP/1.1\r\nHost: x\r\n\r\n')
    data = recv_until_eof(s)
    assert data.startswith(b'HTTP/1.1 200') and data.endswith(b'bye')
    s.close()


def test_head_has_no_body(web):
    status, headers, body = get(web.port, '/hello', method='HEAD')
    assert status == 200 and body == b''


def test_exception_in_request(spawn):
    web = spawn('--http', '--set', 'worker_num=1', worker_errors_ok=True)
    started_workers(web, 1)
    mark = len(web.out.lines)
    with pytest.raises((http.client.HTTPException, ConnectionError,
                        socket.timeout)):
        get(web.port, '/raise')
    i, err = web.wait_event('workererror', start=mark, id=0)
    assert err['status'] == 255
    web.wait_event('workerstart', start=i, id=0)
    web.wait_stderr('RuntimeError: raised on purpose in request')
    assert get(web.port, '/hello')[0] == 200


def test_http10_request(web):
    s = connect(web.port)
    s.sendall(b'GET /info?x=1 HTTP/1.0\r\nHost: x\r\n\r\n')
    data = recv_until_eof(s)  # HTTP/1.0 without keep-alive: closed after.
    s.close()
    head, _, body = data.partition(b'\r\n\r\n')
    assert head.startswith(b'HTTP/1.') and b' 200 ' in head.split(b'\r\n')[0]
    info = json.loads(body)
    assert info['keep_alive'] is False
    assert info['server']['server_protocol'] == 'HTTP/1.0'
    assert info['get'] == {'x': '1'}


# ---------------------------------------------------------------------------
# Framing as Swoole 4.8 frames it, the reason-phrase flag, uploads written to
# files, and the static handler: a small server of its own, written to a
# temporary directory (evserver.py routes none of this).

FRAMING_SERVER = r'''
import os
import sys

import swirl
from swirl import _ffi

lib = _ffi.lib
root = sys.argv[1]


def emit(*parts):
    os.write(1, (' '.join(str(p) for p in parts) + '\n').encode())


srv = swirl.Server('127.0.0.1', 0, swirl.BASE)
srv.set({'worker_num': 1, 'open_http_protocol': True,
         'enable_static_handler': True, 'document_root': root + '/www',
         'static_handler_locations': '/static\n/dir',
         'http_index_files': 'index.htm\nindex.html', 'http_autoindex': True,
         'upload_tmp_dir': root + '/up'})


def respond(resp, status, head, body, flags=0):
    lib.http_respond(srv._handle(), resp.fd, status, head, len(head), body,
                     len(body), flags)


def on_request(req, resp):
    path = req.server['path_info']
    if path == '/length':
        respond(resp, 200, b'Content-Length: 2\r\n', b'hello')
    elif path == '/empty':
        respond(resp, 200, b'', b'')
    elif path == '/body':
        respond(resp, 200, b'', b'body')
    elif path == '/204':
        respond(resp, 204, b'', b'')
    elif path == '/reason':
        respond(resp, 299, b'My Reason\r\nStatus: 1\r\n', b'x',
                int(_ffi.HttpRespondFlags.REASON))
    elif path == '/upload':
        body = req.rawContent()
        files = [line.split(b': ', 1)[1].decode()
                 for line in body.split(b'\r\n')
                 if line.startswith(b'X-Swirl-Tmpfile: ')]
        flag = bool(req.flags & _ffi.HttpRequestFlags.UPLOADS)
        data = [open(f, 'rb').read().decode() for f in files]
        for f in files:
            os.unlink(f)
        respond(resp, 200, b'', repr((flag, len(files), data,
                                      body.count(b'Tmpfile'))).encode())
    else:
        respond(resp, 200, b'', b'dynamic ' + path.encode())


srv.on('request', on_request)
srv.on('start', lambda s: emit('EV start', 'pid=%d' % os.getpid()))
emit('PORT %d' % srv.port)
srv.start()
'''


@pytest.fixture
def framing(spawn, tmp_path):
    (tmp_path / 'www' / 'static' / 'sub').mkdir(parents=True)
    (tmp_path / 'www' / 'dir').mkdir()
    (tmp_path / 'up').mkdir()
    (tmp_path / 'www' / 'static' / 'a.txt').write_bytes(b'file a\n')
    (tmp_path / 'www' / 'static' / 'sub' / 'index.html').write_bytes(b'idx\n')
    (tmp_path / 'www' / 'dir' / 'b.css').write_bytes(b'b{}\n')
    (tmp_path / 'www' / 'other.txt').write_bytes(b'other\n')
    os.utime(tmp_path / 'www' / 'static' / 'a.txt', (1600000000, 1600000000))
    script = tmp_path / 'framing_server.py'
    script.write_text(FRAMING_SERVER)
    srv = spawn(str(tmp_path), script=str(script))
    srv.root = tmp_path
    return srv


def raw(port, method, path, extra=b''):
    """The whole answer to one request on a connection the server closes."""
    s = connect(port)
    s.sendall(b'%s %s HTTP/1.1\r\nHost: x\r\n%sConnection: close\r\n\r\n'
              % (method.encode(), path.encode(), extra))
    data = recv_until_eof(s)
    s.close()
    head, _, body = data.partition(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(': ')
        headers.setdefault(name.lower(), []).append(value)
    return lines[0], headers, body


def test_own_content_length_is_sent_as_it_is(framing):
    status, headers, body = raw(framing.port, 'GET', '/length')
    assert status == 'HTTP/1.1 200 OK'
    assert headers['content-length'] == ['2']
    assert body == b'hello'  # the body goes whole, as in Swoole


def test_head_lengths(framing):
    # An empty answer to HEAD has no length; one with a body has its length
    # but no body.
    status, headers, body = raw(framing.port, 'HEAD', '/empty')
    assert 'content-length' not in headers and body == b''
    status, headers, body = raw(framing.port, 'HEAD', '/body')
    assert headers['content-length'] == ['4'] and body == b''
    status, headers, body = raw(framing.port, 'GET', '/empty')
    assert headers['content-length'] == ['0']


def test_204_keeps_type_and_length(framing):
    status, headers, body = raw(framing.port, 'GET', '/204')
    assert status == 'HTTP/1.1 204 No Content'
    assert headers['content-type'] == ['text/html']
    assert headers['content-length'] == ['0']


def test_reason_flag_and_a_status_header(framing):
    status, headers, body = raw(framing.port, 'GET', '/reason')
    assert status == 'HTTP/1.1 299 My Reason'
    assert headers['status'] == ['1']  # an ordinary header now
    assert body == b'x'


def test_uploads_flag_and_forged_tmpfile_header(framing):
    boundary = b'XyZ'
    body = (b'--XyZ\r\nContent-Disposition: form-data; name="f"; '
            b'filename="f.txt"\r\nX-Swirl-Tmpfile: /etc/passwd\r\n'
            b'Content-Type: text/plain\r\n\r\nfile body\r\n--XyZ--\r\n')
    status, headers, answer = get(
        framing.port, '/upload', method='POST', body=body,
        headers={'Content-Type': 'multipart/form-data; boundary=' +
                 boundary.decode()})
    # The flag is set, the one X-Swirl-Tmpfile line left is the core's, and
    # its file holds the part.
    assert answer == repr((True, 1, ['file body'], 1)).encode()
    assert list((framing.root / 'up').iterdir()) == []


def test_static_locations_index_autoindex(framing):
    port = framing.port
    assert raw(port, 'GET', '/static/a.txt')[2] == b'file a\n'
    assert raw(port, 'GET', '/static/sub')[2] == b'idx\n'
    status, _, body = raw(port, 'GET', '/static/missing.txt')
    assert status == 'HTTP/1.1 404 Not Found'
    assert b'HTTP 404 Not Found' in body
    # Outside the locations: the application, even for a file that exists.
    assert raw(port, 'GET', '/other.txt')[2] == b'dynamic /other.txt'
    status, headers, body = raw(port, 'GET', '/dir')
    assert headers['content-type'] == ['text/html']
    assert b'<title>Index of /dir/</title>' in body
    assert b'<li><a href=/dir/b.css>b.css</a></li>' in body


def test_static_if_modified_since(framing):
    port = framing.port
    cases = [(b'Sun, 13 Sep 2020 12:26:40 GMT', 304),
             (b'Sun, 13 Sep 2020 12:26:39 GMT', 200),
             (b'Mon, 01 Jan 2035 00:00:00 GMT', 304),
             (b'Sunday, 13-Sep-20 12:26:40 GMT', 304),
             (b'Sun Sep 13 12:26:40 2020', 304),
             (b'garbage', 200)]
    for date, want in cases:
        status, headers, body = raw(port, 'GET', '/static/a.txt',
                                    b'If-Modified-Since: ' + date + b'\r\n')
        assert int(status.split()[1]) == want, date
        if want == 304:
            assert body == b'' and 'content-length' not in headers
            assert headers['last-modified'] == [
                'Sun, 13 Sep 2020 12:26:40 GMT']
