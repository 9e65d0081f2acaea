// Rules ending with {Q} searched in two parts, cut before the cue: where a
// pattern may be cut, and the same match spans as the whole pattern's.
#include <doctest/doctest.h>

#include <re2/re2.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "quote_marks.h"
#include "regex_syntax.h"
#include "rule_engine.h"
#include "test_support.h"
#include "window.h"

using namespace whosaid;

TEST_CASE("cue cut: only a top-level group in a plain concatenation, with nothing before it that looks around") {
  const std::string_view cue = "(?P<cue>";
  CHECK(concatenation_cut("ab(?P<cue>c)d", cue) == 2);
  CHECK(concatenation_cut("(?P<speaker>[A-Z]\\w+)\\s+(?P<cue>said)\\s*\\x{E000}", cue) == 24);
  CHECK(concatenation_cut("[(|](?P<cue>c)", cue) == 4);       // a class holds no group or bar
  CHECK(concatenation_cut("\\((?:x|y)(?P<cue>c)", cue) == 9);  // an escaped paren, a nested bar
  CHECK(concatenation_cut("[^a]+(?P<cue>c)", cue) == 5);       // a class's ^ is no assertion
  CHECK(concatenation_cut("(?i:a)(?P<cue>c)", cue) == std::string_view::npos);
  CHECK(concatenation_cut("(?i)a(?P<cue>c)", cue) == std::string_view::npos);
  CHECK(concatenation_cut("a|b(?P<cue>c)", cue) == std::string_view::npos);
  CHECK(concatenation_cut("b(?P<cue>c)|d", cue) == std::string_view::npos);
  CHECK(concatenation_cut("(a(?P<cue>c))", cue) == std::string_view::npos);
  CHECK(concatenation_cut("\\ba(?P<cue>c)", cue) == std::string_view::npos);
  CHECK(concatenation_cut("(?:^|x)a(?P<cue>c)", cue) == std::string_view::npos);
  CHECK(concatenation_cut("a$(?P<cue>c)", cue) == std::string_view::npos);
  CHECK(concatenation_cut("\\Q(?P<cue>\\Ea(?P<cue>c)", cue) == 13);  // quoted text is literal
  CHECK(concatenation_cut("a(?P<cue>c)\\b$", cue) == 1);             // assertions after the cut are the rest's
  CHECK(concatenation_cut("abc", cue) == std::string_view::npos);
}

TEST_CASE("cue cut: every cut rule finds RE2's match span, from every start, on the sample and the examples") {
  const auto engine = test::real_rules();
  std::vector<std::string> texts = test::rule_test_texts(*engine);
  // The earliest speaker belongs to the later cue; more cues than are tried one by one.
  texts.push_back("Ann Lee, a friend Bob Roe said was right, told reporters the plan was a “mistake.”");
  std::string many_cues = "Ann Lee said";
  for (int i = 0; i < 40; ++i) many_cues += " that he said";
  texts.push_back(many_cues + " it was “over.”");

  std::size_t cut_rules = 0, compared = 0, matched = 0;
  for (const auto& rule : engine->rules()) cut_rules += rule.cue_cut.has_value();
  CHECK(cut_rules >= 3);
  Window window;
  for (const std::string& text : texts) {
    const auto quotes = find_quotes(text);
    for (std::size_t q = 0; q < quotes.size(); ++q) {
      window.build(text, {0, text.size()}, quotes, q);
      const std::string_view part = window.text().substr(0, window.target_end());
      for (const auto& rule : engine->rules()) {
        if (!rule.cue_cut) continue;
        for (std::size_t from = 0; from <= part.size(); ++from) {
          re2::StringPiece whole, cut;
          const bool by_whole = rule.regex->Match(part, from, part.size(), RE2::UNANCHORED, &whole, 1);
          const bool by_cut = rule.cue_cut->find(*rule.regex, part, from, cut);
          CAPTURE(rule.spec.id);
          CAPTURE(std::string(part));
          CAPTURE(from);
          REQUIRE(by_cut == by_whole);
          if (by_whole) {
            CHECK(cut.data() == whole.data());
            CHECK(cut.size() == whole.size());
            ++matched;
          }
          ++compared;
        }
      }
    }
  }
  CHECK(matched > 100);
  CHECK(compared > 10000);
}
