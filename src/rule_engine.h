// Compiled rules: every pattern in one RE2::Set to find the rules that can
// fire on a window, then the first of those in rule order for the captures.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "lexicon.h"
#include "rule_file.h"
#include "whosaid/extractor.h"

namespace whosaid {

struct CompiledRule {
  RuleSpec spec;
  std::string expanded;  // the pattern with macros replaced
  std::unique_ptr<RE2> regex;
  int speaker_group = -1;
  int cue_group = -1;
};

struct RuleMatch {
  int rule = -1;
  std::size_t speaker_start = 0, speaker_end = 0;  // window offsets, equal when absent
  std::size_t cue_start = 0, cue_end = 0;
  bool found() const { return rule >= 0; }
};

class RuleEngine {
 public:
  // Parses and compiles every *.rules file in `dir` (sorted by name) against
  // the lexicons; returns null when anything is wrong, with all diagnostics.
  static std::unique_ptr<RuleEngine> load(const std::string& dir,
                                          const std::map<std::string, Lexicon>& lexicons,
                                          std::vector<Diagnostic>& diagnostics);

  // The first rule, in priority order, whose pattern matches `window`.
  RuleMatch match(std::string_view window) const;

  const std::vector<CompiledRule>& rules() const { return rules_; }
  // A named macro or lexicon expanded to its pattern (for the linker's name scanner).
  const std::string* macro(const std::string& name) const;

 private:
  RuleEngine() = default;
  std::vector<CompiledRule> rules_;
  std::map<std::string, std::string> expanded_macros_;
  std::unique_ptr<RE2::Set> set_;
};

}  // namespace whosaid
