// The speaker linker: one table of people per document; each quote's
// mention (a name, a surname, a pronoun, "the president") is resolved to a
// canonical speaker, and quotes without a rule inherit from their neighbours.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quote_marks.h"
#include "word_table.h"
#include "whosaid/extractor.h"
#include "whosaid/quote.h"

namespace whosaid {

struct LinkerLexicons {
  // Titles by their first word, each as its list of words: "Prime" -> {"Prime", "Minister"}.
  WordTable<std::vector<std::vector<std::string>>> titles;
  WordSet pronouns;        // "he", "He", "she", ...
  WordSet roles;           // "president", "spokesman", ... (lowercase)
  WordSet female;          // given names
  WordSet male;
  WordSet function_words;  // "the", "The", "but", "But": capitalised only at a sentence start
  WordSet org_words;       // "University", "Center": not a person
  WordSet connectors;      // "de", "van": lowercase words inside names
  WordSet cues;            // one-word reporting verbs: "said", "called"
  WordSet given_name_titles;  // "Sir", "Pope": followed by a given name, not a surname

  void add_title(const std::string& title);
  void add_connector(const std::string& connector);
  // Whether a word starting with `c` may be a connector: not when it is a
  // lowercase ASCII letter none starts with.
  bool may_start_connector(char c) const {
    return !(c >= 'a' && c <= 'z') || (connector_initials_ >> (c - 'a') & 1);
  }

 private:
  std::uint32_t connector_initials_ = 0;  // bit k: a connector starts with 'a' + k
};

// What the rule engine found for one quote.
struct Attribution {
  int rule = -1;          // index of the rule that fired, -1 when none
  std::string_view rule_id;  // the rule's own id (rules outlive a document)
  QuoteKind kind = QuoteKind::direct;
  Span mention;           // empty when the rule has no speaker group
  Span cue;
};

// One document's speakers. Built before the rules run: it scans the names of
// the whole text, and tells which quotes want a rule at all.
class SpeakerLinker {
 public:
  SpeakerLinker(std::string_view text, const std::vector<Span>& sentences, const std::vector<QuotedSpan>& quotes,
                const LinkerLexicons& lexicons);
  ~SpeakerLinker();
  SpeakerLinker(const SpeakerLinker&) = delete;
  SpeakerLinker& operator=(const SpeakerLinker&) = delete;

  // False for a quote whose rule match would go unused: a title or aside
  // (never speech) or a transcript line (its label names the speaker).
  bool needs_rule(std::size_t quote) const;

  // Builds the document: resolves mentions, fills in neighbours, drops spans
  // that are not speech unless `options.all_spans`. `attributions` holds one
  // entry per quote; those of quotes that need no rule are ignored, and a
  // mixed quote's cue may be moved nearer to it (with the mention before it).
  Document run(std::vector<Attribution>& attributions, const Options& options);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace whosaid
