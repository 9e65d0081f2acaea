#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstring>
#include <span>

#include "char_offsets.h"
#include "text.h"
#include "whosaid/json.h"

namespace whosaid {

namespace {

constexpr std::size_t kMaxMentionsPerSpeaker = 10000;
// How much of a long speakers list finish() holds before it asks for a drain.
constexpr std::size_t kDrainBytes = 1 << 20;

// JSON written straight into a string (results are a hot path), compact or
// indented in the layout of nlohmann::json::dump(indent). Each piece first
// makes room for its longest form and is then written through a pointer: no
// append checks the capacity of the string on its own.
class Writer {
 public:
  // `valid_utf8`: every string written is valid UTF-8, so only ASCII needs a look.
  Writer(std::string& out, int indent, int depth = 0, bool valid_utf8 = false)
      : out_(out), used_(out.size()), indent_(indent), depth_(depth), valid_utf8_(valid_utf8) {}
  ~Writer() { sync(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Leaves `out` holding exactly what was written, for a caller to read or
  // drain; writing may go on after it.
  void sync() { out_.resize(used_); }
  // After a caller drained `out`.
  void reload() { used_ = out_.size(); }

  // A key is a literal, written in one copy: the most frequent call of the
  // hot path.
  template <std::size_t N>
  void key(const char (&k)[N]) {
    static_assert(N <= 32, "a key is a short literal");
    separate();
    char* p = room(N + 3);
    *p++ = '"';
    std::memcpy(p, k, N - 1);
    p += N - 1;
    *p++ = '"';
    *p++ = ':';
    if (indent_ >= 0) *p++ = ' ';
    done(p);
    after_key_ = true;
  }
  void string(std::string_view s) {
    begin_value();
    put('"');
    // A string cut inside a character of a valid text is not valid itself.
    const bool valid = valid_utf8_ && whole_characters(s);
    // In slices, so that the room asked for stays small for a huge quote.
    constexpr std::size_t kSlice = 1 << 16;
    for (std::size_t from = 0; from < s.size();) {
      std::size_t to = std::min(s.size(), from + kSlice);
      while (to < s.size() && (static_cast<unsigned char>(s[to]) & 0xC0) == 0x80) ++to;  // whole characters
      const std::string_view slice = s.substr(from, to - from);
      char* p = room(6 * slice.size());
      done(valid ? escaped<AlsoStop::control>(p, slice) : escaped<AlsoStop::non_ascii_or_control>(p, slice));
      from = to;
    }
    put('"');
  }
  void number(std::size_t n) {
    begin_value();
    char* p = room(20);
    done(std::to_chars(p, p + 20, n).ptr);
  }
  void raw(std::string_view s) {
    begin_value();
    char* p = room(s.size());
    std::memcpy(p, s.data(), s.size());
    done(p + s.size());
  }
  void open(char bracket) {
    begin_value();
    put(bracket);
    ++depth_;
    fresh_ = true;
  }
  void close(char bracket) {
    --depth_;
    if (!fresh_) newline();
    put(bracket);
    fresh_ = false;
  }
  // Continue a container opened by another writer, after its first member.
  void resume() { fresh_ = false; }

 private:
  // Where `n` more bytes may be written; done() then says how far they went.
  // The string grows past the need, so that most calls only compare.
  char* room(std::size_t n) {
    if (used_ + n > out_.size()) out_.resize(used_ + n + 4096);
#ifndef NDEBUG
    room_end_ = used_ + n;
#endif
    return out_.data() + used_;
  }
  void done(const char* end) {
    used_ = static_cast<std::size_t>(end - out_.data());
    assert(used_ <= room_end_ && "a piece was longer than the room it asked for");
  }
  void put(char c) {
    char* p = room(1);
    *p = c;
    done(p + 1);
  }

  // Whether `s`, cut from valid UTF-8, starts and ends on character boundaries.
  static bool whole_characters(std::string_view s) {
    if (s.empty()) return true;
    auto lead = [&](std::size_t i) { return (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80; };
    if (!lead(0)) return false;
    std::size_t last = s.size() - 1;
    while (!lead(last)) --last;
    const auto b = static_cast<unsigned char>(s[last]);
    return last + (b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4) == s.size();
  }

  // `s` as the inside of a JSON string, at `p` (room for six bytes a byte:
  // \u00XX, or U+FFFD for an invalid byte); returns the end. `kStops` tells
  // whether bytes from 0x80 up are checked.
  template <AlsoStop kStops>
  static char* escaped(char* p, std::string_view s) {
    std::size_t run = 0;  // start of the bytes not yet copied
    auto copy_run = [&](std::size_t to) {
      std::memcpy(p, s.data() + run, to - run);
      p += to - run;
    };
    for (std::size_t i = 0; (i = find_byte<kStops, '"', '\\'>(s, i)) < s.size();) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        if (const std::size_t length = valid_sequence_length(s, i)) {
          i += length;
          continue;
        }
        copy_run(i);
        std::memcpy(p, "\xEF\xBF\xBD", 3);
        p += 3;
        run = ++i;
        continue;
      }
      copy_run(i);
      run = ++i;
      *p++ = '\\';
      switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\b': *p++ = 'b'; break;
        case '\f': *p++ = 'f'; break;
        case '\n': *p++ = 'n'; break;
        case '\r': *p++ = 'r'; break;
        case '\t': *p++ = 't'; break;
        default: {
          static constexpr char hex[] = "0123456789abcdef";
          std::memcpy(p, "u00", 3);
          p[3] = hex[c >> 4];
          p[4] = hex[c & 15];
          p += 5;
        }
      }
    }
    copy_run(s.size());
    return p;
  }

  void begin_value() {
    if (after_key_) after_key_ = false;
    else separate();
  }
  // A comma before every member but the first; in indented form, a new line.
  void separate() {
    if (!fresh_) put(',');
    fresh_ = false;
    if (depth_ > 0) newline();
  }
  void newline() {
    if (indent_ < 0) return;
    const auto spaces = static_cast<std::size_t>(depth_ * indent_);
    char* p = room(1 + spaces);
    *p++ = '\n';
    std::memset(p, ' ', spaces);
    done(p + spaces);
  }

  std::string& out_;
  std::size_t used_;  // bytes of `out_` written; past them, room
#ifndef NDEBUG
  std::size_t room_end_ = 0;  // where the last room asked for ends
#endif
  int indent_;
  int depth_;
  bool valid_utf8_;
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
  w.raw("[");
}

void JsonDocumentWriter::add(const Document& part, std::string_view text, std::size_t byte_offset) {
  write_quotes(part, text, byte_offset);
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
}

void JsonDocumentWriter::write_whole(const Document& doc, std::string_view text) {
  write_quotes(doc, text, 0);
  write_speakers(doc.speakers, {});
}

void JsonDocumentWriter::write_quotes(const Document& part, std::string_view text, std::size_t byte_offset) {
  const CharOffsets chars(text, part);
  numbering_.begin_part(text);
  // Quotes are written at depth 2, inside {"quotes": [ ... ]}.
  Writer w(out_, indent_, 2, part.invalid_utf8_bytes == 0);
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
  chars_before_ += chars(text.size());
  numbering_.end_part(part);
}

void JsonDocumentWriter::finish(const std::function<void()>& drain) { write_speakers(speakers_, drain); }

void JsonDocumentWriter::write_speakers(const std::vector<Speaker>& speakers, const std::function<void()>& drain) {
  if (any_quote_ && indent_ >= 0) out_ += '\n' + std::string(static_cast<std::size_t>(indent_), ' ');
  out_ += ']';
  {
    Writer w(out_, indent_, 1);
    w.resume();
    w.key("speakers");
    w.open('[');
    for (const auto& s : speakers) {
      w.open('{');
      w.key("name");
      w.string(s.name);
      w.key("quotes");
      w.number(s.quotes);
      w.key("mentions");
      w.open('[');
      for (const auto& m : std::span(s.mentions).first(std::min(s.mentions.size(), kMaxMentionsPerSpeaker))) {
        w.open('[');
        w.number(m.start);
        w.number(m.end);
        w.close(']');
      }
      w.close(']');
      w.close('}');
      if (drain) {
        w.sync();
        if (out_.size() > kDrainBytes) {
          drain();
          w.reload();
        }
      }
    }
    w.close(']');
  }
  if (indent_ >= 0) out_ += '\n';
  out_ += '}';
}

std::string to_json(const Document& doc, std::string_view text, std::string_view id, int indent) {
  std::string out;
  out.reserve(256 + doc.quotes.size() * 400);
  JsonDocumentWriter(out, id, indent).write_whole(doc, text);
  return out;
}

}  // namespace whosaid
