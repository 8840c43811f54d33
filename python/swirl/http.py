"""HTTP requests and responses, in the shape of Swoole's Http\\Request and
Http\\Response.

A server whose port has open_http_protocol set gets one REQUEST event per
complete request; Server.on('request', fn) calls fn(request, response):

    def on_request(request, response):
        response.header('Content-Type', 'text/plain')
        response.end('hello ' + request.get.get('name', 'world'))

Request fields are built on first access from the copies taken while the
event ran (the event's data is borrowed and gone once the callback returns,
so a response may be finished later, e.g. from a timer).
"""

import base64
import hashlib
import os
import urllib.parse

from . import _ffi
from ._ffi import (ErrorCode, HttpRequestFlags, HttpRespondFlags, SwirlError,
                   WsOpcode)

lib = _ffi.lib


def _latin1(value):
    if isinstance(value, bytes):
        return value
    return str(value).encode('latin-1')


def _body(value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode('utf-8')
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    return str(value).encode('utf-8')


def _path(path):
    """A file path as the NUL-terminated bytes the ABI takes."""
    p = os.fsencode(path)
    if b'\0' in p:
        raise SwirlError(ErrorCode.EINVAL, 'a path cannot contain NUL')
    return p


def websocket_accept(key):
    """The Sec-WebSocket-Accept value for a Sec-WebSocket-Key (RFC 6455),
    for 'handshake' handlers that answer the upgrade themselves."""
    digest = hashlib.sha1(_latin1(key).strip() +
                          b'258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest()
    return base64.b64encode(digest).decode('ascii')


def _pairs_to_dict(pairs):
    out = {}
    for k, v in pairs:
        out[k] = v
    return out


# Codes that mean the connection is gone (closed or never there).
_GONE = (ErrorCode.ESESSION_NOT_EXIST, ErrorCode.ESESSION_CLOSED,
         ErrorCode.ESESSION_CLOSING, ErrorCode.ESESSION_CLOSED_BY_CLIENT,
         ErrorCode.ESESSION_CLOSED_BY_SERVER)


class Request:
    """One HTTP request. Attributes as Swoole's: fd, header (names lower
    case), server (request_method, request_uri, path_info, query_string,
    server_protocol), get, post, cookie; rawContent() is the body."""

    def __init__(self, conn, head, body, version, flags, listener=0):
        self.fd = conn
        self.flags = HttpRequestFlags(flags)
        self.listener = listener
        self._head = head
        self._body = body
        self._version = version
        self._parsed = None
        self._get = self._post = self._cookie = None

    def _parse(self):
        if self._parsed is None:
            text = self._head.decode('latin-1')
            lines = text.split('\r\n')
            method, _, rest = lines[0].partition(' ')
            uri, _, proto = rest.rpartition(' ')
            if not uri:  # "METHOD URL" with no protocol part
                uri, proto = rest, 'HTTP/%d.%d' % divmod(self._version, 10)
            headers = {}
            for line in lines[1:]:
                if not line:
                    continue
                name, _, value = line.partition(':')
                headers[name.strip().lower()] = value.strip()
            path, _, query = uri.partition('?')
            self._parsed = (method, uri, proto, headers, path, query)
        return self._parsed

    @property
    def method(self):
        return self._parse()[0]

    @property
    def uri(self):
        return self._parse()[1]

    @property
    def header(self):
        return self._parse()[3]

    @property
    def server(self):
        method, uri, proto, _, path, query = self._parse()
        return {
            'request_method': method,
            'request_uri': path,
            'path_info': path,
            'query_string': query,
            'server_protocol': proto,
        }

    @property
    def get(self):
        if self._get is None:
            self._get = _pairs_to_dict(urllib.parse.parse_qsl(
                self._parse()[5], keep_blank_values=True))
        return self._get

    @property
    def post(self):
        if self._post is None:
            ctype = self.header.get('content-type', '')
            if ctype.split(';')[0].strip().lower() == \
                    'application/x-www-form-urlencoded':
                self._post = _pairs_to_dict(urllib.parse.parse_qsl(
                    self._body.decode('latin-1'), keep_blank_values=True))
            else:
                self._post = {}
        return self._post

    @property
    def cookie(self):
        if self._cookie is None:
            out = {}
            for part in self.header.get('cookie', '').split(';'):
                name, sep, value = part.strip().partition('=')
                if sep and name:
                    out[name] = urllib.parse.unquote(value)
            self._cookie = out
        return self._cookie

    @property
    def keep_alive(self):
        return bool(self.flags & HttpRequestFlags.KEEP_ALIVE)

    def rawContent(self):
        return self._body

    def getContent(self):
        return self._body

    def getData(self):
        """The request as it arrived (head and body)."""
        return self._head + b'\r\n' + self._body


class Response:
    """The answer to one Request: status(), header(), then end(body), or
    write(chunk)... end() to stream it chunked."""

    def __init__(self, server, conn):
        self._server = server
        self.fd = conn
        self._status = 200
        self._headers = []
        self._started = False   # write() sent the head and a first chunk
        self._finished = False

    def status(self, code, reason=None):
        code = int(code)
        if not 100 <= code <= 999:
            raise SwirlError(ErrorCode.EINVALID_PARAMS,
                             'invalid HTTP status %d' % code)
        self._status = code
        return True

    def header(self, name, value):
        n, v = _latin1(name), _latin1(value)
        if (not n or b':' in n or any(c in n for c in b'\r\n \t')
                or b'\r' in v or b'\n' in v):
            raise SwirlError(ErrorCode.EINVALID_PARAMS,
                             'invalid HTTP header %r: %r' % (name, value))
        self._headers.append(n + b': ' + v + b'\r\n')
        return True

    setHeader = header

    def _check_open(self):
        if self._finished:
            raise SwirlError(ErrorCode.EWRONG_OPERATION,
                             'the response has already been sent')

    def end(self, body=b'', close=False):
        """Sends the response (or, after write(), the last chunk). close:
        close the connection once it is written."""
        self._check_open()
        data = _body(body)
        srv = self._server._handle()
        self._finished = True
        try:
            if self._started:
                lib.http_write(srv, self.fd, data, len(data), 1)
            else:
                head = b''.join(self._headers)
                flags = HttpRespondFlags.CLOSE if close else 0
                lib.http_respond(srv, self.fd, self._status, head, len(head),
                                 data, len(data), int(flags))
        except SwirlError as e:
            # The client left meanwhile: as in Swoole, end() says so
            # (False) instead of failing the callback.
            if e.code in _GONE:
                return False
            raise
        return True

    def write(self, chunk):
        """Sends a chunk (chunked transfer); end() finishes the response."""
        self._check_open()
        data = _body(chunk)
        srv = self._server._handle()
        if self._started:
            lib.http_write(srv, self.fd, data, len(data), 0)
        else:
            head = b''.join(self._headers)
            lib.http_respond(srv, self.fd, self._status, head, len(head),
                             data, len(data),
                             int(HttpRespondFlags.CHUNKED))
            self._started = True
        return True

    def sendfile(self, path, offset=0, length=0):
        """Answers with `length` bytes (0: all) of the file at path from
        offset, read as the client takes them. Set Content-Type first."""
        self._check_open()
        if self._started:
            raise SwirlError(ErrorCode.EWRONG_OPERATION,
                             'sendfile() after write()')
        head = b''.join(self._headers)
        lib.http_sendfile(self._server._handle(), self.fd, self._status,
                          head, len(head), _path(path), int(offset),
                          int(length))
        self._finished = True
        return True

    @property
    def finished(self):
        return self._finished


class Frame:
    """A whole WebSocket message (Swoole's WebSocket\\Frame): data is str
    for a text message, bytes otherwise."""

    __slots__ = ('fd', 'data', 'opcode', 'finish')

    def __init__(self, fd, data, opcode, finish=True):
        self.fd = fd
        try:
            self.opcode = WsOpcode(opcode)
        except ValueError:
            self.opcode = opcode
        if opcode == WsOpcode.TEXT:
            data = data.decode('utf-8', 'replace')
        self.data = data
        self.finish = finish

    def __repr__(self):
        return '<swirl.Frame fd=%d opcode=%s finish=%s data=%r>' % (
            self.fd, int(self.opcode), self.finish, self.data[:40])
