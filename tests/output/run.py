#!/usr/bin/env python3
"""Output tests: --format (JSON, JSON Lines, CSV, TSV), --sqlite, annotate and
the progress line, each checked against the JSON output of the same input.

usage: run.py WHOSAID [SOURCE_ROOT]

Only the standard library: csv, sqlite3, html.parser, pty.
"""
import csv
import io
import json
import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser

WHOSAID = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = os.path.join(ROOT, "samples", "cecot-article.txt")
COLUMNS = ["id", "speaker", "text", "kind", "cue", "start", "end", "char_start", "char_end", "mention", "rule"]
os.environ.setdefault("WHOSAID_RULES", os.path.join(ROOT, "rules", "en"))

failures = []
tmp = tempfile.mkdtemp(prefix="whosaid-output-")


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(*args, stdin=None, status=0):
    """Runs whosaid; checks its exit status; returns (stdout bytes, stderr text)."""
    p = subprocess.run([WHOSAID, *args], input=stdin, capture_output=True)
    err = p.stderr.decode("utf-8", "replace")
    check(p.returncode == status, f"whosaid {' '.join(args)}: exit status {p.returncode}, expected {status}\n{err}")
    return p.stdout, err


def path(name):
    return os.path.join(tmp, name)


def write(name, text):
    with open(path(name), "w", encoding="utf-8") as f:
        f.write(text)
    return path(name)


def write_jsonl(name, records):
    return write(name, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def jsonl(out):
    return [json.loads(line) for line in out.decode("utf-8").split("\n") if line]


def rows_from_json(docs):
    """The CSV rows the JSON results stand for, as strings ('' for null)."""
    rows = []
    for d in docs:
        for q in d.get("quotes", []):
            rows.append([d["id"], q["speaker"] or "", q["text"], q["kind"], (q["cue"] or {}).get("text", ""),
                         str(q["start"]), str(q["end"]), str(q["char_start"]), str(q["char_end"]),
                         (q["mention"] or {}).get("text", ""), q["rule"]])
    return rows


def tsv_unescape(field):
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[field[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


# Texts whose quotes hold the characters CSV and TSV must escape.
TRICKY = [
    {"id": "comma", "text": "“We came, we saw, we left,” Ann Lee said."},
    {"id": "quote", "text": "“He called it \"the plan\" twice,” Bo Ek said."},
    # A quote never spans a line break (it ends at its paragraph); ids may.
    {"id": "new\r\nline", "text": "“We are ready\u2028and waiting,” Carla Diaz said."},
    {"id": "tab and backslash", "text": "“Column\tone and C:\\temp,” Dan Wu said."},
    {"id": "id, with \"quotes\"", "text": "“Fine,” Eve Park said."},
    {"id": "none", "text": "Nobody said anything."},
    {"id": "again", "text": "“We came back,” Ann Lee said. “Twice,” Lee added."},
]


def case_csv_matches_json():
    src = write_jsonl("tricky.jsonl", TRICKY)
    docs = jsonl(run("--jsonl", src)[0])
    expected = rows_from_json(docs)
    check(len(expected) >= 7, f"only {len(expected)} quotes found in the tricky texts")
    out = run("--jsonl", src, "--format", "csv")[0].decode("utf-8")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    check(rows[0] == COLUMNS, f"header {rows[0]}")
    check(rows[1:] == expected, "CSV rows differ from the JSON output:\n" + "\n".join(map(str, rows[1:])))
    # RFC 4180 by hand: separators, quotes and line breaks are quoted, quotes doubled.
    check('"We came, we saw, we left,"' in out, "a field with commas is not quoted")
    check('"He called it ""the plan"" twice,"' in out, "inner quotes are not doubled")
    check('"new\r\nline",' in out, "a field with a line break is not quoted as is")
    check('"id, with ""quotes"""' in out, "the id is not quoted")
    check("\nagain,Ann Lee,\"We came back,\",direct,said," in out, "plain fields are quoted")
    check(out.endswith("\n") and not out.endswith("\r\n"), "rows do not end with LF")


def case_tsv_escapes():
    src = path("tricky.jsonl")
    expected = rows_from_json(jsonl(run("--jsonl", src)[0]))
    out = run("--jsonl", src, "--format", "tsv")[0].decode("utf-8")
    lines = out.split("\n")
    check(lines[-1] == "", "TSV does not end with a newline")
    lines = lines[:-1]
    check(lines[0].split("\t") == COLUMNS, f"header {lines[0]}")
    rows = [[tsv_unescape(f) for f in line.split("\t")] for line in lines[1:]]
    check(all(len(r) == len(COLUMNS) for r in rows), "a TSV row has the wrong number of fields")
    check(rows == expected, "TSV rows differ from the JSON output")
    check("new\\r\\nline\t" in out, "CR LF not escaped as \\r\\n")
    check("Column\\tone and C:\\\\temp," in out, "tab or backslash not escaped")


def case_csv_of_sample_and_empty_input():
    out = run("--format", "csv", SAMPLE)[0].decode("utf-8")
    docs = [json.loads(run(SAMPLE)[0])]
    check(list(csv.reader(io.StringIO(out, newline="")))[1:] == rows_from_json(docs), "sample CSV differs from JSON")
    out = run("--format", "csv", stdin=b"")[0].decode("utf-8")
    check(out == ",".join(COLUMNS) + "\n", f"empty input: {out!r}, expected only the header")
    out = run("--format", "tsv", "--jsonl", stdin=b"")[0].decode("utf-8")
    check(out == "\t".join(COLUMNS) + "\n", f"empty JSONL input: {out!r}, expected only the header")


def case_invalid_utf8_is_replaced():
    src = path("invalid.txt")
    with open(src, "wb") as f:
        f.write(b"Bad \xff bytes. \xe2\x80\x9cWe are \xc3 ready,\xe2\x80\x9d Ann Lee said.")
    for fmt in ("csv", "tsv"):
        out = run("--format", fmt, "-q", src)[0].decode("utf-8")  # raises on invalid UTF-8
        check("We are \ufffd ready," in out, f"{fmt}: {out!r}")
    db = path("invalid.db")
    run("--sqlite", db, "-q", src)
    con = sqlite3.connect(db)
    check(con.execute("SELECT text FROM quotes").fetchall() == [("We are \ufffd ready,",)], "sqlite text")
    con.close()


def case_csv_skips_bad_lines():
    src = write("bad.jsonl", '{"id": "a", "text": "“Fine,” Ann Lee said."}\nnot json\n')
    out, err = run("--jsonl", src, "--format", "csv", status=1)
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    check(len(rows) == 2 and rows[1][0] == "a", f"rows {rows}")
    check("bad.jsonl:2: invalid JSON" in err, f"stderr: {err}")


def case_json_formats():
    one = run(SAMPLE)[0]
    check(run("--format", "json", SAMPLE)[0] == one, "--format json differs from the default for one file")
    line = run("--format", "jsonl", SAMPLE)[0]
    check(line.count(b"\n") == 1 and json.loads(line) == json.loads(one), "--format jsonl is not one line")
    check(run("--compact", SAMPLE)[0] == line, "--compact differs from --format jsonl")
    both = json.loads(run("--format", "json", SAMPLE, SAMPLE)[0])
    check(isinstance(both, list) and len(both) == 2 and both[0] == json.loads(one), "two files: not an array of two")
    src = write("two.jsonl", '{"id": "a", "text": "x"}\n[1]\n')
    arr = json.loads(run("--jsonl", src, "--format", "json", status=1)[0])
    check(len(arr) == 2 and arr[1].get("line") == 2 and "error" in arr[1], f"array with an error record: {arr}")
    check(json.loads(run("--jsonl", "--format", "json", stdin=b"")[0]) == [], "empty JSONL input: not []")


def case_format_errors():
    _, err = run("--format", "xml", SAMPLE, status=2)
    check("unknown format 'xml'" in err and "json, jsonl, csv or tsv" in err, f"stderr: {err}")
    _, err = run("--format", status=2)
    check("--format" in err, f"stderr: {err}")


def load_db(db):
    con = sqlite3.connect(db)
    try:
        q = lambda sql, *a: con.execute(sql, a).fetchall()
        check(q("PRAGMA integrity_check") == [("ok",)], "integrity_check failed")
        check(q("PRAGMA foreign_key_check") == [], "foreign_key_check failed")
        bad = q("SELECT d.source, d.n_quotes, (SELECT count(*) FROM quotes WHERE document_id = d.id) FROM documents d "
                "WHERE d.n_quotes != (SELECT count(*) FROM quotes WHERE document_id = d.id)")
        check(bad == [], f"documents whose n_quotes is not their number of quotes: {bad[:5]}")
        return {
            "documents": q("SELECT count(*) FROM documents")[0][0],
            "quotes": q("SELECT count(*) FROM quotes")[0][0],
            "speakers": q("SELECT count(*) FROM speakers")[0][0],
            "speaker names": sorted(r[0] for r in q("SELECT name FROM speakers")),
            "rows": q("SELECT d.source, s.name, qu.text, qu.kind, qu.cue, qu.start, qu.\"end\", qu.char_start, "
                      "qu.char_end, qu.mention, qu.rule, qu.paragraph, qu.sentence FROM quotes qu JOIN documents d ON d.id = qu.document_id "
                      "LEFT JOIN speakers s ON s.id = qu.speaker_id ORDER BY d.id, qu.seq"),
        }
    finally:
        con.close()


def expected_db(docs):
    docs = [d for d in docs if "error" not in d]
    names = sorted({q["speaker"] for d in docs for q in d["quotes"] if q["speaker"]})
    return {"documents": len(docs), "quotes": sum(len(d["quotes"]) for d in docs), "speakers": len(names),
            "speaker names": names}


def case_sqlite_counts_and_rerun():
    src = path("tricky.jsonl")
    db = path("quotes.db")
    docs = jsonl(run("--jsonl", src)[0])
    out, _ = run("--jsonl", src, "--sqlite", db)
    check(out == b"", "--sqlite alone wrote to stdout")
    got = load_db(db)
    want = expected_db(docs)
    check({k: got[k] for k in want} == want, f"database {dict((k, got[k]) for k in want)}, expected {want}")
    # "Ann Lee" speaks in two documents: one speaker row.
    con = sqlite3.connect(db)
    check(con.execute("SELECT count(*) FROM speakers WHERE name = 'Ann Lee'").fetchone()[0] == 1, "Ann Lee twice")
    check(con.execute("SELECT count(DISTINCT document_id) FROM quotes JOIN speakers s ON s.id = speaker_id "
                      "WHERE s.name = 'Ann Lee'").fetchone()[0] == 2, "Ann Lee's quotes are not in two documents")
    check(con.execute("SELECT n_quotes FROM documents WHERE source = 'none'").fetchone() == (0,),
          "a document without quotes is not recorded with n_quotes 0")
    con.close()
    expected_rows = [tuple(None if v == "" and i in (1, 4, 9) else (int(v) if i in (5, 6, 7, 8) else v)
                           for i, v in enumerate(r)) for r in rows_from_json(docs)]
    numbers = [(q["paragraph"], q["sentence"]) for d in docs for q in d.get("quotes", [])]
    expected_rows = [row + number for row, number in zip(expected_rows, numbers)]
    check(got["rows"] == expected_rows, "quote rows differ from the JSON output")
    # A re-run replaces, and a run on other files adds.
    run("--jsonl", src, "--sqlite", db)
    check(load_db(db) == got, "a re-run changed the database")
    run("--sqlite", db, SAMPLE)
    again = load_db(db)
    check(again["documents"] == got["documents"] + 1, "the sample was not added")
    run("--sqlite", db, SAMPLE)
    check(load_db(db) == again, "re-running the sample changed the database")
    # A document whose text changed: its quotes are replaced; a speaker left
    # without quotes is removed.
    changed = [dict(r) for r in TRICKY]
    changed[3]["text"] = "Nobody spoke."  # Dan Wu's only quote
    run("--jsonl", write_jsonl("changed.jsonl", changed), "--sqlite", db)
    after = load_db(db)
    check(after["documents"] == again["documents"], "documents added by a re-run")
    check(after["quotes"] == again["quotes"] - 1, f"{after['quotes']} quotes after removing one of {again['quotes']}")
    check("Dan Wu" not in after["speaker names"], "a speaker without quotes is left behind")


def case_sqlite_with_stdout_and_files():
    db = path("both.db")
    out, _ = run("--sqlite", db, "--format", "jsonl", SAMPLE, SAMPLE)
    docs = jsonl(out)
    check(len(docs) == 2, "--sqlite with --format jsonl: stdout lacks the documents")
    got = load_db(db)
    check(got["documents"] == 1, "the same file twice is one document")
    check(got["quotes"] == len(docs[0]["quotes"]), "sample quotes")


def case_long_document_numbered_as_a_whole():
    """A text over 1 MB is read in parts, some cut inside a paragraph: its quotes carry the paragraph and
    sentence numbers of the same text read whole (as a --jsonl record), in JSON and in SQLite."""
    sample = open(SAMPLE, encoding="utf-8").read().strip()
    # Parts are cut at a blank line within 1 MB if there is one: the long
    # paragraph (1.2 MB) is cut inside, at a sentence end.
    long_line = "“We agree,” Ann Lee said. Then “so do we,” Bo Ek said. " * 21000
    text = "\n\n".join([sample, long_line, sample] + [sample] * 40) + "\n"
    check(len(text.encode()) > (1 << 20), "the text is not long enough to be read in parts")
    parts_out, _ = run(write("long.txt", text))
    whole_out, _ = run("--jsonl", write_jsonl("long.jsonl", [{"id": "long", "text": text}]))
    numbers = lambda doc: {q["start"]: (q["paragraph"], q["sentence"]) for q in doc["quotes"]}
    parts, whole = numbers(json.loads(parts_out)), numbers(jsonl(whole_out)[0])
    common = parts.keys() & whole.keys()
    check(len(common) > 0.99 * len(whole), f"{len(common)} of {len(whole)} quotes found both ways")
    differ = sorted(start for start in common if parts[start] != whole[start])
    check(not differ, f"{len(differ)} quotes numbered differently, first at byte {differ[:1]}")
    # The text ends with the sample, whose last quote is in the paragraph the sample alone says.
    count = lambda t: sum(1 for line in t.split("\n") if line.strip())
    paragraphs = count(text)
    last_in_sample = max(q["paragraph"] for q in json.loads(run(SAMPLE)[0])["quotes"])
    check(max(p for p, _ in whole.values()) == paragraphs - count(sample) + last_in_sample,
          "the last quote's paragraph")
    check(max(s for _, s in whole.values()) >= 41000, "sentences of the long paragraph")
    db = path("long.db")
    run("--sqlite", db, path("long.txt"))
    con = sqlite3.connect(db)
    rows = dict((r[0], (r[1], r[2])) for r in con.execute("SELECT start, paragraph, sentence FROM quotes"))
    check(con.execute("SELECT paragraphs FROM documents").fetchone() == (paragraphs,), "documents.paragraphs")
    con.close()
    check(rows == parts, "SQLite numbers differ from the JSON output")


def case_text_files_on_every_thread_in_input_order():
    """Plain-text files are extracted in batches on every thread (a long one part by part, between
    them): the output is that of one thread, document by document in the order of the arguments."""
    sample = open(SAMPLE, encoding="utf-8").read()
    files = []
    for i in range(300):
        text = f"“File {i} is here,” Ann Lee said.\n\n" + sample
        if i == 100:
            text = ""
        elif i == 150:
            text = "\n\n".join([text] * 400)  # over 1 MB: read in parts
        elif i == 200:
            text = text.replace("said", "sa\udcffid", 1)
        name = path(f"file{i:03d}.txt")
        with open(name, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(text)
        files.append(name)
    check(os.path.getsize(files[150]) > (1 << 20), "the long file is not long enough to be read in parts")
    one, one_err = run("--threads", "1", "--format", "jsonl", *files)
    four, four_err = run("--threads", "4", "--format", "jsonl", *files)
    check(one == four, "four threads wrote something else than one")
    docs = jsonl(four)
    check([d["id"] for d in docs] == files, "documents not in the order of the arguments")
    check(all(d["quotes"][0]["text"] == f"File {i} is here," for i, d in enumerate(docs) if i != 100),
          "a document's quotes are not its file's")
    check(docs[100]["quotes"] == [], "the empty file has quotes")
    check(one_err == four_err and f"{files[200]}: 1 invalid UTF-8 byte(s)" in four_err, f"warnings:\n{four_err}")
    # Files that cannot be read are reported where they stand; the others are written.
    out, err = run("--threads", "4", "--format", "jsonl", files[0], path("missing.txt"), tmp, files[1], status=2)
    check(f"{path('missing.txt')}: cannot open" in err and f"{tmp}: is a directory" in err, f"messages:\n{err}")
    check([d["id"] for d in jsonl(out)] == files[:2], "the readable files are not all written")
    for name in files:
        os.remove(name)


def case_a_feed_gets_its_output_while_input_goes_on():
    # From a pipe that stays open, what has come is extracted and written
    # (flushed, though stdout is written in large writes) without waiting for
    # a full batch or the end of input.
    record = lambda i: json.dumps({"id": str(i), "text": f"“Line {i},” she said."}) + "\n"
    p = subprocess.Popen([WHOSAID, "--jsonl", "--quiet", "--threads", "2", "-"], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def read_lines(count):
        got = b""
        deadline = time.time() + 30
        while got.count(b"\n") < count and time.time() < deadline:
            ready, _, _ = select.select([p.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(p.stdout.fileno(), 1 << 16)
                if not chunk:
                    break
                got += chunk
        return got

    try:
        out = b""
        for first, last in [(0, 10), (10, 300)]:  # a few, then more than a batch of 256
            p.stdin.write("".join(record(i) for i in range(first, last)).encode("utf-8"))
            p.stdin.flush()  # and left open
            out += read_lines(last - out.count(b"\n"))
            lines = out.count(b"\n")
            check(lines == last, f"{lines} documents out while the input is open, expected {last}")
            check(p.poll() is None, "whosaid ended before its input did")
        p.stdin.close()
        out += p.stdout.read()
        check(p.wait(timeout=30) == 0, "exit status")
        check([d["id"] for d in jsonl(out)] == [str(i) for i in range(300)], "every record once, in order")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()


def case_sqlite_keeps_record_fields():
    db = path("meta.db")
    src = write_jsonl("meta.jsonl", [
        {"id": "a", "text": "“Fine,” Ann Lee said.", "date": "2025-04-16", "url": "https://example.org/a"},
        {"id": "b", "text": "“Fine,” Ann Lee said."}])
    run("--jsonl", src, "--sqlite", db)
    con = sqlite3.connect(db)
    got = con.execute("SELECT source, json_extract(meta, '$.date'), json_extract(meta, '$.url'), meta "
                      "FROM documents ORDER BY source").fetchall()
    con.close()
    check(got == [("a", "2025-04-16", "https://example.org/a", '{"date":"2025-04-16","url":"https://example.org/a"}'),
                  ("b", None, None, None)], f"meta: {got}")


def case_sqlite_errors():
    _, err = run("--sqlite", write("not-a-db.db", "just text, not a database\n" * 100), SAMPLE, status=2)
    check("not-a-db.db: cannot open the database" in err, f"stderr: {err}")
    _, err = run("--sqlite", path("no-such-dir/q.db"), SAMPLE, status=2)
    check("cannot open the database" in err, f"stderr: {err}")
    con = sqlite3.connect(path("newer.db"))
    con.execute("PRAGMA user_version = 99")
    con.close()
    _, err = run("--sqlite", path("newer.db"), SAMPLE, status=2)
    check("newer whosaid" in err, f"stderr: {err}")
    # Schema 1 numbered sentences through the document: its rows cannot take paragraphs.
    con = sqlite3.connect(path("older.db"))
    con.execute("PRAGMA user_version = 1")
    con.close()
    _, err = run("--sqlite", path("older.db"), SAMPLE, status=2)
    check("older whosaid" in err and "new database" in err, f"stderr: {err}")


def case_sqlite_killed_halfway():
    """Killed in the middle of a run, the database holds whole batches."""
    sample = open(SAMPLE, encoding="utf-8").read()
    names = ["Ann Lee", "Bo Ek", "Carla Diaz"]
    lines = [json.dumps({"id": f"doc-{i}", "text": sample + f"\n“We agree,” {names[i % 3]} said."}) + "\n"
             for i in range(3000)]
    db = path("killed.db")
    p = subprocess.Popen([WHOSAID, "--jsonl", "--sqlite", db, "-j", "2"], stdin=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    p.stdin.write("".join(lines[:600]).encode())
    p.stdin.flush()
    # Wait for a committed batch, then send more and kill it while it works.
    deadline = time.time() + 30
    committed = 0
    while committed < 256 and time.time() < deadline:
        time.sleep(0.05)
        try:
            con = sqlite3.connect(db)
            committed = con.execute("SELECT count(*) FROM documents").fetchone()[0]
            con.close()
        except sqlite3.Error:
            pass
    check(committed >= 256, "no batch committed within 30 s")
    p.stdin.write("".join(lines[600:]).encode())
    p.stdin.flush()
    time.sleep(0.05)
    p.kill()
    p.wait()
    got = load_db(db)  # checks integrity and n_quotes against quotes
    check(got["documents"] % 256 == 0 and got["documents"] >= 256, f"{got['documents']} documents: not whole batches")
    check(got["quotes"] == got["documents"] * 7, f"{got['quotes']} quotes for {got['documents']} documents")
    # Run again to completion: the same as a clean run.
    run("--jsonl", "--sqlite", db, stdin="".join(lines).encode())
    clean = path("clean.db")
    run("--jsonl", "--sqlite", clean, stdin="".join(lines).encode())
    check(load_db(db) == load_db(clean), "a run after the killed one differs from a clean run")


class Html(HTMLParser):
    """Checks nesting and collects quote spans and legend entries."""

    VOID = {"meta", "br", "link"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.quotes, self.legend, self.text = [], [], [], [], []
        self.capture = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in self.VOID:
            return
        classes = (a.get("class") or "").split()
        self.stack.append((tag, classes, a))
        if tag == "span" and "q" in classes and any(t == "article" for t, _, _ in self.stack):
            self.quotes.append({"rule": a.get("data-rule"), "title": a.get("title"), "text": ""})
        if tag == "li" and "speaker" in classes:
            self.legend.append([])

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        in_article = any(t == "article" for t, _, _ in self.stack)
        if in_article:
            self.text.append(data)
        open_quotes = [a for t, c, a in self.stack if t == "span" and "q" in c]
        if open_quotes and in_article:
            self.quotes[-1]["text"] += data
        if any(t == "li" and "speaker" in c for t, c, _ in self.stack):
            self.legend[-1].append(data)


def case_annotate():
    d = path("articles")
    os.makedirs(d)
    article = os.path.join(d, "cecot.txt")
    shutil.copy(SAMPLE, article)
    extra = os.path.join(d, "other <article>.txt")
    with open(extra, "w", encoding="utf-8") as f:
        f.write("Market Report\n“Prices & <wages> rose,” Ann Lee said.\n\n"
                "Outside, someone shouted “This is a disgrace!” before leaving.\n")
    out, err = run("annotate", "--html", article, extra)
    written = out.decode().splitlines()
    want = [article + ".quotes.json", article + ".quotes.html", extra + ".quotes.json", extra + ".quotes.html"]
    check(written == want, f"printed {written}")
    check(sorted(os.listdir(d)) == sorted(os.path.basename(p) for p in [article, extra] + want),
          f"files beside the inputs: {sorted(os.listdir(d))}")
    for src in (article, extra):
        check(open(src + ".quotes.json", "rb").read() == run(src)[0], f"{src}.quotes.json differs from whosaid FILE")
        doc = json.load(open(src + ".quotes.json", encoding="utf-8"))
        page = Html()
        page.feed(open(src + ".quotes.html", encoding="utf-8").read())
        check(not page.errors and not page.stack, f"{src}.quotes.html is not well nested: {page.errors[:3]}")
        check([q["text"] for q in page.quotes] == [q["text"] for q in doc["quotes"]],
              f"highlighted spans {[q['text'] for q in page.quotes]} are not the quotes")
        check([q["rule"] for q in page.quotes] == [q["rule"] for q in doc["quotes"]], "rule ids")
        check(all(q["rule"] in q["title"] for q in page.quotes), "the rule is not in the hover title")
        legend = [("".join(e[:-1]), int(e[-1])) for e in page.legend if e]
        want_legend = [(s["name"], s["quotes"]) for s in doc["speakers"]]
        unattributed = sum(1 for q in doc["quotes"] if q["speaker"] is None)
        if unattributed:
            want_legend.append(("no speaker found", unattributed))
        check(legend == want_legend, f"legend {legend}, expected {want_legend}")
    # The article text survives: every character outside the markup, in order.
    page = Html()
    page.feed(open(article + ".quotes.html", encoding="utf-8").read())
    flat = lambda s: "".join(s.split())
    check(flat("".join(page.text)) == flat(open(SAMPLE, encoding="utf-8").read()), "article text altered")
    # Only JSON without --html; the same file again is rewritten.
    os.remove(article + ".quotes.html")
    out, _ = run("annotate", article)
    check(out.decode().splitlines() == [article + ".quotes.json"], f"printed {out}")
    check(not os.path.exists(article + ".quotes.html"), "HTML written without --html")


def case_annotate_many_files_on_every_thread():
    """Files are annotated a file a thread: each gets what `whosaid FILE` prints, and the paths are
    printed in the order of the arguments, a file that cannot be read reported where it stands."""
    d = path("many")
    os.makedirs(d)
    sample = open(SAMPLE, encoding="utf-8").read()
    files = []
    for i in range(24):
        name = os.path.join(d, f"a{i:02d}.txt")
        with open(name, "w", encoding="utf-8") as f:
            f.write(f"“Article {i} is here,” Ann Lee said.\n\n" + sample[: 500 * (i + 1)])
        files.append(name)
    missing = os.path.join(d, "missing.txt")
    out, err = run("annotate", "--threads", "4", *files[:12], missing, *files[12:], status=2)
    check(out.decode().splitlines() == [f + ".quotes.json" for f in files], f"printed {out.decode()[:300]}")
    check(f"{missing}: cannot open" in err, f"stderr: {err}")
    for f in files:
        check(open(f + ".quotes.json", "rb").read() == run(f)[0], f"{f}.quotes.json differs from whosaid FILE")
    shutil.rmtree(d)


def case_annotate_errors():
    _, err = run("annotate", "-", status=2)
    check("not stdin" in err, f"stderr: {err}")
    _, err = run("annotate", path("no-such-file.txt"), status=2)
    check("cannot open" in err, f"stderr: {err}")
    _, err = run("annotate", status=2)
    check("files" in err, f"stderr: {err}")
    ro = path("read-only")
    os.makedirs(ro)
    shutil.copy(SAMPLE, ro)
    os.chmod(ro, 0o555)
    try:
        if os.access(ro, os.W_OK):  # root writes anyway
            return
        _, err = run("annotate", os.path.join(ro, "cecot-article.txt"), status=2)
        check("cannot write" in err, f"stderr: {err}")
    finally:
        os.chmod(ro, 0o755)


def run_on_terminal(args, feed, seconds):
    """Runs whosaid with stderr on a pseudo-terminal, feeding stdin slowly for
    `seconds`; returns what the terminal received."""
    master, slave = pty.openpty()
    out = open(path("progress.out"), "wb")
    p = subprocess.Popen([WHOSAID, *args], stdin=subprocess.PIPE, stdout=out, stderr=slave)
    os.close(slave)
    received = []

    def reader():
        while True:
            try:
                r, _, _ = select.select([master], [], [], 0.1)
                if r:
                    data = os.read(master, 4096)
                    if not data:
                        return
                    received.append(data)
                elif p.poll() is not None:
                    return
            except OSError:
                return

    t = threading.Thread(target=reader)
    t.start()
    end = time.time() + seconds
    while time.time() < end:
        p.stdin.write(feed)
        p.stdin.flush()
        time.sleep(0.02)
    p.stdin.close()
    p.wait()
    t.join()
    os.close(master)
    out.close()
    return b"".join(received).decode("utf-8", "replace"), p.returncode


def case_progress_line():
    feed = (json.dumps({"id": None, "text": "“We agree,” Ann Lee said."}) + "\n").encode() * 50
    shown, status = run_on_terminal(["--jsonl", "--format", "csv"], feed, 1.5)
    check(status == 0, f"exit status {status}")
    check("documents" in shown and "MB/s" in shown and "quotes" in shown, f"no progress line: {shown!r}")
    check(shown.rstrip(" ").endswith("\r\x1b[K"), f"the progress line is not erased at the end: {shown[-80:]!r}")
    shown, _ = run_on_terminal(["--jsonl", "--format", "csv", "--quiet"], feed, 1.0)
    check(shown == "", f"--quiet printed {shown!r}")


def case_bench():
    # The figures the bench prints, on a corpus of two JSONL records repeated to 0.2 MB.
    corpus = write_jsonl("bench.jsonl", [
        {"id": "a", "text": "“We will win,” Ann Lee said. “And soon.”\n\nShe left."},
        {"id": "b", "text": "Bo Diaz told reporters: “It is over.” The crowd left."},
    ])
    out, _ = run("bench", "--runs", "2", "--min-mb", "0.2", "--threads", "2", corpus)
    text = out.decode()
    lines = {line.split(":")[0]: line for line in text.splitlines()}
    check(lines.get("corpus", "").startswith(f"corpus: {corpus}, ") and "2 run(s)" in lines["corpus"], text)
    documents = int(lines["corpus"].split(", ")[1].split()[0])
    check(documents >= 2 and documents % 2 == 0, f"the corpus is not the records repeated: {lines['corpus']}")
    check("MB/s" in lines.get("ICU sentence break alone", ""), text)
    one = lines.get("whosaid, 1 thread", "")
    check("MB/s" in one and "docs/s" in one and "quotes/s" in one and "ratio to ICU" in one, text)
    check("speed-up" in lines.get("whosaid, 2 threads", ""), text)
    check("the 2 unique documents, through rules loaded anew" in lines.get("whosaid, new text", ""), text)
    quotes = lines.get("quotes per run", "")
    check(f"quotes per run: {documents // 2 * 3};" in quotes and "peak RSS" in quotes, text)
    # A corpus that cannot be read: exit status 2 and the reason.
    _, err = run("bench", path("missing.jsonl"), status=2)
    check("missing.jsonl: cannot read a corpus from it" in err, err)


def main():
    cases = [(name[5:].replace("_", " "), fn) for name, fn in globals().items() if name.startswith("case_")]
    try:
        for name, fn in cases:
            try:
                fn()
                print(f"ok {name}")
            except Failure as e:
                print(f"FAIL {name}: {e}")
                failures.append(name)
            except Exception as e:  # a crash in the test is a failure too
                print(f"FAIL {name}: {type(e).__name__}: {e}")
                failures.append(name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print(f"{len(failures)} of {len(cases)} case(s) failed")
        return 1
    print(f"{len(cases)} case(s) ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
