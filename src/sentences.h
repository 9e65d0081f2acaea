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

  // Contiguous spans covering `text`, a paragraph (line) never sharing one
  // with the next. The paragraphs rules and numbering look into — those
  // holding a quote, ending in a colon ("He said:"), or ending the text
  // without a line feed — are cut into sentences; any other paragraph is one
  // span. A boundary never falls inside a quotation, and a closing mark keeps
  // the clause after it ("...,” he said."). Blank lines belong to the span
  // before them. `text` must be valid UTF-8, as prepare_for_matching makes it.
  std::vector<Span> split(std::string_view text, const std::vector<QuotedSpan>& quotes) const;

 private:
  struct Spans;
  void split_paragraphs(std::string_view text, std::size_t from, std::size_t to,
                        const std::vector<QuotedSpan>& quotes, Spans& spans) const;
  bool keeps_together(std::string_view text, std::size_t boundary) const;

  std::unordered_set<std::string> abbreviations_;
};

}  // namespace whosaid
