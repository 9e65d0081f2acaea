// find_quotes: pairing quotation marks, telling apostrophes apart, nesting,
// quotes that run on across paragraphs, and hostile inputs.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "quote_marks.h"
#include "test_support.h"

using namespace whosaid;
using test::slice;

namespace {

test::Strings contents(std::string_view text) {
  test::Strings out;
  for (const auto& q : find_quotes(text)) out.items.push_back(slice(text, q.content));
  return out;
}

// Properties every result must have, whatever the input.
void check_sane(std::string_view text, const std::vector<QuotedSpan>& quotes) {
  std::size_t previous_end = 0;
  for (const auto& q : quotes) {
    CHECK(q.open_mark.start >= previous_end);
    CHECK(q.open_mark.end <= q.content.start);
    CHECK_FALSE(q.content.empty());
    if (!q.close_mark.empty()) {
      CHECK(q.content.end <= q.close_mark.start);
      CHECK(q.close_mark.end <= text.size());
    } else {
      CHECK(q.content.end <= text.size());
    }
    previous_end = q.whole().end;
  }
}

struct Case {
  const char* text;
  test::Strings quotes;
};

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("find_quotes: which spans are quotations") {
  const Case cases[] = {
      // Kinds of marks.
      {"She said “we are ready” today.", {"we are ready"}},
      {"He said \"we are ready\" today.", {"we are ready"}},
      {"‘We are ready,’ she said.", {"We are ready,"}},
      {"'We are ready,' she said.", {"We are ready,"}},
      {"«Nous sommes prêts», a-t-il dit.", {"Nous sommes prêts"}},
      {"„Wir sind bereit“, sagte er.", {"Wir sind bereit"}},
      {"„Jesteśmy gotowi”, powiedział.", {"Jesteśmy gotowi"}},
      {"''We are ready,'' he said.", {"We are ready,"}},
      {"``We are ready,'' he said.", {"We are ready,"}},
      {"They said “one” and then “two” and “three”.", {"one", "two", "three"}},
      {"They were “criminals” and “rapists“ while he spoke.", {"criminals", "rapists"}},  // “ typed for ”
      // Apostrophes are not quotation marks.
      {"I don't know where O'Brien went.", {}},
      {"Music of the '90s was loud.", {}},
      {"Music of the ’90s was loud.", {}},
      {"The voters’ rights came first.", {}},
      {"The voters' rights came first.", {}},
      {"They played rock 'n' roll all night.", {}},
      {"They played rock ’n’ roll all night.", {}},
      {"The board is 6' wide and 2\" thick.", {}},
      {"‘We don’t know,’ he said.", {"We don’t know,"}},
      {"‘We stayed ’til dawn,’ she said.", {"We stayed ’til dawn,"}},
      {"“We danced to rock 'n' roll,” she said.", {"We danced to rock 'n' roll,"}},
      {"‘We danced to rock ’n’ roll,’ she said.", {"We danced to rock ’n’ roll,"}},
      {"“The voters’ rights matter,” he said.", {"The voters’ rights matter,"}},
      // Nested quotes: only the outer one is reported, the inner is content.
      {"“He told me ‘never again’ and left,” she said.", {"He told me ‘never again’ and left,"}},
      {"\"He said 'no' twice,\" she said.", {"He said 'no' twice,"}},
      {"''He said 'no,''' she said.", {"He said 'no,'"}},
      {"'''Tis the season,'' he said.", {"'Tis the season,"}},
      {"“She called it “a disaster” twice,” he said.", {"She called it “a disaster” twice,"}},
      {"«Il a dit “non” hier», a-t-elle dit.", {"Il a dit “non” hier"}},
      {"„Er sagte ‚nein‘ dazu“, sagte sie.", {"Er sagte ‚nein‘ dazu"}},
      // Empty quotations are not reported.
      {"An empty “” pair and a blank “   ” one.", {}},
  };
  for (const auto& c : cases) {
    const std::string text = c.text;
    CAPTURE(text);
    CHECK(contents(c.text) == c.quotes);
    check_sane(c.text, find_quotes(c.text));
  }
}

TEST_CASE("find_quotes: single marks are flagged, double marks are not") {
  const auto single = find_quotes("‘Yes,’ he said.");
  REQUIRE(single.size() == 1);
  CHECK(single[0].single);
  const auto dbl = find_quotes("“Yes,” he said.");
  REQUIRE(dbl.size() == 1);
  CHECK_FALSE(dbl[0].single);
}

TEST_CASE("find_quotes: content offsets exclude the marks and surrounding spaces") {
  const std::string text = "She said “  spaced words \t” today.";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 1);
  const QuotedSpan& q = quotes[0];
  CHECK(slice(text, q.open_mark) == "“");
  CHECK(slice(text, q.close_mark) == "”");
  CHECK(slice(text, q.content) == "spaced words");
  CHECK(q.open_mark.start == text.find("“"));
  CHECK(q.whole() == Span{q.open_mark.start, q.close_mark.end});
  CHECK_FALSE(q.continues_previous);
}

TEST_CASE("find_quotes: an unclosed quote followed by a paragraph opening another continues") {
  const std::string text =
      "“The first paragraph of the speech ends without a mark.\n"
      "“The second paragraph closes it,” she said.";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 2);
  CHECK(quotes[0].close_mark.empty());
  CHECK(slice(text, quotes[0].content) == "The first paragraph of the speech ends without a mark.");
  CHECK(quotes[0].content.end == text.find('\n'));
  CHECK_FALSE(quotes[0].continues_previous);
  CHECK_FALSE(quotes[1].close_mark.empty());
  CHECK(quotes[1].continues_previous);
  CHECK(slice(text, quotes[1].content) == "The second paragraph closes it,");
}

TEST_CASE("find_quotes: continuation over Windows line ends and blank lines") {
  const std::string text = "“First part of it.\r\n\r\n“Second part.”";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 2);
  CHECK(slice(text, quotes[0].content) == "First part of it.");
  CHECK(quotes[0].close_mark.empty());
  CHECK(quotes[1].continues_previous);
}

TEST_CASE("find_quotes: a closed quote does not continue into the next paragraph") {
  const std::string text = "“One thing,” he said.\n“Another thing,” she said.";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 2);
  CHECK_FALSE(quotes[1].continues_previous);
}

TEST_CASE("find_quotes: a quote that never closes ends at its paragraph") {
  const std::string text =
      "He began “this sentence opens a quote and never closes it\n"
      "The next paragraph is plain prose.\n"
      "Later someone says “a real quote” here.";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 2);
  CHECK(quotes[0].close_mark.empty());
  CHECK(slice(text, quotes[0].content) == "this sentence opens a quote and never closes it");
  CHECK_FALSE(quotes[1].continues_previous);  // the next paragraph did not open a quote
  CHECK(slice(text, quotes[1].content) == "a real quote");
}

TEST_CASE("find_quotes: an unclosed quote at the end of the text ends at the text") {
  const std::string text = "Last words: “and then nothing";
  const auto quotes = find_quotes(text);
  REQUIRE(quotes.size() == 1);
  CHECK(quotes[0].close_mark.empty());
  CHECK(slice(text, quotes[0].content) == "and then nothing");
  CHECK(quotes[0].whole().end == text.size());
}

TEST_CASE("find_quotes: 10,000 nested quotes are one quote, found fast") {
  const std::string text = repeat("“", 10000) + "deep" + repeat("”", 10000) + " said nobody.";
  const auto started = std::chrono::steady_clock::now();
  const auto quotes = find_quotes(text);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(elapsed < std::chrono::seconds(1));
  REQUIRE(quotes.size() == 1);
  CHECK(quotes[0].open_mark.start == 0);
  CHECK(quotes[0].close_mark.end == text.find(" said"));
  CHECK(slice(text, quotes[0].content) == repeat("“", 9999) + "deep" + repeat("”", 9999));
}

TEST_CASE("find_quotes: 10,000 nested quotes that never close stay in their paragraph") {
  const std::string text = repeat("“‘", 10000) + "x\nNext paragraph with “a quote”.";
  const auto started = std::chrono::steady_clock::now();
  const auto quotes = find_quotes(text);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
  check_sane(text, quotes);
  REQUIRE(quotes.size() == 2);
  CHECK(quotes[0].close_mark.empty());
  CHECK(quotes[0].whole().end <= text.find('\n'));
  CHECK(slice(text, quotes[1].content) == "a quote");
}

TEST_CASE("find_quotes: a text made only of quotation marks") {
  const std::string all_marks = "\"“”‘’'«»„‚‹›`";
  for (const std::string& text :
       {repeat(all_marks, 20000), repeat("\"", 100001), repeat("'", 100001), repeat("“", 100000),
        repeat("”", 100000), repeat("” “", 30000), repeat("\"\n", 50000)}) {
    CAPTURE(text.substr(0, 12));
    const auto started = std::chrono::steady_clock::now();
    const auto quotes = find_quotes(text);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(1));
    check_sane(text, quotes);
  }
}

TEST_CASE("find_quotes: empty and mark-free texts") {
  CHECK(find_quotes("").empty());
  CHECK(find_quotes("No quotation marks at all.").empty());
  CHECK(find_quotes("\n\n\n").empty());
}

TEST_CASE("find_quotes: a mark is found at every offset of the sixteen-byte scan") {
  for (const std::string mark : {"“", "\"", "'", "‘", "«"}) {
    for (std::size_t before = 0; before < 40; ++before) {
      const std::string text = std::string(before, 'a') + " " + mark + "Yes, we did" +
                               (mark == "“" ? "”" : mark == "‘" ? "’" : mark == "«" ? "»" : mark) + " " +
                               std::string(before % 17, 'b') + "\nNext";
      CAPTURE(text);
      const auto quotes = find_quotes(text);
      REQUIRE(quotes.size() == 1);
      CHECK(quotes[0].open_mark.start == before + 1);
      CHECK(slice(text, quotes[0].content) == "Yes, we did");
    }
  }
}
