// The speaker linker: one table of people per document; each quote's
// mention (a name, a surname, a pronoun, "the president") is resolved to a
// canonical speaker, and quotes without a rule inherit from their neighbours.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "quote_marks.h"
#include "whosaid/extractor.h"
#include "whosaid/quote.h"

namespace whosaid {

struct LinkerLexicons {
  std::vector<std::string> titles;          // "President", "Sen.", "Prime Minister"
  std::unordered_set<std::string> pronouns; // "he", "she", "they", ... (lowercase)
  std::unordered_set<std::string> roles;    // "president", "spokesman", ... (lowercase)
  std::unordered_set<std::string> female;   // given names
  std::unordered_set<std::string> male;
  std::unordered_set<std::string> function_words;  // capitalised at a sentence start only
  std::unordered_set<std::string> org_words;       // "University", "Center": not a person
};

// What the rule engine found for one quote.
struct Attribution {
  int rule = -1;          // index of the rule that fired, -1 when none
  std::string rule_id;
  QuoteKind kind = QuoteKind::direct;
  Span mention;           // empty when the rule has no speaker group
  Span cue;
};

// Builds the document: resolves mentions, fills in neighbours, drops spans
// that are not speech unless `options.all_spans`.
Document link_speakers(std::string_view text, const std::vector<Span>& sentences,
                       const std::vector<QuotedSpan>& quotes,
                       const std::vector<Attribution>& attributions, const LinkerLexicons& lexicons,
                       const Options& options);

}  // namespace whosaid
