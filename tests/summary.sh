#!/usr/bin/env bash
# Sums the result files written by each suite of `make check` and prints the
# one closing line. Each file holds one line: "passed=N failed=N skipped=N".
# A suite that wrote no file counts as one failure (it did not run).
set -u
dir=$1
p=0; f=0; s=0
for suite in c abi python php examples fuzz; do
  file=$dir/$suite
  if [ ! -s "$file" ]; then
    case "$suite" in php|examples|fuzz) [ -n "${SANITIZER:-}" ] && continue ;; esac
    echo "suite '$suite' did not report results" >&2
    f=$((f + 1)); continue
  fi
  eval "$(grep -o 'passed=[0-9]*\|failed=[0-9]*\|skipped=[0-9]*' "$file" | sed 's/^/r_/')"
  printf '  %-9s passed=%s failed=%s skipped=%s\n' "$suite" "${r_passed:-0}" "${r_failed:-0}" "${r_skipped:-0}"
  p=$((p + ${r_passed:-0})); f=$((f + ${r_failed:-0})); s=$((s + ${r_skipped:-0}))
  unset r_passed r_failed r_skipped
done
echo "check: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
