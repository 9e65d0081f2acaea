// Serialising extraction results as JSON.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "whosaid/quote.h"

namespace whosaid {

// One JSON object for a document: {"id", "quotes": [...], "speakers": [...]}.
// `text` is the input the document was extracted from (for quote text and
// code point offsets); when the document counted no invalid UTF-8 byte in it,
// its text is written without a second check. `indent` < 0 writes one line.
std::string to_json(const Document& doc, std::string_view text, std::string_view id,
                    int indent = -1);

// The same object written piece by piece, for a document too large to hold:
// each part is extracted on its own and added in order; speakers are merged
// by name. Text is appended to `out`, which the caller may drain between parts.
class JsonDocumentWriter {
 public:
  JsonDocumentWriter(std::string& out, std::string_view id, int indent = -1);
  // `text` is the part; it starts at byte `byte_offset` of the whole document.
  void add(const Document& part, std::string_view text, std::size_t byte_offset);
  // Closes the object with the speakers list. `drain`, when given, is called
  // whenever `out` holds over 1 MB of it, so that the list of a huge document
  // (up to 10,000 mentions a speaker) is never held whole.
  void finish(const std::function<void()>& drain = {});
  // The whole document as one part: add() and finish() in one, its speakers
  // written as they stand.
  void write_whole(const Document& doc, std::string_view text);

 private:
  void write_quotes(const Document& part, std::string_view text, std::size_t byte_offset);
  void write_speakers(const std::vector<Speaker>& speakers, const std::function<void()>& drain);

  std::string& out_;
  int indent_;
  std::size_t chars_before_ = 0;     // code points in earlier parts
  PartNumbering numbering_;
  bool any_quote_ = false;
  std::vector<Speaker> speakers_;
  std::map<std::string, std::size_t, std::less<>> speaker_index_;
};

}  // namespace whosaid
