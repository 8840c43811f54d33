#!/usr/bin/env bash
# Runs the HTTP/WebSocket parser fuzzer briefly (FUZZ_CHECK_SECONDS, default
# 20) from the seed corpus and records one result: passed when it found no
# crash, leak or sanitizer report.
set -u
bin=$1 results=$2
secs=${FUZZ_CHECK_SECONDS:-20}
dir=$(dirname "$bin")
mkdir -p "$dir/corpus"
if "$bin" -max_total_time="$secs" -max_len=4096 -artifact_prefix="$dir/" \
     "$dir/corpus" tests/fuzz/corpus >"$dir/fuzz.log" 2>&1; then
  echo "ok 1 - http/websocket parser fuzzing for ${secs}s: no crash"
  echo "passed=1 failed=0 skipped=0" >"$results"
else
  tail -40 "$dir/fuzz.log"
  echo "not ok 1 - http/websocket parser fuzzing found a crash (see $dir/fuzz.log)"
  echo "passed=0 failed=1 skipped=0" >"$results"
  exit 1
fi
