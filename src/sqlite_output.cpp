#include "sqlite_output.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include "char_offsets.h"
#include "text.h"

namespace whosaid {

namespace {

constexpr int kSchemaVersion = 2;

// The schema; docs/sqlite.md describes it column by column.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS documents (
  id          INTEGER PRIMARY KEY,
  source      TEXT NOT NULL UNIQUE,
  meta        TEXT,
  n_quotes    INTEGER NOT NULL,
  n_speakers  INTEGER NOT NULL,
  bytes       INTEGER NOT NULL,
  chars       INTEGER NOT NULL,
  paragraphs  INTEGER NOT NULL,
  extracted   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS speakers (
  id    INTEGER PRIMARY KEY,
  name  TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS quotes (
  id             INTEGER PRIMARY KEY,
  document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seq            INTEGER NOT NULL,
  speaker_id     INTEGER REFERENCES speakers(id),
  text           TEXT NOT NULL,
  kind           TEXT NOT NULL,
  cue            TEXT,
  start          INTEGER NOT NULL,
  end            INTEGER NOT NULL,
  char_start     INTEGER NOT NULL,
  char_end       INTEGER NOT NULL,
  mention        TEXT,
  mention_start  INTEGER,
  mention_end    INTEGER,
  cue_start      INTEGER,
  cue_end        INTEGER,
  clause         TEXT,
  rule           TEXT NOT NULL,
  paragraph      INTEGER NOT NULL,
  sentence       INTEGER NOT NULL,
  unclosed       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);
CREATE INDEX IF NOT EXISTS quotes_document ON quotes(document_id, seq);
)sql";

}  // namespace

// A prepared statement, reset after each use.
struct SqliteSink::Statement {
  sqlite3_stmt* stmt = nullptr;
  std::string scratch;
  ~Statement() { sqlite3_finalize(stmt); }

  void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt, i, v); }
  void bind_null(int i) { sqlite3_bind_null(stmt, i); }
  void bind(int i, std::string_view s) {
    scratch.clear();
    append_valid_utf8(scratch, s);
    sqlite3_bind_text(stmt, i, scratch.data(), static_cast<int>(scratch.size()), SQLITE_TRANSIENT);
  }
  // A span's text and offsets into parameters i, i+1, i+2 (nulls when empty).
  void bind_span(int text_i, int start_i, std::string_view text, Span span, std::size_t shift) {
    if (span.empty()) {
      if (text_i) bind_null(text_i);
      bind_null(start_i);
      bind_null(start_i + 1);
      return;
    }
    if (text_i) bind(text_i, text.substr(span.start, span.size()));
    bind(start_i, static_cast<std::int64_t>(span.start + shift));
    bind(start_i + 1, static_cast<std::int64_t>(span.end + shift));
  }
  // Steps once: SQLITE_ROW or SQLITE_DONE, or an error code.
  int step() { return sqlite3_step(stmt); }
  void reset() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

std::unique_ptr<SqliteSink> SqliteSink::open(const std::string& path, std::string& error) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    error = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return nullptr;
  }
  std::unique_ptr<SqliteSink> sink(new SqliteSink(db, path));
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 1);
  // WAL: readers may query while whosaid writes; a commit needs no fsync
  // (synchronous=NORMAL), yet a crash still loses at most the last batches.
  bool ok = sink->exec("PRAGMA foreign_keys = ON") && sink->exec("PRAGMA journal_mode = WAL") &&
            sink->exec("PRAGMA synchronous = NORMAL");
  if (ok) {
    sqlite3_stmt* stmt = nullptr;
    int version = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
      version = sqlite3_column_int(stmt, 0);
    else ok = sink->fail("reading the schema version");
    sqlite3_finalize(stmt);
    if (ok && version > kSchemaVersion) {
      sink->error_ = "schema version " + std::to_string(version) + " was written by a newer whosaid";
      ok = false;
    } else if (ok && version > 0 && version < kSchemaVersion) {
      // Version 1 numbered sentences through the whole document.
      sink->error_ = "schema version " + std::to_string(version) +
                     " was written by an older whosaid (quotes had no paragraph); write to a new database";
      ok = false;
    }
  }
  ok = ok && sink->exec("BEGIN IMMEDIATE") && sink->exec(kSchema) &&
       sink->exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str()) && sink->exec("COMMIT") &&
       sink->prepare_statements();
  if (!ok) {
    error = sink->error_;
    return nullptr;
  }
  return sink;
}

SqliteSink::SqliteSink(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

SqliteSink::~SqliteSink() {
  upsert_document_.reset();
  delete_quotes_.reset();
  update_document_.reset();
  find_speaker_.reset();
  insert_speaker_.reset();
  insert_quote_.reset();
  sqlite3_close(db_);  // a transaction still open rolls back
}

bool SqliteSink::fail(const char* what) {
  if (error_.empty()) error_ = std::string(what) + ": " + sqlite3_errmsg(db_);
  return false;
}

bool SqliteSink::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  if (error_.empty()) error_ = message ? message : sqlite3_errmsg(db_);
  sqlite3_free(message);
  return false;
}

bool SqliteSink::prepare_statements() {
  auto prepare = [&](std::unique_ptr<Statement>& s, const char* sql) {
    s = std::make_unique<Statement>();
    return sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->stmt, nullptr) == SQLITE_OK ||
           fail("preparing statements");
  };
  return prepare(upsert_document_,
                 "INSERT INTO documents (source, meta, n_quotes, n_speakers, bytes, chars, paragraphs, extracted) "
                 "VALUES (?1, ?2, 0, 0, 0, 0, 0, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
                 "ON CONFLICT (source) DO UPDATE SET meta = excluded.meta, extracted = excluded.extracted "
                 "RETURNING id") &&
         prepare(delete_quotes_, "DELETE FROM quotes WHERE document_id = ?1") &&
         prepare(update_document_,
                 "UPDATE documents SET n_quotes = ?2, n_speakers = ?3, bytes = ?4, chars = ?5, paragraphs = ?6 "
                 "WHERE id = ?1") &&
         prepare(find_speaker_, "SELECT id FROM speakers WHERE name = ?1") &&
         prepare(insert_speaker_, "INSERT INTO speakers (name) VALUES (?1)") &&
         prepare(insert_quote_,
                 "INSERT INTO quotes (document_id, seq, speaker_id, text, kind, cue, start, end, char_start, "
                 "char_end, mention, mention_start, mention_end, cue_start, cue_end, clause, rule, paragraph, "
                 "sentence, unclosed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                 "?17, ?18, ?19, ?20)");
}

std::int64_t SqliteSink::speaker_id(const std::string& name) {
  if (const auto it = speakers_.find(name); it != speakers_.end()) return it->second;
  std::int64_t id = -1;
  find_speaker_->bind(1, name);
  const int rc = find_speaker_->step();
  if (rc == SQLITE_ROW) id = sqlite3_column_int64(find_speaker_->stmt, 0);
  find_speaker_->reset();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail("finding a speaker"), -1;
  if (id < 0) {
    insert_speaker_->bind(1, name);
    const int done = insert_speaker_->step();
    insert_speaker_->reset();
    if (done != SQLITE_DONE) return fail("inserting a speaker"), -1;
    id = sqlite3_last_insert_rowid(db_);
  }
  if (speakers_.size() >= (1u << 16)) speakers_.clear();  // bounded memory
  speakers_.emplace(name, id);
  return id;
}

bool SqliteSink::begin(std::string_view id, std::string_view meta) {
  if (!error_.empty()) return false;
  if (!in_transaction_) {
    if (!exec("BEGIN IMMEDIATE")) return false;
    in_transaction_ = true;
  }
  // A savepoint per document: a run stopped in the middle of one (another
  // output failed) commits the documents before it and not this one.
  if (!exec("SAVEPOINT document")) return false;
  in_document_ = true;
  upsert_document_->bind(1, id);
  if (meta.empty()) upsert_document_->bind_null(2);
  else upsert_document_->bind(2, meta);
  const int rc = upsert_document_->step();
  if (rc == SQLITE_ROW) document_id_ = sqlite3_column_int64(upsert_document_->stmt, 0);
  const int done = rc == SQLITE_ROW ? upsert_document_->step() : rc;  // runs it to completion
  upsert_document_->reset();
  if (done != SQLITE_DONE) return fail("inserting a document");
  delete_quotes_->bind(1, document_id_);
  const int deleted = delete_quotes_->step();
  delete_quotes_->reset();
  if (deleted != SQLITE_DONE) return fail("deleting a document's old quotes");
  quotes_ = bytes_ = chars_ = 0;
  numbering_ = {};
  document_speakers_.clear();
  return true;
}

bool SqliteSink::add(const Document& part, std::string_view text, std::size_t byte_offset) {
  if (!error_.empty()) return false;
  const CharOffsets chars(text, part);
  numbering_.begin_part(text);
  const auto chars_before = static_cast<std::size_t>(chars_);
  std::vector<std::int64_t> speaker_ids(part.speakers.size());
  for (std::size_t i = 0; i < part.speakers.size(); ++i) {
    if ((speaker_ids[i] = speaker_id(part.speakers[i].name)) < 0) return false;
    document_speakers_.insert(speaker_ids[i]);
  }
  Statement& s = *insert_quote_;
  for (const auto& q : part.quotes) {
    s.bind(1, document_id_);
    s.bind(2, quotes_++);
    if (q.speaker >= 0) s.bind(3, speaker_ids[static_cast<std::size_t>(q.speaker)]);
    else s.bind_null(3);
    s.bind(4, text.substr(q.content.start, q.content.size()));
    s.bind(5, std::string_view(to_string(q.kind)));
    s.bind_span(6, 14, text, q.cue, byte_offset);
    s.bind(7, static_cast<std::int64_t>(q.content.start + byte_offset));
    s.bind(8, static_cast<std::int64_t>(q.content.end + byte_offset));
    s.bind(9, static_cast<std::int64_t>(chars(q.content.start) + chars_before));
    s.bind(10, static_cast<std::int64_t>(chars(q.content.end) + chars_before));
    s.bind_span(11, 12, text, q.mention, byte_offset);
    if (q.kind == QuoteKind::mixed && !q.clause.empty()) s.bind(16, text.substr(q.clause.start, q.clause.size()));
    else s.bind_null(16);
    s.bind(17, std::string_view(q.rule));
    s.bind(18, static_cast<std::int64_t>(numbering_.paragraph(q)));
    s.bind(19, static_cast<std::int64_t>(numbering_.sentence(q)));
    s.bind(20, std::int64_t{q.unclosed ? 1 : 0});
    const int rc = s.step();
    s.reset();
    if (rc != SQLITE_DONE) return fail("inserting a quote");
  }
  bytes_ += static_cast<std::int64_t>(text.size());
  chars_ += static_cast<std::int64_t>(chars.total());
  numbering_.end_part(part);
  return true;
}

bool SqliteSink::end() {
  if (!error_.empty()) return false;
  Statement& s = *update_document_;
  s.bind(1, document_id_);
  s.bind(2, quotes_);
  s.bind(3, static_cast<std::int64_t>(document_speakers_.size()));
  s.bind(4, bytes_);
  s.bind(5, chars_);
  s.bind(6, static_cast<std::int64_t>(numbering_.paragraphs()));
  const int rc = s.step();
  s.reset();
  if (rc != SQLITE_DONE) return fail("updating a document");
  in_document_ = false;
  return exec("RELEASE document");
}

bool SqliteSink::commit() {
  if (!error_.empty()) return false;
  if (!in_transaction_) return true;
  in_transaction_ = false;
  return exec("COMMIT");
}

bool SqliteSink::finish() {
  if (in_document_ && error_.empty()) {
    in_document_ = false;
    exec("ROLLBACK TO document") && exec("RELEASE document");
  }
  // Speakers whose every quote was replaced by a re-run are removed.
  const bool ok = commit() && exec("BEGIN IMMEDIATE") &&
                  exec("DELETE FROM speakers WHERE NOT EXISTS (SELECT 1 FROM quotes WHERE quotes.speaker_id = speakers.id)") &&
                  exec("COMMIT");
  if (!ok) spdlog::error("{}: {}", path_, error_);
  return ok;
}

}  // namespace whosaid
