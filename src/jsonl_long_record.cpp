#include "jsonl_long_record.h"

#include <unicode/utf8.h>

#include <cctype>
#include <string>
#include <utility>

namespace whosaid {

namespace {

constexpr int kEnd = std::char_traits<char>::eof();

int hex_value(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

LongRecord::LongRecord(std::string head, std::istream& in, const JsonlFields& fields)
    : head_(std::move(head)), in_(*in.rdbuf()), fields_(fields) {}

// The line's bytes, then its end ('\n', or kEnd at the end of the input),
// again and again: nothing past the line is read.
int LongRecord::get() {
  if (line_end_ != 0) return line_end_;
  int c = kEnd;
  if (head_at_ < head_.size()) {
    c = static_cast<unsigned char>(head_[head_at_++]);
    if (head_at_ == head_.size()) {  // read: its memory goes
      head_ = std::string();
      head_at_ = 0;
    }
  } else {
    c = in_.sbumpc();
  }
  if (c == '\n' || c == kEnd) line_end_ = c;
  return c;
}

int LongRecord::peek() {
  if (line_end_ != 0) return line_end_;
  if (head_at_ < head_.size()) return static_cast<unsigned char>(head_[head_at_]);
  return in_.sgetc();
}

// JSON's white space, but for the line feed that ends the line.
void LongRecord::skip_blanks() {
  for (int c = peek(); c == ' ' || c == '\t' || c == '\r'; c = peek()) get();
}

bool LongRecord::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
  return false;
}

// A string's JSON, quotes and escapes included, appended to `out`.
bool LongRecord::read_raw_string(std::string& out) {
  out += static_cast<char>(get());  // the opening quote
  for (bool escaped = false;;) {
    const int c = get();
    if (c == '\n' || c == kEnd) return fail("invalid JSON");
    out += static_cast<char>(c);
    if (out.size() > kMostFieldBytes) return fail(too_long_field());
    if (c == '"' && !escaped) return true;
    escaped = c == '\\' && !escaped;
  }
}

// A value's JSON (up to the comma or brace after it) appended to `out`;
// what is not JSON is left to the parse.
bool LongRecord::read_raw_value(std::string& out) {
  for (int depth = 0;;) {
    const int c = peek();
    if (c == '\n' || c == kEnd) break;
    if (c == '"') {
      if (!read_raw_string(out)) return false;
    } else {
      // Out of brackets, only a number or literal (nlohmann would take a NUL after one for the end).
      if (depth == 0 && c != '{' && c != '[' && !std::isalnum(c) && c != '+' && c != '-' && c != '.') break;
      depth += (c == '{' || c == '[') - (c == '}' || c == ']');
      out += static_cast<char>(get());
      if (out.size() > kMostFieldBytes) return fail(too_long_field());
    }
    if (depth == 0 && (c == '"' || c == '}' || c == ']')) break;  // a whole string, object or array
  }
  return true;
}

std::string LongRecord::too_long_field() const {
  return "a field longer than " + std::to_string(kMostFieldBytes >> 20) + " MB besides '" + fields_.text +
         "' (in a long record only the text may be)";
}

bool LongRecord::read_key(std::string& name) {
  std::string raw_key;
  if (peek() != '"') return fail("invalid JSON");
  if (!read_raw_string(raw_key)) return false;
  const nlohmann::json key = nlohmann::json::parse(raw_key, nullptr, false);
  if (key.is_discarded()) return fail("invalid JSON");
  skip_blanks();
  if (get() != ':') return fail("invalid JSON");
  skip_blanks();
  name = key.get<std::string>();
  return true;
}

bool LongRecord::read_field_value(const std::string& name) {
  std::string raw;
  if (!read_raw_value(raw)) return false;
  nlohmann::json value = nlohmann::json::parse(raw, nullptr, false);
  if (value.is_discarded()) return fail("invalid JSON");
  if (name == fields_.id) id_ = std::move(value);
  else other_[name] = std::move(value);  // the last of repeated fields counts
  return true;
}

bool LongRecord::read_head() {
  skip_blanks();
  if (get() != '{') return fail("expected a JSON object");
  skip_blanks();
  if (peek() == '}') return fail("no '" + fields_.text + "' field");
  for (;;) {
    std::string name;
    if (!read_key(name)) return false;
    if (name == fields_.text) {
      if (peek() != '"') return fail("'" + fields_.text + "' is not a string");
      get();
      return true;
    }
    if (!read_field_value(name)) return false;
    skip_blanks();
    const int c = get();
    if (c == '}') return fail("no '" + fields_.text + "' field");
    if (c != ',') return fail("invalid JSON");
    skip_blanks();
  }
}

std::string LongRecord::meta() const { return jsonl_meta(other_); }

std::size_t LongRecord::decode_text(char* out, std::size_t room) {
  char* p = out;
  // Room for the longest piece, an escaped pair of surrogates (4 bytes).
  for (char* const last = out + room - 4; p <= last;) {
    const int c = get();
    if (c == '"') {
      text_ended_ = true;
      break;
    }
    if (c == '\n' || c == kEnd) {
      fail("invalid JSON: the text has no closing quote");
      break;
    }
    if (c == '\\') {
      if (!decode_escape(p)) break;
    } else if (c < 0x20) {
      fail("invalid JSON: a control character in the text");
      break;
    } else {
      *p++ = static_cast<char>(c);
    }
  }
  return static_cast<std::size_t>(p - out);
}

bool LongRecord::decode_escape(char*& out) {
  auto code_unit = [&]() {
    int unit = 0;
    for (int k = 0; k < 4; ++k) {
      const int digit = hex_value(get());
      if (digit < 0) return -1;
      unit = unit * 16 + digit;
    }
    return unit;
  };
  const int c = get();
  constexpr std::string_view kEscapes = "\"\\/bfnrt", kMeanings = "\"\\/\b\f\n\r\t";
  if (const std::size_t at = kEscapes.find(static_cast<char>(c)); at != std::string_view::npos) {
    *out++ = kMeanings[at];
    return true;
  }
  if (c != 'u') return fail("invalid JSON: a bad escape in the text");
  int code_point = code_unit();
  if (code_point >= 0xD800 && code_point <= 0xDBFF) {  // a pair of surrogates
    const int low = get() == '\\' && get() == 'u' ? code_unit() : -1;
    if (low < 0xDC00 || low > 0xDFFF) return fail("invalid JSON: a lone surrogate in the text");
    code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
  } else if (code_point >= 0xDC00 && code_point <= 0xDFFF) {
    return fail("invalid JSON: a lone surrogate in the text");
  }
  if (code_point < 0) return fail("invalid JSON: a bad escape in the text");
  std::size_t length = 0;
  U8_APPEND_UNSAFE(out, length, code_point);
  out += length;
  return true;
}

LongRecord::TextBuffer::int_type LongRecord::TextBuffer::underflow() {
  if (record_.text_ended_ || !record_.error_.empty()) return traits_type::eof();
  const std::size_t decoded = record_.decode_text(buffer_.data(), buffer_.size());
  if (decoded == 0) return traits_type::eof();
  setg(buffer_.data(), buffer_.data(), buffer_.data() + decoded);
  return traits_type::to_int_type(buffer_[0]);
}

bool LongRecord::read_tail() {
  if (!error_.empty()) return false;
  if (!text_ended_) return fail("the text was not read to its end");
  for (;;) {
    skip_blanks();
    const int c = get();
    if (c == '}') break;
    if (c != ',') return fail("invalid JSON");
    skip_blanks();
    std::string name;
    if (!read_key(name)) return false;
    if (name == fields_.text) return fail("a second '" + fields_.text + "' field");
    if (!read_field_value(name)) return false;
  }
  skip_blanks();
  const int end = get();
  if (end != '\n' && end != kEnd) return fail("invalid JSON");
  return true;
}

void LongRecord::skip_line() {
  while (line_end_ == 0) get();
}

}  // namespace whosaid
