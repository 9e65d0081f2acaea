// Results as text on a stream: JSON, JSON Lines, CSV or TSV.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "csv_output.h"
#include "output.h"
#include "sink.h"
#include "whosaid/json.h"

namespace whosaid {

enum class Format {
  json,   // one object (indented) per document; an array when there are several
  jsonl,  // one object per line per document
  csv,    // one row per quote, with a header row (csv_output.h)
  tsv,
};

// "json", "jsonl", "csv", "tsv"; nullopt for anything else.
std::optional<Format> parse_format(std::string_view name);

class FormatSink : public Sink {
 public:
  // `name` names the stream in error messages ("stdout" or a path). For
  // Format::json, `array` writes the documents as one JSON array (there may be
  // several) instead of one object, and `indent` < 0 writes each on one line.
  FormatSink(Format format, std::FILE* file, std::string name, bool array = false, int indent = 2);

  bool render(std::string& out, std::string_view id, const Document& doc, std::string_view text) const override;
  bool write_rendered(std::string_view out) override;
  bool begin(std::string_view id, std::string_view meta) override;
  bool add(const Document& part, std::string_view text, std::size_t byte_offset) override;
  bool end() override;
  bool skipped(const nlohmann::json& id, std::size_t line, const std::string& error) override;
  // Flushes: a reader downstream gets each batch as it is written, not once 1 MB has gathered.
  bool commit() override;
  bool finish() override;

 private:
  bool is_json() const { return format_ == Format::json || format_ == Format::jsonl; }
  int indent() const { return format_ == Format::json ? indent_ : -1; }
  // What comes before and after a document's text.
  void before_document();
  void after_document();
  bool drain();

  Format format_;
  Output out_;
  std::string name_;
  bool array_;
  int indent_;
  std::string buffer_;
  std::size_t documents_ = 0;
  bool header_written_ = false;
  std::optional<JsonDocumentWriter> json_;
  std::optional<CsvDocumentWriter> csv_;
};

}  // namespace whosaid
