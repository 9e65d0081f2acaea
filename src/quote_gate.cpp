#include "quote_gate.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "regex_syntax.h"

namespace whosaid {

namespace {

using Bytes = std::bitset<256>;

// What the strings of a piece of pattern can hold, as bytes of UTF-8: their
// first bytes, their last bytes, all their bytes. Every set may be larger
// than the truth (the gate stays sound), never smaller.
struct Reach {
  Bytes first, last, all;
  bool nullable = true;    // matches the empty string
  bool one_class = true;   // every string is characters of one class...
  bool repeated = false;   // ...any number of them (x*, x+, x?): a run to step over
  bool may_be_skipped = true;  // some string is made of skipped bytes alone (or empty)
  // The strings themselves when they are few (a cue's words, a dash) and
  // asked for: the gate then looks for them whole.
  bool literal = false;
  std::vector<std::string> literals;
};

// Most strings listed for a piece; past it, only its bytes are followed.
constexpr std::size_t kMostLiterals = 1024;

void no_literals(Reach& r) {
  r.literal = false;
  r.literals.clear();
}

Reach followed_by(Reach a, Reach b) {
  if (a.all.none()) return b;  // a matches the empty string only (an assertion)
  if (b.all.none()) return a;
  Reach r;
  r.first = a.nullable ? a.first | b.first : a.first;
  r.last = b.nullable ? a.last | b.last : b.last;
  r.all = a.all | b.all;
  r.nullable = a.nullable && b.nullable;
  r.one_class = false;
  r.may_be_skipped = a.may_be_skipped && b.may_be_skipped;
  r.literal = a.literal && b.literal && a.literals.size() * b.literals.size() <= kMostLiterals;
  if (r.literal)
    for (const auto& head : a.literals)
      for (const auto& tail : b.literals) r.literals.push_back(head + tail);
  return r;
}

// `r` or `b`: appended in place, since lexicons make alternations of hundreds.
void add_alternative(Reach& r, Reach b) {
  r.first |= b.first;
  r.last |= b.last;
  r.all |= b.all;
  r.nullable = r.nullable || b.nullable;
  r.one_class = false;
  r.may_be_skipped = r.may_be_skipped || b.may_be_skipped;
  r.literal = r.literal && b.literal && r.literals.size() + b.literals.size() <= kMostLiterals;
  if (r.literal)
    std::move(b.literals.begin(), b.literals.end(), std::back_inserter(r.literals));
  else
    r.literals.clear();
}

Bytes byte_range(unsigned from, unsigned to) {
  Bytes b;
  for (unsigned i = from; i <= to && i < 256; ++i) b.set(i);
  return b;
}

const Bytes kAllBytes = Bytes().set();
const Bytes kContinuation = byte_range(0x80, 0xBF);

// The UTF-8 bytes of `c` into `out`; their number.
std::size_t encode_utf8(char32_t c, char (&out)[4]) {
  std::size_t length = 0;
  U8_APPEND_UNSAFE(out, length, static_cast<UChar32>(c));
  return length;
}

unsigned lead_byte(char32_t c) {
  char utf8[4];
  encode_utf8(c, utf8);
  return static_cast<unsigned char>(utf8[0]);
}

// A class of characters [from, to] (code points) as bytes: exact for one
// character, any continuation byte last for a range beyond ASCII.
Reach characters(char32_t from, char32_t to, bool with_literals) {
  Reach r;
  r.nullable = false;
  if (with_literals && to - from < 64) {
    r.literal = true;
    for (char32_t c = from; c <= to; ++c) {
      char utf8[4];
      r.literals.emplace_back(utf8, encode_utf8(c, utf8));
    }
  }
  if (from == to && from >= 0x80) {
    char utf8[4];
    const std::size_t length = encode_utf8(from, utf8);
    r.first.set(static_cast<unsigned char>(utf8[0]));
    r.last.set(static_cast<unsigned char>(utf8[length - 1]));
    for (std::size_t k = 0; k < length; ++k) r.all.set(static_cast<unsigned char>(utf8[k]));
    return r;
  }
  if (from < 0x80) {
    const Bytes ascii = byte_range(from, std::min<char32_t>(to, 0x7F));
    r.first |= ascii;
    r.last |= ascii;
  }
  if (to >= 0x80) {
    r.first |= byte_range(lead_byte(std::max<char32_t>(from, 0x80)), lead_byte(to));
    r.last |= kContinuation;
  }
  r.all = r.first | r.last;
  return r;
}

Reach any_character() {
  Reach r;
  r.first = r.last = r.all = kAllBytes;
  r.nullable = false;
  no_literals(r);
  return r;
}

// The ASCII characters outside `listed`, and any non-ASCII one.
Reach all_but(const Bytes& listed) {
  Reach r = any_character();
  for (unsigned b = 0; b < 0x80; ++b)
    if (listed[b]) r.first.reset(b), r.last.reset(b), r.all.reset(b);
  return r;
}

Bytes ascii_bytes(std::string_view chars) {
  Bytes b;
  for (const char c : chars) b.set(static_cast<unsigned char>(c));
  return b;
}

const Bytes kSpace = ascii_bytes("\t\n\f\r ");  // RE2's \s
const Bytes kDigit = byte_range('0', '9');
const Bytes kWord = kDigit | byte_range('A', 'Z') | byte_range('a', 'z') | ascii_bytes("_");

// Reads the RE2 syntax of a pattern, piece by piece; gives up on anything
// it does not follow, such as flags.
class SyntaxReader {
 public:
  // `skipped`: the bytes may_be_skipped is told for; `with_literals`:
  // whether the strings are listed too (that costs allocations).
  SyntaxReader(std::string_view p, const Bytes& skipped, bool with_literals)
      : p_(p), skipped_(skipped), with_literals_(with_literals) {}

  // The pattern read as one piece (an atom and its repeats); none when it
  // is more or is not understood.
  std::optional<Reach> one_piece() {
    if (p_.empty() || p_[0] == '|' || p_[0] == ')') return std::nullopt;
    Reach r = repeated();
    if (!known_ || i_ != p_.size()) return std::nullopt;
    return r;
  }

 private:
  Reach alternation() {
    Reach r = concatenation();
    while (known_ && i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      add_alternative(r, concatenation());
    }
    return r;
  }

  Reach concatenation() {
    Reach r = empty_string();
    while (known_ && i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') r = followed_by(std::move(r), repeated());
    return r;
  }

  Reach repeated() {
    const bool quoted = p_.substr(i_, 2) == "\\Q";
    Reach r = atom();
    std::size_t min = 0, max = 0, length = 0;
    while (known_ && (length = quantifier_length(p_, i_, min, max)) > 0) {
      // RE2 repeats the last character of \Q...\E alone, and after an empty
      // \Q\E the atom before it: not followed here.
      if (quoted) return give_up();
      i_ += length;
      if (max == 0) r = empty_string();  // x{0}: nothing at all
      if (min == 0) r.nullable = r.may_be_skipped = true;
      if (max > 1) {
        r.repeated = true;
        no_literals(r);
      } else if (min == 0 && max == 1 && r.literal) {
        r.literals.emplace_back();  // x?: the empty string too
      }
    }
    return r;
  }

  Reach atom() {
    const char c = p_[i_];
    if (c == '(') {
      ++i_;
      if (p_.substr(i_, 2) == "?:") {
        i_ += 2;
      } else if (p_.substr(i_, 3) == "?P<") {
        const std::size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) return give_up();
        i_ = close + 1;
      } else if (i_ < p_.size() && p_[i_] == '?') {
        return give_up();  // flags such as (?i) change what letters match
      }
      Reach r = alternation();
      if (i_ >= p_.size() || p_[i_] != ')') return give_up();
      ++i_;
      return r;
    }
    if (c == '[') return character_class();
    if (c == '\\') return escape_outside_class();
    if (c == '^' || c == '$') {
      ++i_;
      return empty_string();  // an assertion: read as the empty string, which admits more
    }
    if (c == '.') {
      ++i_;
      return leaf(any_character(), false);
    }
    if (c == '*' || c == '+' || c == '?' || c == '|' || c == ')') return give_up();
    const char32_t ch = decode_at(p_, i_);
    return leaf(characters(ch, ch, with_literals_), true);
  }

  Reach escape_outside_class() {
    if (i_ + 1 >= p_.size()) return give_up();
    const char kind = p_[i_ + 1];
    if (kind == 'b' || kind == 'B' || kind == 'A' || kind == 'z') {
      i_ += 2;
      return empty_string();
    }
    if (kind == 'Q') {  // literal text up to \E
      const std::size_t close = p_.find("\\E", i_ + 2);
      const std::size_t end = close == std::string_view::npos ? p_.size() : close;
      const std::string_view literal = p_.substr(i_ + 2, end - i_ - 2);
      i_ = close == std::string_view::npos ? p_.size() : close + 2;
      Reach r = empty_string();
      for (std::size_t at = 0; at < literal.size();) {
        const char32_t ch = decode_at(literal, at);
        r = followed_by(std::move(r), leaf(characters(ch, ch, with_literals_), true));
      }
      return r;
    }
    if (kind == 'C') {
      i_ += 2;
      return leaf(any_character(), false);
    }
    if (const auto ch = single_character()) return leaf(characters(*ch, *ch, with_literals_), true);
    Reach r;
    if (!escaped_set(r)) return give_up();
    return leaf(r, false);
  }

  // The character at i_, a literal or an escape standing for one (\x{E000},
  // \n, \.); none, and nothing read, for other escapes.
  std::optional<char32_t> single_character() {
    if (p_[i_] != '\\') return decode_at(p_, i_);
    if (i_ + 1 >= p_.size()) return std::nullopt;
    const char kind = p_[i_ + 1];
    const std::size_t length = escape_length(p_, i_);
    const std::string_view escape = p_.substr(i_, length);
    constexpr std::string_view kControls = "ntrfva", kControlBytes = "\n\t\r\f\v\a";
    if (const std::size_t control = kControls.find(kind); control != std::string_view::npos) {
      i_ += length;
      return static_cast<char32_t>(kControlBytes[control]);
    }
    if (kind == 'x') {
      const bool braced = escape.size() > 3 && escape[2] == '{';
      const std::string_view digits = braced ? escape.substr(3, escape.size() - 4) : p_.substr(i_ + 2, 2);
      char32_t ch = 0;
      for (const char d : digits) {
        const char lower = static_cast<char>(d | 0x20);
        const int v = d >= '0' && d <= '9' ? d - '0' : lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
        if (v < 0 || ch > 0x10FFFF) return std::nullopt;
        ch = ch * 16 + static_cast<char32_t>(v);
      }
      if (digits.empty() || (!braced && digits.size() != 2) || ch > 0x10FFFF) return std::nullopt;
      i_ += braced ? length : 4;
      return ch;
    }
    // Punctuation stands for itself; letters and digits are classes, assertions or octal.
    const auto byte = static_cast<unsigned char>(kind);
    if (length != 2 || byte >= 0x80 || std::isalnum(byte)) return std::nullopt;
    i_ += 2;
    return static_cast<char32_t>(kind);
  }

  // An escape at i_ that stands for a set of characters (\s, \W, \p{L}) into `r`.
  bool escaped_set(Reach& r) {
    const char kind = p_[i_ + 1];
    i_ += escape_length(p_, i_);
    auto bytes = [&](const Bytes& b) {
      r = Reach();
      r.first = r.last = r.all = b;
      r.nullable = false;
      return true;
    };
    switch (kind) {
      case 's': return bytes(kSpace);
      case 'd': return bytes(kDigit);
      case 'w': return bytes(kWord);
      case 'S': r = all_but(kSpace); return true;
      case 'D': r = all_but(kDigit); return true;
      case 'W': r = all_but(kWord); return true;
      case 'p': case 'P': r = any_character(); return true;
      default: return false;
    }
  }

  Reach character_class() {
    const std::size_t end = class_end(p_, i_);  // just past the closing ]
    ++i_;
    const bool negated = i_ < p_.size() && p_[i_] == '^';
    if (negated) ++i_;
    Reach members;  // no member yet
    members.nullable = false;
    members.literal = with_literals_;
    // Whether the members' ASCII bytes are exact, not only enough: a negated
    // class is the complement of exactly them.
    bool exact_ascii = true;
    while (known_ && i_ + 1 < end) {
      Reach item;
      if (const std::size_t length = posix_class_length(p_, i_)) {
        i_ += length;
        item = any_character();
        exact_ascii = false;
      } else if (const auto from = single_character()) {
        char32_t to = *from;
        if (i_ + 1 < end && p_[i_] == '-' && p_[i_ + 1] != ']') {
          ++i_;
          const auto last = single_character();
          if (!last || *last < *from) return give_up();
          to = *last;
        }
        item = characters(*from, to, with_literals_);
      } else {
        const char kind = p_[i_ + 1];  // an escape standing for a set
        if (!escaped_set(item)) return give_up();
        exact_ascii = exact_ascii && kind != 'p' && kind != 'P';  // \pL is read as any character
      }
      add_alternative(members, std::move(item));
    }
    i_ = end;
    if (negated && !exact_ascii) {
      members = any_character();
    } else if (negated) {
      Bytes listed;
      for (unsigned b = 0; b < 0x80; ++b)
        if (members.all[b]) listed.set(b);
      members = all_but(listed);
    }
    members.nullable = false;
    members.one_class = true;
    return leaf(members, false);
  }

  // The UTF-8 character at `at` (patterns are valid UTF-8: RE2 compiled them).
  static char32_t decode_at(std::string_view s, std::size_t& at) {
    const auto b = static_cast<unsigned char>(s[at]);
    const std::size_t length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t ch = length == 1 ? b : length == 2 ? b & 0x1F : length == 3 ? b & 0x0F : b & 0x07;
    for (std::size_t k = 1; k < length && at + k < s.size(); ++k)
      ch = (ch << 6) | (static_cast<unsigned char>(s[at + k]) & 0x3F);
    at = std::min(at + length, s.size());
    return ch;
  }

  Reach give_up() {
    known_ = false;
    i_ = p_.size();
    return any_character();
  }

  Reach empty_string() const {
    Reach r;
    if (with_literals_) {
      r.literal = true;
      r.literals.emplace_back();
    }
    return r;
  }

  // A piece of one character: exactly `r`'s bytes, or any one of a class.
  Reach leaf(Reach r, bool one_character) const {
    r.may_be_skipped = one_character ? (r.all & ~skipped_).none() : (r.all & skipped_).any();
    return r;
  }

  std::string_view p_;
  Bytes skipped_;
  bool with_literals_;
  std::size_t i_ = 0;
  bool known_ = true;
};

// The top-level pieces of `p` (atoms with their repeats), by syntax alone;
// false at a top-level | or an unbalanced parenthesis, and at flags
// anywhere: (?i) in a piece far from the quote changes the letters near it.
bool top_level_pieces(std::string_view p, std::vector<std::string_view>& out) {
  auto skip_escape_or_class = [&](std::size_t& i) {
    if (p[i] == '\\' && i + 1 < p.size() && p[i + 1] == 'Q') {
      const std::size_t close = p.find("\\E", i + 2);
      i = close == std::string_view::npos ? p.size() : close + 2;
    } else if (p[i] == '\\' && i + 1 < p.size()) {
      i += escape_length(p, i);
    } else if (p[i] == '[') {
      i = class_end(p, i);
    } else {
      return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < p.size();) {
    const std::size_t start = i;
    if (p[i] == '|' || p[i] == ')') return false;
    if (p[i] == '(') {
      int depth = 0;
      do {
        if (skip_escape_or_class(i)) continue;
        if (p.substr(i, 2) == "(?" && p.substr(i, 3) != "(?:" && p.substr(i, 3) != "(?P") return false;
        depth += p[i] == '(' ? 1 : p[i] == ')' ? -1 : 0;
        ++i;
      } while (i < p.size() && depth > 0);
      if (depth != 0) return false;
    } else if (!skip_escape_or_class(i)) {
      ++i;
      while (i < p.size() && (static_cast<unsigned char>(p[i]) & 0xC0) == 0x80) ++i;  // the rest of a character
    }
    std::size_t min = 0, max = 0;
    const std::size_t atom_end = i;
    while (const std::size_t length = quantifier_length(p, i, min, max)) i += length;
    // A repeat after \Q...\E reaches into it, or past an empty one into the piece before.
    if (i > atom_end && p.substr(start, 2) == "\\Q") return false;
    out.push_back(p.substr(start, i - start));
  }
  return true;
}

}  // namespace

QuoteGate QuoteGate::read(std::string_view pattern, bool quote_first) {
  QuoteGate gate;
  gate.quote_first_ = quote_first;
  std::vector<std::string_view> texts;
  if (!top_level_pieces(pattern, texts) || texts.size() < 2) return gate;
  if (!quote_first) std::reverse(texts.begin(), texts.end());  // from the quote outwards
  // Each piece is read on its own, as far out as the gate needs.
  auto read_piece = [](std::string_view text, const Bytes& skipped, bool with_literals) {
    return SyntaxReader(text, skipped, with_literals).one_piece();
  };
  // The placeholder, once, at the pattern's end.
  const auto quote = read_piece(texts[0], {}, false);
  const Bytes placeholder_lead = Bytes().set(0xEE), placeholder_last = Bytes().set(0x80);
  if (!quote || quote->nullable || quote->repeated || quote->first != placeholder_lead ||
      quote->last != placeholder_last || quote->all != (placeholder_lead | placeholder_last))
    return gate;

  // Pieces made of one class (\s*, \s+) are stepped over whole; then the
  // byte next to them is the nearest byte outside the skipped ones of some
  // later piece: of the first piece that cannot be all skipped bytes, or of
  // one before it.
  std::size_t k = 1;
  for (; k < texts.size(); ++k) {
    const auto r = read_piece(texts[k], {}, false);
    if (!r) return gate;
    if (!r->one_class || !(r->nullable || r->repeated)) break;
    gate.skip_ |= r->all;
  }
  // Next to them, a few words ("said", "according to"), each with an edge
  // byte that is not skipped: the skip stops right at the word, which must
  // then stand there whole.
  // Pieces that are one string each and made of skipped bytes ("that" in
  // "that\s+[^.]*?{Q}") lie inside the run the gate skips: it must hold them.
  std::string run_holds;
  bool run_holds_more = true;
  auto keep_run_holds = [&] {
    if (!run_holds.empty() && std::all_of(run_holds.begin(), run_holds.end(),
                                          [&](char c) { return gate.skip_[static_cast<unsigned char>(c)]; }))
      gate.run_holds_ = run_holds;
  };
  for (bool nearest = true; k < texts.size(); ++k, nearest = false) {
    const auto r = read_piece(texts[k], gate.skip_, nearest || run_holds_more);
    if (!r) return {};
    run_holds_more = run_holds_more && r->literal && r->literals.size() == 1 && !r->literals.front().empty();
    if (run_holds_more) run_holds = quote_first ? run_holds + r->literals.front() : r->literals.front() + run_holds;
    else keep_run_holds();
    auto near_edge = [&](const std::string& w) { return static_cast<unsigned char>(quote_first ? w.front() : w.back()); };
    if (nearest && r->literal && !r->literals.empty() &&
        std::all_of(r->literals.begin(), r->literals.end(),
                    [&](const std::string& w) { return !w.empty() && !gate.skip_[near_edge(w)]; })) {
      for (const std::string& w : r->literals) {
        gate.words_.insert(w);
        gate.word_lengths_.push_back(w.size());
      }
      std::sort(gate.word_lengths_.begin(), gate.word_lengths_.end());
      gate.word_lengths_.erase(std::unique(gate.word_lengths_.begin(), gate.word_lengths_.end()),
                               gate.word_lengths_.end());
    }
    const Bytes& near_side = quote_first ? r->first : r->last;
    gate.next_ |= ((near_side & gate.skip_).none() ? near_side : r->all) & ~gate.skip_;
    if (!r->may_be_skipped) {
      gate.checks_ = gate.next_.count() < 256 || !gate.word_lengths_.empty();
      break;
    }
    // Every byte is skipped or admitted: only a text's edge could still be
    // turned away, not worth reading a long pattern (a speaker's) for.
    if ((gate.next_ | gate.skip_).all() && gate.word_lengths_.empty()) break;
  }
  // (Past the last piece without a stop, every piece may be skipped bytes
  // alone: the byte test has nothing to check.)
  keep_run_holds();
  return gate;
}

// A gate that checks has a piece that cannot be skipped bytes alone: a text
// with nothing else up to its edge cannot match either.
bool QuoteGate::admits(std::string_view text, std::size_t quote_start, std::size_t quote_end) const {
  if (!checks_ && run_holds_.empty()) return true;
  std::size_t at = quote_first_ ? quote_end : quote_start;
  if (quote_first_) {
    while (at < text.size() && skip_[static_cast<unsigned char>(text[at])]) ++at;
  } else {
    while (at > 0 && skip_[static_cast<unsigned char>(text[at - 1])]) --at;
  }
  if (!run_holds_.empty()) {
    const std::string_view run = quote_first_ ? text.substr(quote_end, at - quote_end) : text.substr(at, quote_start - at);
    if (run.find(run_holds_) == std::string_view::npos) return false;
  }
  if (!checks_) return true;
  if (quote_first_) return at < text.size() && next_[static_cast<unsigned char>(text[at])] && word_at(text, at);
  return at > 0 && next_[static_cast<unsigned char>(text[at - 1])] && word_at(text, at);
}

bool QuoteGate::word_at(std::string_view text, std::size_t at) const {
  if (word_lengths_.empty()) return true;
  for (const std::size_t length : word_lengths_) {
    if (quote_first_ ? at + length > text.size() : length > at) return false;
    if (words_.contains(quote_first_ ? text.substr(at, length) : text.substr(at - length, length))) return true;
  }
  return false;
}

}  // namespace whosaid
