// The whosaid library: load rules once, then extract quotes from many texts.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "whosaid/quote.h"

namespace whosaid {

// A problem found while loading rules, reported as "file:line: message".
struct Diagnostic {
  std::string file;
  int line = 0;
  std::string message;
  std::string str() const;
};

struct Options {
  bool all_spans = false;  // also report quoted spans that are not speech
};

// Immutable after load and safe to share between threads.
class Extractor {
 public:
  // Loads rules/<lang>/ from `rules_dir` (the folder holding *.rules and lexicons).
  // Returns null and fills `diagnostics` with every problem when a rule is bad.
  static std::unique_ptr<Extractor> load(const std::string& rules_dir,
                                         std::vector<Diagnostic>& diagnostics);
  ~Extractor();

  Document extract(std::string_view text, const Options& options = {}) const;

  // Runs each rule's own `match:`/`nomatch:` examples; returns the failures.
  std::vector<Diagnostic> check_examples() const;

  // Compiles every rule for its fastest matching now, where it would be
  // compiled at its first uses: for timing text that is new to the rules.
  void compile_rules() const;

  struct Impl;

 private:
  explicit Extractor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace whosaid
