// Extractor::extract with the rules of rules/en: who said each quote.
// Every text here is invented for the test.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.h"
#include "whosaid/json.h"

using namespace whosaid;
using test::slice;

namespace {

struct Found {
  std::string text, kind, speaker, mention, cue, rule;
};

std::vector<Found> extract(std::string_view text, const Options& options = {}) {
  const Document doc = test::extractor().extract(text, options);
  std::vector<Found> out;
  for (const auto& q : doc.quotes) {
    Found f;
    f.text = slice(text, q.content);
    f.kind = to_string(q.kind);
    f.speaker = q.speaker >= 0 ? doc.speakers.at(static_cast<std::size_t>(q.speaker)).name : "";
    f.mention = slice(text, q.mention);
    f.cue = slice(text, q.cue);
    f.rule = q.rule;
    out.push_back(std::move(f));
  }
  return out;
}

// The speaker of each quote, "" when nobody was found.
test::Strings speakers(std::string_view text) {
  test::Strings out;
  for (const auto& f : extract(text)) out.items.push_back(f.speaker);
  return out;
}

struct SpeakerCase {
  const char* behaviour;
  const char* text;
  test::Strings speakers;
};

}  // namespace

TEST_CASE("extract: the speaker of each quote") {
  const SpeakerCase cases[] = {
      {"a full name after the quote", "“We will not back down,” Jane Roe said.", {"Jane Roe"}},
      {"a surname resolves to the full name seen earlier",
       "Senator Jane Roe spoke at the hearing on Tuesday. “We will not back down,” Roe said.", {"Jane Roe"}},
      {"a title and surname resolve to the full name",
       "Senator Jane Roe arrived. “We will not back down,” Senator Roe said.", {"Jane Roe"}},
      {"a title is stripped from the canonical name", "“We will see,” said Senator Jane Roe of Ohio.", {"Jane Roe"}},
      {"an abbreviated title is stripped too", "“We will see,” says Dr. Ann Ray.", {"Ann Ray"}},
      {"a courtesy title without its period is stripped too",
       "Nigel Farage spoke first. “We will leave,” Mr Farage said.", {"Nigel Farage"}},
      {"a title before a given name: \"Sir Keir\" is the Keir named in full",
       "Keir Starmer spoke in London. “We will win,” Sir Keir said.", {"Keir Starmer"}},
      {"a courtesy title stays before a surname", "Mr. James spoke. James Comey left. “We won,” Mr. James said.",
       {"James"}},
      {"she never picks a man titled Mr without a period", "Mr Fisher spoke first. “We agreed on nothing,” she said.",
       {""}},
      {"she picks the woman titled Mrs without a period",
       "Mr Fisher and Mrs Lee met. “We agreed on nothing,” she said.", {"Lee"}},
      {"she picks the woman (woman named first)",
       "Jane Roe and Tom Fisher met on Monday. “We agreed on nothing,” she said.", {"Jane Roe"}},
      {"she picks the woman (man named first)",
       "Tom Fisher and Jane Roe met on Monday. “We agreed on nothing,” she said.", {"Jane Roe"}},
      {"she never picks a man", "Tom Fisher spoke first. “We agreed on nothing,” she said.", {""}},
      {"he is the nearest person who may be a man, not a known man named before",
       "Tom Fisher spoke first. Then Sen. Johnson took the stage. “We will see,” he said.", {"Johnson"}},
      {"he is never a place", "Tom Fisher flew in from New York. “We will see,” he said.", {"Tom Fisher"}},
      {"he picks the man", "Jane Roe and Tom Fisher met on Monday. “We agreed on nothing,” he said.",
       {"Tom Fisher"}},
      {"a role resolves to the person who held the title",
       "Governor Ann Marsh spoke first. “The budget is fine,” the governor said.", {"Ann Marsh"}},
      {"split quote: both halves have the speaker",
       "“The plan is sound,” Ann Cole said. “We start on Monday.”", {"Ann Cole", "Ann Cole"}},
      {"split quote with a pronoun",
       "Ann Cole was there. “The first point is simple,” she said. “The second is not.”",
       {"Ann Cole", "Ann Cole"}},
      {"a continued quote's next paragraph has the same speaker",
       "Jane Roe told reporters: “We are ready. The rest can wait.\n“And the next paragraph goes on.”",
       {"Jane Roe", "Jane Roe"}},
      {"names inside the quote are not antecedents",
       "Tom Fisher arrived late. “Mark Allen owes me money,” he said.", {"Tom Fisher"}},
      {"a name inside the quote is not the speaker",
       "Mark Allen met Jane Roe. “Jane Roe is wrong about this,” Allen said.", {"Mark Allen"}},
      {"X telling Y, “...” is said by X",
       "The footage showed Mark Allen telling Jane Roe, “We will build it here.”", {"Mark Allen"}},
      {"an appositive between the name and the cue",
       "Paula Grant, a lawyer at Hobbs Partners, noted that “the ruling cannot stand,” and left.",
       {"Paula Grant"}},
      {"a description of a person is kept as written",
       "“The talks are over,” a spokesman for the ministry said.", {"a spokesman for the ministry"}},
  };
  for (const auto& c : cases) {
    INFO(c.behaviour);
    INFO(c.text);
    CHECK(speakers(c.text) == c.speakers);
  }
}

TEST_CASE("extract: a pronoun with no antecedent is not resolved to a name inside the quote") {
  const auto found = extract("“Tell Jane Roe I said hello,” he said.");
  REQUIRE(found.size() == 1);
  CHECK(found[0].speaker != "Jane Roe");
  CHECK(found[0].mention == "he");
}

TEST_CASE("extract: the mention and cue are the words of the text") {
  const std::string text = "Senator Jane Roe spoke on Tuesday. “We will not back down,” Roe said.";
  const Document doc = test::extractor().extract(text);
  REQUIRE(doc.quotes.size() == 1);
  const Quote& q = doc.quotes[0];
  CHECK(slice(text, q.content) == "We will not back down,");
  CHECK(slice(text, q.mention) == "Roe");
  CHECK(q.mention.start == text.rfind("Roe"));
  CHECK(slice(text, q.cue) == "said");
  CHECK(q.kind == QuoteKind::direct);
  CHECK(q.paragraph == 0);
  CHECK(q.sentence == 1);
  CHECK(doc.paragraphs == 1);
  CHECK(doc.open_paragraph_sentences == 2);  // no final line feed
  CHECK_FALSE(q.unclosed);
}

TEST_CASE("extract: quotes are numbered by paragraph, and by sentence within it") {
  const std::string text =
      "Jane Roe spoke on Tuesday. She was calm.\n\n"
      "“We will not back down,” Roe said. Then “never,” she added.\n"
      "Nobody else spoke. Not one.\n"
      "  \n"
      "Later “it is over,” Roe said.\n";
  const Document doc = test::extractor().extract(text);
  std::vector<std::pair<std::size_t, std::size_t>> numbers;
  for (const auto& q : doc.quotes) numbers.emplace_back(q.paragraph, q.sentence);
  CHECK(numbers == std::vector<std::pair<std::size_t, std::size_t>>{{1, 0}, {1, 1}, {3, 0}});
  CHECK(doc.paragraphs == 4);
  CHECK(doc.open_paragraph_sentences == 0);
}

TEST_CASE("extract: kinds and rules") {
  SUBCASE("appositive + 'noted that' is a mixed quote with its clause") {
    const std::string text =
        "Paula Grant, a lawyer at Hobbs Partners, noted that “the ruling cannot stand,” and left.";
    const auto found = extract(text);
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == "mixed");
    CHECK(found[0].cue == "noted");
    CHECK(found[0].mention == "Paula Grant");
    const Document doc = test::extractor().extract(text);
    const std::string clause = slice(text, doc.quotes[0].clause);
    CHECK(clause.find("the ruling cannot stand") != std::string::npos);
  }
  SUBCASE("a clause is trimmed of spaces beyond ASCII whole, never inside a character") {
    // No-break spaces (U+00A0, two bytes) after the cue and before the final period.
    const std::string text = "Ann Cole described\u00A0the plan as “deeply flawed” on Friday\u00A0.";
    const Document doc = test::extractor().extract(text);
    REQUIRE(doc.quotes.size() == 1);
    CHECK(slice(text, doc.quotes[0].clause) == "the plan as “deeply flawed” on Friday");
  SUBCASE("a speaker mention starts a word, never inside one") {
    // "an issued a statement" (the end of "Ryan") fits the pattern of a role with its article.
    const auto found = extract("Trump and Ryan issued a statement describing the talks as a “very positive step.”");
    REQUIRE(found.size() == 1);
    CHECK(found[0].mention == "a statement");
  }
  SUBCASE("a mixed fragment is reported by the nearest cue before it, quotations skipped") {
    const std::string text =
        "Ann Cole called the plan “deeply flawed” and said its author was “not serious” about costs.";
    const Document doc = test::extractor().extract(text);
    REQUIRE(doc.quotes.size() == 2);
    CHECK(slice(text, doc.quotes[0].cue) == "called");
    CHECK(slice(text, doc.quotes[1].cue) == "said");
    CHECK(slice(text, doc.quotes[0].clause).starts_with("the plan “deeply flawed”"));
    CHECK(slice(text, doc.quotes[1].clause) == "its author was “not serious” about costs");
    // A cue word inside an earlier quotation reports nothing.
    const std::string inner = "Ann Cole called the plan “what he said” and “not serious” about costs.";
    const Document quoted = test::extractor().extract(inner);
    REQUIRE(quoted.quotes.size() == 2);
    CHECK(slice(inner, quoted.quotes[1].cue) == "called");
  }
  }
  SUBCASE("a transcript line's words start after its spaces, no-break ones whole") {
    const std::string text = "“WALLACE: \u00A0Let us begin tonight with the economy.”";
    const Document doc = test::extractor().extract(text);
    REQUIRE(doc.quotes.size() == 1);
    CHECK(doc.quotes[0].rule == "link.transcript-label");
    CHECK(slice(text, doc.quotes[0].content) == "Let us begin tonight with the economy.");
  }
  SUBCASE("a line ending in a colon and a no-break space introduces the quote below") {
    const auto found = extract("Jane Roe said:\u00A0\n“We will win the vote in the fall.”");
    REQUIRE(found.size() == 1);
    CHECK(found[0].speaker == "Jane Roe");
  }
  SUBCASE("a fragment after a reporting verb is mixed") {
    const auto found = extract("Ann Cole described the plan as “deeply flawed” on Friday.");
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == "mixed");
    CHECK(found[0].speaker == "Ann Cole");
    CHECK(found[0].cue == "described");
  }
  SUBCASE("a whole sentence with a cue is direct") {
    const auto found = extract("“We will build it here,” Mark Allen said.");
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == "direct");
    CHECK(found[0].cue == "said");
  }
  SUBCASE("speech with nobody named is kept without a speaker") {
    const auto found = extract("“The plan is sound and we start on Monday.”");
    REQUIRE(found.size() == 1);
    CHECK(found[0].speaker.empty());
    CHECK(found[0].kind == "direct");
  }
}

TEST_CASE("extract: scare quotes are dropped unless all spans are asked for") {
  const std::string text = "The so-called “tough” choice remains.";
  CHECK(extract(text).empty());
  Options all;
  all.all_spans = true;
  const auto found = extract(text, all);
  REQUIRE(found.size() == 1);
  CHECK(found[0].text == "tough");
  CHECK(found[0].kind == "span");
  CHECK(found[0].speaker.empty());
}

TEST_CASE("extract: the speaker table") {
  const std::string text =
      "“The plan is sound,” Ann Cole said. Tom Fisher disagreed.\n"
      "“It is not,” Fisher said.\n"
      "“It is,” Cole said.";
  const Document doc = test::extractor().extract(text);
  REQUIRE(doc.quotes.size() == 3);
  REQUIRE(doc.speakers.size() == 2);
  CHECK(doc.speakers[0].name == "Ann Cole");  // in order of first quote
  CHECK(doc.speakers[0].quotes == 2);
  CHECK(doc.speakers[1].name == "Tom Fisher");
  CHECK(doc.speakers[1].quotes == 1);
  REQUIRE(doc.speakers[0].mentions.size() == 2);
  CHECK(slice(text, doc.speakers[0].mentions[0]) == "Ann Cole");
  CHECK(slice(text, doc.speakers[0].mentions[1]) == "Cole");
}

TEST_CASE("extract: invalid UTF-8 is read as U+FFFD at unchanged offsets") {
  const std::string text = "Bad \xFF\xFE bytes. “We are \xC3 ready,” Jane Roe said.";
  const Document doc = test::extractor().extract(text);
  CHECK(doc.invalid_utf8_bytes == 3);
  REQUIRE(doc.quotes.size() == 1);
  CHECK(slice(text, doc.quotes[0].content) == "We are \xC3 ready,");
  CHECK(slice(text, doc.quotes[0].mention) == "Jane Roe");
}

TEST_CASE("extract: empty and quote-free texts") {
  CHECK(test::extractor().extract("").quotes.empty());
  CHECK(test::extractor().extract("No quotations here. None at all.").quotes.empty());
  CHECK(test::extractor().extract("").invalid_utf8_bytes == 0);
}

TEST_CASE("extract: rules compiled ahead give the results of rules compiled at their first uses") {
  const std::string text =
      "“We will not back down,” Roe said. Tom Fisher and Ann Cole met, and she called it “a farce.”\n"
      "Paula Grant, a lawyer, noted that “the ruling cannot stand,” and left.\n";
  std::vector<Diagnostic> diagnostics;
  const auto lazy = Extractor::load(test::rules_dir(), diagnostics);
  const auto ahead = Extractor::load(test::rules_dir(), diagnostics);
  REQUIRE(lazy);
  REQUIRE(ahead);
  ahead->compile_rules();
  ahead->compile_rules();  // twice is once
  // Forty passes: the lazy rules cross the uses after which they are JIT-compiled.
  for (int pass = 0; pass < 40; ++pass)
    CHECK(to_json(ahead->extract(text), text, "t") == to_json(lazy->extract(text), text, "t"));
}

TEST_CASE("extract: one extractor shared between threads gives the same results") {
  const std::string text =
      "Senator Jane Roe spoke on Tuesday. “We will not back down,” Roe said.\n"
      "Tom Fisher and Ann Cole met. “We agreed on nothing,” she said. “Nothing at all.”\n"
      "Paula Grant, a lawyer, noted that “the ruling cannot stand,” and left.\n";
  const std::string expected = to_json(test::extractor().extract(text), text, "t");
  std::vector<std::string> results(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 20; ++k) results[i] = to_json(test::extractor().extract(text), text, "t");
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) CHECK(r == expected);
}

TEST_CASE("extract: hostile texts finish fast with sane results") {
  auto repeat = [](std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
  };
  const std::string texts[] = {
      repeat("“", 10000) + "deep" + repeat("”", 10000) + " Ann Lee said.",
      repeat("“‘", 10000) + "never closed\nJane Roe said so.",
      repeat("\"“”‘’'«»„‚‹›`", 5000),
      repeat("“A,” she said. ", 500),
      repeat("Dr. ", 5000) + "“Yes,” he said.",
  };
  for (const auto& text : texts) {
    INFO(text.substr(0, 30));
    const auto started = std::chrono::steady_clock::now();
    const Document doc = test::extractor().extract(text);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    std::size_t previous_end = 0;
    for (const auto& q : doc.quotes) {
      CHECK(q.content.start >= previous_end);
      CHECK(q.content.end <= text.size());
      CHECK(q.paragraph < doc.paragraphs);
      CHECK(q.speaker < static_cast<int>(doc.speakers.size()));
      previous_end = q.content.end;
    }
    CHECK(nlohmann::json::accept(to_json(doc, text, "hostile")));
  }
}
