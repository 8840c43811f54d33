#!/usr/bin/env bash
# Runs the Python ctypes suite (python/tests) and writes its one results
# line, "passed=N failed=N skipped=N", to RESULTS_FILE.
#
#   tests/run-pytest.sh RESULTS_FILE
#
# Environment:
#   SWIRL_LIB        the library to test (default: build/libswirl.so)
#   SWIRL_SANITIZER  address or undefined when the library was built with
#                    that sanitizer: its runtime is preloaded into the
#                    interpreter, which is not built with it.
#   PYTEST_ARGS      extra pytest arguments (e.g. "-k echo -x").
#
# Exits non-zero when a test failed or errored, or when no test ran (pytest's
# exit status 5 counts as a failure here).
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 RESULTS_FILE" >&2
  exit 2
fi
results=$1
root=$(cd "$(dirname "$0")/.." && pwd)
python=/usr/bin/python3

export SWIRL_LIB=${SWIRL_LIB:-$root/build/libswirl.so}

# Finds the runtime library $1 (e.g. libasan.so) of the compiler that built
# the library, and prints its absolute path.
sanitizer_runtime() {
  local cc path
  for cc in ${CC:-} gcc cc; do
    command -v "$cc" >/dev/null 2>&1 || continue
    path=$("$cc" -print-file-name="$1" 2>/dev/null)
    case $path in
      /*) [ -e "$path" ] && { echo "$path"; return 0; } ;;
    esac
  done
  return 1
}

case ${SWIRL_SANITIZER:-} in
  '') ;;
  address)
    rt=$(sanitizer_runtime libasan.so) || {
      echo "run-pytest: libasan.so not found" >&2; exit 1; }
    export LD_PRELOAD=$rt${LD_PRELOAD:+:$LD_PRELOAD}
    # The interpreter's own allocations are not ours to judge.
    export ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
    ;;
  undefined)
    rt=$(sanitizer_runtime libubsan.so) || {
      echo "run-pytest: libubsan.so not found" >&2; exit 1; }
    export LD_PRELOAD=$rt${LD_PRELOAD:+:$LD_PRELOAD}
    export UBSAN_OPTIONS=print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}
    ;;
  *)
    echo "run-pytest: unknown SWIRL_SANITIZER '$SWIRL_SANITIZER'" \
      "(address or undefined)" >&2
    ;;
esac

mkdir -p "$(dirname "$results")"
log=$(mktemp "${TMPDIR:-/tmp}/swirl-pytest.XXXXXX")
trap 'rm -f "$log"' EXIT

cd "$root" || exit 1
# No cache directory and no bytecode files in the source tree.
export PYTHONDONTWRITEBYTECODE=1
# shellcheck disable=SC2086
"$python" -m pytest -q -p no:cacheprovider -rfEs ${PYTEST_ARGS:-} \
  python/tests 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# pytest's last line reads e.g. "3 failed, 40 passed, 2 skipped, 1 error in
# 12.34s" (with or without "=" around it). Errors count as failures.
words='passed|failed|skipped|errors?|deselected|xfailed|xpassed'
summary=$(grep -E "[0-9]+ ($words)|no tests ran" "$log" | tail -n 1)
count() {
  echo "$summary" | grep -oE "[0-9]+ $1" | head -n 1 | grep -oE '^[0-9]+' ||
    echo 0
}
passed=$(count passed)
failed=$(( $(count failed) + $(count 'errors?') + $(count xpassed) ))
skipped=$(( $(count skipped) + $(count xfailed) ))

# A run that did not end well must not look clean: no tests (5), an
# interruption (2), an internal or usage error (3, 4), or a crash.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "run-pytest: pytest exited with status $status" >&2
  failed=1
fi
echo "passed=$passed failed=$failed skipped=$skipped" > "$results"
echo "python: passed=$passed failed=$failed skipped=$skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
