#!/usr/bin/env bash
# The `make bench` driver: what a message, a request or a connection costs
# each server, one table per benchmark.
#
#   tests/bench/run.sh BUILD
#
# Benchmarks (BENCH_ONLY=name[,name...] runs only those):
#   tcp            TCP echo: raw libuv (BUILD/bench/raw_echo) vs Swirl from C
#                  (BUILD/examples/echo_server, BASE, 1 worker) vs Swirl from
#                  PHP (examples/php/echo_server.php) with enable_coroutine
#                  off, and with it on ("co": Swoole's default, a coroutine
#                  per callback). Targets 0.90, 0.85 (coroutines off).
#   tcp_process    TCP echo, Swirl from C: PROCESS mode (reactor_num 1,
#                  worker_num 1) against BASE. Target PROCESS/BASE >= 0.60.
#   udp            UDP echo: raw libuv (BUILD/bench/raw_udp) vs Swirl from C
#                  (BUILD/examples/udp_echo). Target 0.90.
#   tls            TCP echo over TLS (SWIRL_SOCK_SSL, a self-signed EC
#                  certificate made with the openssl CLI into BUILD/bench/)
#                  against the same C server without TLS. Target 0.70.
#   http           HTTP hello world, wrk with BENCH_CONNS connections: raw
#                  libuv (BUILD/bench/raw_http) vs Swirl from C
#                  (BUILD/examples/http_server) vs Swirl from PHP
#                  (tests/bench/php/http_hello.php, Swoole\Http\Server) in
#                  BASE and in PROCESS mode (reactor_num 1, worker_num 1),
#                  enable_coroutine off; BASE also with it on ("co").
#                  Target: p99 latency of PHP BASE under 2 ms.
#   http_pipeline  the same servers, BENCH_PIPELINE (16) requests pipelined
#                  per connection (tests/bench/pipeline.lua).
#   task_rtt       PHP task round trips (tests/bench/php/task_rtt.php): one
#                  worker, one task worker, task -> onTask -> onFinish ->
#                  next task. Target 50,000 tasks/s.
#   idle           BENCH_IDLE_CONNS (100,000) idle TCP connections held by
#                  one BASE worker of the C echo server (raw libuv as a
#                  reference): RSS before and after, bytes per connection.
#                  Target < 4 KiB.
#
# The CPU method (every benchmark but task_rtt and idle): on two cores the
# load generator saturates before the server, so requests per second say
# little; what compares servers is their CPU cost. The server (every
# process it forks inherits this) runs on CPU 0, the load generator and
# this script on CPU 1. For each server and round: start it in its own
# process group, wait (bounded) until it is ready, warm up for 1 s, read
# utime+stime of every process of its group and tree from /proc, run the
# load (BUILD/bench/loadgen or wrk) for BENCH_SECONDS, read the times again,
# stop the server by pid with SIGTERM (bounded wait, then SIGKILL to its
# group). Rounds interleave the servers of a benchmark. Each table holds
# the medians over the rounds; ratio is the baseline's CPU us per message
# (or request) divided by the server's (1.00 = as cheap as the baseline,
# higher is cheaper); paired is the median of the same-round ratios. The
# tables go to stdout and, with every round's figures, to
# BUILD/bench/results.txt.
#
# Environment: BENCH_SECONDS (5), BENCH_ROUNDS (5), BENCH_CONNS (64),
# BENCH_ONLY (all), BENCH_PIPELINE (16), BENCH_IDLE_CONNS (100000).
# Other work on the machine moves the figures by several per cent from one
# round to the next; each round's line shows how busy CPU 0 was with other
# work ("cpu0 other") and the spread line under a table shows how much the
# rounds differ; more rounds narrow the medians.
# Exit status: 0 when every server that is present here gave figures in at
# least one round, 1 otherwise, 2 on bad settings. A missed target is
# reported, not an error.
set -u

BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac

RUN_SECS=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-5}
CONNS=${BENCH_CONNS:-64}
PIPELINE=${BENCH_PIPELINE:-16}
IDLE_WANT=${BENCH_IDLE_CONNS:-100000}
ONLY=${BENCH_ONLY:-}
MSG_SIZE=64
WARMUP_SECS=1
START_TIMEOUT=15   # seconds a server gets to become ready
STOP_TIMEOUT=10    # seconds a server gets to exit after SIGTERM
IDLE_OPEN_SECS=120 # seconds the idle client gets to open its connections
IDLE_SETTLE_SECS=60 # seconds the server gets to accept them all
TARGET_TASKS=50000
TARGET_IDLE_BYTES=4096

for v in RUN_SECS ROUNDS CONNS PIPELINE IDLE_WANT; do
  case ${!v} in
    '' | *[!0-9]* | 0)
      echo "run.sh: $v must be a positive integer" >&2
      exit 2 ;;
  esac
done

ALL_BENCHES=(tcp tcp_process udp tls http http_pipeline task_rtt idle)
if [ -n "$ONLY" ]; then
  for b in ${ONLY//,/ }; do
    case " ${ALL_BENCHES[*]} " in
      *" $b "*) ;;
      *)
        echo "run.sh: BENCH_ONLY: unknown benchmark '$b'" \
             "(known: ${ALL_BENCHES[*]})" >&2
        exit 2 ;;
    esac
  done
fi

LOADGEN=$BUILD/bench/loadgen
RAW_ECHO=$BUILD/bench/raw_echo
RAW_UDP=$BUILD/bench/raw_udp
RAW_HTTP=$BUILD/bench/raw_http
IDLE_CLIENT=$BUILD/bench/idle_conns
C_ECHO=$BUILD/examples/echo_server
C_UDP=$BUILD/examples/udp_echo
C_HTTP=$BUILD/examples/http_server
PHP_LAUNCHER=$ROOT/php/bin/swirl-php
PHP_ECHO=$ROOT/examples/php/echo_server.php
PHP_HTTP=$ROOT/tests/bench/php/http_hello.php
PHP_HTTP_CLASS=$ROOT/php/src/Swoole/Http/Server.php
PHP_TASK=$ROOT/tests/bench/php/task_rtt.php
PIPELINE_LUA=$ROOT/tests/bench/pipeline.lua
OUT_DIR=$BUILD/bench
RESULTS=$OUT_DIR/results.txt
TLS_CERT=$OUT_DIR/tls-cert.pem
TLS_KEY=$OUT_DIR/tls-key.pem
mkdir -p "$OUT_DIR"

HZ=$(getconf CLK_TCK)

# Pinning: the server on CPU 0, everything else (this script, the load
# generator, the /proc readers) on CPU 1. With fewer than two CPUs nothing
# is pinned and the tables say so.
if [ "$(nproc --all)" -ge 2 ] && taskset -pc 1 $$ >/dev/null 2>&1; then
  PIN_SERVER=(taskset -c 0)
  PIN_LOAD=(taskset -c 1)
  PIN_BOTH=(taskset -c 0-1)
  PINNING="server on CPU 0, load generator on CPU 1"
else
  PIN_SERVER=()
  PIN_LOAD=()
  PIN_BOTH=()
  PINNING="NOT pinned (fewer than 2 CPUs)"
fi

# True when benchmark $1 is to run.
selected() {
  [ -z "$ONLY" ] && return 0
  case ",${ONLY// /,}," in *",$1,"*) return 0 ;; esac
  return 1
}

# Prints a port that is free on 127.0.0.1 right now ($1: tcp or udp).
free_port() {
  /usr/bin/python3 -c 'import socket, sys
kind = socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM
s = socket.socket(socket.AF_INET, kind); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' "$1"
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

CLIENT_PID=
# shellcheck disable=SC2317 # Runs from the EXIT trap.
cleanup() {
  [ -n "$CLIENT_PID" ] && kill -TERM "$CLIENT_PID" 2>/dev/null
  [ -n "$SRV_PID" ] && stop_server "$SRV_PID"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- servers

# The command line of server $1 listening on port $2, in the array CMD, and
# how to tell it is ready in READY (tcp: it accepts a connection; line: it
# printed "listening on"). Returns 1 with WHY set when the server cannot
# run here.
server_cmd() {
  local id=$1 port=$2
  READY=tcp
  case $id in
    raw_echo) CMD=("$RAW_ECHO" "$port") ;;
    c_echo) CMD=("$C_ECHO" "$port" 1 base) ;;
    c_echo_idle) CMD=("$C_ECHO" "$port" 1 base --max-conn "$IDLE_MAX_CONN") ;;
    c_echo_process) CMD=("$C_ECHO" "$port" 1 process --reactor-num 1) ;;
    c_echo_tls)
      [ -f "$TLS_CERT" ] && [ -f "$TLS_KEY" ] ||
        { WHY="no TLS certificate (openssl CLI missing?)"; return 1; }
      CMD=("$C_ECHO" "$port" 1 base --ssl "$TLS_CERT" "$TLS_KEY") ;;
    php_echo | php_echo_co)
      [ -f "$PHP_ECHO" ] ||
        { WHY="examples/php/echo_server.php missing"; return 1; }
      if [ $id = php_echo ]; then
        CMD=("$PHP_LAUNCHER" "$PHP_ECHO" "$port" 1 off)
      else
        CMD=("$PHP_LAUNCHER" "$PHP_ECHO" "$port" 1 on)
      fi ;;
    raw_udp) CMD=("$RAW_UDP" "$port"); READY=line ;;
    c_udp) CMD=("$C_UDP" "$port" 1 base); READY=line ;;
    raw_http) CMD=("$RAW_HTTP" "$port") ;;
    c_http) CMD=("$C_HTTP" "$port" 1 base) ;;
    php_http | php_http_co | php_http_process)
      [ -f "$PHP_HTTP_CLASS" ] ||
        { WHY="Swoole\\Http\\Server not there yet"; return 1; }
      case $id in
        php_http) CMD=("$PHP_LAUNCHER" "$PHP_HTTP" "$port" base 1 1 off) ;;
        php_http_co) CMD=("$PHP_LAUNCHER" "$PHP_HTTP" "$port" base 1 1 on) ;;
        *) CMD=("$PHP_LAUNCHER" "$PHP_HTTP" "$port" process 1 1 off) ;;
      esac ;;
    *) WHY="unknown server $id"; return 1 ;;
  esac
  case ${CMD[0]} in
    "$PHP_LAUNCHER")
      [ -x "$PHP_LAUNCHER" ] ||
        { WHY="php/bin/swirl-php missing"; return 1; } ;;
    *)
      [ -x "${CMD[0]}" ] ||
        { WHY="${CMD[0]#"$ROOT"/} missing (run make bench)"; return 1; } ;;
  esac
  return 0
}

# True when server $1 is ready: see server_cmd's READY.
server_ready() {
  if [ "$READY" = line ]; then
    grep -q '^listening on' "$2"
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
  fi
}

# Starts server $1 in a process group of its own, pinned, and waits until it
# is ready. Sets SRV_PID and PORT. Returns 1 with ERR set when it could not
# be started (after a few fresh ports), and also MISSING=1 when it cannot
# run here at all.
start_server() {
  local id=$1 log=$OUT_DIR/$1.log deadline kind=tcp
  CUR_ID=$id
  ERR='' MISSING=''
  case $id in *udp*) kind=udp ;; esac
  for _ in 1 2 3; do
    PORT=$(free_port $kind) || { ERR="no free port"; return 1; }
    if ! server_cmd "$id" "$PORT"; then
      ERR=$WHY MISSING=1
      return 1
    fi
    # setsid execs in place (a background job is no group leader), so $! is
    # the server's own pid and its process group id.
    setsid "${PIN_SERVER[@]}" "${CMD[@]}" >"$log" 2>&1 </dev/null &
    SRV_PID=$!
    deadline=$((SECONDS + START_TIMEOUT))
    while [ $SECONDS -lt $deadline ]; do
      server_ready "$id" "$log" && return 0
      kill -0 "$SRV_PID" 2>/dev/null || break
      sleep 0.05
    done
    if kill -0 "$SRV_PID" 2>/dev/null; then
      stop_server "$SRV_PID"
      ERR="not ready after ${START_TIMEOUT}s (see $log)"
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

# ---------------------------------------------------------------- load

# Converts a wrk duration ("412.00us", "1.23ms", "2.00s", "1.00m") to
# microseconds.
wrk_us() {
  awk -v t="$1" 'BEGIN {
    v = t + 0
    if (t ~ /us$/) m = 1; else if (t ~ /ms$/) m = 1e3
    else if (t ~ /m$/) m = 6e7; else if (t ~ /s$/) m = 1e6; else m = 1
    printf "%.1f", v * m }'
}

# Runs load of kind $1 (tcp, udp, tls, wrk, wrk_pipeline; tls_pair: tls
# for a server whose id has "tls" in it, else tcp) against PORT for $2
# seconds; sets LG_OPS (messages or requests done), LG_SECS, LG_P99 (us,
# "" when unknown) and LG_LINE (a summary). Returns 0, or 1 on errors or
# no traffic.
run_load() {
  local kind=$1 secs=$2 out rc errs
  LG_OPS='' LG_SECS='' LG_P99='' LG_LINE=''
  if [ "$kind" = tls_pair ]; then
    case $CUR_ID in *tls*) kind=tls ;; *) kind=tcp ;; esac
  fi
  case $kind in
    tcp | udp | tls)
      local flag=()
      [ "$kind" = tcp ] || flag=("--$kind")
      out=$(timeout $((secs + 30)) "${PIN_LOAD[@]}" "$LOADGEN" "${flag[@]}" \
            127.0.0.1 "$PORT" "$CONNS" "$MSG_SIZE" "$secs" \
            2>>"$OUT_DIR/loadgen.log")
      rc=$?
      LG_LINE=$out
      LG_OPS=$(sed -n 's/.*msgs=\([0-9]*\).*/\1/p' <<<"$out")
      LG_SECS=$(sed -n 's/.*secs=\([0-9.]*\).*/\1/p' <<<"$out")
      LG_P99=$(sed -n 's/.*p99_us=\([0-9.]*\).*/\1/p' <<<"$out")
      ;;
    wrk | wrk_pipeline)
      local script=()
      [ "$kind" = wrk_pipeline ] && script=(-s "$PIPELINE_LUA")
      out=$(timeout $((secs + 30)) "${PIN_LOAD[@]}" wrk -t1 -c"$CONNS" \
            -d"${secs}s" --latency "${script[@]}" \
            "http://127.0.0.1:$PORT/" ${script[@]:+-- "$PIPELINE"} 2>&1)
      rc=$?
      echo "$out" >>"$OUT_DIR/wrk.log"
      LG_OPS=$(sed -n 's/^ *\([0-9]*\) requests in \([0-9.]*[a-z]*\),.*/\1/p' \
               <<<"$out")
      local dur
      dur=$(sed -n 's/^ *[0-9]* requests in \([0-9.]*[a-z]*\),.*/\1/p' \
            <<<"$out")
      [ -n "$dur" ] && LG_SECS=$(awk -v u="$(wrk_us "$dur")" \
                                 'BEGIN { printf "%.3f", u / 1e6 }')
      local p99
      p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
      [ -n "$p99" ] && LG_P99=$(wrk_us "$p99")
      # wrk cannot time pipelined answers one by one: 0 means unknown.
      [ "$LG_P99" = 0.0 ] && LG_P99=
      errs=$(grep -E 'Socket errors|Non-2xx' <<<"$out" | tr -s ' ' |
             paste -sd ';' -)
      LG_LINE="requests=${LG_OPS:-?} secs=${LG_SECS:-?} p99_us=${LG_P99:-?}"
      [ -n "$errs" ] && LG_LINE+=" ($errs)"
      [ -z "$LG_OPS" ] && LG_LINE="wrk: $(tail -n 1 <<<"$out")"
      # A server that answers with errors or drops connections fails.
      grep -qE 'Non-2xx|Socket errors: connect [1-9]' <<<"$out" && rc=1
      ;;
  esac
  [ -n "$LG_OPS" ] && [ "$LG_OPS" -gt 0 ] && [ -n "$LG_SECS" ] || return 1
  return $rc
}

# ---------------------------------------------------------------- tables

# Median of the blank-separated numbers in $1 ("" when there are none).
median() {
  tr -s ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g | awk '{ v[NR] = $1 }
    END {
      if (NR == 0) print ""
      else if (NR % 2) print v[(NR + 1) / 2]
      else print (v[NR / 2] + v[NR / 2 + 1]) / 2
    }'
}

# "lo-hi (spread%)" of the blank-separated numbers in $1.
spread_of() {
  tr -s ' ' '\n' <<<"$1" | sed '/^$/d' | sort -g |
    awk -v fmt="${2:-%.2f}" 'NR == 1 { lo = $1 } { hi = $1 }
      END { printf fmt "-" fmt " (%.0f%%)", lo, hi,
            (lo > 0 ? (hi - lo) / lo * 100 : 0) }'
}

# What a bench_* function hands to run_cpu_bench (see there).
declare -A B_LABEL=() B_TARGET=() B_P99_TARGET=()
B_NAME='' B_TITLE='' B_LOAD='' B_UNIT='' B_SERVERS=()
CUR_ID=

REPORT=()  # every table, in order, for results.txt
DETAIL=()  # every round's line, per benchmark, for results.txt
STATUS=0

# Adds the lines of table $@ to stdout and to the report.
emit_table() {
  echo
  printf '%s\n' "$@"
  REPORT+=("" "$@")
}

# ---------------------------------------------------------------- CPU runs

# Runs one CPU-cost benchmark. Inputs (set by the caller):
#   B_NAME, B_TITLE   its name and the first line of its table
#   B_LOAD            run_load kind
#   B_UNIT            msg or req
#   B_SERVERS         server ids, the baseline first
#   B_LABEL[id]       row labels
#   B_TARGET[id]      baseline, a ratio the server should reach, or -
#   B_P99_TARGET[id]  (optional) p99 latency in us it should stay under
run_cpu_bench() {
  local round id label line ticks nb na uspm rate cpu_pct load_rc pin_problem
  local b0 t0 b1 t1 b0_ t0_ b1_ t1_
  local -A rates=() uspms=() p99s=() round_uspm=() note=() missing=()
  local rounds_log=()
  echo
  echo "bench $B_NAME: ${#B_SERVERS[@]} servers x $ROUNDS rounds"
  for round in $(seq 1 "$ROUNDS"); do
    for id in "${B_SERVERS[@]}"; do
      label=${B_LABEL[$id]}
      [ -n "${missing[$id]:-}" ] && continue   # Cannot run here at all.
      if ! start_server "$id"; then
        if [ -n "$MISSING" ]; then
          missing[$id]=$ERR
          echo "$label: n/a, $ERR"
          continue
        fi
        note[$id]=$ERR
        line=$(printf 'round %d  %-18s failed: %s' "$round" "$label" "$ERR")
        echo "$line"; rounds_log+=("$line")
        continue
      fi
      if ! run_load "$B_LOAD" "$WARMUP_SECS"; then
        stop_server "$SRV_PID"
        note[$id]="warm-up failed: ${LG_LINE:-no output from the load}"
        line=$(printf 'round %d  %-18s failed in warm-up: %s' "$round" \
               "$label" "${LG_LINE:-no output from the load}")
        echo "$line"; rounds_log+=("$line")
        continue
      fi
      pin_problem=$(check_pinning "$SRV_PID")
      server_ticks "$SRV_PID" >"$OUT_DIR/ticks.before"
      read -r b0 t0 b1 t1 < <(cpu_ticks)
      run_load "$B_LOAD" "$RUN_SECS"
      load_rc=$?
      server_ticks "$SRV_PID" >"$OUT_DIR/ticks.after"
      read -r b0_ t0_ b1_ t1_ < <(cpu_ticks)
      stop_server "$SRV_PID"
      read -r ticks nb na < <(ticks_delta "$OUT_DIR/ticks.before" \
                                          "$OUT_DIR/ticks.after")
      if [ $load_rc -ne 0 ]; then
        note[$id]="load run failed: ${LG_LINE:-no output from the load}"
        line=$(printf 'round %d  %-18s failed: %s' "$round" "$label" \
               "${LG_LINE:-no output from the load}")
        echo "$line"; rounds_log+=("$line")
        continue
      fi
      uspm=$(awk -v t="$ticks" -v hz="$HZ" -v m="$LG_OPS" \
             'BEGIN { printf "%.4f", t / hz * 1e6 / m }')
      rate=$(awk -v m="$LG_OPS" -v s="$LG_SECS" \
             'BEGIN { printf "%.0f", m / s }')
      cpu_pct=$(awk -v t="$ticks" -v hz="$HZ" -v s="$LG_SECS" \
                'BEGIN { printf "%.0f", t / hz / s * 100 }')
      rates[$id]+="$rate "
      uspms[$id]+="$uspm "
      round_uspm[$id,$round]=$uspm
      [ -n "$LG_P99" ] && p99s[$id]+="$LG_P99 "
      line=$(printf 'round %d  %-18s %9s %s/s  %7.3f us/%s  cpu %3s%%' \
             "$round" "$label" "$rate" "$B_UNIT" "$uspm" "$B_UNIT" "$cpu_pct")
      line+=$(printf '  p99 %7s us  procs %s' "${LG_P99:-n/a}" "$na")
      # What else used CPU 0 (busy minus the server), and how busy CPU 1
      # (the load generator's) was.
      line+=$(awk -v b0=$((b0_ - b0)) -v t0=$((t0_ - t0)) -v s="$ticks" \
                  -v b1=$((b1_ - b1)) -v t1=$((t1_ - t1)) 'BEGIN {
                o = (t0 > 0) ? (b0 - s) / t0 * 100 : 0; if (o < 0) o = 0
                l = (t1 > 0) ? b1 / t1 * 100 : 0
                printf "  cpu0 other %2.0f%%  cpu1 %3.0f%%", o, l }')
      case $LG_LINE in *lost=[1-9]*) line+="  (${LG_LINE##*lost=})" ;; esac
      case $LG_LINE in *"("*) line+="  (${LG_LINE#*(}" ;; esac
      [ "$nb" != "$na" ] && line+="  (process count changed: $nb -> $na)"
      [ -n "$pin_problem" ] && line+="  (not pinned: $pin_problem)"
      [ -n "$STOP_NOTE" ] && line+="  (stop: $STOP_NOTE)"
      echo "$line"; rounds_log+=("$line")
    done
  done

  # The table of medians.
  local base=${B_SERVERS[0]} base_uspm n target verdict ratio paired p99 s r
  local pairs spread="spread of CPU us/$B_UNIT over the rounds (min-max):"
  local table=()
  base_uspm=$(median "${uspms[$base]:-}")
  table+=("$B_NAME: $B_TITLE")
  line="CPU us/$B_UNIT = utime+stime of all server processes per $B_UNIT;"
  line+=" ratio = ${B_LABEL[$base]} us/$B_UNIT / server us/$B_UNIT, of the"
  line+=" medians; paired = median of the same-round ratios."
  table+=("$line" "")
  table+=("$(printf '%-18s %10s %12s %7s %7s %10s  %s' server \
            "$B_UNIT/s" "CPU us/$B_UNIT" ratio paired 'p99 us' target)")
  for id in "${B_SERVERS[@]}"; do
    label=${B_LABEL[$id]}
    if [ -z "${uspms[$id]:-}" ]; then
      table+=("$(printf '%-18s %10s %12s %7s %7s %10s  %s' "$label" n/a n/a \
                n/a n/a n/a \
                "${missing[$id]:-${note[$id]:-no successful round}}")")
      [ -z "${missing[$id]:-}" ] && STATUS=1
      continue
    fi
    rate=$(median "${rates[$id]}")
    uspm=$(median "${uspms[$id]}")
    p99=$(median "${p99s[$id]:-}")
    n=$(wc -w <<<"${uspms[$id]}")
    spread+=" $label $(spread_of "${uspms[$id]}");"
    target=${B_TARGET[$id]}
    if [ -n "$base_uspm" ]; then
      ratio=$(awk -v r="$base_uspm" -v s="$uspm" \
              'BEGIN { printf "%.2f", r / s }')
    else
      ratio=n/a
    fi
    pairs=()
    for round in $(seq 1 "$ROUNDS"); do
      s=${round_uspm[$id,$round]:-}
      r=${round_uspm[$base,$round]:-}
      [ -n "$s" ] && [ -n "$r" ] &&
        pairs+=("$(awk -v r="$r" -v s="$s" 'BEGIN { printf "%.4f", r / s }')")
    done
    paired=$(median "${pairs[*]:-}")
    if [ -n "$paired" ]; then
      paired=$(awk -v p="$paired" 'BEGIN { printf "%.2f", p }')
    else
      paired=n/a
    fi
    case $target in
      baseline) verdict=baseline ;;
      -) verdict=- ;;
      *)
        if [ "$ratio" = n/a ]; then
          verdict="ratio >= $target: no baseline"
        elif awk -v r="$ratio" -v t="$target" 'BEGIN { exit !(r >= t) }'
        then
          verdict="ratio >= $target: met"
        else
          verdict="ratio >= $target: NOT met"
        fi ;;
    esac
    if [ -n "${B_P99_TARGET[$id]:-}" ]; then
      local pt=${B_P99_TARGET[$id]} pv
      if [ -z "$p99" ]; then
        pv="p99 < $pt us: no figure"
      elif awk -v p="$p99" -v t="$pt" 'BEGIN { exit !(p < t) }'; then
        pv="p99 < $pt us: met"
      else
        pv="p99 < $pt us: NOT met"
      fi
      if [ "$verdict" = - ]; then verdict=$pv; else verdict+="; $pv"; fi
    fi
    [ "$n" -lt "$ROUNDS" ] && verdict+=" ($n of $ROUNDS rounds)"
    table+=("$(printf '%-18s %10.0f %12.3f %7s %7s %10s  %s' "$label" \
              "$rate" "$uspm" "$ratio" "$paired" \
              "$( [ -n "$p99" ] && printf '%.1f' "$p99" || echo n/a)" \
              "$verdict")")
  done
  table+=("${spread%;}.")
  emit_table "${table[@]}"
  DETAIL+=("" "Rounds of $B_NAME:" "${rounds_log[@]}")
}

# ---------------------------------------------------------------- benches

bench_tcp() {
  B_NAME=tcp
  B_TITLE="TCP echo, $CONNS connections x $MSG_SIZE-byte messages,"
  B_TITLE+=" ${RUN_SECS}s runs, medians of $ROUNDS interleaved rounds;"
  B_TITLE+=" $PINNING."
  B_LOAD=tcp B_UNIT=msg
  B_SERVERS=(raw_echo c_echo php_echo php_echo_co)
  B_LABEL=([raw_echo]="raw libuv" [c_echo]="Swirl (C)"
           [php_echo]="Swirl (PHP)" [php_echo_co]="Swirl (PHP) co")
  B_TARGET=([raw_echo]=baseline [c_echo]=0.90 [php_echo]=0.85
            [php_echo_co]=-)
  B_P99_TARGET=()
  run_cpu_bench
}

bench_tcp_process() {
  B_NAME=tcp_process
  B_TITLE="TCP echo from C, PROCESS mode (reactor_num 1, worker_num 1)"
  B_TITLE+=" against BASE (worker_num 1), $CONNS connections x $MSG_SIZE-byte"
  B_TITLE+=" messages, ${RUN_SECS}s runs, medians of $ROUNDS interleaved"
  B_TITLE+=" rounds; $PINNING (all of the server's processes and threads on"
  B_TITLE+=" CPU 0)."
  B_LOAD=tcp B_UNIT=msg
  B_SERVERS=(c_echo c_echo_process)
  B_LABEL=([c_echo]="Swirl (C) BASE" [c_echo_process]="Swirl (C) PROCESS")
  B_TARGET=([c_echo]=baseline [c_echo_process]=0.60)
  B_P99_TARGET=()
  run_cpu_bench
}

bench_udp() {
  B_NAME=udp
  B_TITLE="UDP echo, $CONNS sockets x one $MSG_SIZE-byte datagram in flight,"
  B_TITLE+=" ${RUN_SECS}s runs, medians of $ROUNDS interleaved rounds;"
  B_TITLE+=" $PINNING."
  B_LOAD=udp B_UNIT=msg
  B_SERVERS=(raw_udp c_udp)
  B_LABEL=([raw_udp]="raw libuv" [c_udp]="Swirl (C)")
  B_TARGET=([raw_udp]=baseline [c_udp]=0.90)
  B_P99_TARGET=()
  run_cpu_bench
}

# Makes the self-signed certificate of the TLS benchmark (EC P-256) in
# BUILD/bench/. Prints why not when it cannot.
make_cert() {
  rm -f "$TLS_CERT" "$TLS_KEY"
  command -v openssl >/dev/null || { echo "bench tls: no openssl CLI"; return 1; }
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -days 30 -subj /CN=127.0.0.1 -keyout "$TLS_KEY" \
    -out "$TLS_CERT" >"$OUT_DIR/openssl.log" 2>&1 ||
    { echo "bench tls: openssl req failed (see $OUT_DIR/openssl.log)"; return 1; }
}

bench_tls() {
  make_cert
  B_NAME=tls
  B_TITLE="TCP echo from C over TLS (SWIRL_SOCK_SSL, TLS 1.3, self-signed"
  B_TITLE+=" EC P-256, handshakes before the timed run) against the same"
  B_TITLE+=" server without TLS, $CONNS connections x $MSG_SIZE-byte"
  B_TITLE+=" messages, ${RUN_SECS}s runs, medians of $ROUNDS interleaved"
  B_TITLE+=" rounds; $PINNING."
  B_LOAD=tls_pair B_UNIT=msg   # plain load for plain, TLS load for TLS
  B_SERVERS=(c_echo c_echo_tls)
  B_LABEL=([c_echo]="Swirl (C) plain" [c_echo_tls]="Swirl (C) TLS")
  B_TARGET=([c_echo]=baseline [c_echo_tls]=0.70)
  B_P99_TARGET=()
  run_cpu_bench
}

bench_http() {
  B_NAME=http
  B_TITLE="HTTP hello world, wrk -t1 with $CONNS keep-alive connections,"
  B_TITLE+=" ${RUN_SECS}s runs, medians of $ROUNDS interleaved rounds;"
  B_TITLE+=" $PINNING."
  B_LOAD=wrk B_UNIT=req
  B_SERVERS=(raw_http c_http php_http php_http_co php_http_process)
  B_LABEL=([raw_http]="raw libuv" [c_http]="Swirl (C)"
           [php_http]="Swirl (PHP) BASE" [php_http_co]="Swirl (PHP) BASE co"
           [php_http_process]="Swirl (PHP) PROC")
  B_TARGET=([raw_http]=baseline [c_http]=- [php_http]=- [php_http_co]=-
            [php_http_process]=-)
  B_P99_TARGET=([php_http]=2000)
  run_cpu_bench
}

bench_http_pipeline() {
  B_NAME=http_pipeline
  B_TITLE="HTTP hello world, wrk -t1 with $CONNS keep-alive connections,"
  B_TITLE+=" $PIPELINE requests pipelined per connection, ${RUN_SECS}s runs,"
  B_TITLE+=" medians of $ROUNDS interleaved rounds; $PINNING."
  B_LOAD=wrk_pipeline B_UNIT=req
  B_SERVERS=(raw_http c_http php_http php_http_process)
  B_LABEL=([raw_http]="raw libuv" [c_http]="Swirl (C)"
           [php_http]="Swirl (PHP) BASE" [php_http_process]="Swirl (PHP) PROC")
  B_TARGET=([raw_http]=baseline [c_http]=- [php_http]=- [php_http_process]=-)
  B_P99_TARGET=()
  run_cpu_bench
}

# ---------------------------------------------------------------- task_rtt

# Runs task_rtt.php once with the affinity in $@ (a taskset command, or
# nothing); sets TASK_RATE and TASK_US (CPU us per round trip), or
# TASK_ERR.
run_task_once() {
  local log=$OUT_DIR/task_rtt.log deadline line
  TASK_RATE='' TASK_US='' TASK_ERR=''
  setsid "$@" "$PHP_LAUNCHER" "$PHP_TASK" "$RUN_SECS" "$WARMUP_SECS" \
    >"$log" 2>&1 </dev/null &
  SRV_PID=$!
  deadline=$((SECONDS + RUN_SECS + WARMUP_SECS + START_TIMEOUT + STOP_TIMEOUT))
  while server_alive "$SRV_PID" && [ $SECONDS -lt $deadline ]; do
    sleep 0.1
  done
  if server_alive "$SRV_PID"; then
    stop_server "$SRV_PID"
    TASK_ERR="still running after $((deadline - SECONDS))s, killed"
  else
    wait "$SRV_PID" 2>/dev/null
    SRV_PID=
  fi
  line=$(grep -m1 '^tasks=' "$log")
  TASK_RATE=$(sed -n 's/.*rate=\([0-9.]*\).*/\1/p' <<<"$line")
  TASK_US=$(awk -v l="$line" -v hz="$HZ" 'BEGIN {
    n = split(l, f, /[ =]/)
    for (i = 1; i < n; i += 2) v[f[i]] = f[i + 1]
    if (v["tasks"] > 0 && v["ticks"] != "")
      printf "%.3f", v["ticks"] / hz * 1e6 / v["tasks"] }')
  if [ -z "$TASK_RATE" ]; then
    TASK_ERR="no result (see $log: $(grep -v '^\s*$' "$log" | tail -n 1))"
  fi
}

bench_task_rtt() {
  local round variant line table=() rounds_log=() med n verdict us
  local -A rates=() uss=() note=()
  local variants=(pinned spread)
  local -A vlabel=([pinned]="both on CPU 0" [spread]="free on CPUs 0-1")
  echo
  echo "bench task_rtt: PHP task round trips, ${RUN_SECS}s runs after" \
       "${WARMUP_SECS}s of warm-up, $ROUNDS interleaved rounds"
  if [ ! -x "$PHP_LAUNCHER" ] || [ ! -f "$PHP_TASK" ]; then
    emit_table "task_rtt: n/a, php/bin/swirl-php or $PHP_TASK missing"
    return
  fi
  for round in $(seq 1 "$ROUNDS"); do
    for variant in "${variants[@]}"; do
      if [ $variant = pinned ]; then
        run_task_once "${PIN_SERVER[@]}"
      else
        run_task_once "${PIN_BOTH[@]}"
      fi
      if [ -n "$TASK_RATE" ]; then
        rates[$variant]+="$TASK_RATE "
        [ -n "$TASK_US" ] && uss[$variant]+="$TASK_US "
        line=$(printf 'round %d  %-18s %9.0f tasks/s  %7s CPU us/task' \
               "$round" "${vlabel[$variant]}" "$TASK_RATE" "${TASK_US:-n/a}")
      else
        note[$variant]=$TASK_ERR
        line=$(printf 'round %d  %-18s failed: %s' "$round" \
               "${vlabel[$variant]}" "$TASK_ERR")
      fi
      [ -n "$TASK_RATE" ] && [ -n "$TASK_ERR" ] && line+="  ($TASK_ERR)"
      echo "$line"; rounds_log+=("$line")
    done
  done
  line="task_rtt: PHP task round trips (one worker, one task worker,"
  line+=" SWOOLE_BASE; task('ping') -> onTask returns it -> onFinish ->"
  line+=" next task, one in flight), ${RUN_SECS}s runs, medians of"
  line+=" $ROUNDS interleaved rounds; CPU us/task = utime+stime of all the"
  line+=" server's processes per round trip."
  table+=("$line" "" "$(printf '%-18s %10s  %-24s %12s  %s' processes \
                 tasks/s 'min-max (spread)' 'CPU us/task' target)")
  for variant in "${variants[@]}"; do
    if [ -z "${rates[$variant]:-}" ]; then
      table+=("$(printf '%-18s %10s  %-24s %12s  %s' "${vlabel[$variant]}" \
                n/a n/a n/a "${note[$variant]:-no successful round}")")
      STATUS=1
      continue
    fi
    med=$(median "${rates[$variant]}")
    n=$(wc -w <<<"${rates[$variant]}")
    if awk -v r="$med" -v t="$TARGET_TASKS" 'BEGIN { exit !(r >= t) }'; then
      verdict="tasks/s >= $TARGET_TASKS: met"
    else
      verdict="tasks/s >= $TARGET_TASKS: NOT met"
    fi
    [ "$n" -lt "$ROUNDS" ] && verdict+=" ($n of $ROUNDS rounds)"
    us=$(median "${uss[$variant]:-}")
    [ -n "$us" ] && us=$(printf '%.3f' "$us")
    table+=("$(printf '%-18s %10.0f  %-24s %12s  %s' "${vlabel[$variant]}" \
              "$med" "$(spread_of "${rates[$variant]}" '%.0f')" \
              "${us:-n/a}" "$verdict")")
  done
  line="Both on CPU 0 is the benchmark's rule (the server on CPU 0);"
  line+=" free on CPUs 0-1 shows what waking the other CPU costs."
  table+=("$line")
  emit_table "${table[@]}"
  DETAIL+=("" "Rounds of task_rtt:" "${rounds_log[@]}")
}

# ---------------------------------------------------------------- idle

# Prints "rss_kib fds" summed over every process of server $1, then one
# "pid rss_kib fds" line per process.
server_memory() {
  local pid rss fds total_rss=0 total_fds=0 per=()
  while read -r pid _; do
    rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$pid/status" 2>/dev/null)
    [ -n "$rss" ] || continue
    fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    total_rss=$((total_rss + rss))
    total_fds=$((total_fds + fds))
    per+=("$pid $rss $fds")
  done < <(server_ticks "$1" | sort -n)
  echo "$total_rss $total_fds"
  printf '%s\n' "${per[@]}"
}

# Measures server $1 holding IDLE_COUNT idle connections; appends a table
# row to IDLE_ROWS and round lines to IDLE_LOG.
idle_one() {
  local id=$1 label=$2 target=$3 mem before_rss before_fds after_rss
  local after_fds line deadline last_fds stall held conns per verdict first
  local nsrc=$(( (IDLE_COUNT + 24999) / 25000 ))
  [ $nsrc -gt 250 ] && nsrc=250
  if ! start_server "$id"; then
    IDLE_ROWS+=("$(printf '%-18s %11s %10s %10s %10s  %s' "$label" n/a n/a \
                   n/a n/a "$ERR")")
    [ -z "$MISSING" ] && STATUS=1
    return
  fi
  # The readiness probe's connection is gone once the fd count is stable.
  mem=$(server_memory "$SRV_PID")
  read -r before_rss before_fds <<<"$mem"
  IDLE_LOG+=("$label before: rss ${before_rss} KiB, fds $before_fds; per process\
 (pid rss_KiB fds): $(tail -n +2 <<<"$mem" | paste -sd ',' -)")
  coproc IDLE_PROC { exec "${PIN_LOAD[@]}" "$IDLE_CLIENT" 127.0.0.1 "$PORT" \
                       "$IDLE_COUNT" "$nsrc" "$IDLE_OPEN_SECS" \
                       2>>"$OUT_DIR/idle_conns.log"; }
  CLIENT_PID=$IDLE_PROC_PID
  local rfd=${IDLE_PROC[0]} wfd=${IDLE_PROC[1]}
  first=
  read -r -t $((IDLE_OPEN_SECS + 30)) first <&"$rfd"
  conns=$(sed -n 's/.*connected=\([0-9]*\).*/\1/p' <<<"$first")
  # Wait (bounded) until the server holds them all: its descriptor count
  # stops growing short of that only if connections went missing.
  deadline=$((SECONDS + IDLE_SETTLE_SECS))
  last_fds=-1 stall=$SECONDS
  while [ $SECONDS -lt $deadline ]; do
    mem=$(server_memory "$SRV_PID")
    read -r after_rss after_fds <<<"$mem"
    [ $((after_fds - before_fds)) -ge "${conns:-0}" ] && break
    if [ "$after_fds" -ne "$last_fds" ]; then
      last_fds=$after_fds stall=$SECONDS
    elif [ $((SECONDS - stall)) -ge 5 ]; then
      break
    fi
    sleep 0.2
  done
  held=$((after_fds - before_fds))
  eval "exec $wfd>&-"   # Ends the client's hold.
  line=
  read -r -t 30 line <&"$rfd"
  wait "$CLIENT_PID" 2>/dev/null
  CLIENT_PID=
  stop_server "$SRV_PID"
  IDLE_LOG+=("$label after: rss ${after_rss} KiB, fds $after_fds; per process\
 (pid rss_KiB fds): $(tail -n +2 <<<"$mem" | paste -sd ',' -)")
  IDLE_LOG+=("$label client: ${first:-no output} ${line}")
  [ -n "$STOP_NOTE" ] && IDLE_LOG+=("$label stop: $STOP_NOTE")
  if [ "$held" -le 0 ]; then
    IDLE_ROWS+=("$(printf '%-18s %11s %10s %10s %10s  %s' "$label" 0 \
                   "$before_rss" "$after_rss" n/a \
                   "no connection held (client: ${first:-no output})")")
    STATUS=1
    return
  fi
  per=$(awk -v a="$after_rss" -v b="$before_rss" -v n="$held" \
        'BEGIN { printf "%.0f", (a - b) * 1024 / n }')
  if [ "$target" = - ]; then
    verdict=reference
  elif [ "$per" -lt "$target" ]; then
    verdict="< $target bytes: met"
  else
    verdict="< $target bytes: NOT met"
  fi
  [ "$held" -lt "$IDLE_WANT" ] && verdict+=" ($held of $IDLE_WANT wanted)"
  IDLE_ROWS+=("$(printf '%-18s %11d %10d %10d %10d  %s' "$label" "$held" \
                 "$before_rss" "$after_rss" "$per" "$verdict")")
}

bench_idle() {
  local limit hard fmax fnr why=
  IDLE_ROWS=() IDLE_LOG=()
  echo
  echo "bench idle: $IDLE_WANT idle TCP connections, one BASE worker"
  if [ ! -x "$IDLE_CLIENT" ]; then
    emit_table "idle: n/a, ${IDLE_CLIENT#"$ROOT"/} missing (run make bench)"
    STATUS=1
    return
  fi
  # One process holds every connection, so its descriptor limit bounds
  # the count: raise it (this shell's limit is inherited by the server and
  # the client) as far as the system lets us.
  ulimit -n $((IDLE_WANT + 1000)) 2>/dev/null ||
    ulimit -n "$(ulimit -Hn)" 2>/dev/null
  limit=$(ulimit -n)
  hard=$(ulimit -Hn)
  IDLE_COUNT=$IDLE_WANT
  if [ "$limit" != unlimited ] && [ $((limit - 200)) -lt $IDLE_COUNT ]; then
    IDLE_COUNT=$((limit - 200))
    why="RLIMIT_NOFILE is $limit (hard $hard; raising the hard limit"
    why+=" needs CAP_SYS_RESOURCE), so one process holds at most"
    why+=" $IDLE_COUNT"
  fi
  # Each connection takes two descriptors system-wide (both ends).
  read -r fnr _ fmax </proc/sys/fs/file-nr
  if [ $(((fmax - fnr - 10000) / 2)) -lt $IDLE_COUNT ]; then
    IDLE_COUNT=$(((fmax - fnr - 10000) / 2))
    why="fs.file-max is $fmax, so at most $IDLE_COUNT connections"
  fi
  IDLE_MAX_CONN=$((IDLE_COUNT + 1000))
  idle_one raw_echo "raw libuv" -
  idle_one c_echo_idle "Swirl (C)" "$TARGET_IDLE_BYTES"
  local table=() line
  line="idle: $IDLE_COUNT idle TCP connections (wanted $IDLE_WANT) to one"
  line+=" process (Swirl: BASE, worker_num 1, max_connection"
  line+=" $IDLE_MAX_CONN), opened from 127.0.0.2.. by"
  line+=" ${IDLE_CLIENT#"$ROOT"/}; RSS = VmRSS summed over the server's"
  line+=" processes (KiB), bytes/conn = RSS growth / connections held."
  table+=("$line")
  [ -n "$why" ] && table+=("Limited: $why.")
  table+=("" "$(printf '%-18s %11s %10s %10s %10s  %s' server connections \
                 'RSS before' 'RSS after' bytes/conn target)")
  table+=("${IDLE_ROWS[@]}")
  emit_table "${table[@]}"
  DETAIL+=("" "Details of idle:" "${IDLE_LOG[@]}")
}

# ---------------------------------------------------------------- main

[ -x "$LOADGEN" ] ||
  { echo "run.sh: $LOADGEN is missing (run make bench)" >&2; exit 1; }
rm -f "$OUT_DIR/loadgen.log" "$OUT_DIR/wrk.log" "$OUT_DIR/idle_conns.log"

read -r load1 load5 load15 _ </proc/loadavg
MACHINE="machine: $(nproc --all) CPUs, $(uname -r), load average"
MACHINE+=" $load1 $load5 $load15 at the start; $PINNING;"
MACHINE+=" BENCH_SECONDS=$RUN_SECS BENCH_ROUNDS=$ROUNDS BENCH_CONNS=$CONNS."
echo "$MACHINE"

for b in "${ALL_BENCHES[@]}"; do
  selected "$b" && "bench_$b"
done

{
  echo "$MACHINE"
  printf '%s\n' "${REPORT[@]}"
  printf '%s\n' "${DETAIL[@]}"
} >"$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
echo
echo "written to $RESULTS"
exit $STATUS
