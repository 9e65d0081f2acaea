#include <algorithm>
#include <charconv>

#include "char_offsets.h"
#include "text.h"
#include "whosaid/json.h"

namespace whosaid {

namespace {

constexpr std::size_t kMaxMentionsPerSpeaker = 10000;
// How much of a long speakers list finish() holds before it asks for a drain.
constexpr std::size_t kDrainBytes = 1 << 20;

// JSON written straight into a string (results are a hot path), compact or
// indented in the layout of nlohmann::json::dump(indent).
class Writer {
 public:
  Writer(std::string& out, int indent, int depth = 0) : out_(out), indent_(indent), depth_(depth) {}

  // A key is a literal, written in one append: the most frequent call of
  // the hot path.
  template <std::size_t N>
  void key(const char (&k)[N]) {
    static_assert(N <= 32, "a key is a short literal");
    separate();
    char quoted[N + 3] = {'"'};
    std::copy_n(k, N - 1, quoted + 1);
    quoted[N] = '"';
    quoted[N + 1] = ':';
    quoted[N + 2] = ' ';
    out_.append(quoted, indent_ >= 0 ? N + 3 : N + 2);
    after_key_ = true;
  }
  void string(std::string_view s) {
    begin_value();
    out_ += '"';
    append_escaped_utf8<true, '"', '\\'>(out_, s, [](std::string& out, unsigned char c) {
          switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default: {
              static constexpr char hex[] = "0123456789abcdef";
              out += "\\u00";
              out += hex[c >> 4];
              out += hex[c & 15];
            }
          }
        });
    out_ += '"';
  }
  void number(std::size_t n) {
    begin_value();
    char buffer[24];
    out_.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, n).ptr);
  }
  void raw(std::string_view s) {
    begin_value();
    out_ += s;
  }
  void open(char bracket) {
    begin_value();
    out_ += bracket;
    ++depth_;
    fresh_ = true;
  }
  void close(char bracket) {
    --depth_;
    if (!fresh_) newline();
    out_ += bracket;
    fresh_ = false;
  }
  // Continue a container opened by another writer, after its first member.
  void resume() { fresh_ = false; }

 private:
  void begin_value() {
    if (after_key_) after_key_ = false;
    else separate();
  }
  // A comma before every member but the first; in indented form, a new line.
  void separate() {
    if (!fresh_) out_ += ',';
    fresh_ = false;
    if (depth_ > 0) newline();
  }
  void newline() {
    if (indent_ < 0) return;
    out_ += '\n';
    out_.append(static_cast<std::size_t>(depth_ * indent_), ' ');
  }

  std::string& out_;
  int indent_;
  int depth_;
  bool fresh_ = true;
  bool after_key_ = false;
};

void write_span(Writer& w, std::string_view text, Span span, std::size_t shift) {
  if (span.empty()) {
    w.raw("null");
    return;
  }
  w.open('{');
  w.key("text");
  w.string(text.substr(span.start, span.size()));
  w.key("start");
  w.number(span.start + shift);
  w.key("end");
  w.number(span.end + shift);
  w.close('}');
}

}  // namespace

JsonDocumentWriter::JsonDocumentWriter(std::string& out, std::string_view id, int indent)
    : out_(out), indent_(indent) {
  Writer w(out_, indent_);
  w.open('{');
  w.key("id");
  w.string(id);
  w.key("quotes");
  out_ += '[';
}

void JsonDocumentWriter::add(const Document& part, std::string_view text, std::size_t byte_offset) {
  const CharOffsets chars(text, part);
  numbering_.begin_part(text);
  // Quotes are written at depth 2, inside {"quotes": [ ... ]}.
  Writer w(out_, indent_, 2);
  if (any_quote_) w.resume();
  for (const auto& q : part.quotes) {
    any_quote_ = true;
    w.open('{');
    w.key("text");
    w.string(text.substr(q.content.start, q.content.size()));
    w.key("start");
    w.number(q.content.start + byte_offset);
    w.key("end");
    w.number(q.content.end + byte_offset);
    w.key("char_start");
    w.number(chars(q.content.start) + chars_before_);
    w.key("char_end");
    w.number(chars(q.content.end) + chars_before_);
    w.key("kind");
    w.string(to_string(q.kind));
    w.key("speaker");
    if (q.speaker >= 0) w.string(part.speakers[static_cast<std::size_t>(q.speaker)].name);
    else w.raw("null");
    w.key("mention");
    write_span(w, text, q.mention, byte_offset);
    w.key("cue");
    write_span(w, text, q.cue, byte_offset);
    if (q.kind == QuoteKind::mixed) {
      w.key("clause");
      write_span(w, text, q.clause, byte_offset);
    }
    w.key("rule");
    w.string(q.rule);
    w.key("paragraph");
    w.number(numbering_.paragraph(q));
    w.key("sentence");
    w.number(numbering_.sentence(q));
    if (q.unclosed) {
      w.key("unclosed");
      w.raw("true");
    }
    w.close('}');
  }
  for (const auto& s : part.speakers) {
    const auto [it, fresh] = speaker_index_.emplace(s.name, speakers_.size());
    if (fresh) speakers_.push_back({s.name, 0, {}});
    Speaker& merged = speakers_[it->second];
    merged.quotes += s.quotes;
    // Every quote carries its own mention; the speaker's list is capped so
    // that a document of any length is written in bounded memory.
    for (const auto& m : s.mentions) {
      if (merged.mentions.size() >= kMaxMentionsPerSpeaker) break;
      merged.mentions.push_back({m.start + byte_offset, m.end + byte_offset});
    }
  }
  chars_before_ += chars(text.size());
  numbering_.end_part(part);
}

void JsonDocumentWriter::finish(const std::function<void()>& drain) {
  Writer w(out_, indent_, 1);
  if (any_quote_ && indent_ >= 0) out_ += '\n' + std::string(static_cast<std::size_t>(indent_), ' ');
  out_ += ']';
  w.resume();
  w.key("speakers");
  w.open('[');
  for (const auto& s : speakers_) {
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
      w.number(m.end);
      w.close(']');
    }
    w.close(']');
    w.close('}');
    if (drain && out_.size() > kDrainBytes) drain();
  }
  w.close(']');
  if (indent_ >= 0) out_ += '\n';
  out_ += '}';
}

std::string to_json(const Document& doc, std::string_view text, std::string_view id, int indent) {
  std::string out;
  out.reserve(256 + doc.quotes.size() * 400);
  JsonDocumentWriter writer(out, id, indent);
  writer.add(doc, text, 0);
  writer.finish();
  return out;
}

}  // namespace whosaid
