"""Shared memory between the processes of a server: Table, Atomic,
AtomicLong and Lock (Swoole's classes of those names).

Create them before Server.start() (which forks the workers): every process
forked afterwards shares the same memory through its copy of the object.
Each process frees only its own handle (free(), or when the object is
collected).

    t = Table(1024)
    t.column('hits', Table.TYPE_INT)
    t.column('name', Table.TYPE_STRING, 32)
    t.create()
    t.set('a', {'hits': 1, 'name': 'x'})
    t.incr('a', 'hits')                 # 2
    t.get('a')                          # {'hits': 2, 'name': 'x'}

String columns read back as str; bytes that are not UTF-8 survive the trip
(they are decoded with 'surrogateescape', and such a str is encoded back
the same way when set).
"""

import ctypes
import os
import struct

from . import _ffi
from ._ffi import (ErrorCode, LockType, SwirlError, TableLimit, TableStat,
                   TableType)

lib = _ffi.lib


def _key(key):
    if isinstance(key, bytes):
        return key
    return str(key).encode('utf-8', 'surrogateescape')


def _text(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return str(value).encode('utf-8', 'surrogateescape')


def _new(fn, *args):
    out = ctypes.c_void_p()
    fn(ctypes.byref(out), *args)
    return out


class Table:
    """A fixed-size hash table of rows with typed columns in shared
    memory."""

    TYPE_INT = TableType.INT
    TYPE_FLOAT = TableType.FLOAT
    TYPE_STRING = TableType.STRING

    def __init__(self, size, conflict_proportion=0.2):
        self._t = _new(lib.table_new, int(size), float(conflict_proportion))
        self._columns = []   # (name, type, size, offset) by index
        self._index = {}     # name -> index
        self._row_size = 0
        self._created = False

    # ------------------------------------------------------------ lifetime

    def free(self):
        """Frees this process's handle (Swoole's destroy())."""
        t, self._t = getattr(self, '_t', None), None
        if t and lib is not None:
            lib.table_free(t)

    destroy = free

    def __del__(self):
        try:
            self.free()
        except Exception:
            pass

    def _h(self):
        if not self._t:
            raise SwirlError(ErrorCode.EINVALID_PARAMS,
                             'the table has been freed')
        return self._t

    # ------------------------------------------------------------ schema

    def column(self, name, type, size=0):
        """Adds a column before create(); size counts for strings only."""
        n = _key(name)
        lib.table_column(self._h(), n, len(n), int(type), int(size))
        return True

    def create(self):
        """Allocates the shared memory; afterwards rows can be used."""
        t = self._h()
        lib.table_create(t)
        self._created = True
        self._columns = []
        self._index = {}
        for i in range(lib.table_column_count(t)):
            buf = ctypes.create_string_buffer(TableLimit.KEY_MAX + 1)
            n = ctypes.c_size_t(len(buf))
            typ, size, off = ctypes.c_int32(), ctypes.c_int64(), \
                ctypes.c_int64()
            rc = lib.table_column_info(t, i, buf, ctypes.byref(n),
                                       ctypes.byref(typ), ctypes.byref(size),
                                       ctypes.byref(off))
            if rc == ErrorCode.ERANGE:
                buf = ctypes.create_string_buffer(n.value)
                lib.table_column_info(t, i, buf, ctypes.byref(n), None, None,
                                      None)
            name = buf.raw[:n.value].decode('utf-8', 'surrogateescape')
            self._columns.append((name, typ.value, size.value, off.value))
            self._index[name] = i
        self._row_size = lib.table_row_size(t)
        return True

    @property
    def columns(self):
        """[(name, type, size)] in column order."""
        return [c[:3] for c in self._columns]

    def _col(self, name):
        if not self._created:
            raise SwirlError(ErrorCode.EWRONG_OPERATION,
                             'the table has not been created')
        try:
            return self._index[name]
        except KeyError:
            raise SwirlError(ErrorCode.ENOENT,
                             'no column %r in the table' % name) from None

    # ------------------------------------------------------------ rows

    def set(self, key, values):
        """Writes the given columns of row key (others keep their values;
        a new row starts with 0 and ''), all at once for other processes.
        Returns True."""
        parts = []
        for name, value in dict(values).items():
            i = self._col(name)
            typ = self._columns[i][1]
            if typ == TableType.INT:
                parts.append(struct.pack('=iq', i, int(value)))
            elif typ == TableType.FLOAT:
                parts.append(struct.pack('=id', i, float(value)))
            else:
                b = _text(value)
                parts.append(struct.pack('=iI', i, len(b)) + b)
        packed = b''.join(parts)
        k = _key(key)
        lib.table_set(self._h(), k, len(k), packed, len(packed))
        return True

    def _decode_row(self, raw):
        row = {}
        for name, typ, _, off in self._columns:
            if typ == TableType.INT:
                row[name] = struct.unpack_from('=q', raw, off)[0]
            elif typ == TableType.FLOAT:
                row[name] = struct.unpack_from('=d', raw, off)[0]
            else:
                n = struct.unpack_from('=I', raw, off)[0]
                row[name] = raw[off + 4:off + 4 + n].decode(
                    'utf-8', 'surrogateescape')
        return row

    def get(self, key, field=None):
        """Row key as a dict (or one column's value with field); None when
        there is no such row."""
        k = _key(key)
        t = self._h()
        if field is not None:
            i = self._col(field)
            typ = self._columns[i][1]
            if typ == TableType.INT:
                out = ctypes.c_int64()
                fn = lib.table_get_int
            elif typ == TableType.FLOAT:
                out = ctypes.c_double()
                fn = lib.table_get_float
            else:
                size = self._columns[i][2] + 8
                while True:
                    buf = ctypes.create_string_buffer(size)
                    n = ctypes.c_size_t(size)
                    rc = lib.table_get_str(t, k, len(k), i, buf,
                                           ctypes.byref(n))
                    if rc != ErrorCode.ERANGE:
                        break
                    size = n.value
                if rc == ErrorCode.ENOENT:
                    return None
                return buf.raw[:n.value].decode('utf-8', 'surrogateescape')
            if fn(t, k, len(k), i, ctypes.byref(out)) == ErrorCode.ENOENT:
                return None
            return out.value
        buf = ctypes.create_string_buffer(max(self._row_size, 1))
        if lib.table_get(t, k, len(k), buf, len(buf)) == ErrorCode.ENOENT:
            return None
        return self._decode_row(buf.raw)

    def __getitem__(self, key):
        row = self.get(key)
        if row is None:
            raise KeyError(key)
        return row

    def exists(self, key):
        k = _key(key)
        return lib.table_exists(self._h(), k, len(k)) == 1

    exist = exists

    def __contains__(self, key):
        return self.exists(key)

    def delete(self, key):
        """Deletes row key: True, or False if there was none."""
        k = _key(key)
        return lib.table_del(self._h(), k, len(k)) == 0

    remove = delete

    def incr(self, key, column, by=1):
        """Adds by to an int or float column atomically (making the row if
        missing); returns the new value."""
        k = _key(key)
        i = self._col(column)
        if self._columns[i][1] == TableType.FLOAT:
            out = ctypes.c_double()
            lib.table_incr_float(self._h(), k, len(k), i, float(by),
                                 ctypes.byref(out))
        else:
            out = ctypes.c_int64()
            lib.table_incr_int(self._h(), k, len(k), i, int(by),
                               ctypes.byref(out))
        return out.value

    def decr(self, key, column, by=1):
        return self.incr(key, column, -by)

    def count(self):
        return lib.table_count(self._h())

    def __len__(self):
        return self.count()

    def __iter__(self):
        """(key, row dict) of every row, as Swoole's foreach."""
        t = self._h()
        cursor = ctypes.c_uint64(0)
        kbuf = ctypes.create_string_buffer(TableLimit.KEY_MAX + 1)
        rbuf = ctypes.create_string_buffer(max(self._row_size, 1))
        while True:
            n = ctypes.c_size_t(len(kbuf))
            if lib.table_next(t, ctypes.byref(cursor), kbuf,
                              ctypes.byref(n), rbuf, len(rbuf)) != 1:
                return
            yield (kbuf.raw[:n.value].decode('utf-8', 'surrogateescape'),
                   self._decode_row(rbuf.raw))

    def keys(self):
        return [k for k, _ in self]

    @property
    def size(self):
        """The number of hash slots (Swoole's getSize())."""
        return lib.table_size(self._h())

    getSize = size

    @property
    def memory_size(self):
        return lib.table_memory_size(self._h())

    getMemorySize = memory_size

    def stats(self):
        """Swoole's stats(): {'num': ..., 'conflict_count': ..., ...}."""
        t = self._h()
        return {s.name.lower(): lib.table_stat(t, s) for s in TableStat}


class Atomic:
    """An unsigned 32-bit counter in shared memory (Swoole\\\\Atomic)."""

    def __init__(self, value=0):
        self._a = _new(lib.atomic_new, int(value))

    def free(self):
        a, self._a = getattr(self, '_a', None), None
        if a and lib is not None:
            lib.atomic_free(a)

    def __del__(self):
        try:
            self.free()
        except Exception:
            pass

    def _h(self):
        if not self._a:
            raise SwirlError(ErrorCode.EINVALID_PARAMS,
                             'the atomic has been freed')
        return self._a

    def get(self):
        return lib.atomic_get(self._h())

    def add(self, value=1):
        """Adds value (modulo 2**32); returns the new value."""
        return lib.atomic_add(self._h(), int(value))

    def sub(self, value=1):
        return lib.atomic_sub(self._h(), int(value))

    def set(self, value):
        lib.atomic_set(self._h(), int(value))
        return True

    def cmpset(self, cmp, value):
        """Sets value if the counter equals cmp; True if it did."""
        return lib.atomic_cmpset(self._h(), int(cmp), int(value)) == 1

    def wait(self, timeout=1.0):
        """Swoole's wait(): True once woken (or if a wakeup was pending),
        False when timeout seconds passed (timeout <= 0: no limit), was
        interrupted, or another waiter took the wakeup."""
        return lib.atomic_wait(self._h(), float(timeout)) == 0

    def wakeup(self, n=1):
        """Wakes up to n waiters; returns how many were woken."""
        return lib.atomic_wakeup(self._h(), int(n))


class AtomicLong:
    """A signed 64-bit counter in shared memory (Swoole\\\\Atomic\\\\Long)."""

    def __init__(self, value=0):
        self._a = _new(lib.atomic_long_new, int(value))

    def free(self):
        a, self._a = getattr(self, '_a', None), None
        if a and lib is not None:
            lib.atomic_long_free(a)

    def __del__(self):
        try:
            self.free()
        except Exception:
            pass

    def _h(self):
        if not self._a:
            raise SwirlError(ErrorCode.EINVALID_PARAMS,
                             'the atomic has been freed')
        return self._a

    def get(self):
        out = ctypes.c_int64()
        lib.atomic_long_get(self._h(), ctypes.byref(out))
        return out.value

    def add(self, value=1):
        out = ctypes.c_int64()
        lib.atomic_long_add(self._h(), int(value), ctypes.byref(out))
        return out.value

    def sub(self, value=1):
        out = ctypes.c_int64()
        lib.atomic_long_sub(self._h(), int(value), ctypes.byref(out))
        return out.value

    def set(self, value):
        lib.atomic_long_set(self._h(), int(value))
        return True

    def cmpset(self, cmp, value):
        return lib.atomic_long_cmpset(self._h(), int(cmp), int(value)) == 1


class Lock:
    """A process-shared lock (Swoole\\\\Lock): MUTEX (default), RWLOCK,
    SPINLOCK, SEM, or FILELOCK on `path`. Usable as a context manager
    (exclusive lock)."""

    MUTEX = LockType.MUTEX
    RWLOCK = LockType.RWLOCK
    SPINLOCK = LockType.SPINLOCK
    SEM = LockType.SEM
    FILELOCK = LockType.FILELOCK

    def __init__(self, type=LockType.MUTEX, path=''):
        p = os.fsencode(path) if path else b''
        self.type = LockType(type)
        self._l = _new(lib.lock_new, int(type), p or None, len(p))

    def free(self):
        lk, self._l = getattr(self, '_l', None), None
        if lk and lib is not None:
            lib.lock_free(lk)

    def __del__(self):
        try:
            self.free()
        except Exception:
            pass

    def _h(self):
        if not self._l:
            raise SwirlError(ErrorCode.EINVALID_PARAMS,
                             'the lock has been freed')
        return self._l

    def lock(self):
        lib.lock_lock(self._h())
        return True

    def trylock(self):
        """True if the lock was free and is now held."""
        return lib.lock_trylock(self._h()) == 0

    def lock_read(self):
        lib.lock_lock_read(self._h())
        return True

    def trylock_read(self):
        return lib.lock_trylock_read(self._h()) == 0

    def unlock(self):
        lib.lock_unlock(self._h())
        return True

    def lockwait(self, timeout=1.0):
        """True if the lock was taken within timeout seconds."""
        return lib.lock_lockwait(self._h(), float(timeout)) == 0

    def __enter__(self):
        self.lock()
        return self

    def __exit__(self, *exc):
        self.unlock()
