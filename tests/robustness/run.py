#!/usr/bin/env python3
"""Robustness tests: large and hostile inputs, generated here at run time.

  - a 100 MB line of news text (no line break): finishes in time, memory does
    not grow with the input, offsets point at the quoted words;
  - 10,000 nested quotes, a document of quotation marks only, quotes that
    never close, a text of short quotes with no sentence end: linear time;
  - 10,000 JSON Lines documents with a few hundred broken lines mixed in:
    exactly one output line per input line, in order, one message per broken
    line, exit status 1;
  - JSON Lines records of 20 and 80 MB: streamed, memory independent of
    their size, quotes as for their text read as plain text.

usage: run.py WHOSAID [SOURCE_ROOT]
Environment: WHOSAID_BIG_MB (default 100) sets the size of the long line.
"""
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time

WHOSAID = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = os.path.join(ROOT, "samples", "cecot-article.txt")
BIG_MB = int(os.environ.get("WHOSAID_BIG_MB", "100"))
os.environ.setdefault("WHOSAID_RULES", os.path.join(ROOT, "rules", "en"))

tmp = tempfile.mkdtemp(prefix="whosaid-robustness-")
failures = []


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def path(name):
    return os.path.join(tmp, name)


def run(args, timeout=120):
    """Runs whosaid with stdout in a file; returns (status, seconds, stderr text, stdout path)."""
    status, seconds, _, stderr, out = run_measured(args, timeout)
    return status, seconds, stderr, out


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_measured(args, timeout=120, env=None, preexec_fn=None):
    """Runs whosaid with stdout and stderr in files; returns (status, seconds,
    peak resident memory in MB or None, stderr text, stdout path). The peak
    comes from GNU time (package `time`): the rusage of a child forked from
    this Python process would include the Python process's own peak."""
    out, err, mem = path("out"), path("err"), path("mem")
    command = [WHOSAID, *args]
    if GNU_TIME:
        command = [GNU_TIME, "-q", "-f", "%M", "-o", mem, *command]
    started = time.monotonic()
    with open(out, "wb") as o, open(err, "wb") as e, open(os.devnull, "rb") as i:
        p = subprocess.Popen(command, stdin=i, stdout=o, stderr=e, env={**os.environ, **env} if env else None,
                             preexec_fn=preexec_fn)
        try:
            status = p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            raise Failure(f"whosaid {' '.join(args)}: still running after {timeout} s")
    seconds = time.monotonic() - started
    rss = None
    if GNU_TIME:
        with open(mem) as f:
            rss = int(f.read().split()[-1]) / 1024
    with open(err, "rb") as f:
        stderr = f.read().decode("utf-8", "replace")
    return status, seconds, rss, stderr, out


def case(name):
    def register(function):
        def wrapped():
            try:
                function()
                print(f"ok {name}")
            except Failure as e:
                failures.append(name)
                print(f"FAIL {name}: {e}")
        wrapped.name = name
        CASES.append(wrapped)
        return function
    return register


CASES = []


def load_json(out):
    with open(out, "rb") as f:
        data = f.read()
    try:
        return json.loads(data.decode("utf-8"))
    except Exception as e:
        raise Failure(f"stdout is not one valid UTF-8 JSON document: {e}")


def long_line(name, megabytes):
    """The sample article repeated on one line (line breaks become spaces)."""
    with open(SAMPLE, "rb") as f:
        unit = f.read().replace(b"\r", b" ").replace(b"\n", b" ") + b" "
    copies = max(1, megabytes * 1024 * 1024 // len(unit))
    with open(path(name), "wb") as f:
        for _ in range(copies):
            f.write(unit)
    return path(name), unit, copies


@case(f"a {BIG_MB} MB line: in time, memory independent of its size, offsets right")
def big_line():
    small_mb = max(1, BIG_MB // 4)
    small, _, _ = long_line("small-line.txt", small_mb)
    status, _, small_rss, stderr, _ = run_measured(["--compact", small])
    check(status == 0, f"exit status {status} on the {small_mb} MB line\n{stderr}")
    big, unit, copies = long_line("big-line.txt", BIG_MB)
    status, seconds, big_rss, stderr, out = run_measured(["--compact", big], timeout=300)
    check(status == 0, f"exit status {status}\n{stderr}")
    # Bounded: four times the input must not take (anywhere near) four times the memory.
    if GNU_TIME:
        check(big_rss < small_rss * 1.5 + 32,
              f"peak memory {big_rss:.0f} MB for {BIG_MB} MB against {small_rss:.0f} MB for {small_mb} MB")
    doc = load_json(out)
    os.remove(small)
    with open(SAMPLE, "rb") as f:
        per_copy = len(load_sample_quotes(f.read()))
    quotes = doc["quotes"]
    check(len(quotes) >= per_copy * copies * 0.95,
          f"{len(quotes)} quotes, expected about {per_copy} x {copies}")
    with open(big, "rb") as f:
        data = f.read()
    previous = 0
    for q in quotes[:: max(1, len(quotes) // 500)]:
        raw = data[q["start"]:q["end"]].decode("utf-8", "replace")
        check(raw == q["text"], f"offsets {q['start']}:{q['end']} hold {raw[:40]!r}, not {q['text'][:40]!r}")
    for q in quotes:
        check(q["start"] >= previous, "quotes out of order")
        previous = q["end"]
    os.remove(big)
    print(f"   {BIG_MB} MB line: {seconds:.1f} s, peak {mb(big_rss)} ({small_mb} MB line: {mb(small_rss)}),"
          f" {len(quotes)} quotes")


def mb(rss):
    return "? MB (no GNU time)" if rss is None else f"{rss:.0f} MB"


def load_sample_quotes(data):
    with open(path("one.txt"), "wb") as f:
        f.write(data.replace(b"\r", b" ").replace(b"\n", b" "))
    status, _, stderr, out = run(["--compact", path("one.txt")])
    check(status == 0, stderr)
    return load_json(out)["quotes"]


def hostile(name, data, *args, expect=None, timeout=60):
    with open(path(name), "wb") as f:
        f.write(data)
    status, seconds, rss, stderr, out = run_measured(["--compact", *args, path(name)], timeout=timeout)
    check(status == 0, f"exit status {status}\n{stderr}")
    doc = load_json(out)
    if expect is not None:
        check(len(doc["quotes"]) == expect, f"{len(doc['quotes'])} quotes, expected {expect}")
    os.remove(path(name))
    print(f"   {name}: {len(data) / 1e6:.1f} MB in {seconds:.2f} s, peak {mb(rss)}, {len(doc['quotes'])} quotes")
    return doc


L, R = "\u201c".encode(), "\u201d".encode()


@case("10,000 nested quotes: one quote holding the nest")
def nested():
    doc = hostile("nested.txt", b"Ann Lee said: " + L * 10000 + b"deep" + R * 10000 + b"\n", expect=1)
    check(doc["quotes"][0]["text"].startswith("\u201c" * 9999 + "deep"), "the quote is not the whole nest")


@case("a document of quotation marks only: no quotes, linear time")
def marks_only():
    marks = "\"\u201c\u201d\u2018\u2019'\u00ab\u00bb\u201e\u201a\u2039\u203a`".encode()
    hostile("marks.txt", marks * 200000, expect=0)
    hostile("open-marks.txt", L * 1000000, expect=0)
    hostile("ascii-marks.txt", b'"' * 3000000, expect=0)


@case("quotes that never close: each ends at its paragraph")
def unclosed():
    hostile("unclosed.txt", (L + b"Open and never closed, said nobody.\n") * 100000, expect=100000)
    # One paragraph of 2.6 MB with 100,000 opening marks: read in parts, each
    # of which holds one open quote.
    doc = hostile("unclosed-one-line.txt", (L + b"Open and never closed, ") * 100000)
    check(1 <= len(doc["quotes"]) <= 50, f"{len(doc['quotes'])} quotes in a 2.6 MB paragraph")


@case("unbalanced marks: closes without opens, opens without closes")
def unbalanced():
    rng = random.Random(7)
    pieces = [L, R, "\u2018".encode(), "\u2019".encode(), b'"', b"'", b" said Ann Lee. ", b"word ", b"\n"]
    hostile("unbalanced.txt", b"".join(rng.choice(pieces) for _ in range(600000)), "--all-spans")


@case("short quotes with no sentence end, spaceless sentence ends: linear time")
def dense():
    hostile("dense.txt", (L + b"a" + R + b", ") * 400000, "--all-spans")
    hostile("spaceless.txt", b"x?Y" * 1000000)


def jsonl_with_broken_lines(name, documents=10000, broken=300):
    """JSON Lines of `documents` lines, `broken` of them bad in one of several
    ways, and a few blank lines. Returns the path and, per non-blank line, its
    number and the error expected (None for a good line)."""
    rng = random.Random(2024)
    with open(SAMPLE, encoding="utf-8") as f:
        paragraphs = [p for p in f.read().split("\n") if p.strip()]
    bad_at = set(rng.sample(range(documents), broken))
    kinds = [
        ("malformed", lambda i: '{"id": "d%d", "text": "broken' % i, "invalid JSON"),
        ("no text", lambda i: json.dumps({"id": f"d{i}", "body": "x"}), "no 'text' field"),
        ("number text", lambda i: json.dumps({"id": f"d{i}", "text": 42}), "'text' is not a string"),
        ("null text", lambda i: json.dumps({"id": f"d{i}", "text": None}), "'text' is not a string"),
        ("array", lambda i: json.dumps([f"d{i}", "text"]), "expected a JSON object"),
        ("duplicate id", lambda i: json.dumps({"id": "d0", "text": "again"}), "duplicate id d0"),
        ("truncated", lambda i: json.dumps({"id": f"d{i}", "text": "cut"})[:-5], "invalid JSON"),
        ("invalid UTF-8", lambda i: b'{"id": "d%d", "text": "bad \xff byte"}' % i, "invalid JSON"),
        ("not JSON", lambda i: "just some text", "invalid JSON"),
    ]
    expected = []
    number = 0
    with open(path(name), "wb") as f:
        for i in range(documents):
            if i % 1000 == 999:  # blank lines have no output line
                f.write(b"\n   \n")
                number += 2
            number += 1
            if i in bad_at and i != 0:
                _, make, error = kinds[i % len(kinds)]
                line = make(i)
                expected.append((number, f"d{i}", error))
            else:
                text = " ".join(rng.sample(paragraphs, 2))
                line = json.dumps({"id": f"d{i}", "text": text, "n": i}, ensure_ascii=bool(i % 2))
                expected.append((number, f"d{i}", None))
            f.write(line if isinstance(line, bytes) else line.encode("utf-8"))
            f.write(b"\n")
    return path(name), expected


@case("10,000 JSON Lines with a few hundred broken: one output line per input line, in order")
def jsonl_stream():
    source, expected = jsonl_with_broken_lines("stream.jsonl")
    broken = [e for e in expected if e[2]]
    check(250 <= len(broken) <= 300, f"{len(broken)} broken lines generated")
    for threads in ("1", "4"):
        status, seconds, _, stderr, out = run_measured(["--jsonl", "--threads", threads, source])
        check(status == 1, f"exit status {status}, expected 1\n{stderr[-2000:]}")
        with open(out, "rb") as f:
            lines = f.read().decode("utf-8").split("\n")
        check(lines[-1] == "", "output does not end with a line break")
        lines = lines[:-1]
        check(len(lines) == len(expected), f"{len(lines)} output lines for {len(expected)} non-blank input lines")
        for (number, ident, error), line in zip(expected, lines):
            record = json.loads(line)
            if error:
                check(set(record) == {"id", "line", "error"}, f"line {number}: not an error record: {line[:200]}")
                check(record["line"] == number, f"line {number}: error record says line {record['line']}")
                check(record["error"].startswith(error), f"line {number}: error {record['error']!r}, expected {error!r}")
            else:
                check("error" not in record and record["id"] == ident,
                      f"line {number}: expected the result of {ident}, got {line[:200]}")
        # One message on stderr per broken line, naming the line.
        messages = [l for l in stderr.splitlines() if ": error: " in l]
        check(len(messages) == len(broken), f"{len(messages)} error messages for {len(broken)} broken lines")
        for (number, _, error), message in zip(broken, messages):
            check(f"stream.jsonl:{number}: {error}" in message, f"message {message!r} for line {number}")
        print(f"   --threads {threads}: {len(expected)} lines ({len(broken)} broken) in {seconds:.2f} s")


def long_record_file(name, megabytes, text_first=False, ident="big"):
    """A JSON Lines file: a record of `megabytes` MB (the sample article
    repeated in its text, other fields before it) between two short ones.
    Returns the file and the long record's text."""
    with open(SAMPLE, encoding="utf-8") as f:
        article = f.read()
    text = (article + "\n") * max(1, megabytes * 1024 * 1024 // len(article.encode()))
    record = {"id": ident, "source": "test", "text": text}
    if text_first:
        record = {"text": text, "id": ident}
    with open(path(name), "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "before", "text": article}) + "\n")
        f.write(json.dumps(record) + "\n")
        f.write(json.dumps({"id": "after", "text": article}) + "\n")
    return path(name), text


@case("JSON Lines records of 20 and 80 MB: streamed in bounded memory, as their text read as plain text")
def long_records():
    source, text = long_record_file("big.jsonl", 20)
    status, seconds, rss, stderr, out = run_measured(["--jsonl", source])
    check(status == 0, f"exit status {status}\n{stderr}")
    with open(out, encoding="utf-8") as f:
        records = [json.loads(line) for line in f.read().splitlines()]
    check([r["id"] for r in records] == ["before", "big", "after"], "not one output line per record, in order")
    # The text of a long record is read in parts, as a long plain-text document is.
    with open(path("big.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    status, _, _, stderr, plain_out = run_measured(["--compact", path("big.txt")])
    check(status == 0, f"exit status {status} on the text alone\n{stderr}")
    with open(plain_out, encoding="utf-8") as f:
        plain = json.loads(f.read())
    check(records[1]["quotes"] == plain["quotes"] and records[1]["speakers"] == plain["speakers"],
          "the long record's quotes differ from those of its text read as plain text")
    check(len(plain["quotes"]) > 1000, f"only {len(plain['quotes'])} quotes")
    os.remove(path("big.txt"))
    os.remove(source)
    bigger, _ = long_record_file("bigger.jsonl", 80)
    status, bigger_seconds, bigger_rss, stderr, _ = run_measured(["--jsonl", bigger], timeout=300)
    check(status == 0, f"exit status {status} on the 80 MB record\n{stderr}")
    if GNU_TIME:
        check(bigger_rss < rss * 1.5 + 32, f"peak memory {bigger_rss:.0f} MB for 80 MB against {rss:.0f} MB for 20 MB")
    os.remove(bigger)
    print(f"   20 MB record: {seconds:.2f} s, peak {mb(rss)}; 80 MB record: {bigger_seconds:.2f} s, peak {mb(bigger_rss)}")


@case("a long JSON Lines record with its text before its id: its id and quotes as if the id came first")
def long_record_text_first():
    source, text = long_record_file("text-first.jsonl", 10, text_first=True)
    status, _, _, stderr, out = run_measured(["--jsonl", source])
    check(status == 0, f"exit status {status}\n{stderr}")
    with open(out, encoding="utf-8") as f:
        records = [json.loads(line) for line in f.read().splitlines()]
    check([r["id"] for r in records] == ["before", "big", "after"], f"output ids {[r['id'] for r in records]}")
    check(len(records[1]["quotes"]) > 1000 and max(q["end"] for q in records[1]["quotes"]) > len(text.encode()) * 0.9,
          "the record's quotes do not run to the end of its text")
    os.remove(source)


def check_long_record_error(source, ident, error, **run_options):
    """Runs whosaid over a long_record_file(): exit status 1, `error` on
    stderr naming line 2, and an error record for it between the others."""
    status, _, _, stderr, out = run_measured(["--jsonl", source], **run_options)
    check(status == 1, f"exit status {status}, expected 1\n{stderr}")
    check(f"{os.path.basename(source)}:2: {error}" in stderr, f"no message:\n{stderr}")
    with open(out, encoding="utf-8") as f:
        records = [json.loads(line) for line in f.read().splitlines()]
    check(len(records) == 3 and records[1]["id"] == ident and records[1]["line"] == 2
          and records[1]["error"].startswith(error) and "quotes" not in records[1] and records[2]["id"] == "after",
          f"output {[str(r)[:80] for r in records]}")
    os.remove(source)


@case("a long JSON Lines record with an id seen before: an error record, exit status 1")
def long_record_duplicate_id():
    source, _ = long_record_file("duplicate.jsonl", 10, ident="before")
    check_long_record_error(source, "before", "duplicate id before")


@case("a long JSON Lines record with a bad escape inside its text: an error record, exit status 1, nothing of it extracted")
def long_record_bad_escape():
    source, _ = long_record_file("bad-escape.jsonl", 10)
    with open(source, encoding="utf-8") as f:
        lines = f.read().split("\n")
    middle = len(lines[1]) // 2
    lines[1] = lines[1][:middle] + "\\x" + lines[1][middle:]
    with open(source, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    check_long_record_error(source, "big", "invalid JSON: a bad escape in the text")


@case("a long JSON Lines record with nowhere to keep its text (TMPDIR not a directory): an error record, exit status 1")
def long_record_no_temp_dir():
    source, _ = long_record_file("no-temp.jsonl", 10)
    check_long_record_error(source, "big", "no temporary directory", env={"TMPDIR": path("missing-dir")})


@case("a long JSON Lines record whose text the disk cannot hold (files limited to 1 MB): an error record, exit status 1")
def long_record_full_disk():
    def limit_files():
        # A write past the limit fails with EFBIG, as on a full disk, instead of killing the process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    source, _ = long_record_file("full-disk.jsonl", 10)
    check_long_record_error(source, "big", "cannot write a temporary file in", preexec_fn=limit_files)


def main():
    for c in CASES:
        c()
    for name in os.listdir(tmp):
        os.remove(path(name))
    os.rmdir(tmp)
    if failures:
        print(f"{len(failures)} of {len(CASES)} case(s) failed")
        return 1
    print(f"{len(CASES)} case(s) ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
