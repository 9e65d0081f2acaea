#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

#include "text.h"
#include "whosaid/json.h"

namespace whosaid {

namespace {

class CharOffsets {
 public:
  CharOffsets(std::string_view text, const Document& doc) {
    for (const auto& q : doc.quotes) bytes_.insert(bytes_.end(), {q.content.start, q.content.end});
    std::sort(bytes_.begin(), bytes_.end());
    bytes_.erase(std::unique(bytes_.begin(), bytes_.end()), bytes_.end());
    chars_ = code_point_offsets(text, bytes_);
  }
  std::size_t operator()(std::size_t byte) const {
    const auto it = std::lower_bound(bytes_.begin(), bytes_.end(), byte);
    return chars_[static_cast<std::size_t>(it - bytes_.begin())];
  }

 private:
  std::vector<std::size_t> bytes_, chars_;
};

// Compact JSON written straight into a string: results are a hot path, and a
// tree of nlohmann values per document cost as much as the sentence split.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void string(std::string_view s) {
    out_ += '"';
    for (std::size_t i = 0; i < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        const std::size_t len = valid_sequence_length(s, i);
        if (len == 0) {
          out_ += "\xEF\xBF\xBD";  // an invalid byte is written as U+FFFD
          ++i;
        } else {
          out_.append(s, i, len);
          i += len;
        }
        continue;
      }
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (c < 0x20) {
            static constexpr char hex[] = "0123456789abcdef";
            out_ += "\\u00";
            out_ += hex[c >> 4];
            out_ += hex[c & 15];
          } else {
            out_ += static_cast<char>(c);
          }
      }
      ++i;
    }
    out_ += '"';
    fresh_ = false;
  }
  void number(std::size_t n) {
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, n).ptr;
    out_.append(buffer, end);
    fresh_ = false;
  }
  void key(std::string_view k) {
    separate();
    out_ += '"';
    out_ += k;
    out_ += "\":";
    fresh_ = true;
  }
  void value_separator() { separate(); }
  void open(char bracket) {
    separate();
    out_ += bracket;
    fresh_ = true;
  }
  void close(char bracket) {
    out_ += bracket;
    fresh_ = false;
  }
  // Commas go before every member but the first of its object or array.
  void separate() {
    if (!fresh_) out_ += ',';
    fresh_ = false;
  }
  void raw(std::string_view s) {
    out_ += s;
    fresh_ = false;
  }

 private:
  std::string& out_;
  bool fresh_ = true;
};

void write_span(Writer& w, std::string_view text, Span span) {
  if (span.empty()) {
    w.raw("null");
    return;
  }
  w.open('{');
  w.key("text");
  w.string(text.substr(span.start, span.size()));
  w.key("start");
  w.number(span.start);
  w.key("end");
  w.number(span.end);
  w.close('}');
}

}  // namespace

std::string to_json(const Document& doc, std::string_view text, std::string_view id, int indent) {
  const CharOffsets chars(text, doc);
  std::string out;
  out.reserve(256 + doc.quotes.size() * 400);
  Writer w(out);
  w.open('{');
  w.key("id");
  w.string(id);
  w.key("quotes");
  w.open('[');
  for (const auto& q : doc.quotes) {
    w.open('{');
    w.key("text");
    w.string(text.substr(q.content.start, q.content.size()));
    w.key("start");
    w.number(q.content.start);
    w.key("end");
    w.number(q.content.end);
    w.key("char_start");
    w.number(chars(q.content.start));
    w.key("char_end");
    w.number(chars(q.content.end));
    w.key("kind");
    w.string(to_string(q.kind));
    w.key("speaker");
    if (q.speaker >= 0) w.string(doc.speakers[static_cast<std::size_t>(q.speaker)].name);
    else w.raw("null");
    w.key("mention");
    write_span(w, text, q.mention);
    w.key("cue");
    write_span(w, text, q.cue);
    if (q.kind == QuoteKind::mixed) {
      w.key("clause");
      write_span(w, text, q.clause);
    }
    w.key("rule");
    w.string(q.rule);
    w.key("sentence");
    w.number(q.sentence);
    if (q.unclosed) {
      w.key("unclosed");
      w.raw("true");
    }
    w.close('}');
  }
  w.close(']');
  w.key("speakers");
  w.open('[');
  for (const auto& s : doc.speakers) {
    w.open('{');
    w.key("name");
    w.string(s.name);
    w.key("quotes");
    w.number(s.quotes);
    w.key("mentions");
    w.open('[');
    for (const auto& m : s.mentions) {
      w.open('[');
      w.number(m.start);
      w.value_separator();
      w.number(m.end);
      w.close(']');
    }
    w.close(']');
    w.close('}');
  }
  w.close(']');
  w.close('}');
  if (indent < 0) return out;
  // Pretty printing is for one document at a time; nlohmann lays it out.
  return nlohmann::ordered_json::parse(out).dump(indent);
}

}  // namespace whosaid
