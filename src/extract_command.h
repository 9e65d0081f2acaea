// `whosaid [FILE...]`: extract quotes from text files, stdin or JSONL.
#pragma once

#include <cstddef>
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
  int threads = 1;
  std::size_t part_bytes = 1 << 20;  // a longer plain-text document is read in parts
};

// Returns the process exit status: 0 ok, 1 some input was skipped, 2 fatal.
int run_extract(const ExtractSettings& settings);

}  // namespace whosaid
