#!/usr/bin/env bash
# smoke.sh BUILD RESULTS_FILE: runs the examples as smoke tests.
#
#   build/examples/echo_server   (examples/c/echo_server.c)
#   examples/php/tcp_server.php  (Swoole's documented example, run unchanged
#                                 by php/bin/swirl-php except for its port)
#   examples/python/echo_server.py
#
# Each example is started in its own process group, waited for (bounded)
# until its port accepts, talked to by a real client, then stopped by pid
# with SIGTERM: it must exit 0 within STOP_S seconds and leave no process of
# its group behind; otherwise the group is killed and the example fails. An
# example that does not exist yet fails. One line per example ("ok N - ..."
# or "not ok N - ..." with the reason and the server's output), then
# "N passed, N failed, N skipped", and RESULTS_FILE gets
# "passed=N failed=N skipped=N". Exit status 1 when an example failed.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD RESULTS_FILE" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" 2>/dev/null && pwd) || build=$root/$1
results=$2
python=${PYTHON:-/usr/bin/python3}
[ -x "$python" ] || python=python3
START_S=${SMOKE_START_S:-20} # bound on a server's start
IO_S=${SMOKE_IO_S:-10}       # bound on one exchange
STOP_S=${SMOKE_STOP_S:-15}   # bound on a server's shutdown

export SWIRL_LIB=${SWIRL_LIB:-$build/libswirl.so}
work=$(mktemp -d /tmp/swirl-smoke.XXXXXX)
passed=0 failed=0 skipped=0 n=0
server_pid=

# Kills a server that is still running when the script ends for any reason.
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -KILL -- "-$server_pid" 2>/dev/null
    kill -KILL "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The client: every wait in it is bounded.
cat > "$work/client.py" <<'EOF'
import socket
import sys
import time


def connect(port, timeout):
    """Connects to 127.0.0.1:port, retrying while refused until timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return socket.create_connection(('127.0.0.1', port), timeout=2)
        except ConnectionRefusedError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.02)  # poll again: the server is still starting


def read_exact(s, n, timeout):
    deadline = time.monotonic() + timeout
    buf = b''
    while len(buf) < n:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = s.recv(n - len(buf))
        if not chunk:
            break
        buf += chunk
    return buf


def read_to_eof(s, timeout, cap=1 << 20):
    deadline = time.monotonic() + timeout
    buf = b''
    while len(buf) <= cap:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = s.recv(65536)
        if not chunk:
            return buf
        buf += chunk
    raise RuntimeError('no EOF after %d bytes' % len(buf))


def main():
    # Arguments: command, port, connect timeout, I/O timeout (seconds).
    cmd, port, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    io_timeout = float(sys.argv[4]) if len(sys.argv) > 4 else timeout
    s = connect(port, timeout)
    timeout = io_timeout
    if cmd == 'echo':
        big = bytes((i * 7 + i // 251) & 0xff for i in range(256 * 1024))
        for msg in (b'hello smoke\n', b'x' * 1000, big, b'bye\n'):
            s.sendall(msg)
            got = read_exact(s, len(msg), timeout)
            if got != msg:
                print('echo of %d bytes came back as %d bytes %r...'
                      % (len(msg), len(got), got[:40]))
                return 1
        # A second connection at the same time is served too.
        t = connect(port, timeout)
        t.sendall(b'second')
        got = read_exact(t, 6, timeout)
        t.close()
        if got != b'second':
            print('second connection got %r' % got)
            return 1
        s.close()
        return 0
    if cmd == 'swoole':
        s.sendall(b'hello')
        got = read_to_eof(s, timeout)
        s.close()
        if got != b'Swoole: hello':
            print('expected b"Swoole: hello" then EOF, got %r' % got)
            return 1
        return 0
    print('unknown command ' + cmd)
    return 2


try:
    sys.exit(main())
except Exception as e:  # report every failure as one line
    print('client: %s: %s' % (type(e).__name__, e))
    sys.exit(1)
EOF

# A free TCP port on 127.0.0.1 (for the example that hard-codes one).
free_port() {
  "$python" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Milliseconds of wall-clock time (bash 5's EPOCHREALTIME).
now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  echo $(( t / 1000 ))
}

# Whether process $1 has ended (gone, or a zombie waiting for us).
has_ended() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }
  [ "${stat%% *}" = Z ]
}

# Starts "$@" in a new process group with output to $work/out; sets
# server_pid (which is also the group id).
start_server() {
  : > "$work/out"
  setsid "$@" > "$work/out" 2>&1 < /dev/null &
  server_pid=$!
}

# Waits up to $START_S seconds for $2 (default 1) lines matching the
# extended regex $1 in the server's output; sets found_line to the first.
# Fails early (setting why) if the server died.
wait_output() {
  local deadline=$(( $(now_ms) + START_S * 1000 )) want=${2:-1}
  while :; do
    if [ "$(grep -cE "$1" "$work/out")" -ge "$want" ]; then
      found_line=$(grep -E -m1 "$1" "$work/out")
      return 0
    fi
    if has_ended "$server_pid"; then
      why="server exited before printing /$1/"
      return 1
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      why="no /$1/ in the output within ${START_S}s"
      return 1
    fi
    sleep 0.02 # poll the output again
  done
}

# Stops the server: SIGTERM, a bounded wait for exit status 0, and no
# process of its group left. Sets why and fails otherwise.
stop_server() {
  local deadline status
  kill -TERM "$server_pid" 2>/dev/null
  deadline=$(( $(now_ms) + STOP_S * 1000 ))
  while ! has_ended "$server_pid"; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      why="still running ${STOP_S}s after SIGTERM; killed"
      kill -KILL -- "-$server_pid" 2>/dev/null
      wait "$server_pid" 2>/dev/null
      server_pid=
      return 1
    fi
    sleep 0.02 # poll the process state again
  done
  wait "$server_pid"
  status=$?
  # The rest of its group (workers, manager) must follow promptly.
  deadline=$(( $(now_ms) + 5000 ))
  while kill -0 -- "-$server_pid" 2>/dev/null; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      why="processes of the server were left running after the master exited"
      kill -KILL -- "-$server_pid" 2>/dev/null
      server_pid=
      return 1
    fi
    sleep 0.02
  done
  server_pid=
  if [ "$status" -ne 0 ]; then
    why="exit status $status after SIGTERM"
    return 1
  fi
  return 0
}

# Kills the server's group at once (after a failure).
kill_server() {
  if [ -n "$server_pid" ]; then
    kill -KILL -- "-$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=
  fi
}

report() { # report OK NAME
  n=$((n + 1))
  if [ "$1" = ok ]; then
    passed=$((passed + 1))
    echo "ok $n - $2"
  else
    failed=$((failed + 1))
    echo "not ok $n - $2 ($why)"
    if [ -s "$work/out" ]; then
      sed 's/^/#   /' "$work/out" | head -40
    fi
  fi
}

# Runs an echo example whose first argument is the port and that prints
# "listening on 127.0.0.1:PORT". Usage: smoke_echo NAME CMD...
smoke_echo() {
  local name=$1 port out
  shift
  why=
  start_server "$@" 0
  if ! wait_output 'listening'; then
    kill_server
    report fail "$name"
    return
  fi
  port=$(echo "$found_line" | grep -oE '[0-9]+$')
  if [ -z "$port" ]; then
    why="no port in '$found_line'"
    kill_server
    report fail "$name"
    return
  fi
  if ! out=$("$python" "$work/client.py" echo "$port" "$START_S" "$IO_S"); then
    why="echo failed: $out"
    kill_server
    report fail "$name"
    return
  fi
  if stop_server; then
    report ok "$name"
  else
    report fail "$name"
  fi
}

# ---------------------------------------------------------------- C
why=
if [ ! -x "$build/examples/echo_server" ]; then
  : > "$work/out"
  why="$build/examples/echo_server is not built"
  report fail "C echo_server"
else
  smoke_echo "C echo_server" "$build/examples/echo_server"
fi

# ---------------------------------------------------------------- PHP
why=
: > "$work/out"
if [ ! -f "$root/examples/php/tcp_server.php" ]; then
  why="examples/php/tcp_server.php does not exist"
  report fail "PHP tcp_server.php"
elif [ ! -x "$root/php/bin/swirl-php" ]; then
  why="php/bin/swirl-php does not exist"
  report fail "PHP tcp_server.php"
elif ! grep -q 9501 "$root/examples/php/tcp_server.php"; then
  why="examples/php/tcp_server.php does not use port 9501"
  report fail "PHP tcp_server.php"
else
  port=$(free_port)
  sed "s/9501/$port/g" "$root/examples/php/tcp_server.php" \
    > "$work/tcp_server.php"
  start_server "$root/php/bin/swirl-php" "$work/tcp_server.php"
  # The client's connect retries while refused, up to START_S: that is the
  # wait for the port. Exactly one connection is made.
  if ! out=$("$python" "$work/client.py" swoole "$port" "$START_S" \
      "$IO_S"); then
    why="$out"
    kill_server
    report fail "PHP tcp_server.php"
  elif ! wait_output '^Client: Close\.$'; then
    why="no 'Client: Close.' line: $why"
    kill_server
    report fail "PHP tcp_server.php"
  else
    connects=$(grep -c '^Client:Connect\.$' "$work/out")
    closes=$(grep -c '^Client: Close\.$' "$work/out")
    if ! stop_server; then
      report fail "PHP tcp_server.php"
    elif [ "$connects" -ne 1 ] || [ "$closes" -ne 1 ]; then
      why="$connects 'Client:Connect.' and $closes 'Client: Close.' lines"
      why="$why, expected 1 each"
      report fail "PHP tcp_server.php"
    elif grep -qiE 'fatal|warning|uncaught' "$work/out"; then
      why="errors in the output"
      report fail "PHP tcp_server.php"
    else
      report ok "PHP tcp_server.php"
    fi
  fi
fi

# ---------------------------------------------------------------- Python
why=
if [ ! -f "$root/examples/python/echo_server.py" ]; then
  : > "$work/out"
  why="examples/python/echo_server.py does not exist"
  report fail "Python echo_server.py"
else
  smoke_echo "Python echo_server.py" "$python" \
    "$root/examples/python/echo_server.py"
fi

echo "$passed passed, $failed failed, $skipped skipped"
echo "passed=$passed failed=$failed skipped=$skipped" > "$results"
[ "$failed" -eq 0 ]
