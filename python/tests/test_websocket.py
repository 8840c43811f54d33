"""WebSocket through the binding: open/message events, push(), fragments,
control frames, disconnect(), and a handshake handler."""

import ast
import http.client
import struct

import pytest

import swirl
from helpers import WsClient, recv_until_eof


@pytest.fixture
def ws(spawn):
    return spawn('--ws', '--set', 'worker_num=1')


def test_handshake_and_echo(ws):
    c = WsClient(ws.port, '/chat?room=1',
                 {'Sec-WebSocket-Protocol': 'chat'})
    assert c.status == 101
    assert c.accept_ok(), c.headers
    _, ev = ws.wait_event('open')
    assert ev['uri'] == '/chat?room=1'
    assert ev['proto'] == 'chat'
    c.send_text('hello')
    assert c.recv_text() == 'echo:hello'
    payload = bytes(range(256)) * 300  # 76800 bytes: a 64-bit length
    c.send_frame(2, payload)
    assert c.recv_frame() == (True, 2, payload)
    c.send_text('é' * 1000)
    assert c.recv_text() == 'echo:' + 'é' * 1000
    c.close()


def test_fragments_are_joined(ws):
    c = WsClient(ws.port)
    c.send_frame(1, 'frag', fin=False)
    c.send_frame(9, 'mid-ping')  # A control frame between fragments.
    c.send_frame(0, 'men', fin=False)
    c.send_frame(0, 'ted', fin=True)
    frames = [c.recv_frame(), c.recv_frame()]
    assert (True, 10, b'mid-ping') in frames, frames
    assert (True, 1, b'echo:fragmented') in frames, frames
    _, ev = ws.wait_event('message')
    assert ev['len'] == len('fragmented')
    c.close()


def test_server_fragments(ws):
    c = WsClient(ws.port)
    c.send_text('fragments')
    assert c.recv_frame() == (False, 1, b'ab')
    assert c.recv_frame() == (False, 0, b'cd')
    assert c.recv_frame() == (True, 0, b'ef')
    c.close()


def test_ping_gets_pong(ws):
    c = WsClient(ws.port)
    c.send_frame(9, b'are you there')
    assert c.recv_frame() == (True, 10, b'are you there')
    c.close()


def test_client_close_is_answered(ws):
    c = WsClient(ws.port)
    _, op = ws.wait_event('open')
    c.send_frame(8, struct.pack('>H', 1000) + b'done')
    fin, opcode, payload = c.recv_frame()
    assert opcode == 8
    assert struct.unpack('>H', payload[:2])[0] == 1000
    assert recv_until_eof(c.sock) == b''
    ws.wait_event('close', fd=op['fd'])
    c.close()


def test_disconnect(ws):
    c = WsClient(ws.port)
    c.send_text('disconnect')
    fin, opcode, payload = c.recv_frame()
    assert (fin, opcode) == (True, 8)
    assert struct.unpack('>H', payload[:2])[0] == 4000
    assert payload[2:] == b'bye'
    assert recv_until_eof(c.sock) == b''
    c.close()


def test_push_errors(ws):
    # A plain HTTP keep-alive connection is not a WebSocket.
    h = http.client.HTTPConnection('127.0.0.1', ws.port, timeout=10)
    h.request('GET', '/hello')
    assert h.getresponse().read() == b'hello world'
    _, req = ws.wait_event('request')
    c = WsClient(ws.port)
    c.send_text('push %d hi' % req['fd'])
    assert c.recv_text() == 'rc %d' % swirl.ErrorCode.EWEBSOCKET_UNCONNECTED
    c.send_text('push 999999 hi')
    code = int(c.recv_text().split()[1])
    assert code in (swirl.ErrorCode.EWEBSOCKET_UNCONNECTED,
                    swirl.ErrorCode.ESESSION_NOT_EXIST)
    c.send_text('established %d' % req['fd'])
    assert c.recv_text() == 'established False'
    h.close()
    c.close()


def test_push_bad_opcode(ws):
    """Swoole's push() with an opcode that is not one fails with
    WEBSOCKET_BAD_OPCODE (8502), the code the header declares for it."""
    c = WsClient(ws.port)
    c.send_text('badopcode')
    assert c.recv_text() == 'rc %d' % swirl.ErrorCode.EWEBSOCKET_BAD_OPCODE
    c.close()


def test_connection_info_websocket_status(ws):
    c = WsClient(ws.port)
    c.send_text('info')
    info = ast.literal_eval(c.recv_text())
    assert info['websocket_status'] == swirl.WsStatus.ACTIVE
    _, op = ws.wait_event('open')
    c.send_text('established %d' % op['fd'])
    assert c.recv_text() == 'established True'
    c.close()


def test_plain_http_on_a_websocket_port(ws):
    h = http.client.HTTPConnection('127.0.0.1', ws.port, timeout=10)
    h.request('GET', '/hello?name=ws')
    r = h.getresponse()
    assert (r.status, r.read()) == (200, b'hello ws')
    h.close()


def test_handshake_handler(spawn):
    sp = spawn('--ws', '--ws-handshake', '--set', 'worker_num=1')
    c = WsClient(sp.port)
    assert c.status == 101 and c.accept_ok()
    assert c.headers.get('x-handshake') == 'custom'
    sp.wait_event('handshake')
    c.send_text('after custom handshake')
    assert c.recv_text() == 'echo:after custom handshake'
    c.close()
    assert not sp.events('open'), 'OPEN after a handled handshake'
    d = WsClient(sp.port, '/?deny=1')
    assert d.status == 403
    d.close()
