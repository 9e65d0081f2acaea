#include "window.h"

#include <algorithm>

#include "text.h"

namespace whosaid {

// Unicode spaces (no-break, thin, ...) become as many ASCII spaces as they
// have bytes, so that \s in patterns matches them and offsets stay put.
void Window::append_with_ascii_spaces(std::string_view piece) {
  const std::size_t start = text_.size();
  text_.append(piece);
  // Only the non-ASCII bytes need a look.
  for (std::size_t i = end_of_ascii(text_, start, text_.size()); i + 1 < text_.size();
       i = end_of_ascii(text_, i + 1, text_.size())) {
    const auto b0 = static_cast<unsigned char>(text_[i]);
    const auto b1 = static_cast<unsigned char>(text_[i + 1]);
    if (b0 == 0xC2 && b1 == 0xA0) {
      text_[i] = text_[i + 1] = ' ';
    } else if (b0 == 0xE2 && i + 2 < text_.size() &&
               ((b1 == 0x80 && (static_cast<unsigned char>(text_[i + 2]) <= 0x8A ||
                                static_cast<unsigned char>(text_[i + 2]) == 0xAF)) ||
                (b1 == 0x81 && static_cast<unsigned char>(text_[i + 2]) == 0x9F))) {
      text_[i] = text_[i + 1] = text_[i + 2] = ' ';  // U+2000..U+200A, U+202F, U+205F
    }
  }
}

namespace {

// The first space at or after `pos` (a few bytes on at most), else the first
// character boundary: where a window cut short starts.
std::size_t cut_start(std::string_view text, std::size_t pos, std::size_t limit) {
  for (std::size_t p = pos; p < limit && p < pos + 64; ++p)
    if (text[p] == ' ' || text[p] == '\n' || text[p] == '\t') return p;
  while (pos < limit && is_continuation_byte(text[pos])) ++pos;
  return pos;
}

// The last space before `pos` (a few bytes back at most), else the last
// character boundary: where a window cut short ends.
std::size_t cut_end(std::string_view text, std::size_t pos, std::size_t limit) {
  for (std::size_t p = pos; p > limit && p + 64 > pos; --p)
    if (text[p - 1] == ' ' || text[p - 1] == '\n' || text[p - 1] == '\t') return p;
  while (pos > limit && pos < text.size() && is_continuation_byte(text[pos])) --pos;
  return pos;
}

}  // namespace

void Window::build(std::string_view text, Span extent, const std::vector<QuotedSpan>& quotes,
                   std::size_t target) {
  text_.clear();
  pieces_.clear();
  // At most kMaxContext bytes on either side of the quote, so that a
  // "sentence" that never ends costs no more per quote than a long real one.
  // Likewise at most kMaxOtherQuotes other quotes on either side (a list of
  // quoted words, a scraped script).
  const Span quote = quotes[target].whole();
  if (quote.start > extent.start && quote.start - extent.start > kMaxContext)
    extent.start = cut_start(text, quote.start - kMaxContext, quote.start);
  if (extent.end > quote.end && extent.end - quote.end > kMaxContext)
    extent.end = cut_end(text, quote.end + kMaxContext, quote.end);
  if (target >= kMaxOtherQuotes) extent.start = std::max(extent.start, quotes[target - kMaxOtherQuotes].whole().start);
  if (target + kMaxOtherQuotes < quotes.size())
    extent.end = std::min(extent.end, quotes[target + kMaxOtherQuotes].whole().end);
  std::size_t pos = extent.start;
  auto copy_to = [&](std::size_t end) {
    if (end <= pos) return;
    pieces_.push_back({text_.size(), pos, end - pos, false, end - pos});
    append_with_ascii_spaces(text.substr(pos, end - pos));
    pos = end;
  };
  // First quote that may overlap the extent.
  auto it = std::lower_bound(quotes.begin(), quotes.end(), extent.start,
                             [](const QuotedSpan& q, std::size_t at) { return q.whole().end <= at; });
  for (; it != quotes.end() && it->whole().start < extent.end; ++it) {
    const Span whole = it->whole();
    if (whole.start < pos) {
      // A quote cut by the start of the window is masked all the same.
      if (whole.end <= pos) continue;
      pieces_.push_back({text_.size(), pos, kOtherQuote.size(), true, whole.end - pos});
      text_.append(kOtherQuote);
      pos = whole.end;
      continue;
    }
    copy_to(whole.start);
    const bool is_target = static_cast<std::size_t>(it - quotes.begin()) == target;
    const std::string_view mark = is_target ? kTargetQuote : kOtherQuote;
    if (is_target) target_start_ = text_.size();
    pieces_.push_back({text_.size(), whole.start, mark.size(), true, whole.size()});
    text_.append(mark);
    pos = whole.end;
  }
  copy_to(std::max(pos, extent.end));
}

std::size_t Window::to_source(std::size_t offset, bool is_end) const {
  // The piece holding `offset` (for an end offset, the piece it closes).
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), offset - (is_end && offset ? 1 : 0),
                             [](std::size_t at, const Piece& p) { return at < p.window_start; });
  if (it == pieces_.begin()) return pieces_.empty() ? 0 : pieces_.front().source_start;
  const Piece& piece = *std::prev(it);
  if (piece.placeholder) return piece.source_start + (is_end ? piece.source_length : 0);
  return piece.source_start + std::min(offset - piece.window_start, piece.length);
}

Span Window::to_source(std::size_t start, std::size_t end) const {
  if (end <= start) return {to_source(start, false), to_source(start, false)};
  return {to_source(start, false), to_source(end, true)};
}

}  // namespace whosaid
