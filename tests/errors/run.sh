#!/bin/sh
# Error tests: bad inputs and invocations, each with the exit status and a
# part of the message on stderr that whosaid must give.
#
#   sh tests/errors/run.sh WHOSAID [SOURCE_ROOT]
#
# Needs python3 to validate JSON output.
set -u

whosaid=${1:?usage: run.sh WHOSAID [SOURCE_ROOT]}
root=${2:-$(dirname "$0")/../..}
case $whosaid in /*) ;; *) whosaid=$(pwd)/$whosaid ;; esac
cd "$root" || exit 2
WHOSAID_RULES=${WHOSAID_RULES:-$(pwd)/rules/en}
export WHOSAID_RULES
command -v python3 >/dev/null || { echo "FAIL: python3 is needed to check JSON output"; exit 1; }

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT HUP INT TERM
failures=0
cases=0

name=
failures_before=0

fail() {
  echo "FAIL $name: $*"
  failures=$((failures + 1))
}

# Prints "ok NAME" for the case just run when nothing failed in it (the
# checks that follow `check` on the same line belong to the same case).
finish_case() {
  [ -n "$name" ] && [ "$failures" -eq "$failures_before" ] && echo "ok $name"
  name=
  failures_before=$failures
}

# check NAME STATUS STDERR_PART STDIN ARG...: runs whosaid ARG... reading
# STDIN (with the variables of $case_env set); its status must be STATUS and
# its stderr must contain STDERR_PART ("": stderr must be empty). stdout is
# left in $tmp/out.
check() {
  finish_case
  name=$1 want_status=$2 want_stderr=$3 input=$4
  shift 4
  cases=$((cases + 1))
  # shellcheck disable=SC2086
  env ${case_env:-} "$whosaid" "$@" <"$input" >"$tmp/out" 2>"$tmp/err"
  status=$?
  if [ "$status" -ne "$want_status" ]; then
    fail "exit status $status, expected $want_status"
    sed 's/^/    stderr: /' "$tmp/err"
    return 1
  fi
  if [ -z "$want_stderr" ]; then
    if [ -s "$tmp/err" ]; then
      fail "stderr is not empty"
      sed 's/^/    stderr: /' "$tmp/err"
      return 1
    fi
  elif ! grep -qF -e "$want_stderr" "$tmp/err"; then
    fail "stderr does not contain '$want_stderr'"
    sed 's/^/    stderr: /' "$tmp/err"
    return 1
  fi
}

# stdout is one valid JSON document (valid UTF-8 too) with N quotes.
json_doc_with_quotes() {
  python3 - "$tmp/out" "$1" >"$tmp/why" 2>&1 <<'EOF' || fail "$(cat "$tmp/why")"
import json, sys
raw = open(sys.argv[1], 'rb').read()
try:
    doc = json.loads(raw.decode('utf-8'))
except Exception as e:
    sys.exit('stdout is not valid UTF-8 JSON: %s' % e)
want = sys.argv[2]
if sorted(doc) != ['id', 'quotes', 'speakers']:
    sys.exit('unexpected top-level fields %s' % sorted(doc))
if want != 'any' and len(doc['quotes']) != int(want):
    sys.exit('%d quotes, expected %s' % (len(doc['quotes']), want))
EOF
}

# stdout of --jsonl: one line per non-empty input line; the lines listed in
# ERROR_LINES (comma separated) are {"id", "line", "error"} records.
jsonl_records() {
  python3 - "$tmp/out" "$1" "$2" >"$tmp/why" 2>&1 <<'EOF' || fail "$(cat "$tmp/why")"
import json, sys
out_lines = open(sys.argv[1], 'rb').read().decode('utf-8').splitlines()
in_lines = open(sys.argv[2], 'rb').read().decode('utf-8').split('\n')
numbers = [i + 1 for i, l in enumerate(in_lines) if l.strip()]
errors = {int(n) for n in sys.argv[3].split(',') if n}
if len(out_lines) != len(numbers):
    sys.exit('%d output lines for %d non-empty input lines' % (len(out_lines), len(numbers)))
for number, line in zip(numbers, out_lines):
    try:
        record = json.loads(line)
    except Exception as e:
        sys.exit('output for line %d is not JSON: %s' % (number, e))
    if number in errors:
        if list(record) != ['id', 'line', 'error'] or record['line'] != number or not record['error']:
            sys.exit('line %d: expected an error record, got %s' % (number, line))
    elif 'error' in record or 'quotes' not in record:
        sys.exit('line %d: expected a result, got %s' % (number, line))
EOF
}

sample=samples/cecot-article.txt
empty=$tmp/empty.txt
: >"$empty"

# Rule folders: one with a bad pattern on line 3, one with a wrong example on line 4.
mkdir "$tmp/bad-rules" "$tmp/bad-example"
cp rules/en/*.txt "$tmp/bad-rules/"
cp rules/en/*.txt "$tmp/bad-example/"
printf 'rule t.bad\n  kind direct\n  pattern {Q}\\s+(?P<speaker>[a-z)\n' >"$tmp/bad-rules/bad.rules"
printf 'rule t.ok\n  kind direct\n  pattern {Q}\\s*,?\\s*(?P<speaker>\\p{Lu}\\p{L}+)\\s+(?P<cue>said)\n  match The clock struck twelve.\n' \
  >"$tmp/bad-example/example.rules"

# JSON Lines inputs.
printf '%s\n' '{"id": "a", "text": "“We are ready,” Ann Lee said."}' '{"id": "b", "text": "No quotes."}' \
  >"$tmp/good.jsonl"
printf '%s\n' '{"id": "a", "text": "fine"}' '{"id": "b", "text": "broken' '{"id": "c", "text": "fine too"}' \
  >"$tmp/malformed.jsonl"
printf '%s\n' '{"id": "a", "text": "fine"}' '{"id": "b", "body": "no text field"}' >"$tmp/no-text.jsonl"
printf '%s\n' '{"id": "a", "text": 42}' '{"id": "b", "text": "fine"}' >"$tmp/non-string.jsonl"
printf '%s\n' '{"id": "a", "text": "one"}' '{"id": "a", "text": "two"}' >"$tmp/duplicate.jsonl"
printf '%s\n' '{"id": "a", "text": "one"}' '' '   ' '[1, 2]' '' '{"id": "b", "text": "“Fine,” Bo Ek said."}' \
  'not json' '{"id": "b", "text": "again"}' '{"id": 7, "text": null}' >"$tmp/mixed.jsonl"

# Invalid UTF-8 in a quote, in a name and at the very end.
printf 'Bad \377\376 bytes. \342\200\234We are \303 ready,\342\200\235 Ann Lee said. \355\240\200' >"$tmp/invalid.txt"

# --- the table: name, status, stderr part, stdin, arguments ----------------
check "missing input file"      2 "cannot open"            /dev/null "$tmp/no-such-file.txt"
check "directory as input"      2 "is a directory"         /dev/null "$tmp"
check "unknown flag"            2 "--bogus"                /dev/null --bogus "$sample"
check "missing rules folder"    2 "rules folder not found" /dev/null --rules "$tmp/no-such-rules" "$sample"
check "bad rules folder"        2 "bad.rules:3: "          /dev/null --rules "$tmp/bad-rules" "$sample"
case_env="WHOSAID_RULES=$tmp/bad-rules"
check "bad rules via \$WHOSAID_RULES" 2 "bad.rules:3: " /dev/null "$sample"
case_env=
check "check-rules, bad rules"  2 "bad.rules:3: "          /dev/null --check-rules --rules "$tmp/bad-rules"
check "check-rules, bad example" 2 "example.rules:4: t.ok: example did not match" /dev/null \
  --check-rules --rules "$tmp/bad-example"
check "jsonl, good input"       0 ""                       /dev/null --jsonl "$tmp/good.jsonl" \
  && jsonl_records "$tmp/good.jsonl" ""
check "jsonl, malformed line"   1 "malformed.jsonl:2: invalid JSON" /dev/null --jsonl "$tmp/malformed.jsonl" \
  && jsonl_records "$tmp/malformed.jsonl" 2
check "jsonl, line without text" 1 "no-text.jsonl:2: no 'text' field" /dev/null --jsonl "$tmp/no-text.jsonl" \
  && jsonl_records "$tmp/no-text.jsonl" 2
check "jsonl, non-string text"  1 "non-string.jsonl:1: 'text' is not a string" /dev/null --jsonl "$tmp/non-string.jsonl" \
  && jsonl_records "$tmp/non-string.jsonl" 1
check "jsonl, duplicate id"     1 "duplicate.jsonl:2: duplicate id a" /dev/null --jsonl "$tmp/duplicate.jsonl" \
  && jsonl_records "$tmp/duplicate.jsonl" 2
check "jsonl, mixed good, bad and blank lines" 1 "mixed.jsonl:4: expected a JSON object" /dev/null \
  --jsonl "$tmp/mixed.jsonl" && jsonl_records "$tmp/mixed.jsonl" 4,7,8,9
check "jsonl from stdin"        1 "<stdin>:2: invalid JSON" "$tmp/malformed.jsonl" --jsonl \
  && jsonl_records "$tmp/malformed.jsonl" 2
check "invalid UTF-8 input"     0 "invalid UTF-8"          /dev/null "$tmp/invalid.txt" \
  && json_doc_with_quotes 1
check "invalid UTF-8 on stdin"  0 "invalid UTF-8"          "$tmp/invalid.txt" \
  && json_doc_with_quotes 1
check "empty input file"        0 ""                       /dev/null "$empty" && json_doc_with_quotes 0
check "empty stdin"             0 ""                       /dev/null && json_doc_with_quotes 0
check "empty jsonl"             0 ""                       /dev/null --jsonl "$empty" \
  && { [ -s "$tmp/out" ] && fail "output for an empty JSON Lines input"; true; }

# A reader that goes away: whosaid must stop with an error, not hang or die of SIGPIPE.
finish_case
name="output closed early (| head -c 10)"
cases=$((cases + 1))
i=0
while [ $i -lt 300 ]; do cat "$sample"; i=$((i + 1)); done >"$tmp/big.txt"
{ "$whosaid" "$tmp/big.txt" 2>"$tmp/err"; echo $? >"$tmp/status"; } | head -c 10 >"$tmp/out"
status=$(cat "$tmp/status")
if [ "$(wc -c <"$tmp/out")" -ne 10 ]; then
  fail "head got $(wc -c <"$tmp/out") bytes"
elif [ "$status" -ne 2 ]; then
  fail "exit status $status, expected 2 (>= 128 means killed by a signal)"
elif ! grep -qF "stdout closed" "$tmp/err"; then
  fail "no 'stdout closed' message"; sed 's/^/    stderr: /' "$tmp/err"
fi

finish_case
name="jsonl output closed early (| head -n 1)"
cases=$((cases + 1))
i=0
while [ $i -lt 3000 ]; do printf '{"id": "%d", "text": "“We are ready,” Ann Lee said."}\n' $i; i=$((i + 1)); done \
  >"$tmp/big.jsonl"
{ "$whosaid" --jsonl "$tmp/big.jsonl" 2>"$tmp/err"; echo $? >"$tmp/status"; } | head -n 1 >"$tmp/out"
status=$(cat "$tmp/status")
if [ "$(wc -l <"$tmp/out")" -ne 1 ]; then
  fail "head got $(wc -l <"$tmp/out") lines"
elif [ "$status" -ne 2 ]; then
  fail "exit status $status, expected 2"
fi
finish_case

if [ "$failures" -ne 0 ]; then
  echo "$failures of $cases case(s) failed"
  exit 1
fi
echo "$cases case(s) ok"
