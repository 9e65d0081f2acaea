// Finding quotations: pairing quotation marks and telling apostrophes apart.
#pragma once

#include <string_view>
#include <vector>

#include "whosaid/quote.h"

namespace whosaid {

struct QuotedSpan {
  Span open_mark;
  Span close_mark;          // empty when the quote never closes
  Span content;             // between the marks, surrounding white space trimmed
  bool continues_previous = false;  // next paragraph of the previous quote's speech
  bool single = false;      // delimited by single quotation marks
  Span whole() const { return {open_mark.start, close_mark.empty() ? content.end : close_mark.end}; }
};

// Outermost quotations of `text` in order. Nested quotations stay inside
// their outer quote; a quote left open ends at its paragraph.
std::vector<QuotedSpan> find_quotes(std::string_view text);

}  // namespace whosaid
