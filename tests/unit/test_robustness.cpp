// Robustness: bytes the pipeline must take without crashing, hanging or
// moving offsets (byte-order marks, CR line ends, NUL and control bytes,
// invalid UTF-8), and shapes of text that once took quadratic time.
// Every text here is invented for the test or generated.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "quote_marks.h"
#include "segmenter.h"
#include "test_support.h"
#include "text.h"
#include "whosaid/json.h"
#include "window.h"

using namespace whosaid;
using test::slice;

namespace {

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

// What a reader compares, quote by quote: "text | speaker | rule". Checks on
// the way that every offset lies in `text`.
test::Strings seen(std::string_view text) {
  const Document doc = test::extractor().extract(text);
  test::Strings out;
  for (const auto& q : doc.quotes) {
    REQUIRE(q.content.end <= text.size());
    REQUIRE(q.mention.end <= text.size());
    REQUIRE(q.cue.end <= text.size());
    std::string words = slice(text, q.content);
    for (char& c : words)
      if (c == '\r') c = '\n';
    const std::string speaker = q.speaker >= 0 ? doc.speakers[static_cast<std::size_t>(q.speaker)].name : "";
    out.items.push_back(words + " | " + speaker + " | " + q.rule);
  }
  return out;
}

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out;
  std::size_t done = 0;
  for (std::size_t at = text.find(from); at != std::string_view::npos; at = text.find(from, done)) {
    out.append(text.substr(done, at - done)).append(to);
    done = at + from.size();
  }
  return out.append(text.substr(done));
}

template <typename Work>
std::chrono::duration<double> timed(Work&& work) {
  const auto started = std::chrono::steady_clock::now();
  work();
  return std::chrono::steady_clock::now() - started;
}

// Generous limits: the quadratic versions took a minute and more on these
// sizes; linear ones take milliseconds, also under the sanitizers.
constexpr std::chrono::seconds kFast{10};

const char* const kArticle =
    "Senator Jane Roe spoke at the hearing on Tuesday.\n"
    "\n"
    "“We will not back down,” Roe said. “The vote is on Friday.”\n"
    "\n"
    "Tom Fisher, a spokesman for the governor, told reporters: “We agreed on nothing.\n"
    "“And we will meet again,” he added.\n"
    "\n"
    "\"Plain marks work too,\" said Ann Cole.\n";

}  // namespace

TEST_CASE("robustness: CRLF and lone CR line ends give the quotes of LF, at offsets in the input") {
  const std::string lf = kArticle;
  const auto expected = seen(lf);
  REQUIRE(expected.items.size() >= 5);
  CHECK(seen(replace_all(lf, "\n", "\r\n")) == expected);
  CHECK(seen(replace_all(lf, "\n", "\r")) == expected);
  // The quote left open ends at its paragraph, whatever ends the line.
  for (const std::string& text : {replace_all(lf, "\n", "\r\n"), replace_all(lf, "\n", "\r")}) {
    const auto quotes = find_quotes(text);
    const auto open = std::find_if(quotes.begin(), quotes.end(), [](const QuotedSpan& q) { return q.close_mark.empty(); });
    REQUIRE(open != quotes.end());
    CHECK(slice(text, open->content) == "We agreed on nothing.");
  }
}

TEST_CASE("robustness: a byte-order mark does not hide the first quote or move offsets") {
  const std::string bom = "\xEF\xBB\xBF";
  for (const std::string body : {"\"We are ready,\" Ann Lee said.", "“We are ready,” Ann Lee said."}) {
    CAPTURE(body);
    const std::string text = bom + body;
    const Document doc = test::extractor().extract(text);
    REQUIRE(doc.quotes.size() == 1);
    CHECK(slice(text, doc.quotes[0].content) == "We are ready,");
    CHECK(slice(text, doc.quotes[0].mention) == "Ann Lee");
    CHECK(doc.invalid_utf8_bytes == 0);
    // char offsets count the mark as a code point, as Python's decode('utf-8') does.
    const auto json = nlohmann::json::parse(to_json(doc, text, "bom"));
    CHECK(json["quotes"][0]["char_start"] == 2);
  }
  // A zero-width space before a plain mark opens it too.
  const std::string zwsp = "Then \xE2\x80\x8B\"We are ready,\" Ann Lee said.";
  CHECK(seen(zwsp).items.size() == 1);
}

TEST_CASE("robustness: NUL and control bytes are characters like others") {
  std::string controls;
  for (char c = 0; c < 0x20; ++c) controls += c;
  const std::string text = std::string("\0\0", 2) + controls + " “We are\x07 ready,\x1B” Ann Lee said.\x7F" +
                           std::string("\0", 1) + " “Again,” said Bo Ek.";
  const Document doc = test::extractor().extract(text);
  CHECK(doc.invalid_utf8_bytes == 0);
  REQUIRE(doc.quotes.size() == 2);
  CHECK(slice(text, doc.quotes[0].content) == "We are\x07 ready,\x1B");
  CHECK(slice(text, doc.quotes[0].mention) == "Ann Lee");
  CHECK(slice(text, doc.quotes[1].mention) == "Bo Ek");
  const std::string json = to_json(doc, text, std::string("id\0with nul", 11));
  CHECK(nlohmann::json::accept(json));
  CHECK(json.find('\0') == std::string::npos);
}

TEST_CASE("robustness: invalid UTF-8 is counted and matched as U+FFFD; offsets point into the input") {
  // A lone continuation byte, a truncated sequence, an overlong form, a surrogate, bytes above U+10FFFF.
  const std::string text = "\x80 Bad \xE2\x80 \xC0\xAF \xED\xA0\x80 \xF5\xFF. “We are \xC3 ready,” Jane Roe said. \xF0\x9F";
  const Document doc = test::extractor().extract(text);
  CHECK(doc.invalid_utf8_bytes == count_invalid_utf8(text));
  CHECK(doc.invalid_utf8_bytes == 13);
  REQUIRE(doc.quotes.size() == 1);
  CHECK(slice(text, doc.quotes[0].content) == "We are \xC3 ready,");
  CHECK(slice(text, doc.quotes[0].mention) == "Jane Roe");
  const std::string json = to_json(doc, text, "bad\xFF");
  CHECK(nlohmann::json::accept(json));
  CHECK(count_invalid_utf8(json) == 0);
}

TEST_CASE("robustness: prepare_for_matching keeps the length and touches only bad bytes and CRs") {
  std::string out = "untouched";
  std::size_t invalid = 99;
  CHECK_FALSE(prepare_for_matching("plain text\n", out, invalid));
  CHECK(out == "untouched");
  CHECK(invalid == 0);
  const std::string input = "a\r\nb\rc\xFF\xE2\x80\x9C";
  REQUIRE(prepare_for_matching(input, out, invalid));
  CHECK(invalid == 1);
  CHECK(out == "a\n\nb\nc\x1A\xE2\x80\x9C");
  CHECK(out.size() == input.size());
}

TEST_CASE("robustness: unmatched single marks then their closes take linear time") {
  // Each close once looked through every open mark below it.
  const std::string text = repeat("‘a ", 300000) + repeat("b’ ", 300000);
  std::vector<QuotedSpan> quotes;
  CHECK(timed([&] { quotes = find_quotes(text); }) < std::chrono::seconds(3));
  for (const auto& q : quotes) CHECK(q.content.end <= text.size());
}

TEST_CASE("robustness: a text without spaces but with many sentence ends takes linear time") {
  // The abbreviation check once read back to the start of the "word" at every break.
  const std::string text = repeat("x?Y", 100000);
  Document doc;
  CHECK(timed([&] { doc = test::extractor().extract(text); }) < kFast);
  CHECK(doc.open_paragraph_sentences > 1000);
}

TEST_CASE("robustness: a sentence that is a long run of short quotes takes linear time") {
  // Every quote's window once held the whole sentence and all its quotes.
  for (const std::string& unit : {std::string("“a” "), std::string("\"a\", "), std::string("'a' ")}) {
    CAPTURE(unit);
    const std::string text = repeat(unit, 75000);
    Document doc;
    CHECK(timed([&] { doc = test::extractor().extract(text, {.all_spans = true}); }) < kFast);
    CHECK(doc.quotes.size() > 1000);
    CHECK(nlohmann::json::accept(to_json(doc, text, "dense")));
  }
}

TEST_CASE("robustness: a window keeps a bounded context around its quote") {
  const std::string text = repeat("“a” ", 20000) + "“target” " + repeat("word ", 5000) + "Ann Lee said.";
  const auto quotes = find_quotes(text);
  const auto target = static_cast<std::size_t>(
      std::find_if(quotes.begin(), quotes.end(), [&](const QuotedSpan& q) { return slice(text, q.content) == "target"; }) -
      quotes.begin());
  REQUIRE(target < quotes.size());
  Window window;
  window.build(text, {0, text.size()}, quotes, target);
  CHECK(window.text().size() <= 2 * Window::kMaxContext + 3);
  const std::size_t others = [&] {
    std::size_t n = 0;
    for (std::size_t at = window.text().find(kOtherQuote); at != std::string_view::npos;
         at = window.text().find(kOtherQuote, at + 1))
      ++n;
    return n;
  }();
  CHECK(others <= Window::kMaxOtherQuotes);
  // What is kept maps back to the input.
  const Span whole = window.to_source(0, window.text().size());
  CHECK(whole.start < quotes[target].whole().start);
  CHECK(whole.end <= text.size());
}

TEST_CASE("robustness: 10,000 nested quotes are one quote of the whole nest") {
  const std::string text = "Ann Lee said: " + repeat("“", 10000) + "deep" + repeat("”", 10000);
  Document doc;
  CHECK(timed([&] { doc = test::extractor().extract(text); }) < kFast);
  REQUIRE(doc.quotes.size() == 1);
  CHECK(slice(text, doc.quotes[0].content) == repeat("“", 9999) + "deep" + repeat("”", 9999));
}

TEST_CASE("robustness: a document read in parts is cut between characters, never inside one") {
  const std::string texts[] = {
      repeat("“", 200),                            // no space, no line break: 3-byte characters only
      repeat("a", 31) + repeat("“", 100),          // a buffer that ends inside a character
      repeat("\x80", 100) + "“" + repeat("\x80", 100),  // continuation bytes that belong to nothing
      repeat("ab“c’ ", 50) + repeat("x", 100),
  };
  for (const auto& text : texts) {
    for (std::size_t target : {8u, 16u, 17u, 64u}) {
      CAPTURE(target);
      std::istringstream in(text);
      Segmenter segmenter(in, target);
      std::string part, joined;
      std::size_t offset = 0, invalid = 0;
      while (segmenter.next(part, offset)) {
        REQUIRE(offset == joined.size());
        REQUIRE_FALSE(part.empty());
        joined += part;
        invalid += count_invalid_utf8(part);
      }
      CHECK(joined == text);
      CHECK(invalid == count_invalid_utf8(text));  // no character was split
      CHECK_FALSE(segmenter.failed());
    }
  }
}

TEST_CASE("robustness: a document without line breaks is cut outside its quotations") {
  // Sentences with quotations, no line break: wherever the parts end, every
  // quotation is found whole, in the part that holds it.
  std::string text;
  for (int i = 0; text.size() < 6000; ++i)
    text += "Ann said “we will win. We will. " + std::string(static_cast<std::size_t>(i % 7), 'x') + " Yes,” and left. ";
  const auto whole_text_quotes = find_quotes(text);
  for (std::size_t target : {200u, 301u, 512u}) {
    CAPTURE(target);
    std::istringstream in(text);
    Segmenter segmenter(in, target);
    std::string part;
    std::size_t offset = 0, parts = 0;
    std::vector<Span> found;
    while (segmenter.next(part, offset)) {
      ++parts;
      for (const auto& q : find_quotes(part)) found.push_back({offset + q.whole().start, offset + q.whole().end});
    }
    CHECK(parts > text.size() / (2 * target));
    REQUIRE(found.size() == whole_text_quotes.size());
    for (std::size_t i = 0; i < found.size(); ++i) {
      CHECK(found[i].start == whole_text_quotes[i].whole().start);
      CHECK(found[i].end == whole_text_quotes[i].whole().end);
    }
  }
}

TEST_CASE("robustness: a failed read is told from an end of input") {
  std::istringstream good("text");
  std::string s;
  good >> s >> s;
  CHECK_FALSE(read_failed(good));
  good.setstate(std::ios::badbit);
  CHECK(read_failed(good));
}
