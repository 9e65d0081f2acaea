// Fuzz target: the rule loader on arbitrary rule text. The input is parsed
// in memory, then loaded as a `fuzz.rules` file beside the lexicons and
// `names.rules` (the macros) of the rules folder under test, in a temporary
// folder made once. Checks: a rule set that fails to load says why (at least
// one diagnostic, each naming its file and a line inside it); one that loads
// runs its own examples and extracts a text without failing.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "rule_file.h"
#include "whosaid/extractor.h"

using namespace whosaid;
namespace fs = std::filesystem;

namespace {

// A temporary rules folder: links to the real lexicons and names.rules.
class Folder {
 public:
  Folder() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/whosaid-fuzz-rules-XXXXXX";
    if (!mkdtemp(pattern.data())) std::abort();
    path_ = pattern;
    for (const auto& entry : fs::directory_iterator(fuzz::rules_dir())) {
      const fs::path& p = entry.path();
      if (p.extension() == ".txt" || p.filename() == "names.rules")
        fs::create_symlink(fs::absolute(p), path_ / p.filename());
    }
    rules_file_ = (path_ / "fuzz.rules").string();
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string path() const { return path_.string(); }
  const std::string& rules_file() const { return rules_file_; }

 private:
  fs::path path_;
  std::string rules_file_;
};

Folder& folder() {
  static Folder instance;
  return instance;
}

int lines_of(std::string_view text) {
  int lines = 1;
  for (const char c : text) lines += c == '\n';
  return lines;
}

const char* const kText =
    "Senator Jane Roe spoke on Tuesday. “We will not back down,” Roe said.\n"
    "Tom Fisher told reporters: “We agreed on nothing.” “Nothing,” he added, “at all.”\n"
    "Paula Grant, a lawyer, noted that “the ruling cannot stand,” and left.\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string content(reinterpret_cast<const char*>(data), size);
  const int lines = lines_of(content);

  // The parser alone, in memory.
  RuleFile parsed;
  std::vector<Diagnostic> diagnostics;
  parse_rule_file("fuzz.rules", content, parsed, diagnostics);
  for (const auto& d : diagnostics) {
    FUZZ_CHECK(d.file == "fuzz.rules");
    FUZZ_CHECK(d.line >= 1 && d.line <= lines);
    FUZZ_CHECK(!d.message.empty());
  }
  for (const auto& rule : parsed.rules) {
    FUZZ_CHECK(!rule.id.empty());
    FUZZ_CHECK(rule.line >= 1 && rule.line <= lines);
  }

  // The whole loader, beside the real lexicons and macros.
  Folder& dir = folder();
  {
    std::ofstream out(dir.rules_file(), std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    FUZZ_CHECK(out.good());
  }
  diagnostics.clear();
  const auto extractor = Extractor::load(dir.path(), diagnostics);
  if (!extractor) {
    FUZZ_CHECK(!diagnostics.empty());
    for (const auto& d : diagnostics) {
      FUZZ_CHECK(!d.message.empty());
      FUZZ_CHECK(!d.str().empty());
      if (d.file == dir.rules_file()) FUZZ_CHECK(d.line >= 0 && d.line <= lines);
    }
    return 0;
  }
  for (const auto& failure : extractor->check_examples()) FUZZ_CHECK(!failure.message.empty());
  const Document doc = extractor->extract(kText);
  for (const auto& q : doc.quotes) FUZZ_CHECK(q.content.end <= std::string_view(kText).size());
  return 0;
}
