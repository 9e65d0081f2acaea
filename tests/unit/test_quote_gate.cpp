// The gate before each rule: what its syntax says must stand next to the
// quote, and that it never turns away a window the rule matches.
#include <doctest/doctest.h>

#include <re2/re2.h>

#include <string>
#include <vector>

#include "quote_gate.h"
#include "quote_marks.h"
#include "rule_engine.h"
#include "test_support.h"
#include "window.h"

using namespace whosaid;

namespace {

const std::string kQuote = "\xEE\x80\x80";  // U+E000, the placeholder of {Q}

std::string bytes_of(const std::bitset<256>& set) {
  std::string out;
  for (unsigned b = 0; b < 256; ++b)
    if (set[b]) out += static_cast<char>(b);
  return out;
}

// Whether the gate of `pattern` lets through `before` + quote + `after`.
bool admits(const QuoteGate& gate, const std::string& before, const std::string& after) {
  const std::string text = before + kQuote + after;
  return gate.admits(text, before.size(), before.size() + kQuote.size());
}

}  // namespace

TEST_CASE("quote gate: blanks before the quote are stepped over, then the byte the pattern needs") {
  const QuoteGate colon = QuoteGate::read(R"(Said\s+\w+\s*:\s*\x{E000})", false);
  REQUIRE(colon.checks());
  CHECK(bytes_of(colon.skip()) == "\t\n\f\r ");
  CHECK(bytes_of(colon.next()) == ":");
  CHECK(admits(colon, "Said Ann:  ", ""));
  CHECK(admits(colon, "Said Ann:", ""));
  CHECK_FALSE(admits(colon, "Ann said ", ""));
  CHECK_FALSE(admits(colon, "  ", ""));  // only blanks up to the text's start: no room for the colon

  // An optional comma: the comma, or else the last byte of a cue.
  const QuoteGate cue = QuoteGate::read(R"((?P<cue>saying|adding)\s*[,:]?\s*\x{E000})", false);
  REQUIRE(cue.checks());
  CHECK(bytes_of(cue.skip()) == "\t\n\f\r ,:");
  CHECK(bytes_of(cue.next()) == "g");
  CHECK(admits(cue, "adding, ", ""));
  CHECK(admits(cue, "adding ", ""));
  CHECK_FALSE(admits(cue, "said ", ""));
  CHECK_FALSE(admits(cue, "bring ", ""));  // ends in g, but is none of the words
  CHECK_FALSE(admits(cue, "ing ", ""));

  const QuoteGate period = QuoteGate::read(R"((?P<speaker>\w+) said\.\s+\x{E000})", false);
  REQUIRE(period.checks());
  CHECK(bytes_of(period.next()) == ".");
}

TEST_CASE("quote gate: a string every match puts in the run of skipped bytes") {
  const QuoteGate that = QuoteGate::read(R"((?P<cue>said|told)\s+that\s+[^.;]*?\x{E000})", false);
  CHECK_FALSE(that.checks());  // any byte may stand before the quote...
  CHECK(admits(that, "He said that it was ", ""));
  CHECK(admits(that, "Yes. He said that it ", ""));
  CHECK_FALSE(admits(that, "He said it was ", ""));           // ...but "that" must stand in the run
  CHECK_FALSE(admits(that, "He said that. It was ", ""));     // the run ends at the period
  CHECK_FALSE(admits(that, "He said That it was ", ""));
  // After the quote too.
  const QuoteGate after = QuoteGate::read(R"(\x{E000}[^.]*?, said\s+(?P<speaker>\w+))", true);
  CHECK(admits(after, "", " and more, said Ann."));
  CHECK_FALSE(admits(after, "", " and more. Then, said Ann."));
}

TEST_CASE("quote gate: after the quote, the first byte of what follows") {
  const QuoteGate dash = QuoteGate::read(R"(\x{E000}\s*(?P<cue>[―—–]|--)\s*(?P<speaker>\w+))", true);
  REQUIRE(dash.checks());
  CHECK(bytes_of(dash.next()) == "-\xE2");
  CHECK(admits(dash, "", " — Ann"));
  CHECK(admits(dash, "", "--Ann"));
  CHECK_FALSE(admits(dash, "", " Ann said"));
  CHECK_FALSE(admits(dash, "", "   "));

  // The cue's words themselves must follow.
  const QuoteGate said = QuoteGate::read(R"(\x{E000}\s*,?\s*(?P<cue>(?:said|told|according to))\b)", true);
  REQUIRE(said.checks());
  CHECK(admits(said, "", ", said Ann"));
  CHECK(admits(said, "", " told"));
  CHECK(admits(said, "", " according to Ann"));
  CHECK_FALSE(admits(said, "", ", sail"));
  CHECK_FALSE(admits(said, "", " sai"));
  CHECK_FALSE(admits(said, "", " Said"));
  // A word starting with a skipped byte could start anywhere in the run: bytes only.
  const QuoteGate spaced = QuoteGate::read(R"(\x{E000}\s*(?: a|b))", true);
  REQUIRE(spaced.checks());
  CHECK(admits(spaced, "", "  ax"));

  const QuoteGate according = QuoteGate::read(R"(\x{E000}\s*,?\s*(?P<cue>according to)\s+\w+)", true);
  REQUIRE(according.checks());
  CHECK(bytes_of(according.next()) == "a");
  CHECK(admits(according, "", ", according to Ann"));
  CHECK_FALSE(admits(according, "", ", said Ann"));
}

TEST_CASE("quote gate: open wherever the syntax is not followed or says nothing") {
  // Anything may stand before the quote.
  CHECK_FALSE(QuoteGate::read(R"((?P<cue>said)[^.]*?\x{E000})", false).checks());
  // Flags change what letters match; a top-level bar, a quote not at the end.
  CHECK_FALSE(QuoteGate::read(R"((?i)said:\x{E000})", false).checks());
  CHECK_FALSE(QuoteGate::read(R"(a:\x{E000}|b)", false).checks());
  // Every piece may be blanks alone.
  CHECK_FALSE(QuoteGate::read(R"(\s*(?:\s)?\x{E000})", false).checks());
  // The placeholder repeated, or not at the end.
  CHECK_FALSE(QuoteGate::read(R"(x:\x{E000}+)", false).checks());
  CHECK_FALSE(QuoteGate::read(R"(x:\x{E000}a)", false).checks());
  // Flags inside a group far from the quote.
  CHECK_FALSE(QuoteGate::read(R"((?:x(?i)a)said\x{E000})", false).checks());
  // A repeat after \Q...\E applies to its last character (after \Q\E, to the atom before).
  CHECK(admits(QuoteGate::read(R"(x\Qab\E*\x{E000})", false), "xa", ""));
  CHECK(admits(QuoteGate::read(R"(x\Q\E?\x{E000})", false), "", ""));
  CHECK(admits(QuoteGate::read(R"(\x{E000}x\Q\E?)", true), "", ""));
  CHECK(admits(QuoteGate::read(R"(\x{E000}(?:x\Q\E?))", true), "", ""));
  CHECK(bytes_of(QuoteGate::read(R"(\x{E000}\Q-(\E)", true).next()) == "-");
  // An escape the reader does not know (an octal code).
  CHECK_FALSE(QuoteGate::read(R"(x\101\x{E000})", false).checks());
  QuoteGate open;
  CHECK(open.admits("abc", 1, 2));
}

TEST_CASE("quote gate: classes and escapes as UTF-8 bytes") {
  // A range of non-ASCII letters needs any of their first bytes.
  const QuoteGate letters = QuoteGate::read(R"(\x{E000}\s*[À-ÖØ-ö])", true);
  REQUIRE(letters.checks());
  CHECK(bytes_of(letters.next()) == "\xC3");
  // A range written with escapes, a negated class, \Q...\E.
  CHECK(bytes_of(QuoteGate::read(R"(\x{E000}[\x{300}-\x{36F}])", true).next()) == "\xCC\xCD");
  const QuoteGate negated = QuoteGate::read(R"(\x{E000}[^\x00-\x{2F}:-\x{10FFFF}])", true);
  REQUIRE(negated.checks());
  CHECK(bytes_of(negated.next()).substr(0, 10) == "0123456789");
  CHECK(bytes_of(QuoteGate::read(R"(\x{E000}\Q-(\E)", true).next()) == "-");
  CHECK(bytes_of(QuoteGate::read(R"(x\.\x{E000})", false).next()) == ".");
  // \pL is one class, not \p followed by the letter L.
  CHECK(admits(QuoteGate::read(R"(\s*\pL\x{E000})", false), "é ", ""));
  // A negated class of members read only roughly (\pL, [:alpha:]) may hold any byte: "1" is no letter.
  CHECK(admits(QuoteGate::read(R"(x[^\pL.]*\x{E000})", false), "x1", ""));
  CHECK(admits(QuoteGate::read(R"(x[^[:alpha:]]*\x{E000})", false), "x1", ""));
  CHECK_FALSE(admits(QuoteGate::read(R"(x[^a-z.]*\x{E000})", false), "xa", ""));
}

TEST_CASE("quote gate: the real rules learn what they need, and never turn away a window they match") {
  const auto engine = test::real_rules();
  std::size_t gated = 0;
  for (const auto& rule : engine->rules()) gated += rule.gate.checks();
  CHECK(gated >= 6);

  std::vector<std::string> texts = test::rule_test_texts(*engine);
  texts.push_back("He said:\n“Yes.”\n“No,” — said Ann. She told them, “Go.” “Stay” -- Bo Lee, “and” according to Al.");
  std::size_t turned_away = 0, matched = 0;
  Window window;
  for (const std::string& text : texts) {
    const auto quotes = find_quotes(text);
    for (std::size_t q = 0; q < quotes.size(); ++q) {
      window.build(text, {0, text.size()}, quotes, q);
      const std::string_view w = window.text();
      for (const auto& rule : engine->rules()) {
        const bool admitted = rule.gate.admits(w, window.target_start(), window.target_end());
        turned_away += !admitted;
        const std::string_view part = rule.side == QuoteSide::starts_with_quote ? w.substr(window.target_start())
                                      : rule.side == QuoteSide::ends_with_quote ? w.substr(0, window.target_end())
                                                                                : w;
        const RE2::Anchor anchor = rule.side == QuoteSide::starts_with_quote ? RE2::ANCHOR_START : RE2::UNANCHORED;
        if (!rule.regex->Match(part, 0, part.size(), anchor, nullptr, 0)) continue;
        ++matched;
        CAPTURE(rule.spec.id);
        CAPTURE(std::string(w));
        CHECK(admitted);
      }
    }
  }
  CHECK(matched > 40);
  CHECK(turned_away > matched);  // the gate does turn most windows away
}
