// SpeakerLinker: which quotes a rule is asked about; the names speakers resolve to.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "linker.h"
#include "quote_marks.h"
#include "sentences.h"

using namespace whosaid;

TEST_CASE("linker: titles, asides and transcript lines need no rule; speech does") {
  const std::string text =
      "He watched “Face The Nation” on Sunday. “We will win,” Ann Lee said. “(LAUGHTER)”\n"
      "“PENCE: Well, we will see.”\nOn Fox News Channel’s “Hannity,” Ann Lee spoke at length.";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 5);
  const auto sentences = SentenceSplitter({}).split(text, quotes);
  const LinkerLexicons lexicons;
  SpeakerLinker linker(text, sentences, quotes, lexicons);
  CHECK_FALSE(linker.needs_rule(0));  // a show's title
  CHECK(linker.needs_rule(1));
  CHECK_FALSE(linker.needs_rule(2));  // a stage direction
  CHECK_FALSE(linker.needs_rule(3));  // the label names the speaker
  CHECK_FALSE(linker.needs_rule(4));  // a show: one capitalised word after a possessive
}

TEST_CASE("linker: capitalised words a cue reports are speech, not a title") {
  const std::string text =
      "“It’s Not New In Virginia,” said Ann Lee. “Your Honor,” I said. In his book ''Make Your Kid A "
      "Millionaire,'' Mr. McKinley suggested saving. She sang “A Change Is Gonna Come,” she added the words.";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 4);
  const auto sentences = SentenceSplitter({}).split(text, quotes);
  LinkerLexicons lexicons;
  for (const char* cue : {"said", "suggested", "added"}) lexicons.cues.insert(cue);
  lexicons.pronouns.insert("I");
  lexicons.pronouns.insert("she");
  SpeakerLinker linker(text, sentences, quotes, lexicons);
  CHECK(linker.needs_rule(0));        // the cue right after the quote
  CHECK(linker.needs_rule(1));        // a pronoun, then a cue ending the clause
  CHECK_FALSE(linker.needs_rule(2));  // a book: the cue goes on ("suggested saving")
  CHECK_FALSE(linker.needs_rule(3));  // a song: "she added the words"
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

TEST_CASE("linker: names joined by one space, through connectors; possessives and commas end them") {
  const std::string text =
      "Sen. Elizabeth Warren's aide met Jane Roe, Charles de Gaulle and Roe's lawyer.\n"
      "“We will win,” Warren said. “Yes,” Gaulle said. “No,” Roe said. “So,” Lee Ann said.";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 4);
  const auto sentences = SentenceSplitter({}).split(text, quotes);
  LinkerLexicons lexicons;
  lexicons.add_title("Sen.");
  lexicons.add_connector("de");
  SpeakerLinker linker(text, sentences, quotes, lexicons);
  std::vector<Attribution> attributions(quotes.size());
  const char* mentions[] = {"Warren said", "Gaulle said", "Roe said", "Lee Ann said"};
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    const std::size_t at = text.find(mentions[i]);
    REQUIRE(at != std::string::npos);
    attributions[i].rule = 0;
    attributions[i].rule_id = "test";
    attributions[i].mention = {at, at + std::string_view(mentions[i]).find(" said")};
  }
  const Document doc = linker.run(attributions, Options{});
  REQUIRE(doc.speakers.size() == 4);
  CHECK(doc.speakers[0].name == "Elizabeth Warren");
  CHECK(doc.speakers[1].name == "Charles de Gaulle");
  CHECK(doc.speakers[2].name == "Jane Roe");
  CHECK(doc.speakers[3].name == "Lee Ann");
}

TEST_CASE("linker: connectors are the words the lexicon lists") {
  const std::string text = "Maria dos Santos spoke.\n“We will win,” Santos said.";
  const auto quotes = find_quotes(text);
  const auto sentences = SentenceSplitter({}).split(text, quotes);
  std::vector<Attribution> attributions(1);
  attributions[0].rule = 0;
  attributions[0].rule_id = "test";
  attributions[0].mention = {text.find("Santos said"), text.find(" said")};
  for (const bool listed : {false, true}) {
    CAPTURE(listed);
    LinkerLexicons lexicons;
    lexicons.add_connector("de");
    if (listed) lexicons.add_connector("dos");
    SpeakerLinker linker(text, sentences, quotes, lexicons);
    const Document doc = linker.run(attributions, Options{});
    REQUIRE(doc.speakers.size() == 1);
    CHECK(doc.speakers[0].name == (listed ? "Maria dos Santos" : "Santos"));
  }
}
