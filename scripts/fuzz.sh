#!/bin/sh
# Runs each libFuzzer target for SECONDS (default 60) from its seed corpus and
# regression inputs, in a clang build with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-fuzz/, made on first use).
#
#   sh scripts/fuzz.sh [SECONDS] [TARGET...]      TARGET: extract, rules, jsonl, submatch, cut, gate (default all)
#
# FUZZ_SEED=N fixes libFuzzer's random seed, so that a run can be repeated
# (CI's is); unset, each run explores anew.
#
# New inputs go to build-fuzz/corpus-TARGET/ (kept between runs). A crash, a
# failed check, a leak or a timeout stops the run: the input is written to
# build-fuzz/artifacts-TARGET/ and the script exits 1. Fix it, then copy the
# input to tests/fuzz/regressions/TARGET/ so that the test suite replays it.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-extract rules jsonl submatch cut gate}
build=build-fuzz

if [ ! -f "$build/build.ninja" ]; then
  CXX=${CXX_FUZZ:-clang++} meson setup "$build" -Dfuzzing=true -Db_sanitize=address,undefined \
    -Db_lundef=false -Dbuildtype=debugoptimized
fi
for target in $targets; do
  ninja -C "$build" "tests/fuzz/fuzz_$target"
done

export WHOSAID_RULES="${WHOSAID_RULES:-$(pwd)/rules/en}"
# fuzz_rules makes its rules folder under $TMPDIR; a run stopped by a crash
# leaves it behind, so it lives in the build folder and goes at each run.
export TMPDIR="$(pwd)/$build/tmp"
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
if [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
  export ASAN_SYMBOLIZER_PATH="${ASAN_SYMBOLIZER_PATH:-/usr/lib/llvm-14/bin/llvm-symbolizer}"
fi
status=0
for target in $targets; do
  corpus=$build/corpus-$target
  artifacts=$build/artifacts-$target
  mkdir -p "$corpus" "$artifacts"
  case $target in
    extract) max_len=16384 ;;
    *) max_len=8192 ;;
  esac
  log=$build/fuzz-$target.log
  echo "fuzz_$target: ${seconds} s (log: $log)"
  if "$build/tests/fuzz/fuzz_$target" ${FUZZ_SEED:+-seed="$FUZZ_SEED"} -max_total_time="$seconds" -timeout=30 -max_len="$max_len" \
      -dict="tests/fuzz/$target.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
      "$corpus" "tests/fuzz/corpus/$target" "tests/fuzz/regressions/$target" >"$log" 2>&1; then
    grep -E '^Done [0-9]+ runs' "$log" | sed "s/^/fuzz_$target: /"
  else
    status=1
    echo "fuzz_$target: FAILED; the input is in $artifacts/:"
    grep -E 'ERROR|SUMMARY|check failed|runtime error|Test unit written' "$log" | head -20
  fi
done
exit $status
