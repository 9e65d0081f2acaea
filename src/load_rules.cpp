#include "load_rules.h"

#include <spdlog/spdlog.h>

namespace whosaid {

std::unique_ptr<Extractor> load_rules_or_report(const std::string& rules_dir) {
  std::vector<Diagnostic> diagnostics;
  auto extractor = Extractor::load(rules_dir, diagnostics);
  for (const auto& d : diagnostics) spdlog::error("{}", d.str());
  return extractor;
}

}  // namespace whosaid
