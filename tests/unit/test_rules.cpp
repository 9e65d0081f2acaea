// Loading rules: every kind of mistake in a rule folder is reported with its
// file and line, and the rules' own examples can be checked.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_support.h"

using namespace whosaid;
namespace fs = std::filesystem;

namespace {

// A temporary rules folder holding copies of the real lexicons.
class RulesFolder {
 public:
  RulesFolder() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("whosaid-rules-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
    for (const auto& entry : fs::directory_iterator(test::rules_dir()))
      if (entry.path().extension() == ".txt") fs::copy_file(entry.path(), path_ / entry.path().filename());
  }
  ~RulesFolder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  RulesFolder(const RulesFolder&) = delete;
  RulesFolder& operator=(const RulesFolder&) = delete;

  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ / name, std::ios::binary) << content;
    return (path_ / name).string();
  }
  void remove(const std::string& name) const { fs::remove(path_ / name); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

// A small rule set that loads cleanly; the cases below break it one way each.
const std::string kGoodRules =
    "# test rules\n"                                                                     // 1
    "define CUE (?:{CUES})\\b\n"                                                         // 2
    "rule t.quote-name-cue\n"                                                            // 3
    "  kind     direct\n"                                                                // 4
    "  pattern  {Q}\\s*,?\\s*(?P<speaker>\\p{Lu}\\p{L}+)\\s+(?P<cue>{CUE})\n"            // 5
    "  match    “It is late,” Ann said. => speaker=Ann cue=said\n"                       // 6
    "  nomatch  “It is late.” The clock struck.\n";                                      // 7

struct BadRule {
  const char* name;
  std::string rules;     // content of test.rules
  int line;              // line the diagnostic must name
  const char* message;   // part of the diagnostic's message
};

}  // namespace

TEST_CASE("rules: the baseline test rules load") {
  RulesFolder folder;
  folder.write("test.rules", kGoodRules);
  std::vector<Diagnostic> diagnostics;
  const auto extractor = Extractor::load(folder.path(), diagnostics);
  for (const auto& d : diagnostics) MESSAGE(d.str());
  REQUIRE(extractor);
  CHECK(diagnostics.empty());
  CHECK(extractor->check_examples().empty());
}

TEST_CASE("rules: a bad rule file fails to load with a diagnostic naming file and line") {
  const std::string head = "rule t.r\n  kind direct\n";  // pattern goes on line 3
  const BadRule cases[] = {
      {"bad RE2 pattern", head + "  pattern {Q}\\s+(?P<speaker>[a-z)\n", 3, "bad pattern"},
      {"unbalanced group", head + "  pattern {Q}\\s+(?P<speaker>\\w+\n", 3, "bad pattern"},
      // A stray ')' would close the (?:...) the engine wraps a pattern in, and
      // the rest of the pattern would then read differently.
      {"stray closing parenthesis", head + "  pattern (?P<cue>said)\\s+x)|(y{Q}\n", 3, "unbalanced parentheses"},
      {"macro with a stray closing parenthesis", "define BAD a)|(b\n" + head + "  pattern {Q}\\s+(?P<cue>{BAD})\n",
       1, "macro {BAD} has unbalanced parentheses"},
      {"unknown macro", head + "  pattern {Q}\\s+(?P<speaker>{NO_SUCH_THING})\n", 3, "{NO_SUCH_THING}"},
      {"unknown lexicon inside a macro", "define WHO {NOBODIES}\n" + head + "  pattern {Q}\\s+(?P<speaker>{WHO})\n",
       1, "{NOBODIES}"},
      {"pattern without {Q}", head + "  pattern (?P<speaker>\\w+) said\n", 3, "no {Q}"},
      {"neither speaker nor cue group", head + "  pattern {Q}\\s+\\w+\\s+said\n", 3, "neither"},
      {"unknown group name", head + "  pattern {Q}\\s+(?P<who>\\w+)\\s+(?P<cue>said)\n", 3, "unknown group 'who'"},
      {"duplicate rule id", kGoodRules + "rule t.quote-name-cue\n  pattern {Q}\\s+(?P<cue>said)\n", 8,
       "duplicate rule id 't.quote-name-cue'"},
      {"unknown key", head + "  pattern {Q}\\s+(?P<cue>said)\n  speaker Ann\n", 4, "unknown key 'speaker'"},
      {"bad kind", "rule t.r\n  kind indirect\n  pattern {Q}\\s+(?P<cue>said)\n", 2, "kind must be"},
      {"rule without a pattern", "rule t.r\n  kind direct\n", 1, "has no pattern"},
      {"two patterns", head + "  pattern {Q}\\s+(?P<cue>said)\n  pattern {Q}\\s+(?P<cue>told)\n", 4,
       "two patterns"},
      {"rule id with a space", "rule t r\n  pattern {Q}\\s+(?P<cue>said)\n", 1, "one id"},
      {"unknown top-level keyword", "rules t.r\n", 1, "expected 'rule ID'"},
      {"indented line outside a rule", "  pattern {Q}\\s+(?P<cue>said)\n", 1, "outside a rule"},
      {"macro defined twice", "define A x\ndefine A y\n" + head + "  pattern {Q}\\s+(?P<cue>said)\n", 2,
       "defined twice"},
      {"macro referring to itself", "define A {B}\ndefine B {A}\n" + head + "  pattern {Q}\\s+(?P<cue>{A})\n",
       1, "refers to itself"},
      {"example without text", head + "  pattern {Q}\\s+(?P<cue>said)\n  match => cue=said\n", 4,
       "no text"},
      {"nomatch with expectations", head + "  pattern {Q}\\s+(?P<cue>said)\n  nomatch “No,” he said. => cue=said\n",
       4, "nomatch"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    RulesFolder folder;
    const std::string file = folder.write("test.rules", c.rules);
    std::vector<Diagnostic> diagnostics;
    CHECK(Extractor::load(folder.path(), diagnostics) == nullptr);
    REQUIRE_FALSE(diagnostics.empty());
    bool found = false;
    for (const auto& d : diagnostics) {
      if (d.file == file && d.line == c.line && d.message.find(c.message) != std::string::npos) found = true;
    }
    if (!found)
      for (const auto& d : diagnostics) MESSAGE(d.str());
    CHECK(found);
    // str() is the "file:line: message" the command line prints.
    const std::string expected_prefix = file + ":" + std::to_string(c.line) + ": ";
    bool printed = false;
    for (const auto& d : diagnostics) printed = printed || d.str().rfind(expected_prefix, 0) == 0;
    CHECK(printed);
  }
}

TEST_CASE("rules: every problem is reported, not only the first") {
  RulesFolder folder;
  const std::string file = folder.write(
      "test.rules",
      "rule t.a\n  pattern {Q}\\s+(?P<speaker>[a-z)\n"
      "rule t.b\n  pattern (?P<cue>said)\n");
  std::vector<Diagnostic> diagnostics;
  CHECK(Extractor::load(folder.path(), diagnostics) == nullptr);
  std::vector<int> lines;
  for (const auto& d : diagnostics) lines.push_back(d.line);
  CHECK(lines == std::vector<int>{2, 4});
}

TEST_CASE("rules: a required lexicon that is missing is reported") {
  for (const char* name : {"titles", "abbreviations", "pronouns", "names_female"}) {
    INFO(name);
    RulesFolder folder;
    folder.write("test.rules", kGoodRules);
    folder.remove(std::string(name) + ".txt");
    std::vector<Diagnostic> diagnostics;
    CHECK(Extractor::load(folder.path(), diagnostics) == nullptr);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].file == (fs::path(folder.path()) / (std::string(name) + ".txt")).string());
    CHECK(diagnostics[0].message.find("missing") != std::string::npos);
  }
}

TEST_CASE("rules: a lexicon that a pattern names but that is missing is reported at the pattern") {
  RulesFolder folder;
  const std::string file = folder.write("test.rules", kGoodRules);
  folder.remove("cues.txt");  // {CUES} in the CUE macro (line 2)
  std::vector<Diagnostic> diagnostics;
  CHECK(Extractor::load(folder.path(), diagnostics) == nullptr);
  bool found = false;
  for (const auto& d : diagnostics) found = found || (d.file == file && d.line == 2 && d.message.find("{CUES}") != std::string::npos);
  CHECK(found);
}

TEST_CASE("rules: a folder that does not exist, or holds no rules") {
  SUBCASE("nonexistent folder") {
    const std::string missing = (fs::temp_directory_path() / "whosaid-no-such-folder").string();
    std::vector<Diagnostic> diagnostics;
    CHECK(Extractor::load(missing, diagnostics) == nullptr);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].file == missing);
    CHECK(diagnostics[0].message.find("not found") != std::string::npos);
  }
  SUBCASE("a file instead of a folder") {
    RulesFolder folder;
    const std::string file = folder.write("test.rules", kGoodRules);
    std::vector<Diagnostic> diagnostics;
    CHECK(Extractor::load(file, diagnostics) == nullptr);
    CHECK_FALSE(diagnostics.empty());
  }
  SUBCASE("lexicons but no *.rules file") {
    RulesFolder folder;
    std::vector<Diagnostic> diagnostics;
    CHECK(Extractor::load(folder.path(), diagnostics) == nullptr);
    REQUIRE(diagnostics.size() == 1);
    CHECK(diagnostics[0].message.find("no *.rules") != std::string::npos);
  }
}

TEST_CASE("rules: the examples of rules/en all pass") {
  const auto failures = test::extractor().check_examples();
  for (const auto& f : failures) MESSAGE(f.str());
  CHECK(failures.empty());
}

TEST_CASE("rules: a wrong example is reported with its file, line and rule id") {
  struct Case {
    const char* name;
    const char* example;  // line 8 of test.rules
    const char* problem;
  };
  const Case cases[] = {
      {"wrong speaker", "  match    “It is late,” Ann said. => speaker=Bob", "speaker is 'Ann', expected 'Bob'"},
      {"wrong cue", "  match    “It is late,” Ann said. => cue=told", "cue is 'said', expected 'told'"},
      {"no match", "  match    The clock struck twelve.", "did not match"},
      {"nomatch that matches", "  nomatch  “It is early,” Bea said.", "nomatch example matched"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    RulesFolder folder;
    const std::string file = folder.write("test.rules", kGoodRules + c.example + "\n");
    std::vector<Diagnostic> diagnostics;
    const auto extractor = Extractor::load(folder.path(), diagnostics);
    REQUIRE(extractor);
    const auto failures = extractor->check_examples();
    REQUIRE(failures.size() == 1);
    CHECK(failures[0].file == file);
    CHECK(failures[0].line == 8);
    CHECK(failures[0].message.find("t.quote-name-cue") != std::string::npos);
    CHECK(failures[0].message.find(c.problem) != std::string::npos);
  }
}

TEST_CASE("rules: rules fire in file-name order, then top to bottom") {
  RulesFolder folder;
  // Both rules match; the one in the file sorted first must win.
  folder.write("b.rules", "rule b.first-in-b\n  pattern {Q}\\s*,?\\s*(?P<speaker>\\p{Lu}\\p{L}+)\\s+said\n");
  folder.write("a.rules",
               "rule a.first\n  pattern {Q}\\s*,?\\s*(?P<speaker>\\p{Lu}\\p{L}+)\\s+(?P<cue>said)\n"
               "rule a.second\n  pattern {Q}\\s*,?\\s*(?P<speaker>\\p{Lu}\\p{L}+)\n");
  std::vector<Diagnostic> diagnostics;
  const auto extractor = Extractor::load(folder.path(), diagnostics);
  REQUIRE(extractor);
  const Document doc = extractor->extract("“It is late,” Ann said.");
  REQUIRE(doc.quotes.size() == 1);
  CHECK(doc.quotes[0].rule == "a.first");
}
