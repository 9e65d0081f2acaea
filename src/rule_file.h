// Parsing rules/<lang>/*.rules: macro definitions and rule blocks.
//
//   define NAME  <RE2 pattern, may use other {MACROS}>
//   rule en.quote-then-name-cue
//     kind     direct
//     gap      70          (optional: most bytes between the cue and the quote)
//     pattern  {Q},?\s+(?P<speaker>{NAME})\s+(?P<cue>{CUES})\b
//     match    “We won,” Ann Lee said. => speaker=Ann Lee cue=said
//     nomatch  “We won,” the crowd roared.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "whosaid/extractor.h"
#include "whosaid/quote.h"

namespace whosaid {

struct RuleExample {
  int line = 0;
  std::string text;
  bool should_match = true;
  std::string speaker;  // expected mention text, empty when not checked
  std::string cue;      // expected cue text, empty when not checked
};

struct RuleSpec {
  std::string id;
  std::string file;
  int line = 0;          // line of the `rule` keyword
  int pattern_line = 0;
  QuoteKind kind = QuoteKind::direct;
  std::string pattern;   // as written, macros not yet expanded
  std::size_t max_gap = 0;  // most bytes between cue and quote; 0: any
  std::vector<RuleExample> examples;
};

struct MacroSpec {
  std::string file;
  int line = 0;
  std::string pattern;
};

struct RuleFile {
  std::vector<RuleSpec> rules;
  std::map<std::string, MacroSpec> macros;
};

// Parses one file's text into `out`; problems go to `diagnostics`.
void parse_rule_file(const std::string& path, const std::string& content, RuleFile& out,
                     std::vector<Diagnostic>& diagnostics);

}  // namespace whosaid
