"""HTTP through the binding: REQUEST events, swirl.http.Request and
Response, checked with http.client."""

import http.client
import json
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
