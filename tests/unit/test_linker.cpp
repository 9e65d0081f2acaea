// SpeakerLinker: which quotes a rule is asked about.
#include <doctest/doctest.h>

#include <string>

#include "linker.h"
#include "quote_marks.h"
#include "sentences.h"

using namespace whosaid;

TEST_CASE("linker: titles, asides and transcript lines need no rule; speech does") {
  const std::string text =
      "He watched “Face The Nation” on Sunday. “We will win,” Ann Lee said. “(LAUGHTER)”\n"
      "“PENCE: Well, we will see.”";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 4);
  const auto sentences = SentenceSplitter({}).split(text, quotes);
  const LinkerLexicons lexicons;
  SpeakerLinker linker(text, sentences, quotes, lexicons);
  CHECK_FALSE(linker.needs_rule(0));  // a show's title
  CHECK(linker.needs_rule(1));
  CHECK_FALSE(linker.needs_rule(2));  // a stage direction
  CHECK_FALSE(linker.needs_rule(3));  // the label names the speaker
}

TEST_CASE("linker: a headline's quoted words are no title; a line with five long words in lowercase is no headline") {
  // Thirty words, all long: a headline while at most four are in lowercase.
  auto line = [](int lowercase) {
    std::string text = "Senator Warren Says “Fake News” Harms";
    for (int i = 0; i < 24; ++i) text += i < lowercase ? " with" : " Campaign";
    return text;
  };
  const LinkerLexicons lexicons;
  for (const int lowercase : {4, 5}) {
    CAPTURE(lowercase);
    const std::string text = line(lowercase);
    const auto quotes = find_quotes(text);
    REQUIRE(quotes.size() == 1);
    const auto sentences = SentenceSplitter({}).split(text, quotes);
    SpeakerLinker linker(text, sentences, quotes, lexicons);
    CHECK(linker.needs_rule(0) == (lowercase == 4));  // in prose, “Fake News” is a title
  }
}
