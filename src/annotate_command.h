// `whosaid annotate FILE...`: writes FILE.quotes.json (the JSON `whosaid FILE`
// prints) beside each file and, with --html, FILE.quotes.html (the article
// with its quotations highlighted, see html_output.h).
#pragma once

#include <string>
#include <vector>

#include "extract_command.h"

namespace whosaid {

struct AnnotateSettings {
  std::vector<std::string> files;
  bool html = false;
};

// `settings` gives the rules, threads and --all-spans. Prints the path of
// each file written; returns the exit status: 0 ok, 2 when a file failed.
int run_annotate(const ExtractSettings& settings, const AnnotateSettings& annotate);

}  // namespace whosaid
