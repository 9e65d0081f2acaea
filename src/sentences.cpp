#include "sentences.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>
#include <unicode/utext.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "text.h"

namespace whosaid {

namespace {

// One ICU iterator per thread: creating or cloning one costs more than
// splitting a short article.
icu::BreakIterator* thread_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator;
  if (!iterator) {
    UErrorCode status = U_ZERO_ERROR;
    // Abbreviations are ours (abbreviations.txt), not ICU's "ss=standard"
    // filter, which costs a third of the sentence pass.
    iterator.reset(icu::BreakIterator::createSentenceInstance(icu::Locale("en"), status));
    if (U_FAILURE(status)) iterator.reset();
  }
  return iterator.get();
}

}  // namespace

SentenceSplitter::SentenceSplitter(std::unordered_set<std::string> abbreviations)
    : abbreviations_(std::move(abbreviations)) {
  if (!thread_iterator()) throw std::runtime_error("ICU sentence iterator unavailable");
}

SentenceSplitter::~SentenceSplitter() = default;

namespace {

bool is_line_break(char c) { return c == '\n' || c == '\r'; }

// Longer words are never abbreviations: the look-back stops there, so that a
// text without spaces ("x?Y?x?Y...") is not scanned again at every boundary.
constexpr std::size_t kLongestAbbreviation = 64;

// The word (run of non-space bytes) ending at `end`, after trimming spaces;
// empty when it is longer than kLongestAbbreviation.
std::string_view last_word(std::string_view text, std::size_t end) {
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
  std::size_t start = end;
  while (start > 0 && !is_space(code_point_before(text, start)) && text[start - 1] != '(' &&
         text[start - 1] != '"') {
    if (end - start >= kLongestAbbreviation) return {};
    --start;
  }
  return text.substr(start, end - start);
}

}  // namespace

// Whether the break ICU proposes at `boundary` should be dropped.
bool SentenceSplitter::keeps_together(std::string_view text, std::size_t boundary) const {
  if (boundary == 0 || boundary >= text.size()) return false;
  if (is_line_break(text[boundary - 1])) return false;  // paragraphs always end sentences
  const char32_t next = code_point_at(text, boundary);
  if (is_lower(next)) return true;  // “Why?” he asked.  / a.m. on Monday
  const std::string_view word = last_word(text, boundary);
  if (word.empty() || word.back() != '.') return false;
  if (abbreviations_.count(std::string(word))) return true;
  // An initial: "J. Edgar", "George W. Bush".
  const std::size_t letters = word.size() - 1;
  return letters == 1 && is_upper(static_cast<unsigned char>(word[0]));
}

namespace {

// Plain text is split in parts of 512 KB: their buffer is kept between calls.
constexpr std::size_t kKeptUtf16Units = std::size_t{1} << 20;

// Maps UTF-16 offsets of a valid UTF-8 text back to byte offsets, visited in
// increasing order.
class ByteOffsets {
 public:
  explicit ByteOffsets(std::string_view text) : text_(text) {}

  std::size_t operator()(std::size_t unit) {
    while (unit_ < unit) {
      const std::size_t ascii_end = end_of_ascii(text_, byte_, std::min(text_.size(), byte_ + (unit - unit_)));
      unit_ += ascii_end - byte_;
      byte_ = ascii_end;
      if (unit_ == unit || byte_ == text_.size()) break;
      const auto lead = static_cast<unsigned char>(text_[byte_]);
      const std::size_t length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      byte_ += length;
      unit_ += length == 4 ? 2 : 1;  // a surrogate pair beyond the BMP
    }
    return byte_;
  }

 private:
  std::string_view text_;
  std::size_t byte_ = 0, unit_ = 0;
};

// Valid UTF-8 to UTF-16, into `out` (at least text.size() units); returns
// the units written. ASCII, most of news text, is widened in runs.
std::size_t to_utf16(std::string_view text, UChar* out) {
  std::size_t units = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t ascii_end = end_of_ascii(text, pos, text.size());
    for (; pos < ascii_end; ++pos) out[units++] = static_cast<unsigned char>(text[pos]);
    if (pos == text.size()) break;
    const char32_t c = decode_next(text, pos);
    if (c < 0x10000) {
      out[units++] = static_cast<UChar>(c);
    } else {
      out[units++] = U16_LEAD(c);
      out[units++] = U16_TRAIL(c);
    }
  }
  return units;
}

// The Sentence_Break class (UAX #29) of `c`, as ICU's rules read it.
USentenceBreak sentence_break(char32_t c) {
  static const auto ascii = [] {
    std::array<USentenceBreak, 0x80> classes{};
    for (char32_t a = 0; a < 0x80; ++a)
      classes[a] = static_cast<USentenceBreak>(u_getIntPropertyValue(static_cast<UChar32>(a), UCHAR_SENTENCE_BREAK));
    return classes;
  }();
  if (c < 0x80) return ascii[c];
  return static_cast<USentenceBreak>(u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_SENTENCE_BREAK));
}

bool is_terminator(USentenceBreak b) { return b == U_SB_STERM || b == U_SB_ATERM; }

// Whether ICU finds no sentence boundary inside `paragraph`, only at its end.
// By UAX #29 a boundary follows only a paragraph separator (SB4) or a
// sentence terminator (SB11), and none follows a terminator that only
// terminators, closing punctuation, spaces and the paragraph's line feed
// follow (SB8a-SB10): "“We will win,” Trump said.\n" is one sentence. So
// are a third of the paragraphs ICU would read, a fifth of its bytes.
bool is_one_sentence(std::string_view paragraph) {
  std::size_t pos = 0;
  // Up to the first terminator only those, separators and characters beyond
  // ASCII need a look.
  for (;;) {
    pos = find_byte<AlsoStop::non_ascii, '.', '!', '?', '\n', '\r'>(paragraph, pos);
    if (pos == paragraph.size()) return true;
    const USentenceBreak c = sentence_break(decode_next(paragraph, pos));
    if (is_terminator(c)) break;
    if (c == U_SB_SEP || c == U_SB_CR || c == U_SB_LF) return c == U_SB_LF && pos == paragraph.size();
  }
  bool spaces = false;
  while (pos < paragraph.size()) {
    const USentenceBreak c = sentence_break(decode_next(paragraph, pos));
    if (c == U_SB_SP) {
      spaces = true;
    } else if (c == U_SB_LF) {
      return pos == paragraph.size();
    } else if (spaces || !(is_terminator(c) || c == U_SB_CLOSE)) {
      return false;
    }
  }
  return true;
}

}  // namespace

// Sentence spans as they are found: contiguous, blank lines joined to the
// sentence before them, the text's last span kept whole.
struct SentenceSplitter::Spans {
  std::string_view text;
  std::vector<Span> list;
  std::size_t start = 0;
  void close(std::size_t boundary) {
    if (text.substr(start, boundary - start).find_first_not_of(" \t\r\n") == std::string_view::npos &&
        !list.empty()) {
      list.back().end = boundary;
    } else {
      list.push_back({start, boundary});
    }
    start = boundary;
  }
};

// ICU's boundaries in text[from, to), which holds whole paragraphs; `to` is
// one too unless it ends the text.
void SentenceSplitter::split_paragraphs(std::string_view text, std::size_t from, std::size_t to,
                                        const std::vector<QuotedSpan>& quotes, Spans& spans) const {
  const std::string_view run = text.substr(from, to - from);
  icu::BreakIterator* iterator = thread_iterator();
  // ICU iterates over UTF-16 faster than over UTF-8, which its UText converts
  // a few code points at a time behind each access: the text is converted
  // once, into a buffer kept per thread (never more units than bytes).
  thread_local std::vector<UChar> utf16;
  if (utf16.size() < run.size()) utf16.resize(run.size());
  // One huge document (a --jsonl record of many MB) leaves no buffer that size behind.
  struct ReleaseIfHuge {
    std::vector<UChar>& buffer;
    ~ReleaseIfHuge() {
      if (buffer.size() > kKeptUtf16Units) std::vector<UChar>().swap(buffer);
    }
  } release_if_huge{utf16};
  UErrorCode status = U_ZERO_ERROR;
  const auto utf16_length = static_cast<int64_t>(to_utf16(run, utf16.data()));
  UText utext_storage = UTEXT_INITIALIZER;
  UText* utext = utext_openUChars(&utext_storage, utf16.data(), utf16_length, &status);
  if (iterator) iterator->setText(utext, status);
  if (iterator && U_SUCCESS(status)) {
    ByteOffsets byte_offset(run);
    auto quote = std::lower_bound(quotes.begin(), quotes.end(), from,
                                  [](const QuotedSpan& q, std::size_t at) { return q.whole().end <= at; });
    for (int32_t b = iterator->next(); b != icu::BreakIterator::DONE; b = iterator->next()) {
      const std::size_t boundary = from + byte_offset(static_cast<std::size_t>(b));
      if (boundary >= to) break;
      // No boundary inside a quotation (a multi-sentence quote is one unit).
      while (quote != quotes.end() && quote->whole().end <= boundary) ++quote;
      if (quote != quotes.end() && quote->whole().start < boundary && boundary < quote->whole().end &&
          !is_line_break(text[boundary - 1])) {
        continue;
      }
      if (keeps_together(text, boundary)) continue;
      spans.close(boundary);
    }
  }
  utext_close(utext);
  if (to < text.size()) spans.close(to);
}

std::vector<Span> SentenceSplitter::split(std::string_view text,
                                          const std::vector<QuotedSpan>& quotes) const {
  if (text.empty()) return {};
  Spans spans{text, {}, 0};
  // ICU runs only over the paragraphs that need sentences and may hold more
  // than one. ICU always breaks after a line feed, so a paragraph splits alone
  // as it does in the whole text.
  auto quote = quotes.begin();
  std::size_t run_start = std::string_view::npos;  // of the paragraphs to split
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t newline = text.find('\n', pos);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    while (quote != quotes.end() && quote->whole().end <= pos) ++quote;
    const std::size_t last = trim_spaces_back(text, pos, end);
    const bool needs_sentences = ((quote != quotes.end() && quote->whole().start < end) ||
                                  (last > pos && text[last - 1] == ':') || newline == std::string_view::npos) &&
                                 !is_one_sentence(text.substr(pos, end - pos));
    if (needs_sentences && run_start == std::string_view::npos) run_start = pos;
    if (!needs_sentences) {
      if (run_start != std::string_view::npos) split_paragraphs(text, run_start, pos, quotes, spans);
      run_start = std::string_view::npos;
      if (end < text.size()) spans.close(end);
    }
    pos = end;
  }
  if (run_start != std::string_view::npos) split_paragraphs(text, run_start, text.size(), quotes, spans);
  spans.list.push_back({spans.start, text.size()});
  return std::move(spans.list);
}

}  // namespace whosaid
