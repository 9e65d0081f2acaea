// read_jsonl_record: a --jsonl line reads as nlohmann's DOM of it reads,
// whether simdjson or nlohmann reads it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "jsonl_record.h"

using namespace whosaid;
using namespace std::string_literals;
using Json = nlohmann::json;

namespace {

const JsonlFields kFields{"id", "text"};

JsonlRecord read(const std::string& line) { return read_jsonl_record(line, kFields); }

std::string nested_arrays(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("jsonl record: escapes in the text decode as nlohmann decodes them") {
  const std::string line = R"({"id": "a", "text": "caf\u00e9\n\ud83d\ude00 \"q\" \\ \/ \t\u0000z \u201cHi\u201d"})";
  const JsonlRecord record = read(line);
  CHECK(record.error.empty());
  CHECK(record.id == "a");
  CHECK(record.text == "caf\u00e9\n\U0001F600 \"q\" \\ / \t\0z \u201cHi\u201d"s);
  CHECK(record.text == Json::parse(line)["text"].get<std::string>());
  CHECK_FALSE(record.has_other_fields);
}

TEST_CASE("jsonl record: a repeated field counts with its last value, escaped names too") {
  const JsonlRecord record = read(R"({"id": "a", "text": "one", "i\u0064": "b", "te\u0078t": "two"})");
  CHECK(record.id == "b");
  CHECK(record.text == "two");
  CHECK_FALSE(record.has_other_fields);
}

TEST_CASE("jsonl record: ids of every kind, as nlohmann reads them") {
  CHECK(read(R"({"text": "x"})").id.is_null());
  CHECK(read(R"({"id": null, "text": "x"})").id.is_null());
  CHECK(read(R"({"id": 5, "text": "x"})").id.dump() == "5");
  CHECK(read(R"({"id": 1e5, "text": "x"})").id.dump() == "100000.0");
  CHECK(read(R"({"id": -0, "text": "x"})").id.dump() == "0");
  CHECK(read(R"({"id": 18446744073709551616, "text": "x"})").id.dump() == "1.8446744073709552e+19");
  CHECK(read(R"({"id": {"b": 1, "a": [true]}, "text": "x"})").id.dump() == R"({"a":[true],"b":1})");
  CHECK(read(R"({"id": "\u00e9t\u00e9", "text": "x"})").id == "\u00e9t\u00e9");
}

TEST_CASE("jsonl record: lines simdjson rejects and nlohmann reads") {
  const std::vector<std::string> lines = {
      "\xEF\xBB\xBF{\"id\": \"bom\", \"text\": \"x\"}",
      R"({"id": "deep", "text": "x", "a": )" + nested_arrays(2000) + "}",
      R"({"id": "big", "text": "x", "n": 123456789012345678901234567890})",
      "{\"id\": \"nul\", \"text\": \"x\"}\0garbage"s,
  };
  for (const std::string& line : lines) {
    CAPTURE(line);
    const JsonlRecord record = read(line);
    CHECK(record.error.empty());
    CHECK(record.text == "x");
    CHECK(record.id == Json::parse(line)["id"]);
  }
  CHECK(jsonl_record_meta(lines[2], kFields) == R"({"n":1.2345678901234568e+29})");
}

TEST_CASE("jsonl record: errors") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"id": "a", "text": "x"} x)", "invalid JSON"},
      {R"({"id": "a", "text": "x")", "invalid JSON"},
      {"{\"id\": \"a\", \"text\": \"bad \xff byte\"}", "invalid JSON"},
      {R"({"id": "a", "text": "\ud800"})", "invalid JSON"},
      {R"({"id": "a", "text": "x", "n": 1e400})", "invalid JSON"},
      {R"({"id": "a", "text": "x", "n": tru})", "invalid JSON"},
      {"{\"id\": \"a\", \"text\": \"tab\there\"}", "invalid JSON"},
      {"not json", "invalid JSON"},
      {"[1, 2]", "expected a JSON object"},
      {R"("text")", "expected a JSON object"},
      {R"({"id": "a", "body": "x"})", "no 'text' field"},
      {R"({"id": "a", "text": 42})", "'text' is not a string"},
      {R"({"id": 7, "text": null})", "'text' is not a string"},
  };
  for (const auto& c : cases) {  // no structured binding: clang 14 cannot capture one in CAPTURE's lambda
    CAPTURE(c.first);
    CHECK(read(c.first).error == c.second);
  }
  // The id is kept for the error record.
  CHECK(read(R"({"id": "a", "body": "x"})").id == "a");
  CHECK(read(R"({"id": 7, "text": null})").id == 7);
}

TEST_CASE("jsonl record: the other fields, as nlohmann dumps them") {
  const std::string line = R"({"url": "u", "id": "a", "text": "x", "date": 2020, "k": [1, 2.50, null]})";
  const JsonlRecord record = read(line);
  CHECK(record.has_other_fields);
  CHECK(jsonl_record_meta(line, kFields) == R"({"date":2020,"k":[1,2.5,null],"url":"u"})");
  CHECK(jsonl_record_meta(line, {"url", "date"}) == R"({"id":"a","k":[1,2.5,null],"text":"x"})");
  CHECK(read_jsonl_record(line, {"url", "date"}).text.empty());
  CHECK(read_jsonl_record(line, {"url", "date"}).error == "'date' is not a string");
}
