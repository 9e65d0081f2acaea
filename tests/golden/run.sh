#!/bin/sh
# Golden test: runs whosaid on every samples/*.txt and compares the output
# byte for byte with samples/<name>.expected.json, and the output of
# `--format csv` with samples/<name>.expected.csv.
#
#   sh tests/golden/run.sh WHOSAID [SOURCE_ROOT]
#   WHOSAID_UPDATE_GOLDEN=1 sh tests/golden/run.sh WHOSAID   # rewrite the expected files
#
# Inputs are passed as "samples/<name>.txt" from the source root, which is
# the "id" the expected files hold.
set -u

. "$(dirname "$0")/../preamble.sh"

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

update=${WHOSAID_UPDATE_GOLDEN:-0}
failures=0
count=0
# compare INPUT EXPECTED ARG...: whosaid ARG... INPUT against EXPECTED.
compare() {
  input=$1 expected=$2
  shift 2
  actual=$tmp/actual
  "$whosaid" "$@" "$input" >"$actual" 2>"$tmp/stderr"
  status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAIL $input $*: whosaid exited with status $status"
    cat "$tmp/stderr"
    failures=$((failures + 1))
    return
  fi
  if [ "$update" = 1 ]; then
    if cmp -s "$actual" "$expected"; then
      echo "unchanged $expected"
    else
      cp "$actual" "$expected" && echo "updated $expected"
    fi
    return
  fi
  if [ ! -f "$expected" ]; then
    echo "FAIL $input: $expected is missing (create it with WHOSAID_UPDATE_GOLDEN=1)"
    failures=$((failures + 1))
  elif cmp -s "$expected" "$actual"; then
    echo "ok $input $*"
  else
    echo "FAIL $input $*: output differs from $expected"
    diff -u "$expected" "$actual" | sed "s|$actual|actual output|"
    failures=$((failures + 1))
  fi
}

for input in samples/*.txt; do
  [ -f "$input" ] || continue
  count=$((count + 1))
  compare "$input" "${input%.txt}.expected.json"
  compare "$input" "${input%.txt}.expected.csv" --format csv
done

if [ "$count" -eq 0 ]; then
  echo "FAIL: no samples/*.txt found in $(pwd)"
  exit 1
fi
if [ "$failures" -ne 0 ]; then
  echo "$failures of $count sample(s) failed"
  [ "$update" = 1 ] || echo "(if the change is intended: WHOSAID_UPDATE_GOLDEN=1 meson test -C build golden)"
  exit 1
fi
echo "$count sample(s) ok"
