// The text a rule sees: a sentence in which the quote being attributed is
// replaced by U+E000 ({Q} in patterns) and every other quote by U+E001
// ({OTHER_Q}), so patterns never match words inside quotations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "quote_marks.h"

namespace whosaid {

inline constexpr std::string_view kTargetQuote = "\xEE\x80\x80";  // U+E000
inline constexpr std::string_view kOtherQuote = "\xEE\x80\x81";   // U+E001

class Window {
 public:
  // Most bytes of context kept on either side of the quote (the longest seen
  // in news is under 1 KB).
  static constexpr std::size_t kMaxContext = 2048;
  // Most other quotes masked on either side of the quote.
  static constexpr std::size_t kMaxOtherQuotes = 16;

  // Masks the quotes of `quotes` that lie in `extent`; `target` indexes `quotes`.
  void build(std::string_view text, Span extent, const std::vector<QuotedSpan>& quotes,
             std::size_t target);

  std::string_view text() const { return text_; }
  // Where the target quote's placeholder stands in text().
  std::size_t target_start() const { return target_start_; }
  std::size_t target_end() const { return target_start_ + kTargetQuote.size(); }
  // Maps a range of the window back to the input; ranges inside a placeholder
  // map to the whole quote.
  Span to_source(std::size_t start, std::size_t end) const;

 private:
  struct Piece {
    std::size_t window_start, source_start, length;
    bool placeholder;
    std::size_t source_length;
  };
  std::size_t to_source(std::size_t offset, bool is_end) const;
  void append_with_ascii_spaces(std::string_view piece);

  std::string text_;
  std::vector<Piece> pieces_;
  std::size_t target_start_ = 0;
};

}  // namespace whosaid
