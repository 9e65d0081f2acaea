#include "csv_output.h"

#include <charconv>

#include "char_offsets.h"
#include "text.h"

namespace whosaid {

namespace {

constexpr const char* kColumns[] = {"id",       "speaker",  "text",    "kind", "cue", "start",
                                    "end",      "char_start", "char_end", "mention", "rule"};

// Appends one field; a null is an empty field.
void field(std::string& out, char separator, std::string_view value, bool null = false) {
  if (null) return;
  std::string valid;
  append_valid_utf8(valid, value);
  if (separator == '\t') {
    for (const char c : valid) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
      }
    }
    return;
  }
  if (!valid.empty() && valid.find_first_of(",\"\r\n") == std::string::npos) {
    out += valid;
    return;
  }
  out += '"';
  for (const char c : valid) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void number(std::string& out, std::size_t n) {
  char buffer[24];
  out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, n).ptr);
}

}  // namespace

std::string csv_header(char separator) {
  std::string out;
  for (const char* column : kColumns) {
    if (!out.empty()) out += separator;
    out += column;
  }
  out += '\n';
  return out;
}

CsvDocumentWriter::CsvDocumentWriter(std::string& out, std::string_view id, char separator)
    : out_(out), separator_(separator) {
  field(id_, separator, id);
  id_ += separator;
}

void CsvDocumentWriter::add(const Document& part, std::string_view text, std::size_t byte_offset) {
  const CharOffsets chars(text, part);
  const char sep = separator_;
  auto span_text = [&](Span s) { return text.substr(s.start, s.size()); };
  for (const auto& q : part.quotes) {
    out_ += id_;
    const bool no_speaker = q.speaker < 0;
    field(out_, sep, no_speaker ? "" : part.speakers[static_cast<std::size_t>(q.speaker)].name, no_speaker);
    out_ += sep;
    field(out_, sep, span_text(q.content));
    out_ += sep;
    out_ += to_string(q.kind);
    out_ += sep;
    field(out_, sep, span_text(q.cue), q.cue.empty());
    out_ += sep;
    number(out_, q.content.start + byte_offset);
    out_ += sep;
    number(out_, q.content.end + byte_offset);
    out_ += sep;
    number(out_, chars(q.content.start) + chars_before_);
    out_ += sep;
    number(out_, chars(q.content.end) + chars_before_);
    out_ += sep;
    field(out_, sep, span_text(q.mention), q.mention.empty());
    out_ += sep;
    field(out_, sep, q.rule);
    out_ += '\n';
  }
  chars_before_ += chars.total();
}

}  // namespace whosaid
