// `whosaid bench [FILE]`: throughput of the whole pipeline, and of a bare
// ICU sentence pass over the same bytes as the yardstick.
#pragma once

#include <string>

namespace whosaid {

struct BenchSettings {
  std::string corpus_path;   // JSONL with a "text" field, or a plain text file
  std::string rules_dir;
  double min_megabytes = 100;  // the corpus is repeated up to this size
  int runs = 5;
  int threads = 1;
};

int run_bench(const BenchSettings& settings);

}  // namespace whosaid
