#include "linker.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <memory_resource>
#include <optional>
#include <span>

#include "text.h"

namespace whosaid {

namespace {

enum class Gender { unknown, male, female };

struct Word {
  Word(std::size_t start, std::string_view text) : start(start), text(text) {}
  std::size_t start;
  std::string_view text;
  std::size_t end() const { return start + text.size(); }
};

inline bool is_word_char(char32_t c) { return is_alnum(c) || c == '-' || c == '\'' || c == 0x2019 || c == '.' || c == 0xFFFD; }

// What an ASCII byte is to the word scanner; bytes from 0x80 up must be decoded.
enum ByteClass : std::uint8_t { kOther = 0, kAlnum = 1, kWordPunct = 2, kMultibyte = 4 };
constexpr std::array<std::uint8_t, 256> kByteClass = [] {
  std::array<std::uint8_t, 256> table{};
  for (int b = 0; b < 256; ++b) {
    const int folded = b | 0x20;
    if (b >= 0x80) table[b] = kMultibyte;
    else if ((b >= '0' && b <= '9') || (folded >= 'a' && folded <= 'z')) table[b] = kAlnum;
    else if (b == '-' || b == '\'' || b == '.') table[b] = kWordPunct;
  }
  return table;
}();

// Where the next word at or after `at` starts (a letter or digit), or a
// position at or past `end` when none does. Inline, like find_word_end: a
// scan calls both for every word.
inline std::size_t find_word_start(std::string_view text, std::size_t at, std::size_t end) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (;;) {
    while (at < end && !(kByteClass[bytes[at]] & (kAlnum | kMultibyte))) ++at;
    if (at >= end || kByteClass[bytes[at]] == kAlnum) return at;
    std::size_t next = at;
    if (is_alnum(decode_next(text, next))) return at;
    at = next;
  }
}

// Where a scan with no run open may resume without passing a word that could
// be capitalised: after the last byte that is no word character before the
// next ASCII capital or non-ASCII byte (the word holding it starts there at
// the earliest), or `end`. Most news text is lowercase words, skipped here
// sixteen bytes at a time.
inline std::size_t skip_lowercase_words(std::string_view text, std::size_t at, std::size_t end) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t p = find_capital_or_non_ascii(text, at, end);
  if (p >= end) return end;
  while (p > at && (kByteClass[bytes[p - 1]] & (kAlnum | kWordPunct))) --p;
  return p;
}

// Whether text[start, end) holds `wanted` words that start after a space
// with four lowercase ASCII letters: long words, and not capitalised ones.
// Sixteen positions at a time (eight without SSE2); a word close to `end`
// may go uncounted.
inline bool has_lowercase_long_words(std::string_view text, std::size_t start, std::size_t end, int wanted) {
#if defined(__SSE2__)
  auto marks = [&](std::size_t at, char lo, char hi) {
    return bytes_between(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at)), lo, hi);
  };
  // A word starts at p when p - 1 is a space; each load covers sixteen p.
  for (std::size_t p = start + 1; p + 3 + 16 <= end; p += 16) {
    const __m128i starts = _mm_and_si128(_mm_and_si128(marks(p - 1, ' ', ' '), marks(p, 'a', 'z')),
                                         _mm_and_si128(_mm_and_si128(marks(p + 1, 'a', 'z'), marks(p + 2, 'a', 'z')),
                                                       marks(p + 3, 'a', 'z')));
    // The marks' count, as the sums of each half's bytes once each mark is
    // 1 (no popcnt instruction on baseline x86-64).
    const __m128i sums = _mm_sad_epu8(_mm_and_si128(starts, _mm_set1_epi8(1)), _mm_setzero_si128());
    if ((wanted -= _mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4)) <= 0) return true;
  }
#else
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t kOnes = 0x0101010101010101u, kHighBits = kOnes * 0x80;
    // The high bit of each byte of `ascii` (all below 0x80, so no carries)
    // that lies in [lo, hi].
    auto bytes_in_range = [](std::uint64_t ascii, unsigned lo, unsigned hi) {
      return (ascii + kOnes * (0x80 - lo)) & ~(ascii + kOnes * (0x7F - hi));
    };
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    auto marks = [&](std::size_t at, unsigned lo, unsigned hi) {
      std::uint64_t chunk;
      std::memcpy(&chunk, bytes + at, sizeof chunk);
      return bytes_in_range(chunk & ~kHighBits, lo, hi) & ~chunk & kHighBits;
    };
    // A word starts at p when p - 1 is a space; each load covers eight p.
    for (std::size_t p = start + 1; p + 3 + sizeof(std::uint64_t) <= end; p += sizeof(std::uint64_t)) {
      const std::uint64_t starts = marks(p - 1, ' ', ' ') & marks(p, 'a', 'z') & marks(p + 1, 'a', 'z') &
                                   marks(p + 2, 'a', 'z') & marks(p + 3, 'a', 'z');
      // One mark per byte at most: their count is the sum of the bytes (no
      // popcnt instruction on baseline x86-64, and std::popcount calls libgcc).
      if ((wanted -= static_cast<int>(((starts >> 7) * kOnes) >> 56)) <= 0) return true;
    }
  }
#endif
  return false;
}

// The rest of find_word_end(), from a non-ASCII byte at `at`.
std::size_t find_multibyte_word_end(std::string_view text, std::size_t at, std::size_t end) {
  for (;;) {
    std::size_t next = at;
    if (!is_word_char(decode_next(text, next))) return at;
    at = end_of_ascii_word(text, next, end);
    if (at == end || static_cast<unsigned char>(text[at]) < 0x80) return at;
  }
}

// Where the scan of the word starting at `at` stops: past its letters, digits
// and - ' ’ . (some of which its text then leaves off).
inline std::size_t find_word_end(std::string_view text, std::size_t at, std::size_t end) {
  at = end_of_ascii_word(text, at, end);
  if (at == end || static_cast<unsigned char>(text[at]) < 0x80) return at;
  return find_multibyte_word_end(text, at, end);
}

// A scanned word's text: trailing - ' ’, a possessive 's and a final period
// (but an initial's or abbreviation's) are kept off. Never empty, as a word
// starts with a letter or digit.
std::string_view trim_word_end(std::string_view w) {
  while (!w.empty() && (w.back() == '-' || w.back() == '\'')) w.remove_suffix(1);
  if (w.size() >= 3 && w.ends_with("'s")) w.remove_suffix(2);
  if (w.size() >= 5 && w.ends_with("\xE2\x80\x99s")) w.remove_suffix(4);
  if (w.ends_with("\xE2\x80\x99")) w.remove_suffix(3);
  if (w.size() > 4 && w.back() == '.' && w.find('.') == w.size() - 1) w.remove_suffix(1);
  return w;
}
// Inline for most words, which end in a letter or digit and keep it (but an
// s may end a possessive).
inline std::string_view trim_word(std::string_view w) {
  const auto last = static_cast<unsigned char>(w.back());
  return kByteClass[last] == kAlnum && last != 's' ? w : trim_word_end(w);
}

// The words of text[start, end), the first `limit` of them, into `words`,
// which is cleared first. A word is a run of letters, digits and - ' ’ .
void collect_words(std::string_view text, std::size_t start, std::size_t end, std::vector<Word>& words,
                   std::size_t limit = std::numeric_limits<std::size_t>::max()) {
  words.clear();
  for (std::size_t at = start; words.size() < limit;) {
    const std::size_t word_start = find_word_start(text, at, end);
    if (word_start >= end) break;
    at = find_word_end(text, word_start, end);
    words.emplace_back(word_start, trim_word(text.substr(word_start, at - word_start)));
  }
}

bool is_capitalised(std::string_view w) {
  const auto first = static_cast<unsigned char>(w[0]);  // words are never empty
  return first < 0x80 ? first >= 'A' && first <= 'Z' : is_upper(code_point_at(w, 0));
}

template <typename String>
void append_lower(String& out, std::string_view s) {
  const std::size_t from = out.size();
  out += s;
  for (std::size_t i = from; i < out.size(); ++i)
    if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] - 'A' + 'a');
}

std::string lower(std::string_view s) {
  std::string out;
  append_lower(out, s);
  return out;
}

bool is_name_suffix(std::string_view w) {
  return w == "Jr." || w == "Sr." || w == "Jr" || w == "Sr" || w == "II" || w == "III" || w == "IV";
}

// A name seen in the text: its core words (titles and determiners removed).
// Plain numbers, so that the growing table of names copies them cheaply.
struct NameMention {
  Span span;
  std::size_t first_word = 0, word_count = 0;  // its words in Linker::name_words_
  // Its title words in Linker::titles_, lowercased, each followed by a space; none when empty.
  Span title;
  // 1 + the index of the entity it stands for; 0 until known, kNoEntity when none.
  std::size_t entity = 0;
  static constexpr std::size_t kNoEntity = std::numeric_limits<std::size_t>::max();
  bool is_full_form() const { return word_count >= 2 || !title.empty(); }
};

struct Line {
  std::size_t start, end;  // end: its '\n' or the end of the text
  bool blank;              // nothing but spaces and tabs
  bool headline;
};

// The index of the last of `items` (sorted by their `start`) that starts at
// or before `pos`; 0 when none does.
template <typename Item>
std::size_t last_starting_by(std::span<const Item> items, std::size_t pos) {
  const auto it = std::upper_bound(items.begin(), items.end(), pos,
                                   [](std::size_t p, const Item& item) { return p < item.start; });
  return it == items.begin() ? 0 : static_cast<std::size_t>(it - items.begin() - 1);
}

// last_starting_by() for positions asked in text order, as quotes are: a
// step or two on from the previous answer instead of a binary search.
template <typename Item>
class StartCursor {
 public:
  explicit StartCursor(std::span<const Item> items) : items_(items) {}
  std::size_t operator()(std::size_t pos) {
    if (current_ < items_.size() && items_[current_].start > pos) current_ = last_starting_by(items_, pos);
    while (current_ + 1 < items_.size() && items_[current_ + 1].start <= pos) ++current_;
    return current_;
  }

 private:
  std::span<const Item> items_;
  std::size_t current_ = 0;
};

constexpr std::size_t kNoEntityIndex = std::numeric_limits<std::size_t>::max();

struct Entity {
  std::span<const std::string_view> words;  // longest full form
  std::size_t mentions = 0;
  std::size_t first = 0;
  std::string titles;  // every title seen with it, lowercased, space separated
  Gender gender = Gender::unknown;
  bool person = false;
  // The next entity with the same surname, and with the same first word (see EntityList).
  std::size_t next_same_surname = kNoEntityIndex, next_same_first_word = kNoEntityIndex;
  std::string name() const {
    std::string out;
    for (const auto& w : words) {
      if (!out.empty()) out += ' ';
      out += w;
    }
    return out;
  }
  std::string_view surname() const {
    if (words.size() >= 2 && is_name_suffix(words.back())) return words[words.size() - 2];
    return words.back();
  }
};

// The entities that share a word, in the order they were found: a list
// threaded through Entity by one of its `next_` members.
struct EntityList {
  std::size_t first = kNoEntityIndex, last = kNoEntityIndex;
};

// The first block of a linker's arena, one per thread (a linker runs on one
// thread): most documents need no more.
std::span<std::byte> thread_arena() {
  thread_local std::vector<std::byte> block(256 << 10);
  return block;
}

class Linker {
 public:
  Linker(std::string_view text, const std::vector<Span>& sentences,
         const std::vector<QuotedSpan>& quotes, const LinkerLexicons& lexicons)
      : text_(text), sentences_(sentences), quotes_(quotes), lex_(lexicons) {
    // Room for as many names and lines as the text can hold: the arena keeps
    // every buffer a growing vector leaves, which on text dense with
    // capitals took some 150 bytes per byte.
    const CapitalsAndLines counts = count_capitals_and_lines(text);
    names_.reserve(counts.capital_starts);
    name_words_.reserve(2 * counts.capital_starts);  // a connector between each two words at most
    lines_.reserve(counts.line_feeds + 1);
    scan_names();
    build_entities();
    title_or_aside_.reserve(quotes.size());
    StartCursor<Line> line_at(lines_);
    for (const auto& q : quotes_) title_or_aside_.push_back(is_title_or_aside(q, lines_[line_at(q.open_mark.start)]));
  }

  bool needs_rule(std::size_t quote) const {
    return !title_or_aside_[quote] && transcript_label(quotes_[quote]).empty();
  }

  Document run(std::vector<Attribution>& attributions, const Options& options);

 private:
  // Number of words of the longest title starting at words[first], 0 if none.
  std::size_t title_length(const std::vector<Word>& words, std::size_t first) const {
    const auto* titles = lex_.titles.find(words[first].text);
    if (!titles) return 0;
    std::size_t best = 0;
    for (const auto& title : *titles) {
      if (title.size() <= best || first + title.size() > words.size()) continue;
      bool same = true;
      for (std::size_t i = 1; i < title.size() && same; ++i) same = words[first + i].text == title[i];
      if (same) best = title.size();
    }
    return best;
  }

  // `titles` as title_of() gives them: lowercased words, each followed by a space.
  static bool has_title_word(std::string_view titles, std::string_view word) {
    for (std::size_t at = 0; at < titles.size();) {
      const std::size_t space = std::min(titles.find(' ', at), titles.size());
      if (titles.substr(at, space - at) == word) return true;
      at = space + 1;
    }
    return false;
  }

  Gender gender_of_first_name(std::string_view w) const {
    if (lex_.female.contains(w)) return Gender::female;
    if (lex_.male.contains(w)) return Gender::male;
    return Gender::unknown;
  }

  void add_run(const std::vector<Word>& run) {
    std::size_t first = 0;
    while (first < run.size() && lex_.function_words.contains(run[first].text)) ++first;
    if (first >= run.size()) return;
    const std::size_t title_start = titles_.size();
    // The name follows the last title: "Massachusetts Sen. Elizabeth Warren",
    // "Retired Lt. Gen. Michael Flynn". A title never takes the last word:
    // "King" and "Chief" are surnames too.
    for (std::size_t i = first; i + 1 < run.size(); ++i) {
      const std::size_t t = title_length(run, i);
      if (t == 0 || i + t >= run.size()) continue;
      for (std::size_t k = i; k < i + t; ++k) {
        append_lower(titles_, run[k].text);
        titles_ += ' ';
      }
      first = i + t;
      i = first - 1;
    }
    NameMention& m = names_.emplace_back();
    m.span = {run[first].start, run.back().end()};
    m.first_word = name_words_.size();
    m.word_count = run.size() - first;
    m.title = {title_start, titles_.size()};
    for (std::size_t i = first; i < run.size(); ++i) name_words_.push_back(run[i].text);
    full_forms_ += m.is_full_form();
  }

  // A line in title case ("Trump Proposes to Send ...") capitalises verbs too.
  bool is_headline(std::size_t start, std::size_t end) const {
    constexpr std::size_t kMostWords = 30;
    // Headlines have at most 30 words and 85% of their long ones capitalised:
    // five long words in lowercase rule a line out, as they do most lines of prose.
    if (has_lowercase_long_words(text_, start, end, 5)) return false;
    std::size_t words = 0, long_words = 0, capitalised = 0;
    for (std::size_t at = start;;) {
      const std::size_t word_start = find_word_start(text_, at, end);
      if (word_start >= end) break;
      if (++words > kMostWords) return false;
      at = find_word_end(text_, word_start, end);
      const std::string_view w = trim_word(text_.substr(word_start, at - word_start));
      if (w.size() < 4) continue;
      ++long_words;
      capitalised += is_capitalised(w);
      // Prose is known after a few words: even were all words left long and
      // capitalised, they could not make the share.
      const std::size_t words_left = kMostWords - words;
      if ((capitalised + words_left) * 100 < (long_words + words_left) * 85) return false;
    }
    return long_words >= 3 && capitalised * 100 >= long_words * 85;
  }

  // Runs of capitalised words outside quotations, line by line, headlines
  // skipped.
  void scan_names() {
    std::size_t quote = 0;
    std::vector<Word> run;
    bool run_ends_in_connector = false;
    auto flush = [&] {
      if (run_ends_in_connector) run.pop_back();
      if (!run.empty()) add_run(run);
      run.clear();
      run_ends_in_connector = false;
    };
    for (std::size_t line_start = 0; line_start < text_.size();) {
      std::size_t line_end = text_.find('\n', line_start);
      if (line_end == std::string_view::npos) line_end = text_.size();
      const bool blank =
          text_.substr(line_start, line_end - line_start).find_first_not_of(" \t") == std::string_view::npos;
      lines_.push_back({line_start, line_end, blank, !blank && is_headline(line_start, line_end)});
      if (lines_.back().headline) {
        line_start = line_end + 1;
        continue;
      }
      for (std::size_t at = line_start;;) {
        if (run.empty()) at = skip_lowercase_words(text_, at, line_end);
        const std::size_t start = find_word_start(text_, at, line_end);
        if (start >= line_end) break;
        at = find_word_end(text_, start, line_end);
        while (quote < quotes_.size() && quotes_[quote].whole().end <= start) ++quote;
        if (quote < quotes_.size() && quotes_[quote].whole().start <= start) {
          flush();  // a quotation breaks a run, and its words are never names
          // The scan resumes where the quotation ends, inside a word too.
          at = std::max(at, quotes_[quote].whole().end);
          continue;
        }
        const std::string_view text = text_.substr(start, at - start);
        // A word joins the run it follows when one space parts them.
        auto joins_run = [&] {
          return !run.empty() && run.back().end() + 1 == start && text_[start - 1] == ' ' &&
                 !ends_sentence(run.back());
        };
        if (is_capitalised(text)) {
          if (!joins_run()) flush();
          run.emplace_back(start, trim_word(text));
          run_ends_in_connector = false;
        } else if (run.empty()) {
          continue;  // most words: lowercase, after no run
        } else if (!run_ends_in_connector && joins_run() && lex_.connectors.contains(trim_word(text))) {
          run.emplace_back(start, trim_word(text));  // "Charles de Gaulle": kept if a capitalised word follows
          run_ends_in_connector = true;
        } else {
          flush();
          continue;
        }
        // A word joins only a run that ends in a space, untrimmed: a run no
        // word can join is added now, and the scan skips on to a capital.
        if (run.back().end() != at || at >= line_end || text_[at] != ' ') {
          flush();
        } else if (!run_ends_in_connector && !could_join(text_, at + 1, line_end)) {
          // Most often a lowercase word follows: no need to read it.
          flush();
          ++at;
        }
      }
      flush();
      line_start = line_end + 1;
    }
  }

  // A word with a final period that is no initial, title or suffix ends its
  // sentence: "said Jane Roe. Then Roe left." holds two names.
  bool ends_sentence(const Word& w) const {
    if (!w.text.ends_with('.')) return false;
    const std::size_t letters = w.text.size() - 1;
    if (letters == 1 || w.text.find('.') < letters || is_name_suffix(w.text)) return false;
    return !lex_.titles.contains(w.text);
  }

  // Whether the word starting at `at` may join a run.
  bool could_join(std::string_view text, std::size_t at, std::size_t end) const {
    return at >= end || lex_.may_start_connector(text[at]);
  }

  // Groups names by surname; a full form (two words or more) is an entity.
  void build_entities() {
    // Room for every full form: the indexes are filled without growing.
    entities_.reserve(full_forms_);
    by_surname_.reserve(full_forms_);
    by_first_word_.reserve(full_forms_);
    for (auto& m : names_) {
      if (!m.is_full_form()) continue;
      m.entity = entity_for_full_form(m) + 1;
    }
    for (std::size_t i = 0; i < entities_.size(); ++i) {
      if (entities_[i].words.size() > 1)
        append(by_first_word_[entities_[i].words.front()], &Entity::next_same_first_word, i);
    }
  }

  void append(EntityList& list, std::size_t Entity::*next, std::size_t entity) {
    if (list.last == kNoEntityIndex) list.first = entity;
    else entities_[list.last].*next = entity;
    list.last = entity;
  }

  std::string_view title_of(const NameMention& m) const {
    return std::string_view(titles_).substr(m.title.start, m.title.size());
  }

  std::span<const std::string_view> words_of(const NameMention& m) const {
    return {name_words_.data() + m.first_word, m.word_count};
  }

  std::size_t entity_for_full_form(const NameMention& m) {
    const auto words = words_of(m);
    Entity probe;
    probe.words = words;
    EntityList& same_surname = by_surname_[probe.surname()];
    for (std::size_t i = same_surname.first; i != kNoEntityIndex; i = entities_[i].next_same_surname) {
      Entity& e = entities_[i];
      // Same person when the first names agree or one form is the bare surname.
      if (words.size() >= 2 && e.words.size() >= 2 && e.words.front() != words.front()) continue;
      const bool longer = words.size() > e.words.size();
      if (longer) e.words = words;
      note_mention(e, m, longer);
      return i;
    }
    probe.first = m.span.start;
    note_mention(probe, m, true);
    entities_.push_back(std::move(probe));
    append(same_surname, &Entity::next_same_surname, entities_.size() - 1);
    return entities_.size() - 1;
  }

  // `new_words`: the entity's words are new to it. What its words tell (a
  // given name, an organisation) is looked up only then: it cannot change.
  void note_mention(Entity& e, const NameMention& m, bool new_words) {
    const std::string_view title = title_of(m);
    ++e.mentions;
    e.titles += title;
    if (new_words && e.words.size() >= 2 && e.gender == Gender::unknown)
      e.gender = gender_of_first_name(e.words.front());
    auto titled = [&](std::initializer_list<std::string_view> words) {
      return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return has_title_word(title, w); });
    };
    if (titled({"mrs.", "ms.", "mrs", "ms"})) e.gender = Gender::female;  // with a period or without (British)
    if (titled({"mr.", "mr"})) e.gender = Gender::male;
    // A titled name, a known given name, or two or three words none of which
    // names an organisation ("Angelique Brunner" but not "Seton Hall University").
    // Once a person, always one: the words need no second look.
    auto plain_name = [&] {
      return e.words.size() >= 2 && e.words.size() <= 3 &&
             std::none_of(e.words.begin(), e.words.end(),
                          [&](std::string_view w) { return lex_.org_words.contains(w); });
    };
    if (!e.person) e.person = !title.empty() || e.gender != Gender::unknown || (new_words && plain_name());
  }

  // The entity a bare name refers to: among the full forms holding it as
  // surname (or, failing that, as first name), the most mentioned; the first
  // seen on a tie.
  std::optional<std::size_t> entity_for_name(std::span<const std::string_view> words) const {
    auto most_mentioned = [&](const auto& index, std::size_t Entity::*next, std::string_view key, auto&& accepts) {
      std::optional<std::size_t> best;
      const EntityList* found = index.find(key);
      if (!found) return best;
      for (std::size_t i = found->first; i != kNoEntityIndex; i = entities_[i].*next)
        if (accepts(entities_[i]) && (!best || entities_[i].mentions > entities_[*best].mentions)) best = i;
      return best;
    };
    auto contains_all = [&](const Entity& e) {
      return std::all_of(words.begin(), words.end(), [&](std::string_view w) {
        return std::find(e.words.begin(), e.words.end(), w) != e.words.end();
      });
    };
    if (auto by_surname = most_mentioned(by_surname_, &Entity::next_same_surname, words.back(), contains_all))
      return by_surname;
    if (words.size() > 1) return std::nullopt;
    return most_mentioned(by_first_word_, &Entity::next_same_first_word, words.front(),
                          [](const Entity&) { return true; });
  }

  // The most mentioned entity of two words or more that starts with `word`.
  std::optional<std::size_t> entity_by_first_word(std::string_view word) const {
    std::optional<std::size_t> best;
    if (const EntityList* found = by_first_word_.find(word))
      for (std::size_t i = found->first; i != kNoEntityIndex; i = entities_[i].next_same_first_word)
        if (!best || entities_[i].mentions > entities_[*best].mentions) best = i;
    return best;
  }

  // The entity a name mention stands for, if any. Pronouns and roles look
  // back over the same names quote after quote: each is looked up once.
  std::optional<std::size_t> entity_of(NameMention& m) const {
    if (m.entity == 0) {
      const auto e = entity_for_name(words_of(m));
      m.entity = e ? *e + 1 : NameMention::kNoEntity;
    }
    if (m.entity == NameMention::kNoEntity) return std::nullopt;
    return m.entity - 1;
  }

  // The canonical speaker a mention stands for; empty when nobody was found.
  std::string resolve(Span mention, std::size_t quote_start);
  std::string resolve_pronoun(std::string_view pronoun, std::size_t before);
  std::string resolve_role(std::string_view role, std::size_t before);
  std::string entity_name(std::size_t e) const { return entities_[e].name(); }
  // The first name mention at or after `pos`.
  std::pmr::vector<NameMention>::iterator names_before(std::size_t pos) {
    return std::lower_bound(names_.begin(), names_.end(), pos,
                            [](const NameMention& m, std::size_t p) { return m.span.start < p; });
  }

  std::size_t sentence_of(std::size_t pos) const { return last_starting_by(std::span(sentences_), pos); }
  bool same_paragraph(std::size_t a, std::size_t b) const {
    return text_.substr(a, b - a).find('\n') == std::string_view::npos;
  }

  bool looks_like_speech(const QuotedSpan& q);
  // `line`: the line holding the quote's opening mark.
  bool is_title_or_aside(const QuotedSpan& q, const Line& line);
  Span transcript_label(const QuotedSpan& q) const;
  bool opens_paragraph(const QuotedSpan& q) const {
    std::size_t pos = q.open_mark.start;
    while (pos > 0 && (text_[pos - 1] == ' ' || text_[pos - 1] == '\t')) --pos;
    return pos == 0 || text_[pos - 1] == '\n' || text_[pos - 1] == '\r';
  }
  bool is_plural_or_neuter(Span mention) const {
    const std::string word = lower(text_.substr(mention.start, mention.size()));
    return word == "it" || word == "they" || word == "we";
  }
  std::size_t paragraphs_between(std::size_t a, std::size_t b) const {
    const std::string_view gap = text_.substr(a, b > a ? b - a : 0);
    std::size_t count = 0;
    for (std::size_t p = gap.find('\n'); p != std::string_view::npos; p = gap.find('\n', p + 1))
      if (p + 1 < gap.size() && gap[p + 1] != '\n') ++count;
    return count;
  }
  bool reported_after(const QuotedSpan& q) const;
  void move_cues_to_nearest(std::vector<Attribution>& attributions);
  void mark_clauses(Document& doc) const;
  void number_paragraphs(Document& doc) const;

  std::string_view text_;
  const std::vector<Span>& sentences_;
  const std::vector<QuotedSpan>& quotes_;
  const LinkerLexicons& lex_;
  // The document's tables live in one arena, released with the linker: a
  // heap allocation per name, entity and index entry cost more than the rest.
  std::pmr::monotonic_buffer_resource arena_{thread_arena().data(), thread_arena().size()};
  std::pmr::vector<NameMention> names_{&arena_};  // in text order
  // The words of all names, each name's in a row; complete before entities view into it.
  std::pmr::vector<std::string_view> name_words_{&arena_};
  std::pmr::string titles_{&arena_};  // the titles of all names, each name's in a row
  std::size_t full_forms_ = 0;  // names that are full forms
  std::pmr::vector<Line> lines_{&arena_};  // every line of the text, in order
  std::vector<Word> words_;  // scratch, reused
  std::vector<std::string_view> core_words_;  // scratch for resolve(), reused
  std::vector<bool> title_or_aside_;  // by quote
  std::pmr::vector<Entity> entities_{&arena_};
  // Entities by surname, and (those of two words or more) by first word; the
  // words are views into the text.
  WordTable<EntityList, std::string_view> by_surname_, by_first_word_;
};

std::string Linker::resolve(Span mention, std::size_t quote_start) {
  std::vector<Word>& words = words_;
  collect_words(text_, mention.start, mention.end, words);
  if (words.empty()) return {};
  std::size_t first = 0;
  while (first < words.size() && lex_.function_words.contains(words[first].text) &&
         !lex_.pronouns.contains(words[first].text)) {
    ++first;
  }
  for (std::size_t t; first < words.size() && (t = title_length(words, first)) > 0 &&
                     (first + t < words.size() || !is_capitalised(words.front().text));) {
    first += t;
  }
  if (first >= words.size()) {
    // Only a title or determiner: "the president", "the senator".
    return resolve_role(lower(words.back().text), mention.start);
  }
  const bool single_word = words.size() - first == 1;
  if (single_word && lex_.pronouns.contains(words[first].text))
    return resolve_pronoun(lower(words[first].text), quote_start);
  if (!is_capitalised(words.back().text)) {
    // A description: "the senator", "a spokesman for the ministry",
    // "Obama's former campaign strategist".
    if (single_word) {
      const std::string head = lower(words[first].text);
      if (lex_.roles.contains(head)) {
        std::string role_holder = resolve_role(head, mention.start);
        if (!role_holder.empty()) return role_holder;
      }
    }
    return std::string(text_.substr(mention.start, mention.end - mention.start));
  }
  // The name is the last run of capitalised words: "White House press
  // secretary Josh Earnest", "Tulsa police Chief Chuck Jordan".
  std::size_t run_start = words.size() - 1;
  while (run_start > first && is_capitalised(words[run_start - 1].text)) --run_start;
  for (std::size_t i = run_start; i + 1 < words.size(); ++i) {
    const std::size_t t = title_length(words, i);
    if (t > 0 && i + t < words.size()) run_start = i + t;
  }
  std::vector<std::string_view>& core = core_words_;
  core.clear();
  for (std::size_t i = run_start; i < words.size(); ++i) core.push_back(words[i].text);
  // "Sir Keir": a title that stands before a given name, not a surname.
  const bool after_given_name_title =
      core.size() == 1 && run_start > 0 && lex_.given_name_titles.contains(words[run_start - 1].text);
  if (const auto e = after_given_name_title ? entity_by_first_word(core.front()) : std::nullopt)
    return entity_name(*e);
  if (const auto e = entity_for_name(core)) return entity_name(*e);
  std::string name;
  for (const auto& w : core) {
    if (!name.empty()) name += ' ';
    name += w;
  }
  return name;
}

std::string Linker::resolve_pronoun(std::string_view pronoun, std::size_t before) {
  Gender wanted = Gender::unknown;
  if (pronoun == "he" || pronoun == "him") wanted = Gender::male;
  else if (pronoun == "she" || pronoun == "her") wanted = Gender::female;
  else return {};  // I, we, they, it: resolved from the previous quote by the caller
  // The nearest person who may be meant: a given name or title of the other
  // gender rules one out, an unknown gender does not ("Tom Fisher spoke.
  // Then Sen. Johnson ... he said": Johnson).
  int looked = 0;
  for (auto it = std::make_reverse_iterator(names_before(before)); it != names_.rend() && looked < 12; ++it) {
    const auto e = entity_of(*it);
    if (!e) continue;
    const Entity& entity = entities_[*e];
    if (!entity.person) continue;
    ++looked;
    if (entity.gender == wanted || entity.gender == Gender::unknown) return entity_name(*e);
  }
  return {};
}

std::string Linker::resolve_role(std::string_view role, std::size_t before) {
  int looked = 0;
  for (auto it = std::make_reverse_iterator(names_before(before)); it != names_.rend() && looked++ < 50; ++it) {
    const auto e = entity_of(*it);
    if (!e) continue;
    if (entities_[*e].titles.find(role) != std::string::npos) return entity_name(*e);
  }
  return {};
}

// Titles of works and shows ("Face the Nation", 'All Bets Are Off.') and
// stage directions ("(CROSSTALK.)") are quoted but not speech.
bool Linker::is_title_or_aside(const QuotedSpan& q, const Line& line) {
  const std::string_view content = text_.substr(q.content.start, q.content.size());
  if (content.front() == '(' && content.find(')') >= content.size() - 2) return true;
  // In a headline every word is capitalised, quotes included. A headline is
  // short: a line with a break far from the quote is taken for none.
  constexpr std::size_t kLongestHeadline = 400;
  const std::size_t pos = q.open_mark.start;
  const bool line_start_known = pos <= kLongestHeadline || (line.start > 0 && pos - line.start < kLongestHeadline);
  const bool line_end_known = line.end - pos < kLongestHeadline || pos + kLongestHeadline >= text_.size();
  if (line.headline && line_start_known && line_end_known) return false;
  // A title has two to twelve words, the first and every long one
  // capitalised or a number: read only until one is not.
  constexpr std::size_t kMostWords = 12;
  std::size_t words = 0, long_words = 0;
  for (std::size_t at = q.content.start;;) {
    const std::size_t word_start = find_word_start(text_, at, q.content.end);
    if (word_start >= q.content.end) break;
    if (++words > kMostWords) return false;
    at = find_word_end(text_, word_start, q.content.end);
    const std::string_view w = trim_word(text_.substr(word_start, at - word_start));
    if (w.size() < 4 && words > 1) continue;
    ++long_words;
    if (!is_capitalised(w) && !(w[0] >= '0' && w[0] <= '9')) return false;
  }
  // After a possessive one word will do: Fox News Channel’s “Hannity,”.
  const std::string_view before = text_.substr(0, q.open_mark.start);
  const bool after_possessive = before.ends_with("’s ") || before.ends_with("'s ");
  return (long_words >= 2 || (after_possessive && long_words == 1)) && !reported_after(q);
}

// “Your Honor,” I said; “It’s not new in Virginia,” said Rep. Bobby Scott:
// a quote ending in , ! or ? whose closing mark is followed by a cue, or by a
// pronoun or a few capitalised words and a cue that ends the clause, is
// speech, however capitalised its words.
bool Linker::reported_after(const QuotedSpan& q) const {
  const char32_t last = code_point_before(text_, q.content.end);
  if (last != ',' && last != '!' && last != '?') return false;
  constexpr std::size_t kMostWords = 5;
  const std::size_t end = std::min(text_.size(), q.close_mark.end + 80);
  std::size_t at = q.close_mark.end, words = 0;
  for (; words < kMostWords; ++words) {
    // The next word, with only blanks before it.
    const std::size_t word_start = find_word_start(text_, at, end);
    if (word_start >= end || word_start != skip_spaces(text_, at, end)) return false;
    at = find_word_end(text_, word_start, end);
    const std::string_view w = trim_word(text_.substr(word_start, at - word_start));
    if (lex_.cues.contains(w)) {
      // "said Rep. Bobby Scott", or "I said," / "Mr. Kerry said.": not "she
      // added the words", "answering questions".
      if (words == 0) return !w.ends_with("ing");
      const std::size_t after = skip_spaces(text_, word_start + w.size(), end);  // a word may hold its period
      return after >= end || text_[after] == ',' || text_[after] == '.';
    }
    if (!is_capitalised(w) && !lex_.pronouns.contains(w)) return false;
  }
  return false;
}

// An upper-case name and a colon opening the quote: "PENCE: Well, ...".
Span Linker::transcript_label(const QuotedSpan& q) const {
  const std::size_t limit = std::min(q.content.end, q.content.start + 40);
  std::size_t pos = q.content.start;
  bool letters = false;
  while (pos < limit) {
    const char c = text_[pos];
    if (c == ':') break;
    if ((c >= 'A' && c <= 'Z')) letters = true;
    else if (c != ' ' && c != '.' && c != '\'' && c != '-') return {};
    ++pos;
  }
  if (pos >= limit || !letters || pos - q.content.start < 2 || pos + 1 >= q.content.end) return {};
  if (text_[pos + 1] != ' ') return {};
  return {q.content.start, pos};
}

bool Linker::looks_like_speech(const QuotedSpan& q) {
  // A sentence-like quote this long is speech even without a closing mark.
  constexpr std::size_t kSpeechWords = 8;
  collect_words(text_, q.content.start, q.content.end, words_, kSpeechWords);
  const std::size_t words = words_.size();
  if (words < 4) return false;
  const char32_t first = code_point_at(text_, q.content.start);
  const char32_t last = code_point_before(text_, q.content.end);
  const bool sentence_like = is_upper(first) || first == '.' || first == 0x2026;
  const bool ends_like_speech = last == '.' || last == ',' || last == '?' || last == '!' ||
                                last == 0x2026 || last == 0x2014 || last == '-';
  return sentence_like && (ends_like_speech || words >= kSpeechWords);
}

Document Linker::run(std::vector<Attribution>& attributions, const Options& options) {
  move_cues_to_nearest(attributions);
  Document doc;
  std::map<std::string, int> speaker_index;
  const Quote* previous = nullptr;  // the last reported quote (doc.quotes is reserved)
  std::size_t previous_source = 0;
  doc.quotes.reserve(quotes_.size());
  StartCursor<Span> sentence_at(sentences_);

  for (std::size_t i = 0; i < quotes_.size(); ++i) {
    const QuotedSpan& q = quotes_[i];
    const Attribution& a = attributions[i];
    Quote quote;
    quote.content = q.content;
    quote.unclosed = q.close_mark.empty();
    quote.sentence = sentence_at(q.open_mark.start);
    std::string who;
    if (title_or_aside_[i]) {
      if (options.all_spans) {
        quote.kind = QuoteKind::span;
        quote.rule = "scan.title";
        doc.quotes.push_back(std::move(quote));
      }
      continue;
    }
    if (const Span label = transcript_label(q); !label.empty()) {
      // "WALLACE: Let's start ...": an interview transcript names its speaker.
      quote.kind = QuoteKind::direct;
      quote.rule = "link.transcript-label";
      quote.mention = label;
      quote.cue = {label.end, label.end + 1};
      quote.content.start = skip_spaces(text_, label.end + 1, quote.content.end);
      who = resolve(label, q.open_mark.start);
    } else if (a.rule >= 0) {
      quote.kind = a.kind;
      quote.rule = a.rule_id;
      quote.cue = a.cue;
      quote.mention = a.mention;
      if (!a.mention.empty()) {
        who = resolve(a.mention, q.open_mark.start);
        // "it added", "they wrote": the body or group quoted just before.
        if (who.empty() && previous && previous->speaker >= 0 && is_plural_or_neuter(a.mention) &&
            paragraphs_between(previous_source, q.open_mark.start) <= 2) {
          who = doc.speakers[static_cast<std::size_t>(previous->speaker)].name;
        }
      } else if (previous && quote.sentence == previous->sentence) {
        // "..., adding, “...”": the subject of the earlier quote.
        quote.mention = previous->mention;
        who = previous->speaker >= 0 ? doc.speakers[static_cast<std::size_t>(previous->speaker)].name : "";
      }
    } else if (previous && (q.continues_previous ||
                            same_paragraph(previous_source, q.open_mark.start))) {
      // The next paragraph of the same speech, or the second half of a split quote.
      quote.kind = previous->kind;
      quote.rule = q.continues_previous ? "link.continuation" : "link.split";
      quote.mention = previous->mention;
      if (previous->speaker >= 0) who = doc.speakers[static_cast<std::size_t>(previous->speaker)].name;
    } else if (previous && previous->speaker >= 0 && opens_paragraph(q) &&
               paragraphs_between(previous_source, q.open_mark.start) <= 1 && looks_like_speech(q)) {
      // A paragraph of quotation right after an attributed one: the same voice.
      quote.kind = QuoteKind::direct;
      quote.rule = "link.next-paragraph";
      quote.mention = previous->mention;
      who = doc.speakers[static_cast<std::size_t>(previous->speaker)].name;
    } else if (looks_like_speech(q)) {
      quote.kind = QuoteKind::direct;
      quote.rule = "scan.unattributed";
    } else if (options.all_spans) {
      quote.kind = QuoteKind::span;
      quote.rule = "scan.span";
      doc.quotes.push_back(std::move(quote));
      continue;
    } else {
      continue;
    }
    if (!who.empty()) {
      const auto [it, fresh] = speaker_index.try_emplace(who, static_cast<int>(doc.speakers.size()));
      if (fresh) doc.speakers.push_back({who, 0, {}});
      quote.speaker = it->second;
      Speaker& s = doc.speakers[static_cast<std::size_t>(quote.speaker)];
      ++s.quotes;
      // Mentions come in text order, so a repeated one is the last one.
      if (!quote.mention.empty() && (s.mentions.empty() || s.mentions.back() != quote.mention))
        s.mentions.push_back(quote.mention);
    }
    doc.quotes.push_back(std::move(quote));
    previous = &doc.quotes.back();
    previous_source = q.whole().end;
  }
  mark_clauses(doc);
  number_paragraphs(doc);
  return doc;
}

// Until here a quote's `sentence` indexes sentences_; it becomes the
// paragraph of the opening mark and the sentence's place within it. Every
// paragraph (line) starts a span of sentences_.
void Linker::number_paragraphs(Document& doc) const {
  std::size_t line = 0, paragraphs = 0;  // an index in lines_; the non-blank lines before it
  auto line_start = [&] { return line < lines_.size() ? lines_[line].start : text_.size(); };  // past the last: the end
  StartCursor<Span> sentence_at(sentences_);
  for (Quote& quote : doc.quotes) {
    const std::size_t mark_sentence = quote.sentence;
    const std::size_t at = sentences_[mark_sentence].start;
    // On to the line holding `at` (a line break belongs to the line it ends;
    // a last line without one is never left).
    for (; line < lines_.size() && lines_[line].end < text_.size() && lines_[line].end < at; ++line)
      paragraphs += !lines_[line].blank;
    quote.paragraph = paragraphs;
    quote.sentence = mark_sentence - sentence_at(line_start());
  }
  for (; line < lines_.size(); ++line) paragraphs += !lines_[line].blank;
  doc.paragraphs = paragraphs;
  // The last line, when it is not blank, is the open paragraph.
  if (!text_.empty() && text_.back() != '\n' && paragraphs > 0 && !lines_.back().blank)
    doc.open_paragraph_sentences = sentences_.size() - sentence_of(lines_.back().start);
}

// A mixed quote's cue is the reporting verb nearest before it: in "Bush
// referred to Rubio as “a leader” but described his skills as “a work in
// progress”", the second fragment is reported by "described". Words inside
// other quotations are not cues. A name or pronoun right before the nearer
// cue is its speaker: "Ann Cole thinks so, and Bo Diaz said it was “wrong”".
void Linker::move_cues_to_nearest(std::vector<Attribution>& attributions) {
  std::vector<Word>& words = words_;
  auto quoted = quotes_.begin();
  for (std::size_t i = 0; i < quotes_.size(); ++i) {
    Attribution& a = attributions[i];
    const QuotedSpan& q = quotes_[i];
    if (a.rule < 0 || a.kind != QuoteKind::mixed || a.cue.empty() || a.cue.end >= q.open_mark.start) continue;
    std::size_t at = a.cue.end;
    while (quoted != quotes_.end() && quoted->whole().end <= at) ++quoted;
    for (auto inner = quoted; at < q.open_mark.start; ++inner) {
      // The next stretch outside quotations, up to this quote's opening mark at the latest.
      const std::size_t stop = inner != quotes_.end() ? std::min(inner->whole().start, q.open_mark.start)
                                                      : q.open_mark.start;
      collect_words(text_, at, stop, words);
      for (std::size_t k = 0; k < words.size(); ++k) {
        if (!lex_.cues.contains(words[k].text)) continue;
        a.cue = {words[k].start, words[k].end()};
        std::size_t first = k;
        while (first > 0 && is_capitalised(words[first - 1].text) &&
               !lex_.function_words.contains(words[first - 1].text))
          --first;
        if (first < k || (k > 0 && lex_.pronouns.contains(words[k - 1].text)))
          a.mention = {words[first < k ? first : k - 1].start, words[k - 1].end()};
      }
      if (inner == quotes_.end()) break;
      at = std::max(stop, inner->whole().end);
    }
  }
}

// A mixed quote's clause runs from its cue to the end of the last fragment
// with the same cue, or on to the sentence end when little follows.
// Words after the last fragment that still belong to a mixed quote's clause.
constexpr int kClauseTailWords = 20;

void Linker::mark_clauses(Document& doc) const {
  for (std::size_t i = 0; i < doc.quotes.size();) {
    Quote& first = doc.quotes[i];
    std::size_t group_end = i + 1;
    if (first.kind != QuoteKind::mixed || first.cue.empty()) {
      i = group_end;
      continue;
    }
    while (group_end < doc.quotes.size() && doc.quotes[group_end].kind == QuoteKind::mixed &&
           doc.quotes[group_end].cue == first.cue) {
      ++group_end;
    }
    const Quote& last = doc.quotes[group_end - 1];
    std::size_t start = first.cue.end < first.content.start ? first.cue.end : first.content.start;
    // "said in a statement that ...": the clause begins at its "that".
    const std::size_t that = text_.substr(start, first.content.start - start).rfind(" that ");
    if (that != std::string_view::npos) start += that + 1;
    start = skip_spaces(text_, start, first.content.start);
    std::size_t end = last.content.end;
    const auto source = std::lower_bound(quotes_.begin(), quotes_.end(), last.content.end,
                                         [](const QuotedSpan& q, std::size_t at) { return q.content.end < at; });
    if (source != quotes_.end() && source->content.end == last.content.end) end = source->whole().end;
    const Span sentence = sentences_[last.sentence];
    std::size_t stop = end;
    int words = 0;
    for (std::size_t p = end; p < sentence.end; ++p) {
      const char c = text_[p];
      if (c == ',' || c == ';' || c == ':' || c == '(' || c == '\n' || c == '"') break;
      if (text_.substr(p, 3) == "\xE2\x80\x94" || text_.substr(p, 3) == "\xE2\x80\x93") break;  // dashes
      if (c == ' ') ++words;
      stop = p + 1;
    }
    // The sentence's own final punctuation is not part of the clause.
    for (char32_t c; stop > end && ((c = code_point_before(text_, stop)) == '.' || c == '!' || c == '?' ||
                                    is_space(c));) {
      stop -= utf8_length(c);
    }
    // A comma closing the fragment (“...,” and that ...) closes the clause too.
    const bool fragment_ends_clause = code_point_before(text_, last.content.end) == ',';
    if (words <= kClauseTailWords && !fragment_ends_clause) end = stop;
    end = trim_spaces_back(text_, start, end);
    for (std::size_t k = i; k < group_end; ++k) doc.quotes[k].clause = {start, end};
    i = group_end;
  }
}

}  // namespace

struct SpeakerLinker::Impl {
  Linker linker;
};

SpeakerLinker::SpeakerLinker(std::string_view text, const std::vector<Span>& sentences,
                             const std::vector<QuotedSpan>& quotes, const LinkerLexicons& lexicons)
    : impl_(new Impl{Linker(text, sentences, quotes, lexicons)}) {}

SpeakerLinker::~SpeakerLinker() = default;

bool SpeakerLinker::needs_rule(std::size_t quote) const { return impl_->linker.needs_rule(quote); }

Document SpeakerLinker::run(std::vector<Attribution>& attributions, const Options& options) {
  return impl_->linker.run(attributions, options);
}

}  // namespace whosaid

namespace whosaid {

void LinkerLexicons::add_title(const std::string& title) {
  std::vector<std::string> words;
  for (std::size_t pos = 0; pos < title.size();) {
    const std::size_t space = title.find(' ', pos);
    const std::size_t end = space == std::string::npos ? title.size() : space;
    if (end > pos) words.push_back(title.substr(pos, end - pos));
    pos = end + 1;
  }
  if (!words.empty()) titles[words.front()].push_back(std::move(words));
}

void LinkerLexicons::add_connector(const std::string& connector) {
  const char first = connector.front();  // entries are never empty
  if (first >= 'a' && first <= 'z') connector_initials_ |= std::uint32_t{1} << (first - 'a');
  connectors.insert(connector);
}

}  // namespace whosaid
