#!/usr/bin/env bash
# The `make bench` driver: what one echoed message costs each server in CPU.
#
#   tests/bench/run.sh BUILD
#
# Servers compared, all TCP echo on 127.0.0.1:
#   raw libuv    BUILD/bench/raw_echo PORT (the baseline written for this)
#   Swirl (C)    BUILD/examples/echo_server PORT 1 base
#   Swirl (PHP)  php/bin/swirl-php examples/php/echo_server.php PORT 1
#                ("n/a" when either file is missing)
#
# On two cores the load generator saturates before the server, so messages
# per second says little; what compares servers is their CPU cost. The server
# (every process it forks inherits this) runs on CPU 0, the load generator
# and this script on CPU 1. For each server and round: start it in its own
# process group, poll (bounded) until it accepts, warm up for 1 s, read
# utime+stime of every process of its group and tree from /proc, run
# BUILD/bench/loadgen for BENCH_SECONDS, read the times again, stop the
# server by pid with SIGTERM (bounded wait, then SIGKILL to its group).
# Rounds interleave the servers (raw, C, PHP, raw, C, PHP, ...). The table
# holds the medians over the rounds; ratio is raw libuv's CPU us/msg divided
# by the server's (1.00 = as cheap as raw libuv, higher is cheaper). The
# table goes to stdout and, with every round's figures, to
# BUILD/bench/results.txt.
#
# Environment: BENCH_SECONDS (5), BENCH_ROUNDS (5), BENCH_CONNS (64).
# Other work on the machine moves the figures by several per cent from one
# round to the next; the spread line under the table shows how much, and
# more rounds (BENCH_ROUNDS) narrow it.
# Exit status: 0 when every server that is present here gave figures in at
# least one round, 1 otherwise. A missed target is reported, not an error.
set -u

BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac

RUN_SECS=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-5}
CONNS=${BENCH_CONNS:-64}
MSG_SIZE=64
WARMUP_SECS=1
START_TIMEOUT=15   # seconds a server gets to accept its first connection
STOP_TIMEOUT=10    # seconds a server gets to exit after SIGTERM
TARGET_C=0.90
TARGET_PHP=0.85

for v in RUN_SECS ROUNDS CONNS; do
  case ${!v} in
    '' | *[!0-9]* | 0)
      echo "run.sh: $v must be a positive integer" >&2
      exit 2 ;;
  esac
done

LOADGEN=$BUILD/bench/loadgen
RAW_ECHO=$BUILD/bench/raw_echo
C_ECHO=$BUILD/examples/echo_server
PHP_LAUNCHER=$ROOT/php/bin/swirl-php
PHP_SCRIPT=$ROOT/examples/php/echo_server.php
OUT_DIR=$BUILD/bench
RESULTS=$OUT_DIR/results.txt
mkdir -p "$OUT_DIR"

for f in "$LOADGEN" "$RAW_ECHO"; do
  [ -x "$f" ] || { echo "run.sh: $f is missing (run make bench)" >&2; exit 1; }
done

HZ=$(getconf CLK_TCK)

# Pinning: the server on CPU 0, everything else (this script, the load
# generator, the /proc readers) on CPU 1. With fewer than two CPUs nothing
# is pinned and the table says so.
if [ "$(nproc --all)" -ge 2 ] && taskset -pc 1 $$ >/dev/null 2>&1; then
  PIN_SERVER=(taskset -c 0)
  PIN_LOAD=(taskset -c 1)
  PINNING="server on CPU 0, load generator on CPU 1"
else
  PIN_SERVER=()
  PIN_LOAD=()
  PINNING="NOT pinned (fewer than 2 CPUs)"
fi

SERVERS=(raw c php)
declare -A LABEL=([raw]="raw libuv" [c]="Swirl (C)" [php]="Swirl (PHP)")
declare -A NOTE=() MISSING=()

# The command line of server $1 listening on port $2, in the array CMD.
# Returns 1 when the server cannot be run here (MISSING says why).
server_cmd() {
  case $1 in
    raw) CMD=("$RAW_ECHO" "$2") ;;
    c)
      [ -x "$C_ECHO" ] || { MISSING[c]="$C_ECHO missing"; return 1; }
      CMD=("$C_ECHO" "$2" 1 base) ;;
    php)
      [ -x "$PHP_LAUNCHER" ] ||
        { MISSING[php]="php/bin/swirl-php missing"; return 1; }
      [ -f "$PHP_SCRIPT" ] ||
        { MISSING[php]="examples/php/echo_server.php missing"; return 1; }
      CMD=("$PHP_LAUNCHER" "$PHP_SCRIPT" "$2" 1) ;;
  esac
}

# Prints a TCP port that is free on 127.0.0.1 right now.
free_port() {
  /usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Prints "pid ticks" for every live process that belongs to server $1 (a
# process group leader): its process group plus all its descendants, so a
# child that moved to a group of its own still counts. ticks = utime+stime
# (field 14 + 15 of /proc/PID/stat, every thread of the process included).
server_ticks() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '
    {
      pid = $1; rest = $0
      sub(/^.*\) /, "", rest)   # drop "pid (comm) ", comm may hold spaces
      split(rest, f, " ")
      ppid[pid] = f[2]; pgrp[pid] = f[3]; ticks[pid] = f[12] + f[13]
    }
    END {
      for (p in ppid) if (p == root || pgrp[p] == root) member[p] = 1
      do {
        grown = 0
        for (p in ppid)
          if (!(p in member) && (ppid[p] in member)) {
            member[p] = 1; grown = 1
          }
      } while (grown)
      for (p in member) print p, ticks[p]
    }'
}

# Sums the ticks spent between two server_ticks snapshots (files $1, $2):
# per process, after minus before (a process born in between counts whole).
# Prints "ticks nprocs_before nprocs_after".
ticks_delta() {
  awk 'FNR == NR { before[$1] = $2; nb++; next }
       { d += $2 - (($1 in before) ? before[$1] : 0); na++ }
       END { printf "%d %d %d\n", d, nb, na }' "$1" "$2"
}

# Prints "busy0 total0 busy1 total1": ticks of CPU 0 and CPU 1 from
# /proc/stat (busy = everything but idle and iowait). Two readings show how
# much else ran beside the benchmark, a measure of the noise of a round.
cpu_ticks() {
  awk '$1 == "cpu0" || $1 == "cpu1" {
         t = 0; for (i = 2; i <= NF; i++) t += $i
         printf "%d %d ", t - $5 - $6, t
       }
       END { print "" }' /proc/stat
}

# True while any process of server $1's group or tree is alive.
server_alive() {
  kill -0 -- "-$1" 2>/dev/null && return 0
  [ -n "$(server_ticks "$1")" ]
}

# Checks that every process of server $1 is confined to CPU 0; prints the
# offenders' pid and CPU list otherwise.
check_pinning() {
  [ ${#PIN_SERVER[@]} -gt 0 ] || return 0
  local pid cpus
  while read -r pid _; do
    cpus=$(sed -n 's/^Cpus_allowed_list:\s*//p' "/proc/$pid/status" 2>/dev/null)
    [ -z "$cpus" ] || [ "$cpus" = 0 ] || echo "pid $pid runs on CPUs $cpus"
  done < <(server_ticks "$1")
}

SRV_PID=
# Stops the server whose master is $1: SIGTERM to the master, a bounded wait
# for the whole group and tree to go, then SIGKILL to what is left. Sets
# STOP_NOTE when the stop was not clean.
stop_server() {
  local pid=$1 deadline=$((SECONDS + STOP_TIMEOUT)) rc left
  STOP_NOTE=
  kill -TERM "$pid" 2>/dev/null
  while server_alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
  if server_alive "$pid"; then
    left=$(server_ticks "$pid" | awk '{printf "%s ", $1}')
    kill -KILL -- "-$pid" 2>/dev/null
    for p in $left; do kill -KILL "$p" 2>/dev/null; done
    deadline=$((SECONDS + 2))
    while server_alive "$pid" && [ $SECONDS -lt $deadline ]; do
      sleep 0.05
    done
    STOP_NOTE="still running ${STOP_TIMEOUT}s after SIGTERM"
    STOP_NOTE+=" (pids $left), killed"
  fi
  wait "$pid" 2>/dev/null
  rc=$?
  if [ -z "$STOP_NOTE" ] && [ $rc -ne 0 ]; then
    STOP_NOTE="exit status $rc after SIGTERM"
  fi
  SRV_PID=
}

# shellcheck disable=SC2317 # Runs from the EXIT trap.
cleanup() {
  [ -n "$SRV_PID" ] && stop_server "$SRV_PID"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts server $1 in a process group of its own, pinned, and waits until it
# accepts a TCP connection on its port. Sets SRV_PID and PORT. Returns 1
# with ERR set when it could not be started (after a few fresh ports).
start_server() {
  local name=$1 log=$OUT_DIR/$1.log deadline
  ERR=
  for _ in 1 2 3; do
    PORT=$(free_port) || { ERR="no free port"; return 1; }
    server_cmd "$name" "$PORT" || { ERR=${MISSING[$name]}; return 1; }
    # setsid execs in place (a background job is no group leader), so $! is
    # the server's own pid and its process group id.
    setsid "${PIN_SERVER[@]}" "${CMD[@]}" >"$log" 2>&1 </dev/null &
    SRV_PID=$!
    deadline=$((SECONDS + START_TIMEOUT))
    while [ $SECONDS -lt $deadline ]; do
      if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        return 0
      fi
      kill -0 "$SRV_PID" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$SRV_PID" 2>/dev/null; then
      stop_server "$SRV_PID"
      ERR="not accepting after ${START_TIMEOUT}s (see $log)"
      return 1
    fi
    wait "$SRV_PID" 2>/dev/null
    ERR="exited at start with status $? (see $log: $(tail -n 1 "$log"))"
    SRV_PID=
    # Only an address in use is worth another port.
    grep -qi 'in use' "$log" || return 1
  done
  return 1
}

# Runs the load generator against PORT for $1 seconds; sets the LG_* values
# from its output line. Returns its exit status (1 on errors or no traffic).
run_load() {
  local out rc
  out=$(timeout $(($1 + 30)) "${PIN_LOAD[@]}" "$LOADGEN" 127.0.0.1 "$PORT" \
        "$CONNS" "$MSG_SIZE" "$1" 2>>"$OUT_DIR/loadgen.log")
  rc=$?
  LG_LINE=$out
  LG_MSGS=$(sed -n 's/.*msgs=\([0-9]*\).*/\1/p' <<<"$out")
  LG_SECS=$(sed -n 's/.*secs=\([0-9.]*\).*/\1/p' <<<"$out")
  LG_P99=$(sed -n 's/.*p99_us=\([0-9.]*\).*/\1/p' <<<"$out")
  [ -n "$LG_MSGS" ] || return 1
  return $rc
}

# Median of the blank-separated numbers in $1 ("" when there are none).
median() {
  tr -s ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 }
    END {
      if (NR == 0) print ""
      else if (NR % 2) print v[(NR + 1) / 2]
      else print (v[NR / 2] + v[NR / 2 + 1]) / 2
    }'
}

declare -A RATES=() USPM=() P99S=() ROUND_USPM=()
ROUND_LOG=()
rm -f "$OUT_DIR/loadgen.log"

echo "bench: TCP echo, $CONNS connections x $MSG_SIZE-byte messages," \
     "${RUN_SECS}s per run, $ROUNDS rounds; $PINNING"

for round in $(seq 1 "$ROUNDS"); do
  for name in "${SERVERS[@]}"; do
    label=${LABEL[$name]}
    [ -n "${MISSING[$name]:-}" ] && continue   # Cannot run here at all.
    if ! start_server "$name"; then
      if [ -n "${MISSING[$name]:-}" ]; then
        echo "$label: n/a, $ERR"
        continue
      fi
      NOTE[$name]=$ERR
      line=$(printf 'round %d  %-12s failed: %s' "$round" "$label" "$ERR")
      echo "$line"; ROUND_LOG+=("$line")
      continue
    fi
    if ! run_load "$WARMUP_SECS"; then
      stop_server "$SRV_PID"
      NOTE[$name]="warm-up failed: ${LG_LINE:-no output from loadgen}"
      line=$(printf 'round %d  %-12s failed in warm-up: %s' "$round" \
             "$label" "${LG_LINE:-no output from loadgen}")
      echo "$line"; ROUND_LOG+=("$line")
      continue
    fi
    pin_problem=$(check_pinning "$SRV_PID")
    server_ticks "$SRV_PID" >"$OUT_DIR/ticks.before"
    read -r b0 t0 b1 t1 < <(cpu_ticks)
    run_load "$RUN_SECS"
    load_rc=$?
    server_ticks "$SRV_PID" >"$OUT_DIR/ticks.after"
    read -r b0_ t0_ b1_ t1_ < <(cpu_ticks)
    stop_server "$SRV_PID"
    read -r ticks nb na < <(ticks_delta "$OUT_DIR/ticks.before" \
                                        "$OUT_DIR/ticks.after")
    if [ $load_rc -ne 0 ] || [ "${LG_MSGS:-0}" -eq 0 ]; then
      NOTE[$name]="load run failed: ${LG_LINE:-no output from loadgen}"
      line=$(printf 'round %d  %-12s failed: %s' "$round" "$label" \
             "${LG_LINE:-no output from loadgen}")
      echo "$line"; ROUND_LOG+=("$line")
      continue
    fi
    uspm=$(awk -v t="$ticks" -v hz="$HZ" -v m="$LG_MSGS" \
           'BEGIN { printf "%.4f", t / hz * 1e6 / m }')
    rate=$(awk -v m="$LG_MSGS" -v s="$LG_SECS" 'BEGIN { printf "%.0f", m / s }')
    cpu_pct=$(awk -v t="$ticks" -v hz="$HZ" -v s="$LG_SECS" \
              'BEGIN { printf "%.0f", t / hz / s * 100 }')
    RATES[$name]+="$rate "
    USPM[$name]+="$uspm "
    ROUND_USPM[$name,$round]=$uspm
    P99S[$name]+="$LG_P99 "
    line=$(printf '%s %d  %-12s %9s msgs/s  %7.3f us/msg  cpu %3s%%' \
           round "$round" "$label" "$rate" "$uspm" "$cpu_pct")
    line+=$(printf '  p99 %7.1f us  procs %s' "$LG_P99" "$na")
    # What else used CPU 0 (busy minus the server), and how busy CPU 1
    # (the load generator's) was.
    line+=$(awk -v b0=$((b0_ - b0)) -v t0=$((t0_ - t0)) -v s="$ticks" \
                -v b1=$((b1_ - b1)) -v t1=$((t1_ - t1)) 'BEGIN {
              o = (t0 > 0) ? (b0 - s) / t0 * 100 : 0; if (o < 0) o = 0
              l = (t1 > 0) ? b1 / t1 * 100 : 0
              printf "  cpu0 other %2.0f%%  cpu1 %3.0f%%", o, l }')
    [ "$nb" != "$na" ] && line+="  (process count changed: $nb -> $na)"
    [ -n "$pin_problem" ] && line+="  (not pinned: $pin_problem)"
    [ -n "$STOP_NOTE" ] && line+="  (stop: $STOP_NOTE)"
    echo "$line"; ROUND_LOG+=("$line")
  done
done

# The table of medians.
raw_uspm=$(median "${USPM[raw]:-}")
table=()
table+=("$(printf '%-12s %10s %12s %7s %7s %10s  %s' server msgs/s \
          'CPU us/msg' ratio paired 'p99 us' target)")
status=0
spread="spread of CPU us/msg over the rounds (min-max):"
for name in "${SERVERS[@]}"; do
  label=${LABEL[$name]}
  if [ -z "${USPM[$name]:-}" ]; then
    table+=("$(printf '%-12s %10s %12s %7s %7s %10s  %s' "$label" n/a n/a n/a \
              n/a n/a \
              "${MISSING[$name]:-${NOTE[$name]:-no successful round}}")")
    [ -z "${MISSING[$name]:-}" ] && status=1
    continue
  fi
  rate=$(median "${RATES[$name]}")
  uspm=$(median "${USPM[$name]}")
  p99=$(median "${P99S[$name]}")
  n=$(wc -w <<<"${USPM[$name]}")
  spread+=$(tr -s ' ' '\n' <<<"${USPM[$name]}" | sed '/^$/d' | sort -g |
    awk -v l="$label" 'NR == 1 { lo = $1 } { hi = $1 }
      END { printf " %s %.2f-%.2f (%.0f%%);", l, lo, hi,
            (hi - lo) / lo * 100 }')
  case $name in
    raw) target=baseline ;;
    c) target=$TARGET_C ;;
    php) target=$TARGET_PHP ;;
  esac
  if [ -n "$raw_uspm" ]; then
    ratio=$(awk -v r="$raw_uspm" -v s="$uspm" 'BEGIN { printf "%.2f", r / s }')
  else
    ratio=n/a
  fi
  # The median of the ratios within a round, where the baseline ran next
  # to the server and under the same conditions.
  pairs=()
  for round in $(seq 1 "$ROUNDS"); do
    s=${ROUND_USPM[$name,$round]:-}
    r=${ROUND_USPM[raw,$round]:-}
    [ -n "$s" ] && [ -n "$r" ] &&
      pairs+=("$(awk -v r="$r" -v s="$s" 'BEGIN { printf "%.4f", r / s }')")
  done
  paired=$(median "${pairs[*]:-}")
  if [ -n "$paired" ]; then
    paired=$(awk -v p="$paired" 'BEGIN { printf "%.2f", p }')
  else
    paired=n/a
  fi
  if [ "$target" = baseline ]; then
    verdict="baseline"
  elif [ "$ratio" = n/a ]; then
    verdict="target >= $target: no baseline"
  elif awk -v r="$ratio" -v t="$target" 'BEGIN { exit !(r >= t) }'; then
    verdict="target >= $target: met"
  else
    verdict="target >= $target: NOT met"
  fi
  [ "$n" -lt "$ROUNDS" ] && verdict+=" ($n of $ROUNDS rounds)"
  table+=("$(printf '%-12s %10.0f %12.3f %7s %7s %10.1f  %s' "$label" \
            "$rate" "$uspm" "$ratio" "$paired" "$p99" "$verdict")")
done

header="TCP echo: $CONNS connections, $MSG_SIZE-byte messages,"
header+=" ${RUN_SECS}s runs, medians of $ROUNDS interleaved rounds; $PINNING."
header2="CPU us/msg = utime+stime of all server processes per echoed message;"
header2+=" ratio = raw libuv us/msg / server us/msg (1.00 = as cheap as raw),"
header2+=" of the medians; paired = median of the same-round ratios."
{
  echo "$header"
  echo "$header2"
  echo
  printf '%s\n' "${table[@]}"
  echo "${spread%;}."
} >"$RESULTS.tmp"

echo
cat "$RESULTS.tmp"
{
  echo
  echo "Rounds:"
  printf '%s\n' "${ROUND_LOG[@]}"
} >>"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
echo
echo "written to $RESULTS"
exit $status
