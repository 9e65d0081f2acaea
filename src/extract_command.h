// `whosaid [FILE...]`: extract quotes from text files, stdin or JSONL.
#pragma once

#include <string>
#include <vector>

namespace whosaid {

struct ExtractSettings {
  std::vector<std::string> files;  // "-" or empty: stdin
  std::string rules_dir;
  bool jsonl = false;              // input lines are {"id", "text"} objects
  std::string text_field = "text";
  std::string id_field = "id";
  bool all_spans = false;
  bool compact = false;            // one line per document even for one document
};

// Returns the process exit status: 0 ok, 1 some input was skipped, 2 fatal.
int run_extract(const ExtractSettings& settings);

}  // namespace whosaid
