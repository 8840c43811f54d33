"""Timers and deferred calls on the process's loop (Swoole's swoole_timer_*
and Event::defer).

    tid = timer_tick(100, fn, *args)    # fn(timer_id, *args) every 100 ms
    tid = timer_after(50, fn, *args)    # fn(*args) once, in 50 ms
    timer_clear(tid)                    # True if it was pending
    defer(fn, *args)                    # fn(*args) on the next iteration
    loop_run()                          # only outside a server worker

All of them go through one process-wide C callback (swirl_loop_on_event),
created once and kept alive by this module. Inside a server worker the
worker's loop runs them. A forked worker starts with no timers: the C core
drops them and so does this module (see _after_fork()).

An exception raised by such a callback: inside loop_run() it stops the loop
and loop_run() raises it; inside a server worker it is printed and the
worker exits with 255 (the manager starts a new one); elsewhere it is
printed to stderr.
"""

import os
import sys
import traceback

from . import _ffi
from ._ffi import EVENT_CB, ErrorCode, EventType, SwirlError

lib = _ffi.lib

_timers = {}      # timer id -> (fn, args, repeat)
_defers = {}      # defer id -> (fn, args)
_watches = {}     # watch id -> fn(fd, readable, writable)
_registered = None  # pid of the process that registered _callback
_running = False  # inside loop_run()
_pending = None   # exception to raise from loop_run()
_worker_pid = None  # set when this process is a server worker


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except Exception:
            pass


def _after_fork(is_worker):
    """Forgets the parent's timers in a process the core just forked."""
    global _worker_pid
    _timers.clear()
    _defers.clear()
    _watches.clear()
    _worker_pid = os.getpid() if is_worker else None


def _mark_worker():
    global _worker_pid
    _worker_pid = os.getpid()


def _failed(exc, what):
    global _pending
    if _running:
        if _pending is None:
            _pending = exc
        lib.loop_stop()
        return
    in_worker = _worker_pid == os.getpid()
    if isinstance(exc, SystemExit) and in_worker:
        _flush()
        _ffi.process_exit(exc.code if isinstance(exc.code, int) else 1)
        return
    sys.stderr.write('swirl: uncaught exception in a %s callback (pid %d)%s\n'
                     % (what, os.getpid(),
                        '; the worker exits' if in_worker else ''))
    traceback.print_exception(type(exc), exc, exc.__traceback__)
    _flush()
    if in_worker:
        _ffi.process_exit(255)


def _dispatch(ev_p, ud):
    """The C callback of TIMER and DEFER events; never lets an exception
    reach ctypes."""
    what = 'loop'
    try:
        ev = ev_p[0]
        if ev.type == EventType.TIMER:
            what = 'timer'
            entry = _timers.get(ev.id)
            if entry is None:
                return
            fn, args, repeat = entry
            if repeat:
                fn(ev.id, *args)
            else:
                del _timers[ev.id]
                fn(*args)
        elif ev.type == EventType.FD:
            what = 'watch'
            entry = _watches.get(ev.id)
            if entry is not None:
                entry[1](entry[0], bool(ev.flags & 1), bool(ev.flags & 2))
        elif ev.type == EventType.DEFER:
            what = 'defer'
            entry = _defers.pop(ev.id, None)
            if entry is not None:
                entry[0](*entry[1])
    except BaseException as e:  # noqa: B902 - nothing may reach ctypes
        _failed(e, what)


_callback = EVENT_CB(_dispatch)


def _register():
    global _registered
    if _registered != os.getpid():
        lib.loop_on_event(_callback, None)
        _registered = os.getpid()


def _add(ms, repeat, fn, args):
    if not callable(fn):
        raise TypeError('timer callback is not callable')
    _register()
    tid = lib.timer_add(int(ms), 1 if repeat else 0)
    _timers[tid] = (fn, args, repeat)
    return tid


def timer_tick(ms, fn, *args):
    """Calls fn(timer_id, *args) every ms milliseconds; returns the id."""
    return _add(ms, True, fn, args)


def timer_after(ms, fn, *args):
    """Calls fn(*args) once, ms milliseconds from now; returns the id."""
    return _add(ms, False, fn, args)


def timer_clear(tid):
    """Stops timer tid. True if it was pending, False if there is none."""
    rc = lib.timer_clear(int(tid))
    _timers.pop(tid, None)
    if rc == ErrorCode.ENOENT:
        return False
    if rc < 0:
        raise SwirlError(rc)
    return True


def timer_exists(tid):
    return lib.timer_exists(int(tid)) == 1


def timer_count():
    return lib.timer_count()


def timer_clear_all():
    """Clears every timer of this process; returns how many there were."""
    n = lib.timer_clear_all()
    _timers.clear()
    return n


def defer(fn, *args):
    """Calls fn(*args) on the loop's next iteration; returns the id."""
    if not callable(fn):
        raise TypeError('defer callback is not callable')
    _register()
    did = lib.defer()
    _defers[did] = (fn, args)
    return did


def watch(fd, fn, read=True, write=False):
    """Calls fn(fd, readable, writable) whenever descriptor fd is ready
    for what read/write ask; returns the watch id. The descriptor is made
    non-blocking and stays the caller's to close (after unwatch())."""
    if not callable(fn):
        raise TypeError('watch callback is not callable')
    _register()
    wid = lib.loop_watch(int(fd), (1 if read else 0) | (2 if write else 0))
    _watches[wid] = (int(fd), fn)
    return wid


def watch_set(wid, read=True, write=False):
    """Changes what watch wid waits for (neither: paused)."""
    lib.loop_watch_set(int(wid), (1 if read else 0) | (2 if write else 0))


def unwatch(wid):
    """Ends watch wid: no callback of it comes after this returns."""
    _watches.pop(wid, None)
    lib.loop_unwatch(int(wid))


def loop_run():
    """Runs the process's loop until no timer or deferred call is left or
    loop_stop() is called. Raises the first exception a callback raised."""
    global _running, _pending
    _register()
    _running = True
    try:
        lib.loop_run()
    finally:
        _running = False
    pending, _pending = _pending, None
    if pending is not None:
        raise pending


def loop_stop():
    lib.loop_stop()
