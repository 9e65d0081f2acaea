#!/bin/sh
# Error tests: bad inputs and invocations, each with the exit status and a
# part of the message on stderr that whosaid must give.
#
#   sh tests/errors/run.sh WHOSAID [SOURCE_ROOT]
#
# Needs python3 to validate JSON output.
set -u

. "$(dirname "$0")/../preamble.sh"
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

# --- robustness: odd bytes, more bad rules, reads and writes that fail ------
# (docs/robustness.md has the table of what whosaid does with each.)

# stdout holds N lines, each one valid JSON.
json_lines() {
  python3 - "$tmp/out" "$1" >"$tmp/why" 2>&1 <<'EOF' || fail "$(cat "$tmp/why")"
import json, sys
lines = open(sys.argv[1], 'rb').read().decode('utf-8').splitlines()
if len(lines) != int(sys.argv[2]):
    sys.exit('%d output lines, expected %s' % (len(lines), sys.argv[2]))
for line in lines:
    json.loads(line)
EOF
}

# stdout is not one whole JSON document (a partial result must not look whole).
not_whole_json() {
  python3 -c 'import json, sys; json.load(open(sys.argv[1], "rb"))' "$tmp/out" 2>/dev/null \
    && fail "stdout is a whole JSON document: $(head -c 200 "$tmp/out")"
  true
}

# The quotes of stdout (one JSON document) as "text|speaker" lines into the
# file $1, line ends in the text read as spaces.
quote_list() {
  python3 -c '
import json, sys
doc = json.load(open(sys.argv[1], "rb"))
for q in doc["quotes"]:
    print(" ".join(q["text"].split()) + "|" + str(q["speaker"]))
' "$tmp/out" >"$1" || fail "stdout is not JSON"
}

# Odd bytes: a byte-order mark, CRLF and lone CR line ends, NUL and control bytes.
printf '\357\273\277"We are ready," Ann Lee said.\n' >"$tmp/bom.txt"
printf 'Ann Lee spoke.\n\n\342\200\234We are ready,\n\n\342\200\234So it goes,\342\200\235 Bo Ek said.\n\n"Fine," she said.\n' \
  >"$tmp/lf.txt"
sed 's/$/\r/' "$tmp/lf.txt" >"$tmp/crlf.txt"
tr '\n' '\r' <"$tmp/lf.txt" >"$tmp/cr.txt"
printf '\000\001\033 \342\200\234We are\007 ready,\033\342\200\235 Ann Lee said.\177\000' >"$tmp/nul.txt"

check "byte-order mark"         0 ""                       /dev/null "$tmp/bom.txt" && json_doc_with_quotes 1
check "LF line ends"            0 ""                       /dev/null "$tmp/lf.txt" && json_doc_with_quotes 2 \
  && quote_list "$tmp/lf.quotes"
check "CRLF line ends"          0 ""                       /dev/null "$tmp/crlf.txt" && json_doc_with_quotes 2 \
  && quote_list "$tmp/crlf.quotes" && { cmp -s "$tmp/lf.quotes" "$tmp/crlf.quotes" || fail "not the quotes of LF"; }
check "lone CR line ends"       0 ""                       /dev/null "$tmp/cr.txt" && json_doc_with_quotes 2 \
  && quote_list "$tmp/cr.quotes" && { cmp -s "$tmp/lf.quotes" "$tmp/cr.quotes" || fail "not the quotes of LF"; }
check "NUL and control bytes"   0 ""                       /dev/null "$tmp/nul.txt" && json_doc_with_quotes 1
check "invalid UTF-8 is counted" 0 "invalid.txt: 6 invalid UTF-8 byte(s) read as U+FFFD" /dev/null "$tmp/invalid.txt"

# More bad rules: each names its file and line, exit status 2.
bad_rules() {  # bad_rules NAME CONTENT: a rules folder whose extra file NAME.rules holds CONTENT
  mkdir "$tmp/rules-$1"
  cp rules/en/*.txt rules/en/names.rules "$tmp/rules-$1/"
  printf '%b' "$2" >"$tmp/rules-$1/$1.rules"
}
bad_rules unknown 'rule t.unknown\n  kind direct\n  pattern {Q}\\s+(?P<speaker>{NO_SUCH_LIST})\n'
bad_rules nogroup 'rule t.nogroup\n  kind direct\n  pattern {Q}\\s+said\n'
bad_rules badgroup 'rule t.badgroup\n  kind direct\n  pattern {Q}\\s+(?P<who>\\w+)\n'
bad_rules duplicate 'rule t.same\n  pattern {Q}\\s+(?P<cue>said)\n\nrule t.same\n  pattern {Q}\\s+(?P<cue>says)\n'
bad_rules unclosed 'rule t.unclosed\n  pattern {Q}\\s+(?P<cue>said)\\x{E00\n'
doubling=$(i=1; while [ $i -le 24 ]; do printf 'define D%d {D%d}{D%d}\\n' $i $((i - 1)) $((i - 1)); i=$((i + 1)); done)
bad_rules bomb "define D0 ab\\n${doubling}rule t.bomb\\n  pattern {Q}(?P<cue>{D24})\\n"
bad_rules keys 'rule t.keys\n  kind sideways\n  gap -3\n  colour blue\n  pattern {Q}(?P<cue>said)\n'
check "rules: unknown lexicon"  2 "unknown.rules:3: unknown macro or lexicon {NO_SUCH_LIST}" /dev/null \
  --rules "$tmp/rules-unknown" "$sample"
check "rules: no speaker or cue group" 2 "nogroup.rules:3: pattern has neither" /dev/null \
  --rules "$tmp/rules-nogroup" "$sample"
check "rules: unknown group"    2 "badgroup.rules:3: unknown group 'who'" /dev/null --rules "$tmp/rules-badgroup" "$sample"
check "rules: duplicate rule id" 2 "duplicate.rules:4: duplicate rule id 't.same'" /dev/null \
  --rules "$tmp/rules-duplicate" "$sample"
check "rules: unclosed \\x{ escape" 2 "unclosed.rules:2: bad pattern" /dev/null --rules "$tmp/rules-unclosed" "$sample"
check "rules: macros that double 24 times" 2 "bomb.rules:27: pattern expands to more than 1 MB" /dev/null \
  --rules "$tmp/rules-bomb" "$sample"
check "rules: bad kind, gap and key" 2 "keys.rules:3: gap must be a positive number" /dev/null \
  --rules "$tmp/rules-keys" "$sample" \
  && { { grep -q "keys.rules:2: kind must be" "$tmp/err" && grep -q "keys.rules:4: unknown key 'colour'" "$tmp/err"; } \
       || fail "not every problem reported"; }
mkdir "$tmp/rules-folder-rules" "$tmp/rules-folder-txt"
cp rules/en/*.rules rules/en/*.txt "$tmp/rules-folder-rules/"
cp rules/en/*.rules rules/en/*.txt "$tmp/rules-folder-txt/"
mkdir "$tmp/rules-folder-rules/x.rules" "$tmp/rules-folder-txt/x.txt"
check "rules: a folder named x.rules" 2 "x.rules: cannot read rule file" /dev/null \
  --rules "$tmp/rules-folder-rules" "$sample"
check "rules: a folder named x.txt" 2 "x.txt: cannot read lexicon file" /dev/null \
  --rules "$tmp/rules-folder-txt" "$sample"
check "rules: a file as the rules folder" 2 "rules folder not found" /dev/null --rules "$sample" "$sample"
mkdir "$tmp/rules-bad-lexicon"
cp rules/en/*.rules rules/en/*.txt "$tmp/rules-bad-lexicon/"
printf 'bad \377 entry\n' >>"$tmp/rules-bad-lexicon/roles.txt"
check "rules: a lexicon entry that is not UTF-8" 2 \
  "roles.txt:$(wc -l <"$tmp/rules-bad-lexicon/roles.txt" | tr -d ' '): entry is not valid UTF-8" /dev/null \
  --rules "$tmp/rules-bad-lexicon" "$sample" \
  && { grep -q "required lexicon is missing" "$tmp/err" && fail "also reported as missing"; true; }

# Bad rules are reported before any input is read: stdin is left untouched.
finish_case
name="bad rules: stdin not read"
cases=$((cases + 1))
{ "$whosaid" --rules "$tmp/rules-unknown" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/status"; cat >"$tmp/rest"; } <"$sample"
[ "$(cat "$tmp/status")" -eq 2 ] || fail "exit status $(cat "$tmp/status"), expected 2"
[ -s "$tmp/out" ] && fail "output for bad rules"
cmp -s "$sample" "$tmp/rest" || fail "whosaid read stdin before reporting bad rules"

# An unreadable rules folder (root reads anything: the check runs as nobody).
finish_case
name="rules: an unreadable folder"
cases=$((cases + 1))
as_other=
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
  as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ "$(id -u)" -eq 0 ] && [ -z "$as_other" ]; then
  echo "skip $name: running as root without setpriv"
else
  locked=$(mktemp -d /tmp/whosaid-locked-XXXXXX)
  chmod 755 "$locked"
  cp -r rules/en "$locked/rules"
  chmod 000 "$locked/rules"
  $as_other "$whosaid" --rules "$locked/rules" "$sample" >"$tmp/out" 2>"$tmp/err" </dev/null
  status=$?
  if [ "$status" -ne 2 ]; then
    fail "exit status $status, expected 2"; sed 's/^/    stderr: /' "$tmp/err"
  elif ! grep -qF "cannot read rules folder: Permission denied" "$tmp/err"; then
    fail "stderr does not say why"; sed 's/^/    stderr: /' "$tmp/err"
  fi
  chmod 755 "$locked/rules"
  rm -rf "$locked"
fi

# Inputs that cannot be read, outputs that cannot be written.
mkdir "$tmp/dir"
printf 'A first article. \342\200\234Yes,\342\200\235 Ann Lee said.\n' >"$tmp/one.txt"
printf 'A second article. \342\200\234No,\342\200\235 Bo Ek said.\n' >"$tmp/two.txt"
check "missing file among others" 2 "no-such-file.txt: cannot open" /dev/null \
  "$tmp/one.txt" "$tmp/no-such-file.txt" "$tmp/two.txt" && json_lines 2
check "directory among others"  2 "is a directory"         /dev/null "$tmp/one.txt" "$tmp/dir" "$tmp/two.txt" \
  && json_lines 2
check "stdin is a directory"    2 "read error: Is a directory" "$tmp/dir" && not_whole_json
check "jsonl: stdin is a directory" 2 "<stdin>: read error" "$tmp/dir" --jsonl
check "jsonl: file is a directory" 2 "is a directory"      /dev/null --jsonl "$tmp/dir"

for args in "$sample" "--jsonl $tmp/good.jsonl"; do
  finish_case
  name="stdout full (/dev/full): whosaid ${args#"$tmp/"}"
  cases=$((cases + 1))
  # shellcheck disable=SC2086
  "$whosaid" $args >/dev/full 2>"$tmp/err"
  status=$?
  if [ "$status" -ne 2 ]; then
    fail "exit status $status, expected 2"
  elif ! grep -qF "stdout closed or failing" "$tmp/err"; then
    fail "no 'stdout closed or failing' message"; sed 's/^/    stderr: /' "$tmp/err"
  fi
done

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
