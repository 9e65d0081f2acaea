// Lexicon files: comments, blanks, duplicates, invalid entries, alternation.
#include <doctest/doctest.h>

#include <re2/re2.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "lexicon.h"

using namespace whosaid;
namespace fs = std::filesystem;

namespace {

std::string write_temp(const std::string& name, const std::string& content) {
  const fs::path path = fs::temp_directory_path() / ("whosaid-lexicon-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path, std::ios::binary) << content;
  return path.string();
}

}  // namespace

TEST_CASE("lexicon: entries are trimmed, comments and blanks skipped, duplicates dropped") {
  const std::string path = write_temp("cues.txt", "# a comment\nsaid\n  told  \r\n\n\t# indented comment\nsaid\npointed out\n");
  Lexicon lexicon;
  std::vector<Diagnostic> diagnostics;
  REQUIRE(load_lexicon(path, lexicon, diagnostics));
  CHECK(diagnostics.empty());
  CHECK(lexicon.entries == std::vector<std::string>{"said", "told", "pointed out"});
  CHECK(lexicon.path == path);
  fs::remove(path);
}

TEST_CASE("lexicon: an invalid UTF-8 entry is reported with its line") {
  const std::string path = write_temp("bad.txt", "good\nbad\xFF\n");
  Lexicon lexicon;
  std::vector<Diagnostic> diagnostics;
  CHECK_FALSE(load_lexicon(path, lexicon, diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].file == path);
  CHECK(diagnostics[0].line == 2);
  fs::remove(path);
}

TEST_CASE("lexicon: a missing file is reported") {
  Lexicon lexicon;
  std::vector<Diagnostic> diagnostics;
  CHECK_FALSE(load_lexicon("/nonexistent/whosaid/cues.txt", lexicon, diagnostics));
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].file == "/nonexistent/whosaid/cues.txt");
}

TEST_CASE("lexicon: the alternation is escaped and prefers the longest entry") {
  Lexicon lexicon;
  lexicon.entries = {"pointed", "pointed out", "a.m.", "Sen."};
  std::string pattern = "(";  // one capturing group around the alternation
  pattern += lexicon_alternation(lexicon);
  pattern += ')';
  const RE2 re(pattern);
  REQUIRE(re.ok());
  std::string match;
  CHECK(RE2::PartialMatch("she pointed out that", re, &match));
  CHECK(match == "pointed out");
  CHECK(RE2::FullMatch("a.m.", re));
  CHECK_FALSE(RE2::FullMatch("axmx", re));  // '.' is literal
  CHECK(RE2::FullMatch("Sen.", re));
  CHECK_FALSE(RE2::FullMatch("sen.", re));  // entries match as written
}

TEST_CASE("lexicon: the trie-shaped alternation matches exactly the entries, multibyte ones too") {
  Lexicon lexicon;
  lexicon.entries = {"Caf", "Café", "Cafés", "über", "übel", "x"};
  std::string pattern = "(";  // one capturing group around the alternation
  pattern += lexicon_alternation(lexicon);
  pattern += ')';
  const RE2 re(pattern);
  REQUIRE(re.ok());
  for (const auto& entry : lexicon.entries) CHECK(RE2::FullMatch(entry, re));
  for (const char* other : {"Cafe", "Caféx", "üb", "ü", "", "xx", "Ca"}) CHECK_FALSE(RE2::FullMatch(other, re));
  std::string match;
  CHECK(RE2::PartialMatch("les Cafés!", re, &match));
  CHECK(match == "Cafés");  // the longest entry at a position wins
  CHECK(RE2::PartialMatch("un Café.", re, &match));
  CHECK(match == "Café");
}
