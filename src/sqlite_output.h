// Results written into an SQLite database (schema in docs/sqlite.md).
//
// Documents are written in transactions that end only between documents
// (commit() ends one), so a run killed halfway leaves every document either
// as it was or fully replaced. A document already in the database (same
// `source`) has its quotes replaced, not duplicated; a speaker name is one
// row across all documents.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "sink.h"

struct sqlite3;
struct sqlite3_stmt;

namespace whosaid {

class SqliteSink : public Sink {
 public:
  // Opens (creating if needed) the database and its tables; null with
  // `error` set when it cannot.
  static std::unique_ptr<SqliteSink> open(const std::string& path, std::string& error);
  ~SqliteSink() override;

  bool begin(std::string_view id, std::string_view meta) override;
  bool add(const Document& part, std::string_view text, std::size_t byte_offset) override;
  bool end() override;
  bool commit() override;
  bool finish() override;

  struct Statement;

 private:
  SqliteSink(sqlite3* db, std::string path);
  bool prepare_statements();
  bool exec(const char* sql);
  bool fail(const char* what);
  std::int64_t speaker_id(const std::string& name);  // -1 on error

  sqlite3* db_;
  std::string path_;
  std::string error_;
  bool in_transaction_ = false;
  bool in_document_ = false;  // begun and not ended
  std::unique_ptr<Statement> upsert_document_, delete_quotes_, update_document_, find_speaker_, insert_speaker_,
      insert_quote_;
  std::unordered_map<std::string, std::int64_t> speakers_;  // cache of speaker ids by name

  // The document being written.
  std::int64_t document_id_ = -1;
  std::int64_t quotes_ = 0, bytes_ = 0, chars_ = 0;
  PartNumbering numbering_;
  std::unordered_set<std::int64_t> document_speakers_;
};

}  // namespace whosaid
