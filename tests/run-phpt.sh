#!/bin/sh
# run-phpt.sh RESULTS_FILE
#
# Runs the PHP suite (php/tests/*.phpt) with PHP's own run-tests.php and
# writes one line "passed=N failed=N skipped=N" to RESULTS_FILE. Exits
# non-zero when a test failed or the suite could not run. The native helper
# extension must be built (make php-ext): without it the suite fails loudly
# instead of testing a degraded setup.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
results=${1:?usage: tests/run-phpt.sh RESULTS_FILE}
php=$(command -v "${PHP:-php}") || { echo "run-phpt: no php binary" >&2; exit 1; }
helper="$root/php/ext/modules/swirl_helper.so"

fail() {
  echo "run-phpt: FAILED: $*" >&2
  mkdir -p "$(dirname "$results")"
  echo "passed=0 failed=1 skipped=0" > "$results"
  exit 1
}

[ -f "$helper" ] || fail "the helper extension $helper is missing; run 'make php-ext'"
[ -e "$root/build/libswirl.so" ] || fail "build/libswirl.so is missing; run 'make'"
[ -f "$root/ffi/swirl_ffi.h" ] || fail "ffi/swirl_ffi.h is missing; run 'make'"

run_tests=${RUN_TESTS:-$("$php" -r 'echo PHP_EXTENSION_DIR;')/build/run-tests.php}
[ -f "$run_tests" ] || run_tests=/usr/lib/php/20220829/build/run-tests.php
[ -f "$run_tests" ] || fail "run-tests.php not found (install php-dev, or set RUN_TESTS)"

log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
# The tests start servers with php/bin/swirl-php themselves; the test
# processes only need the helper loaded, as the launcher loads it too.
NO_INTERACTION=1 TEST_PHP_EXECUTABLE="$php" TEST_PHP_CGI_EXECUTABLE="$php" \
  "$php" "$run_tests" -q -p "$php" -d "extension=$helper" --set-timeout 120 \
  "$root"/php/tests/*.phpt > "$log" 2>&1
rc=$?
cat "$log"

count() {
  sed -n "s/^Tests $1 *: *\([0-9][0-9]*\).*/\1/p" "$log" | head -n 1
}
passed=$(count passed); failed=$(count failed); skipped=$(count skipped)
borked=$(count borked); warned=$(count warned); leaked=$(count leaked)
[ -n "$passed" ] || fail "run-tests.php printed no summary (exit status $rc)"
failed=$(( ${failed:-0} + ${borked:-0} + ${warned:-0} + ${leaked:-0} ))
mkdir -p "$(dirname "$results")"
echo "passed=${passed:-0} failed=$failed skipped=${skipped:-0}" > "$results"
echo "php: passed=${passed:-0} failed=$failed skipped=${skipped:-0}"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
