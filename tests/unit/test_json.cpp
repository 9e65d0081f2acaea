// to_json: the documented fields, byte and character offsets, and invalid input.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <tuple>
#include <vector>

#include "test_support.h"
#include "whosaid/json.h"

using namespace whosaid;
using Json = nlohmann::json;

namespace {

Json extract_json(std::string_view text, std::string_view id = "doc", int indent = -1) {
  const std::string out = to_json(test::extractor().extract(text), text, id, indent);
  return Json::parse(out);  // throws (fails the test) on invalid JSON or UTF-8
}

// Code points in text[0, byte), counted independently of the library: every
// byte that is not a continuation byte starts one.
std::size_t chars_before(std::string_view text, std::size_t byte) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < byte; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  return n;
}

void check_span(const Json& span, std::string_view text) {
  REQUIRE(span.is_object());
  CHECK(span.size() == 3);
  const auto start = span.at("start").get<std::size_t>();
  const auto end = span.at("end").get<std::size_t>();
  CHECK(start < end);
  CHECK(end <= text.size());
  CHECK(span.at("text").get<std::string>() == text.substr(start, end - start));
}

}  // namespace

TEST_CASE("json: a document has the documented fields") {
  const std::string text =
      "Senator Jane Roe spoke on Tuesday. “We will not back down,” Roe said. "
      "Paula Grant, a lawyer, noted that “the ruling cannot stand,” and left.";
  const Json doc = extract_json(text, "article-7");
  CHECK(doc.at("id") == "article-7");
  REQUIRE(doc.at("quotes").is_array());
  REQUIRE(doc.at("quotes").size() == 2);
  for (const auto& q : doc.at("quotes")) {
    CAPTURE(q.dump());
    for (const char* field : {"text", "start", "end", "char_start", "char_end", "kind", "speaker", "mention",
                              "cue", "rule", "paragraph", "sentence"})
      CHECK(q.contains(field));
    CHECK(q.at("text").is_string());
    CHECK(q.at("start").is_number_unsigned());
    CHECK(q.at("end").is_number_unsigned());
    CHECK(q.at("char_start").is_number_unsigned());
    CHECK(q.at("char_end").is_number_unsigned());
    CHECK(q.at("speaker").is_string());
    CHECK(q.at("rule").is_string());
    CHECK(q.at("paragraph").is_number_unsigned());
    CHECK(q.at("sentence").is_number_unsigned());
    check_span(q.at("mention"), text);
    check_span(q.at("cue"), text);
    CHECK_FALSE(q.contains("unclosed"));
  }
  const Json& direct = doc["quotes"][0];
  CHECK(direct.at("kind") == "direct");
  CHECK(direct.at("speaker") == "Jane Roe");
  CHECK(direct.at("mention").at("text") == "Roe");
  CHECK(direct.at("cue").at("text") == "said");
  CHECK(direct.at("paragraph") == 0);
  CHECK(direct.at("sentence") == 1);
  CHECK_FALSE(direct.contains("clause"));  // only mixed quotes have a clause

  const Json& mixed = doc["quotes"][1];
  CHECK(mixed.at("kind") == "mixed");
  CHECK(mixed.at("speaker") == "Paula Grant");
  check_span(mixed.at("clause"), text);

  REQUIRE(doc.at("speakers").is_array());
  REQUIRE(doc.at("speakers").size() == 2);
  const Json& roe = doc["speakers"][0];
  CHECK(roe.at("name") == "Jane Roe");
  CHECK(roe.at("quotes") == 1);
  REQUIRE(roe.at("mentions").size() == 1);
  const auto mention = roe["mentions"][0].get<std::vector<std::size_t>>();
  REQUIRE(mention.size() == 2);
  CHECK(text.substr(mention[0], mention[1] - mention[0]) == "Roe");
}

TEST_CASE("json: quote text is the input slice; char offsets count code points") {
  const std::string text = "Café — naïve, “Ωmega ready,” Jane Roe said. “Then “more” here,” she said.";
  const Json doc = extract_json(text);
  REQUIRE(doc.at("quotes").size() == 2);
  for (const auto& q : doc.at("quotes")) {
    CAPTURE(q.dump());
    const auto start = q.at("start").get<std::size_t>();
    const auto end = q.at("end").get<std::size_t>();
    CHECK(q.at("text").get<std::string>() == text.substr(start, end - start));
    CHECK(q.at("char_start").get<std::size_t>() == chars_before(text, start));
    CHECK(q.at("char_end").get<std::size_t>() == chars_before(text, end));
    CHECK(q.at("char_start").get<std::size_t>() < start);  // multi-byte characters come before
    const std::string quoted = q.at("text").get<std::string>();
    CHECK(q.at("char_end").get<std::size_t>() - q.at("char_start").get<std::size_t>() ==
          chars_before(quoted, quoted.size()));
  }
  CHECK(doc["quotes"][0].at("text") == "Ωmega ready,");
}

TEST_CASE("json: char offsets equal byte offsets in ASCII text") {
  const std::string text = "\"We are ready,\" Jane Roe said.";
  const Json doc = extract_json(text);
  REQUIRE(doc.at("quotes").size() == 1);
  CHECK(doc["quotes"][0].at("char_start") == doc["quotes"][0].at("start"));
  CHECK(doc["quotes"][0].at("char_end") == doc["quotes"][0].at("end"));
  CHECK(doc["quotes"][0].at("start") == 1);
}

TEST_CASE("json: nobody found gives null speaker, mention and cue; unclosed is flagged") {
  const std::string text = "“The plan is sound and we start on Monday without any delay";
  const Json doc = extract_json(text);
  REQUIRE(doc.at("quotes").size() == 1);
  const Json& q = doc["quotes"][0];
  CHECK(q.at("speaker").is_null());
  CHECK(q.at("mention").is_null());
  CHECK(q.at("cue").is_null());
  CHECK(q.at("unclosed") == true);
  CHECK(doc.at("speakers").empty());
}

TEST_CASE("json: invalid UTF-8 in the input still gives valid JSON") {
  // Before the quote only lead-like bad bytes, so chars_before() agrees with one
  // code point per invalid byte; after it, a surrogate and stray continuations.
  const std::string text = "Bad \xFF\xFE bytes \xC0. “We are \xC3 ready \xE2\x80,” Jane Roe said. \xED\xA0\x80\x80";
  const std::string out = to_json(test::extractor().extract(text), text, "bad\xFF" "id");
  Json doc;
  REQUIRE_NOTHROW(doc = Json::parse(out));
  REQUIRE(doc.at("quotes").size() == 1);
  const Json& q = doc["quotes"][0];
  // Each invalid byte is one U+FFFD, as in the character offsets.
  const std::string quote = q.at("text").get<std::string>();
  CHECK(quote == "We are \xEF\xBF\xBD ready \xEF\xBF\xBD\xEF\xBF\xBD,");
  CHECK(q.at("char_end").get<std::size_t>() - q.at("char_start").get<std::size_t>() ==
        chars_before(quote, quote.size()));
  CHECK(q.at("speaker") == "Jane Roe");
  CHECK(q.at("char_start").get<std::size_t>() == chars_before(text, q.at("start").get<std::size_t>()));
  CHECK(doc.at("id").get<std::string>().find("bad") == 0);
}

TEST_CASE("json: indent -1 is one line, indent 2 is pretty") {
  const std::string text = "“We are ready,” Jane Roe said.";
  const Document doc = test::extractor().extract(text);
  const std::string one_line = to_json(doc, text, "x", -1);
  const std::string pretty = to_json(doc, text, "x", 2);
  CHECK(one_line.find('\n') == std::string::npos);
  CHECK(pretty.find("\n  \"quotes\"") != std::string::npos);
  CHECK(Json::parse(one_line) == Json::parse(pretty));
}

TEST_CASE("json: an empty document") {
  const Json doc = extract_json("", "empty");
  CHECK(doc == Json::parse(R"({"id": "empty", "quotes": [], "speakers": []})"));
}

TEST_CASE("json: a document written in parts numbers paragraphs and sentences as a whole one") {
  const std::string whole =
      "First “a,” Roe said. Second “b,” Roe said. Third “c,” she said.\n"
      "Next “d,” Roe said.\n\n"
      "End “e,” Roe said. Really.\n"
      "Tail “f,” Roe said";
  auto numbers = [](const Json& doc) {
    std::vector<std::tuple<std::string, std::size_t, std::size_t>> out;
    for (const auto& q : doc.at("quotes"))
      out.emplace_back(q.at("text"), q.at("paragraph"), q.at("sentence"));
    return out;
  };
  const auto expected = numbers(extract_json(whole));
  REQUIRE(expected.size() == 6);
  CHECK(std::get<1>(expected[3]) == 1);
  CHECK(std::get<1>(expected[5]) == 3);
  auto at = [&](const char* word) { return whole.find(word); };
  // Cuts inside a paragraph (one paragraph over three parts), at a line end,
  // and before a blank line.
  const std::vector<std::vector<std::size_t>> cut_sets = {
      {at("Second")}, {at("Second"), at("Third")}, {at("Next")}, {at("Third"), at("End")}, {at("\n\nEnd") + 1},
      {at("Second"), at("Third"), at("Next"), at("End"), at("Tail")}};
  for (const auto& cuts : cut_sets) {
    CAPTURE(cuts.size());
    CAPTURE(cuts.front());
    std::string out;
    JsonDocumentWriter writer(out, "doc");
    std::size_t from = 0;
    for (std::size_t i = 0; i <= cuts.size(); ++i) {
      const std::size_t to = i < cuts.size() ? cuts[i] : whole.size();
      const std::string_view part = std::string_view(whole).substr(from, to - from);
      writer.add(test::extractor().extract(part), part, from);
      from = to;
    }
    writer.finish();
    CHECK(numbers(Json::parse(out)) == expected);
  }
}

TEST_CASE("json: a long speakers list is written in drains, the same as whole") {
  // 300 speakers of 1,000 mentions each: some 3.5 MB of speakers list.
  Document part;
  for (int s = 0; s < 300; ++s) {
    Speaker speaker{"Speaker " + std::to_string(s), 1, {}};
    for (std::size_t m = 0; m < 1000; ++m) speaker.mentions.push_back({m * 10, m * 10 + 5});
    part.speakers.push_back(std::move(speaker));
  }
  const std::string text = "no quotes here";
  std::string whole;
  JsonDocumentWriter plain(whole, "doc");
  plain.add(part, text, 0);
  plain.finish();

  std::string buffer, drained;
  std::size_t drains = 0, largest = 0;
  JsonDocumentWriter writer(buffer, "doc");
  writer.add(part, text, 0);
  writer.finish([&] {
    ++drains;
    largest = std::max(largest, buffer.size());
    drained += buffer;
    buffer.clear();
  });
  drained += buffer;
  CHECK(whole.size() > 3'000'000);
  CHECK(drains >= 3);
  CHECK(largest < 1'100'000);
  CHECK(drained == whole);
  CHECK(Json::parse(drained).at("speakers").size() == 300);
}

TEST_CASE("json: the layout is nlohmann's dump of the same values, compact and indented, at every length") {
  // Documents of 0 to 40 quotes: the writer's buffer grows at many places
  // within them. Escapes, characters beyond ASCII and an invalid byte each
  // take their own path through the writer.
  std::string text;
  for (int n = 0; n <= 40; ++n) {
    for (const int indent : {-1, 0, 2, 4}) {
      const std::string out = to_json(test::extractor().extract(text), text, "doc\t" + std::to_string(n), indent);
      nlohmann::ordered_json parsed;
      REQUIRE_NOTHROW(parsed = nlohmann::ordered_json::parse(out));
      CHECK(parsed.dump(indent) == out);
    }
    text += n % 7 == 3 ? "“Café \x01 is \"open\" \\ now \xFF,” Ann Lee said.\n"
                       : "“We are ready " + std::string(static_cast<std::size_t>(n * 13 % 50), 'x') +
                             ",” Jane Roe said.\n";
  }
}
