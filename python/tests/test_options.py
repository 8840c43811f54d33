"""Server objects that are never started: options, listeners, errors.

These run in the test process itself: nothing here forks."""

import errno
import os
import socket

import pytest

import swirl
from swirl import ErrorCode as E


@pytest.fixture
def srv():
    s = swirl.Server('127.0.0.1', 0)
    yield s
    s.free()


def raises_code(code, fn, *args, **kwargs):
    with pytest.raises(swirl.SwirlError) as ei:
        fn(*args, **kwargs)
    assert ei.value.code == code, \
        'expected %s, got %s' % (E(code).name, ei.value)
    return ei.value


def test_port_zero_is_resolved(srv):
    assert 0 < srv.port < 65536
    other = swirl.Server('127.0.0.1', 0)
    try:
        assert other.port != srv.port
    finally:
        other.free()


def test_add_listener(srv):
    port = srv.listen('127.0.0.1', 0)
    assert port.index >= 1
    assert 0 < port.port != srv.port
    assert srv.listener_port(port) == port.port
    assert srv.listener_port(0) == srv.port
    # The descriptor is a bound socket of that port.
    dup = socket.socket(fileno=os.dup(port.sock))
    try:
        assert dup.getsockname()[1] == port.port
    finally:
        dup.close()


def test_listener_options(srv):
    port = srv.addListener('127.0.0.1', 0)
    port.set(open_eof_check=True, package_eof='\r\n',
             package_max_length=65536)
    assert port.setting['package_eof'] == '\r\n'
    e = raises_code(E.EUNKNOWN_OPTION, port.set, worker_num=2)
    assert 'worker_num' in e.message
    raises_code(E.EOPTION_TYPE, port.set, open_eof_check='yes')
    with pytest.raises(swirl.SwirlError):
        port.set(package_eof='')  # Must be 1 to 8 bytes.
    port.on('receive', lambda *a: None)
    raises_code(E.EINVALID_PARAMS, port.on, 'workerstart', lambda *a: None)


def test_port_of_unknown_listener_fails(srv):
    with pytest.raises(swirl.SwirlError):
        srv.listener_port(99)


def test_unknown_option(srv):
    e = raises_code(E.EUNKNOWN_OPTION, srv.set, no_such_option=1)
    assert 'no_such_option' in e.message
    assert e.message.startswith(swirl.strerror(E.EUNKNOWN_OPTION))
    assert srv.last_error == E.EUNKNOWN_OPTION
    assert srv.getLastError() == 510


def test_wrong_type(srv):
    e = raises_code(E.EOPTION_TYPE, srv.set, worker_num='four')
    assert 'worker_num' in e.message


def test_python_type_without_setter(srv):
    e = raises_code(E.EOPTION_TYPE, srv.set, worker_num=[1, 2])
    assert 'worker_num' in e.message


@pytest.mark.parametrize('value', [-1, 100000])
def test_worker_num_out_of_range(srv, value):
    e = raises_code(E.EOPTION_RANGE, srv.set, worker_num=value)
    assert 'worker_num' in e.message


def test_set_and_get(srv):
    srv.set({'worker_num': 3})
    assert srv.get('worker_num') == 3
    srv.set(worker_num=1, backlog=128)
    assert srv.get('worker_num') == 1
    assert srv.get('backlog') == 128
    assert srv.setting == {'worker_num': 1, 'backlog': 128}


def test_get_unknown_option(srv):
    raises_code(E.EUNKNOWN_OPTION, srv.get, 'no_such_option')


def test_options_listing(srv):
    opts = srv.options()
    assert opts.get('worker_num') == 'i'
    assert set(opts.values()) <= set('ibds'), opts
    for name, kind in opts.items():
        if kind in 'ib':
            srv.get(name)  # Every int/bool option can be read back.


def test_options_buffer_too_small(srv):
    """swirl_server_options with a small buffer: ERANGE and the full size
    (NUL included); then a buffer of that size holds the whole list."""
    import ctypes
    buf = ctypes.create_string_buffer(8)
    n = ctypes.c_size_t(8)
    rc = swirl._ffi.lib.server_options(srv._srv, buf, ctypes.byref(n))
    assert rc == E.ERANGE
    need = n.value
    assert need > 8
    buf = ctypes.create_string_buffer(need)
    n = ctypes.c_size_t(need)
    assert swirl._ffi.lib.server_options(srv._srv, buf,
                                         ctypes.byref(n)) == 0
    assert buf.raw[need - 1:need] == b'\0'
    assert b'worker_num:i\n' in buf.raw


class _Spy:
    def __init__(self, monkeypatch, name):
        self.calls = []
        real = getattr(swirl._ffi.lib, name)

        def spy(*args):
            self.calls.append(args)
            return real(*args)
        monkeypatch.setattr(swirl._ffi.lib, name, spy)


def test_bool_goes_to_set_bool(srv, monkeypatch):
    """True is an int in Python: the binding must pick set_bool for it."""
    b = _Spy(monkeypatch, 'server_set_bool')
    i = _Spy(monkeypatch, 'server_set_int')
    srv.set(worker_num=True)
    assert len(b.calls) == 1 and not i.calls
    assert srv.get('worker_num') == 1  # Integer options accept set_bool.
    srv.set(worker_num=2)
    assert len(i.calls) == 1 and len(b.calls) == 1


def test_bool_option(srv):
    names = [n for n, k in srv.options().items() if k == 'b']
    if not names:
        pytest.skip('the server has no boolean option')
    name = names[0]
    srv.set({name: True})
    assert srv.get(name) == 1
    srv.set({name: False})
    assert srv.get(name) == 0
    srv.set({name: 1})  # Boolean options accept set_int 0 or 1.
    assert srv.get(name) == 1


def test_float_goes_to_set_double(srv, monkeypatch):
    names = [n for n, k in srv.options().items() if k == 'd']
    if not names:
        pytest.skip('the server has no float option')
    d = _Spy(monkeypatch, 'server_set_double')
    srv.set({names[0]: 1.5})
    assert len(d.calls) == 1


def test_str_option(srv, tmp_path):
    opts = srv.options()
    if opts.get('log_file') != 's':
        pytest.skip('no log_file string option')
    srv.set(log_file=str(tmp_path / 'swirl.log'))
    raises_code(E.EOPTION_TYPE, srv.set, log_file=5)


def test_port_in_use():
    holder = socket.socket()
    holder.bind(('127.0.0.1', 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    try:
        e = raises_code(E.EADDRINUSE, swirl.Server, '127.0.0.1', port)
        reason = os.strerror(errno.EADDRINUSE)
        assert reason in swirl.last_errmsg(), swirl.last_errmsg()
        assert reason in e.message
    finally:
        holder.close()


def test_port_in_use_by_a_running_server(spawn):
    sp = spawn('--set', 'worker_num=1')
    raises_code(E.EADDRINUSE, swirl.Server, '127.0.0.1', sp.port)
    assert os.strerror(errno.EADDRINUSE) in swirl.last_errmsg()


def test_bad_host():
    with pytest.raises(swirl.SwirlError) as ei:
        swirl.Server('256.0.0.1', 0)
    assert ei.value.code < 0


def test_send_outside_a_worker(srv):
    raises_code(E.ESERVER_SEND_IN_MASTER, srv.send, 1, b'x')


def test_not_started_state(srv):
    assert srv.worker_id == -1
    assert srv.exist(1) is False


def test_event_names(srv):
    for name in ('start', 'Shutdown', 'MANAGERSTART', 'managerStop',
                 'workerstart', 'worker_stop', 'WorkerError', 'connect',
                 'Receive', 'close'):
        srv.on(name, lambda *a: None)
    srv.on('request', lambda req, resp: None)
    e = raises_code(E.EINVALID_PARAMS, srv.on, 'nonsense', lambda *a: None)
    assert 'nonsense' in e.message
    with pytest.raises(TypeError):
        srv.on('receive', 42)


def test_free_twice():
    s = swirl.Server('127.0.0.1', 0)
    s.free()
    s.free()
    with pytest.raises(swirl.SwirlError):
        s.port


def test_freed_port_can_be_reused():
    s = swirl.Server('127.0.0.1', 0)
    port = s.port
    s.free()
    s2 = swirl.Server('127.0.0.1', port)
    s2.free()
