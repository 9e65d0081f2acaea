// Loading the rules for a command, with every problem reported on stderr.
#pragma once

#include <memory>
#include <string>

#include "whosaid/extractor.h"

namespace whosaid {

// The extractor for `rules_dir`, or null after logging each diagnostic as
// "file:line: reason" (the caller then exits with status 2).
std::unique_ptr<Extractor> load_rules_or_report(const std::string& rules_dir);

}  // namespace whosaid
