// `whosaid eval GOLD.jsonl`: extract from annotated documents and score the
// result as shared/eval/README.md describes.
#pragma once

#include <string>

namespace whosaid {

struct EvalSettings {
  std::string gold_path;
  std::string rules_dir;
  std::string kinds = "direct,mixed";  // comma separated; "all" for every kind
  double threshold = 0.5;
  bool json = false;
  bool misses = false;
  std::string predictions_path;  // when set, the scored predictions are written there
};

int run_eval(const EvalSettings& settings);

}  // namespace whosaid
