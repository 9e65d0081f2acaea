// CSV and TSV: one row per quote, a header row first.
//
// Columns: id, speaker, text, kind, cue, start, end, char_start, char_end,
// mention, rule (the JSON fields of the same names; `id` is the document's).
// A null (no speaker, cue or mention) is an empty field. Rows end with "\n".
// CSV quotes a field holding a comma, a double quote, CR or LF, doubling the
// quotes inside (RFC 4180); an empty string that is not null is written "".
// TSV never quotes: backslash, tab, LF and CR are written \\ \t \n \r (the
// PostgreSQL text format). Invalid UTF-8 is written as U+FFFD.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "whosaid/quote.h"

namespace whosaid {

// The header row, "\n" included. `separator` is ',' (CSV) or '\t' (TSV).
std::string csv_header(char separator);

// The rows of one document, appended to `out` part by part (see
// JsonDocumentWriter); a document without quotes writes no row.
class CsvDocumentWriter {
 public:
  CsvDocumentWriter(std::string& out, std::string_view id, char separator);
  void add(const Document& part, std::string_view text, std::size_t byte_offset);

 private:
  std::string& out_;
  std::string id_;  // already escaped, separator included
  char separator_;
  std::size_t chars_before_ = 0;
};

}  // namespace whosaid
