// The fast group finder: patterns rewritten where RE2 and PCRE2 read them
// differently, and the same groups as RE2's own for every real rule.
#include <doctest/doctest.h>

#include <re2/re2.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "lexicon.h"
#include "quote_marks.h"
#include "regex_syntax.h"
#include "rule_engine.h"
#include "submatch.h"
#include "test_support.h"
#include "window.h"

using namespace whosaid;
namespace fs = std::filesystem;

namespace {

// Groups as (start, end) offsets in `text`, (-1, -1) when unset.
std::vector<std::pair<long, long>> offsets(std::string_view text, const re2::StringPiece* groups, int count) {
  std::vector<std::pair<long, long>> out;
  for (int i = 0; i < count; ++i) {
    if (groups[i].data() == nullptr) {
      out.emplace_back(-1, -1);
    } else {
      const long start = groups[i].data() - text.data();
      out.emplace_back(start, start + static_cast<long>(groups[i].size()));
    }
  }
  return out;
}

// RE2's groups for its leftmost match, and the finder's for the same match;
// false when RE2 finds nothing. `used_finder` tells whether the finder answered.
bool both_groups(const RE2& re2, const SubmatchFinder& finder, std::string_view text,
                 std::vector<std::pair<long, long>>& by_re2, std::vector<std::pair<long, long>>& by_finder,
                 bool& used_finder) {
  const int count = 1 + re2.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> groups(static_cast<std::size_t>(count));
  if (!re2.Match(text, 0, text.size(), RE2::UNANCHORED, groups.data(), count)) return false;
  by_re2 = offsets(text, groups.data(), count);
  const auto start = static_cast<std::size_t>(by_re2[0].first), end = static_cast<std::size_t>(by_re2[0].second);
  std::vector<re2::StringPiece> found(static_cast<std::size_t>(count));
  used_finder = finder.find(text, start, end, found.data(), count);
  by_finder = used_finder ? offsets(text, found.data(), count) : by_re2;
  return true;
}

}  // namespace

TEST_CASE("patterns are rewritten where PCRE2 reads them differently") {
  CHECK(pcre2_pattern(R"(a\sb)") == R"(a[\t\n\f\r ]b)");
  CHECK(pcre2_pattern(R"([^,\s]+)") == R"([^,\t\n\f\r ]+)");
  CHECK(pcre2_pattern(R"(\S+)") == R"([^\t\n\f\r ]+)");
  CHECK(pcre2_pattern(R"(a\vb)") == R"(a\x0Bb)");
  // Escapes and literals stay as they are, \s inside \Q...\E too.
  CHECK(pcre2_pattern(R"(\x{E000}\p{Lu}\\s\Q\s\E)") == R"(\x{E000}\p{Lu}\\s\Q\s\E)");
  // A ']' opening a class is a literal; [:space:] is not a class's end.
  CHECK(pcre2_pattern(R"([]\s][^]\s][[:alpha:]\s]\s)") ==
        R"([]\t\n\f\r ][^]\t\n\f\r ][[:alpha:]\t\n\f\r ][\t\n\f\r ])");
  // No way to say these the same: the finder is not used.
  CHECK(pcre2_pattern(R"([^\S\n])").empty());
  CHECK(pcre2_pattern(R"(a\Cb)").empty());
  CHECK_FALSE(SubmatchFinder(R"(a\Cb)").usable());
  // Under (?i) RE2 folds \p{Lu}, \W, [[:alpha:]] and [k-s] over case, PCRE2 without UCP does not.
  for (const char* folded : {R"((?i)(\p{Lu}*)(a*))", R"(x(?i:\W))", R"((?si)[[:alpha:]])", R"([k-s](?-i)x(?i)y)"})
    CHECK_MESSAGE(pcre2_pattern(folded).empty(), folded);
  // PCRE2's \pC takes unassigned code points, RE2's does not.
  for (const char* other : {R"(\pC)", R"(x\p{C})", R"([\PC])", R"(\p{^C})"})
    CHECK_MESSAGE(pcre2_pattern(other).empty(), other);
  CHECK(pcre2_pattern(R"(\p{Cc}\p{Co}\pL)") == R"(\p{Cc}\p{Co}\pL)");
  for (const char* unfolded : {R"((?s)\p{Lu})", R"((?P<iii>\W))", R"(\Q(?i)\E\pL)", R"([(?i)]\pL)"})
    CHECK_MESSAGE(!pcre2_pattern(unfolded).empty(), unfolded);
  // A repeated part that can match nothing: RE2 and Perl pick different iterations.
  for (const char* loop : {R"((x*)*)", R"((a|)+b)", R"((?:\s*|y)*z)", R"((a*){2,3})", R"((?:(?m)|^)*)",
                           R"((\b|a){1,})", R"(x(\Q\E)*)",
                           R"([[:x]|(x*)*)"})  // "[:" without ":]" later is two plain characters
    CHECK_MESSAGE(pcre2_pattern(loop).empty(), loop);
  for (const char* fine : {R"((a*)?)", R"((a+)*)", R"([*]*(?:\s\w+){0,4}?)", R"((a*){1})", R"(a{2}|(?P<x>b*)c{,2})",
                           R"(\Q*\E*)", R"((?:[^)]*\))+)"})
    CHECK_MESSAGE(!pcre2_pattern(fine).empty(), fine);
  CHECK(SubmatchFinder(R"((?P<speaker>\w+) said)").usable());
}

TEST_CASE("a brace opens a repetition exactly where RE2 reads one") {
  // RE2 reads "{" as itself unless a bound follows: no leading zero, no
  // empty lower bound, at most nine digits.
  for (const std::string braces : {"{0}", "{2}", "{2,}", "{0,3}", "{2}?", "{01}", "{00}", "{1,02}", "{,2}", "{x}",
                                    "{1234567890}", "{", "{1", "{1,"}) {
    CAPTURE(braces);
    const RE2 literal("a" + braces + "$");
    REQUIRE(literal.ok());
    std::size_t min = 0, max = 0;
    CHECK((quantifier_length(braces, 0, min, max) == 0) == RE2::FullMatch("a" + braces, literal));
  }
  // PCRE2 takes "{01}" for a repetition: it is written as a literal brace.
  CHECK(pcre2_pattern("(a{01}|a)(.*)") == R"((a\{01}|a)(.*))");
  CHECK(pcre2_pattern("a{1}[{]") == "a{1}[{]");
}

// Random nested patterns and texts over the characters where the engines
// read differently: groups, alternations and repeats over case-folding
// letters (ſ, the Kelvin sign, sigmas, ß), classes, escapes and assertions.
// A fixed seed: the same patterns each run.
class RandomPatterns {
 public:
  std::string pattern() { return pick(flags_) + "(" + piece(0) + ")(" + piece(1) + ")"; }
  std::string text() {
    std::string text;
    for (std::size_t n = random_() % 10; n > 0; --n) text += pick(characters_);
    return text;
  }

 private:
  const std::string& pick(const std::vector<std::string>& from) { return from[random_() % from.size()]; }
  static std::string group(std::string open, const std::string& inside) { return open.append(inside).append(")"); }
  std::string piece(int depth) {
    std::string p;
    switch (depth > 3 ? 0 : random_() % 6) {
      case 0: case 1: p = pick(atoms_); break;
      case 2: p = piece(depth + 1) + piece(depth + 1); break;
      case 3: p = piece(depth + 1) + "|" + piece(depth + 1); break;
      case 4: p = group("(", piece(depth + 1)); break;
      default: p = group("(?:", piece(depth + 1)); break;
    }
    return random_() % 3 == 0 ? group("(?:", p) + pick(repeats_) : p;
  }

  std::mt19937 random_{20261129};
  const std::vector<std::string> atoms_ = {
      "a", "A", "k", "K", "s", "S", "ſ", "\u212A", "σ", "Σ", "ß", " ", "x", ".", "é", "[[:alpha:]]", "[[:upper:]]",
      "[[:word:]]", "[[:^alpha:]]", R"(\s)", R"(\S)", R"(\w)", R"(\W)", R"(\d)", R"(\b)", R"(\B)", R"(\v)", R"(\pL)",
      R"(\p{Lu})", R"(\PL)", R"(\pN)", R"(\pC)", R"(\p{Greek})", R"(\x{E000})", "^", "$", R"(\A)", R"(\z)", "[a-z]",
      "[^a]", "[k-s]", R"([^\s])", R"([^\p{Lu}])", R"(\n)", "(?i:a)", "(?i:[k-s])", "a{01}", "{", "{,2}", "-"};
  const std::vector<std::string> repeats_ = {"*", "+", "?", "*?", "+?", "??", "{0,2}", "{2}", "{1,}", "{1,2}?"};
  const std::vector<std::string> flags_ = {"", "", "", "(?i)", "(?m)", "(?s)", "(?U)"};
  const std::vector<std::string> characters_ = {"a", "A", "k", "K", "s", "S", "ſ", "\u212A", "σ", "Σ", "ς",
                                                " ", "\n", "\v", "x", "é", "ß", "0", "_", "\u0378", "{01}"};
};

RE2::Options quiet_options() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// Each of 6,000 random patterns RE2 accepts, with its finder, on 8 random texts.
void for_random_cases(
    const std::function<void(const std::string& pattern, const RE2& re2, const SubmatchFinder& finder, int count,
                             const std::string& text)>& check) {
  RandomPatterns random;
  for (int round = 0; round < 6000; ++round) {
    const std::string pattern = random.pattern();
    const RE2 re2(pattern, quiet_options());
    if (!re2.ok()) continue;
    const SubmatchFinder finder(pattern);
    for (int t = 0; t < 8; ++t) check(pattern, re2, finder, 1 + re2.NumberOfCapturingGroups(), random.text());
  }
}

TEST_CASE("the finder gives RE2's groups on random nested patterns over hard characters") {
  int answered = 0;
  for_random_cases([&](const std::string& pattern, const RE2& re2, const SubmatchFinder& finder, int count,
                       const std::string& text) {
    std::vector<re2::StringPiece> expected(static_cast<std::size_t>(count)), found(expected.size());
    // Every match from every start, as the rule engine's retries ask.
    for (std::size_t from = 0; from <= text.size(); ++from) {
      if (!re2.Match(text, from, text.size(), RE2::UNANCHORED, expected.data(), count)) break;
      from = static_cast<std::size_t>(expected[0].data() - text.data());
      if (!finder.find(text, from, from + expected[0].size(), found.data(), count)) continue;
      ++answered;
      CAPTURE(pattern);
      CAPTURE(text);
      CHECK(offsets(text, found.data(), count) == offsets(text, expected.data(), count));
    }
  });
  CHECK(answered > 10000);  // the finder answered, not only declined
}

TEST_CASE("a match anchored at a start is RE2's, or its absence, on random nested patterns") {
  int matches = 0, misses = 0;
  for_random_cases([&](const std::string& pattern, const RE2& re2, const SubmatchFinder& finder, int count,
                       const std::string& text) {
    std::vector<re2::StringPiece> expected(static_cast<std::size_t>(count)), found(expected.size());
    for (std::size_t from = 0; from <= text.size(); ++from) {
      const auto answer = finder.match_at(text, from, found.data(), count);
      if (answer == SubmatchFinder::Answer::unknown) continue;
      CAPTURE(pattern);
      CAPTURE(text);
      CAPTURE(from);
      const bool re2_found = re2.Match(text, from, text.size(), RE2::ANCHOR_START, expected.data(), count);
      REQUIRE(re2_found == (answer == SubmatchFinder::Answer::match));
      if (re2_found) {
        ++matches;
        CHECK(offsets(text, found.data(), count) == offsets(text, expected.data(), count));
      } else {
        ++misses;
      }
    }
  });
  CHECK(matches > 10000);  // both answers were given, and often
  CHECK(misses > 10000);
}

TEST_CASE("the finder gives RE2's groups where the dialects differ") {
  // Unrewritten, PCRE2's \s would take the vertical tab into the first group.
  const RE2 re2(R"((a\s*)(\x0B?b))");
  const SubmatchFinder finder(re2.pattern());
  std::vector<std::pair<long, long>> by_re2, by_finder;
  bool used = false;
  REQUIRE(both_groups(re2, finder, "xa \x0B" "b", by_re2, by_finder, used));
  CHECK(used);
  CHECK(by_re2[1] == std::pair<long, long>(1, 3));
  CHECK(by_finder == by_re2);
}

TEST_CASE("the finder declines a match RE2 did not find") {
  const SubmatchFinder finder(R"((\w+) (said))");
  re2::StringPiece groups[3];
  const std::string text = "Roe said it";
  CHECK(finder.find(text, 0, 8, groups, 3));
  CHECK(groups[1] == "Roe");
  CHECK(groups[2] == "said");
  CHECK_FALSE(finder.find(text, 0, 11, groups, 3));  // PCRE2's match ends at 8
  CHECK_FALSE(finder.find(text, 4, 8, groups, 3));   // no match starts at "said"
}

TEST_CASE("every real rule: the finder's groups are RE2's on the sample article and the rules' examples") {
  const auto engine = test::real_rules();
  std::vector<std::string> texts = test::rule_test_texts(*engine);

  std::size_t compared = 0;
  Window window;
  for (const std::string& text : texts) {
    const auto quotes = find_quotes(text);
    for (std::size_t q = 0; q < quotes.size(); ++q) {
      window.build(text, {0, text.size()}, quotes, q);
      for (const auto& rule : engine->rules()) {
        REQUIRE(rule.submatches->usable());
        // Each rule over the window, and over its parts before and after the quote.
        for (const std::string_view part : {window.text(), window.text().substr(window.target_start()),
                                            window.text().substr(0, window.target_end())}) {
          std::vector<std::pair<long, long>> by_re2, by_finder;
          bool used = false;
          if (!both_groups(*rule.regex, *rule.submatches, part, by_re2, by_finder, used)) continue;
          CAPTURE(rule.spec.id);
          CAPTURE(std::string(part));
          CHECK(used);
          CHECK(by_finder == by_re2);
          ++compared;
        }
      }
    }
  }
  CHECK(compared > 50);
}

TEST_CASE("end-of-text assertions are told from dollar signs as characters") {
  CHECK(asserts_text_end("a$"));
  CHECK(asserts_text_end("(?:x|a\\z)"));
  CHECK_FALSE(asserts_text_end("[$]\\$\\Q$\\E\\x{24}"));
  CHECK_FALSE(asserts_text_end("\\\\z"));  // a backslash, then z
}

TEST_CASE("the finder stops at RE2's end only where no assertion reads past it") {
  std::vector<std::pair<long, long>> by_re2, by_finder;
  bool used = false;
  // Shown "a" alone, PCRE2 would take the first alternative: $ holds there.
  const RE2 text_end(R"((a)$|(a)x?)");
  REQUIRE(both_groups(text_end, SubmatchFinder(text_end.pattern()), "ay", by_re2, by_finder, used));
  CHECK(used);
  CHECK(by_re2[2] == std::pair<long, long>(0, 1));
  CHECK(by_finder == by_re2);
  const RE2 very_end(R"((a)\z|(a)x?)");
  REQUIRE(both_groups(very_end, SubmatchFinder(very_end.pattern()), "ay", by_re2, by_finder, used));
  CHECK(by_finder == by_re2);
  // Likewise \b before a word character, which the end of the text would not be.
  const RE2 boundary(R"((a)\b|(a))");
  REQUIRE(both_groups(boundary, SubmatchFinder(boundary.pattern()), "ab", by_re2, by_finder, used));
  CHECK(used);
  CHECK(by_re2[2] == std::pair<long, long>(0, 1));
  CHECK(by_finder == by_re2);
  // Before a non-word character \b reads the same either way.
  REQUIRE(both_groups(boundary, SubmatchFinder(boundary.pattern()), "a b", by_re2, by_finder, used));
  CHECK(by_re2[1] == std::pair<long, long>(0, 1));
  CHECK(by_finder == by_re2);
}
