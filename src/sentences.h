// Sentence splitting: ICU's sentence BreakIterator, corrected for
// abbreviations and quotations.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "quote_marks.h"
#include "whosaid/quote.h"

namespace whosaid {

class SentenceSplitter {
 public:
  // `abbreviations` end in a period ("Dr.", "U.S.") and never end a sentence.
  explicit SentenceSplitter(std::unordered_set<std::string> abbreviations);
  ~SentenceSplitter();

  // Contiguous spans covering `text`. A boundary never falls inside a
  // quotation, and a closing mark keeps the clause after it ("...,” he said.").
  // `text` must be valid UTF-8, as prepare_for_matching makes it (otherwise
  // it is one span).
  std::vector<Span> split(std::string_view text, const std::vector<QuotedSpan>& quotes) const;

 private:
  bool keeps_together(std::string_view text, std::size_t boundary) const;

  std::unordered_set<std::string> abbreviations_;
};

}  // namespace whosaid
