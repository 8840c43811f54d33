"""The binding against abi/swirl.h: enums, the function table, the event
struct, versions and error names. All in-process (no server runs)."""

import ctypes
import errno
import os
import shutil
import subprocess

import pytest

import swirl
from swirl import _ffi
from helpers import (HEADER, REPO, header_enums, header_functions,
                     header_macros)

C = ctypes

# How each C type of the header must be declared in the table.
C_TYPES = {
    'void': None,
    'int32_t': C.c_int32,
    'int64_t': C.c_int64,
    'uint64_t': C.c_uint64,
    'size_t': C.c_size_t,
    'double': C.c_double,
    'const char *': C.c_char_p,
    'char *': C.c_char_p,
    'void *': C.c_void_p,
    'swirl_server *': C.c_void_p,
    'swirl_server **': C.POINTER(C.c_void_p),
    'char **': C.POINTER(C.c_void_p),  # Library memory, for swirl_free.
    'int32_t *': C.POINTER(C.c_int32),
    'uint64_t *': C.POINTER(C.c_uint64),
    'swirl_conn_info *': C.POINTER(swirl._ffi.ConnInfo),
    'swirl_stats *': C.POINTER(swirl._ffi.Stats),
    'swirl_outbox *': C.c_void_p,
    'double *': C.POINTER(C.c_double),
    # Shared-memory handles are plain pointers, as swirl_server is.
    'swirl_table *': C.c_void_p,
    'swirl_table **': C.POINTER(C.c_void_p),
    'swirl_atomic *': C.c_void_p,
    'swirl_atomic **': C.POINTER(C.c_void_p),
    'swirl_atomic_long *': C.c_void_p,
    'swirl_atomic_long **': C.POINTER(C.c_void_p),
    'swirl_lock *': C.c_void_p,
    'swirl_lock **': C.POINTER(C.c_void_p),
    'size_t *': C.POINTER(C.c_size_t),
    'int64_t *': C.POINTER(C.c_int64),
    'swirl_event_cb': swirl.EVENT_CB,
}


def test_enums_equal_header():
    hdr = header_enums()
    assert set(hdr) == set(swirl.ENUMS), \
        'enums of the header and of the binding differ'
    for cname, (pyenum, prefix) in swirl.ENUMS.items():
        want = {}
        for k, v in hdr[cname].items():
            assert k.startswith(prefix), '%s in enum %s' % (k, cname)
            want[k[len(prefix):]] = v
        have = {m.name: int(m.value) for m in pyenum}
        assert have == want, 'enum %s differs from the header' % cname


def test_function_table_matches_header():
    table = {name: (args, res) for name, args, res, _ in _ffi.FUNCTIONS}
    declared = header_functions()
    assert declared, 'no function found in %s' % HEADER
    missing = [n for n, _, _ in declared if n[len('swirl_'):] not in table]
    assert not missing, 'header functions missing from the table: %s' \
        % missing
    extra = set(table) - {n[len('swirl_'):] for n, _, _ in declared}
    assert not extra, 'table entries the header lacks: %s' % sorted(extra)
    for name, ret, params in declared:
        args, res = table[name[len('swirl_'):]]
        for t in [ret] + params:
            assert t in C_TYPES, 'C type %r of %s not mapped' % (t, name)
        assert res is C_TYPES[ret], '%s returns %s, table says %s' \
            % (name, ret, res)
        assert len(args) == len(params), '%s: %d parameters, table has %d' \
            % (name, len(params), len(args))
        for i, (t, a) in enumerate(zip(params, args)):
            assert a is C_TYPES[t], '%s parameter %d is %s, table says %s' \
                % (name, i, t, a)


def _exported_symbols(path):
    nm = shutil.which('nm')
    if nm is None:
        pytest.skip('nm is not installed')
    out = subprocess.run([nm, '-D', '--defined-only', path],
                         capture_output=True, text=True, check=True).stdout
    return {line.split()[-1].split('@')[0] for line in out.splitlines()
            if line.split() and line.split()[-2] in ('T', 'W')}


def test_no_declared_function_is_missing():
    assert not swirl._ffi.MISSING, \
        'the library does not export: %s' % swirl._ffi.MISSING


def test_library_exports_what_the_table_declares():
    syms = {s for s in _exported_symbols(swirl.library_path())
            if s.startswith('swirl_')}
    table = {'swirl_' + name for name, _, _, _ in _ffi.FUNCTIONS}
    assert syms - table == set(), 'exported but not in the binding'
    assert table - syms == set(), 'in the binding but not exported'


def _c_layout(ctype, fields):
    """{field: (offset, size)} plus 'size' of struct `ctype` as the C
    compiler lays it out, from a probe compiled against abi/swirl.h."""
    cc = shutil.which(os.environ.get('CC', 'cc')) or shutil.which('gcc')
    if cc is None:
        pytest.skip('no C compiler to compile the layout probe')
    src = ['#include <stdio.h>', '#include <stddef.h>',
           '#include "swirl.h"', 'int main(void) {',
           '  printf("size %%zu\\n", sizeof(%s));' % ctype]
    for f in fields:
        src.append('  printf("%s %%zu %%zu\\n", offsetof(%s, %s), '
                   'sizeof(((%s *)0)->%s));' % (f, ctype, f, ctype, f))
    src += ['  return 0;', '}']
    tmp = os.path.join(os.environ.get('TMPDIR', '/tmp'),
                       'swirl-layout-%d' % os.getpid())
    with open(tmp + '.c', 'w') as fh:
        fh.write('\n'.join(src) + '\n')
    try:
        r = subprocess.run([cc, '-I', os.path.join(REPO, 'abi'), tmp + '.c',
                            '-o', tmp], capture_output=True, text=True)
        assert r.returncode == 0, 'layout probe does not compile ' \
            '(a field the mirror has is missing in C?):\n' + r.stderr
        out = subprocess.run([tmp], check=True, capture_output=True,
                             text=True).stdout
    finally:
        for p in (tmp, tmp + '.c'):
            if os.path.exists(p):
                os.unlink(p)
    layout = {}
    for line in out.splitlines():
        parts = line.split()
        layout[parts[0]] = tuple(int(x) for x in parts[1:])
    return layout


@pytest.mark.parametrize('ctype,mirror', [
    ('swirl_event', swirl.Event), ('swirl_conn_info', swirl._ffi.ConnInfo),
    ('swirl_stats', swirl._ffi.Stats)])
def test_struct_layout_matches_c(ctype, mirror):
    """Every field's offset and size, and the struct's size, as C has them.
    (Equal sizes with equal offsets mean C has no field the mirror lacks,
    short of padding.)"""
    fields = [f for f, _ in mirror._fields_]
    c_layout = _c_layout(ctype, fields)
    assert c_layout.pop('size') == (C.sizeof(mirror),)
    py_layout = {f: (getattr(mirror, f).offset, getattr(mirror, f).size)
                 for f in fields}
    assert py_layout == c_layout


def test_event_size_function():
    assert swirl.event_size() == C.sizeof(swirl.Event)


def test_versions():
    m = header_macros()
    major, minor, patch = (m['SWIRL_VERSION_MAJOR'], m['SWIRL_VERSION_MINOR'],
                           m['SWIRL_VERSION_PATCH'])
    assert swirl.version() == (major << 16) | (minor << 8) | patch
    assert swirl.version_string() == '%d.%d.%d' % (major, minor, patch)
    assert swirl.abi_version() == m['SWIRL_ABI_VERSION'] == swirl.ABI_VERSION
    assert swirl.event_size() == C.sizeof(swirl.Event)


@pytest.mark.parametrize('code', list(swirl.ErrorCode),
                         ids=lambda c: c.name)
def test_strerror_and_err_name(code):
    assert swirl.err_name(code) == code.name
    text = swirl.strerror(code)
    assert text and text.strip() == text, repr(text)
    assert text != swirl.strerror(-424242)


def test_strerror_sentences_are_distinct():
    texts = {}
    for code in swirl.ErrorCode:
        texts.setdefault(swirl.strerror(code), []).append(code.name)
    dup = {t: n for t, n in texts.items() if len(n) > 1}
    assert not dup, 'codes sharing one sentence: %s' % dup


def test_unknown_codes_have_text():
    for code in (-424242, 1, 77, -999, -2 ** 31):
        assert swirl.strerror(code)
        assert swirl.err_name(code)


def test_system_codes_are_negated_errno():
    checked = 0
    for code in swirl.ErrorCode:
        if code != 0 and hasattr(errno, code.name):
            assert int(code) == -getattr(errno, code.name), code.name
            checked += 1
    assert checked >= 20


def test_swirl_error_formatting():
    e = swirl.SwirlError(swirl.ErrorCode.EADDRINUSE)
    assert e.code == -98 and e.errno == 98 and e.name == 'EADDRINUSE'
    assert e.message == swirl.strerror(-98)
    assert 'EADDRINUSE' in str(e)
    assert isinstance(e, Exception)


def test_free_null_is_a_noop():
    swirl._ffi.lib.free(None)
    swirl._ffi.lib.server_free(None)


def test_getpid():
    assert swirl.getpid() == os.getpid()


def test_event_mask_bits_fit():
    # on_event's mask is a uint64_t with bit (1 << type) per event type.
    assert int(swirl.EventType.MAX) <= 64


def test_public_names_exist():
    missing = [n for n in swirl.__all__ if not hasattr(swirl, n)]
    assert not missing
