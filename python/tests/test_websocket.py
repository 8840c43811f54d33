"""WebSocket through the binding: open/message events, push(), fragments,
control frames, disconnect(), and a handshake handler."""

import ast
import http.client
import os
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


# ------------------------------------------- control frames to the binding

CONTROL_SERVER = r'''
"""A WebSocket server for test_websocket.py: argv[1] is base or process,
the rest are name=value options, or --handshake (an onHandShake that
accepts, then pushes and reports isEstablished() and websocket_status).
A plain request is answered with its websocket_status ("status N").
Its messages: a ping is answered with "app:" + data, a close frame is
reported and answered as its reason says ("answer": disconnect(4001),
anything else: not at all)."""
import os
import struct
import sys

import swirl


def emit(*parts):
    os.write(1, (' '.join(str(p) for p in parts) + '\n').encode())


def on_message(srv, frame):
    if frame.opcode == swirl.WsOpcode.CLOSE:
        code = struct.unpack('>H', frame.data[:2])[0]
        reason = frame.data[2:].decode()
        emit('EV closeframe', 'fd=%d' % frame.fd, 'code=%d' % code,
             'reason=%s' % reason)
        if reason == 'answer':
            srv.disconnect(frame.fd, 4001, 'app')
    elif frame.opcode == swirl.WsOpcode.PING:
        emit('EV ping', 'fd=%d' % frame.fd)
        srv.push(frame.fd, b'app:' + frame.data, swirl.WsOpcode.PONG)
    else:
        emit('EV message', 'fd=%d' % frame.fd, 'opcode=%d' % frame.opcode)
        srv.push(frame.fd, 'echo:%s' % frame.data)


def on_handshake(srv, req, resp):
    fd = req.fd
    before = srv.connection_info(fd)['websocket_status']
    resp.status(101)
    resp.header('Upgrade', 'websocket')
    resp.header('Connection', 'Upgrade')
    resp.header('Sec-WebSocket-Accept',
                swirl.websocket_accept(req.header['sec-websocket-key']))
    resp.end()
    emit('EV handshake', 'fd=%d' % fd, 'before=%d' % before,
         'after=%d' % srv.connection_info(fd)['websocket_status'],
         'established=%d' % srv.isEstablished(fd))
    srv.push(fd, 'from the handshake')


def main():
    mode = swirl.BASE if sys.argv[1] == 'base' else swirl.PROCESS
    srv = swirl.Server('127.0.0.1', 0, mode)
    opts = {'worker_num': 1, 'open_websocket_protocol': True}
    flags = [a for a in sys.argv[2:] if a.startswith('--')]
    for item in sys.argv[2:]:
        if item.startswith('--'):
            continue
        name, _, value = item.partition('=')
        opts[name] = {'true': True, 'false': False}.get(value, value)
    srv.set(opts)
    srv.on('start', lambda s: emit('EV start', 'pid=%d' % os.getpid()))
    srv.on('request', lambda req, resp: resp.end(
        'status %d' % srv.connection_info(req.fd).get('websocket_status', 0)))
    srv.on('message', on_message)
    if '--handshake' in flags:
        srv.on('handshake', lambda req, resp: on_handshake(srv, req, resp))
    emit('PORT %d' % srv.port)
    srv.start()


main()
'''


def client_frame(opcode, payload):
    """A masked client frame of up to 125 bytes."""
    mask = os.urandom(4)
    return (bytes([0x80 | opcode, 0x80 | len(payload)]) + mask +
            bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))


@pytest.fixture
def control_server(spawn, tmp_path):
    script = tmp_path / 'ws_control_server.py'
    script.write_text(CONTROL_SERVER)
    return lambda *args: spawn(*args, script=str(script))


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_close_frame_reaches_the_binding(control_server, mode):
    sp = control_server(mode, 'open_websocket_close_frame=true')
    # The callback answers with its own close frame.
    a = WsClient(sp.port)
    a.send_frame(8, struct.pack('>H', 4000) + b'answer')
    assert a.recv_frame() == (True, 8, struct.pack('>H', 4001) + b'app')
    assert recv_until_eof(a.sock) == b''
    sp.wait_event('closeframe', code=4000, reason='answer')
    # It does not: the core echoes the frame once the callback returned,
    # and reads nothing after the close frame.
    b = WsClient(sp.port)
    # One write: a later one could meet a closed socket (and a reset).
    b.sock.sendall(client_frame(8, struct.pack('>H', 4002) + b'quiet') +
                   client_frame(1, b'too late'))
    assert b.recv_frame() == (True, 8, struct.pack('>H', 4002) + b'quiet')
    assert recv_until_eof(b.sock) == b''
    sp.wait_event('closeframe', code=4002, reason='quiet')
    # Invalid close codes are still the core's: 1002, no MESSAGE.
    c = WsClient(sp.port)
    c.send_frame(8, struct.pack('>H', 1005))
    assert c.recv_frame() == (True, 8, struct.pack('>H', 1002))
    assert recv_until_eof(c.sock) == b''
    d = WsClient(sp.port)
    d.send_text('after')
    assert d.recv_text() == 'echo:after'
    assert len(sp.events('closeframe')) == 2
    for c in (a, b, c, d):
        c.close()


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_ping_frames_reach_the_binding(control_server, mode):
    sp = control_server(mode, 'open_websocket_ping_frame=true')
    c = WsClient(sp.port)
    c.send_frame(9, b'hello?')
    # The binding's pong is the first frame: the core sent none.
    assert c.recv_frame() == (True, 10, b'app:hello?')
    sp.wait_event('ping')
    c.send_frame(10, b'unasked pong')  # Not delivered: no pong_frame.
    c.send_text('next')
    assert c.recv_text() == 'echo:next'
    sp.wait_event('message', opcode=1)
    assert [e['opcode'] for e in sp.events('message')] == [1]
    # Without open_websocket_close_frame the core answers close frames.
    c.send_frame(8, struct.pack('>H', 4000) + b'answer')
    assert c.recv_frame() == (True, 8, struct.pack('>H', 4000) + b'answer')
    assert recv_until_eof(c.sock) == b''
    assert not sp.events('closeframe')
    c.close()


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_handshake_accepted_is_a_websocket_at_once(control_server, mode):
    sp = control_server(mode, '--handshake')
    c = WsClient(sp.port)
    assert c.status == 101 and c.accept_ok()
    assert c.recv_text() == 'from the handshake'
    _, ev = sp.wait_event('handshake')
    assert (ev['before'], ev['after'], ev['established']) == (
        swirl.WsStatus.HANDSHAKE, swirl.WsStatus.ACTIVE, 1)
    c.send_text('then')
    assert c.recv_text() == 'echo:then'
    c.close()


@pytest.mark.parametrize('mode', ['base', 'process'])
def test_plain_requests_are_not_websocket_connections(control_server, mode):
    sp = control_server(mode)
    h = http.client.HTTPConnection('127.0.0.1', sp.port, timeout=10)
    for _ in range(2):  # keep-alive: the second request on the same one
        h.request('GET', '/')
        assert h.getresponse().read() == b'status 0'
    h.close()


def test_subprotocol_in_the_101(control_server):
    sp = control_server('base', 'websocket_subprotocol=chat')
    c = WsClient(sp.port, headers={'Sec-WebSocket-Protocol': 'chat, other'})
    assert c.status == 101 and c.accept_ok()
    assert c.headers.get('sec-websocket-protocol') == 'chat'
    c.send_text('x')
    assert c.recv_text() == 'echo:x'
    c.close()
