#!/usr/bin/env python3
"""echo_server.py: a TCP echo server on Swirl's Python binding.

    echo_server.py [port=9501] [worker_num=1] [mode=base|process]

Binds 127.0.0.1:port (0 picks a free port) and sends every byte it receives
back to the connection it came from. When the server has started it prints
"listening on 127.0.0.1:PORT", so a script can wait for that line. SIGTERM
(or Ctrl-C) stops it.

Run it from the source tree after `make lib`:

    python3 examples/python/echo_server.py 9501
    (or set SWIRL_LIB=/path/to/libswirl.so and PYTHONPATH=python)
"""

import os
import sys

# Find the binding in this source tree when it is not installed.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'python'))

import swirl  # noqa: E402

# A send can fail because the client left meanwhile; that is normal.
GONE = {swirl.ErrorCode.ESESSION_NOT_EXIST, swirl.ErrorCode.ESESSION_CLOSED,
        swirl.ErrorCode.ESESSION_CLOSING,
        swirl.ErrorCode.ESESSION_CLOSED_BY_CLIENT}


def on_start(server):
    print('listening on 127.0.0.1:%d' % server.port, flush=True)


def on_receive(server, fd, reactor_id, data):
    try:
        server.send(fd, data)
    except swirl.SwirlError as e:
        if e.code not in GONE:
            print('echo_server: send to %d: %s' % (fd, e), file=sys.stderr)
            server.close(fd)


def main(argv):
    if len(argv) > 4:
        print('usage: %s [port=9501] [worker_num=1] [mode=base|process]'
              % argv[0], file=sys.stderr)
        return 2
    try:
        port = int(argv[1]) if len(argv) > 1 else 9501
        workers = int(argv[2]) if len(argv) > 2 else 1
        mode = {'base': swirl.BASE, 'process': swirl.PROCESS}[
            argv[3] if len(argv) > 3 else 'base']
    except (ValueError, KeyError):
        print('echo_server: bad arguments %s' % argv[1:], file=sys.stderr)
        return 2
    try:
        server = swirl.Server('127.0.0.1', port, mode)
        server.set(worker_num=workers)
    except swirl.SwirlError as e:
        print('echo_server: %s' % e, file=sys.stderr)
        return 1
    server.on('start', on_start)
    server.on('receive', on_receive)
    server.start()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
