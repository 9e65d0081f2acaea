// LongRecord: a --jsonl line too long to hold, read as a stream, means what
// the whole line means to nlohmann, or says why it cannot be streamed.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <iterator>
#include <sstream>
#include <string>

#include "jsonl_long_record.h"

using namespace whosaid;
using namespace std::string_literals;
using Json = nlohmann::json;

namespace {

const JsonlFields kFields{"id", "text"};

struct Streamed {
  std::string error;
  Json id;
  std::string meta, text;
  std::string rest;  // what is left of the input after the record
};

// `input` read as a long record whose first `head` bytes were read already.
Streamed stream(const std::string& input, std::size_t head) {
  head = std::min(head, input.size());
  std::istringstream in(input.substr(head));
  LongRecord record(input.substr(0, head), in, kFields);
  Streamed out;
  if (record.read_head()) {
    out.text.assign(std::istreambuf_iterator<char>(record.text()), {});
    record.read_tail();
    out.id = record.id();
    out.meta = record.meta();
  }
  record.skip_line();
  out.error = record.error();
  out.rest.assign(std::istreambuf_iterator<char>(in), {});
  return out;
}

// `line` and `after` (the next line), the line split at every byte between
// what was read and what is to be read.
template <typename Check>
void at_every_head(const std::string& line, const std::string& after, Check check) {
  for (std::size_t head = 0; head <= line.size(); ++head) {
    CAPTURE(head);
    check(stream(line + "\n" + after, head));
  }
}

}  // namespace

TEST_CASE("long record: id, other fields and text read as nlohmann reads the whole line") {
  const std::string line =
      R"({"url": "http://a.b/c", "id": 7, "tags": ["x", {"y": "}\"]"}], "te\u0078t": "caf\u00e9\n\ud83d\ude00 )"
      R"(\"q\" \\ \/ \b\f\r\t\u0000z \u201cHi\u201d  “ok”"}  )";
  const Json whole = Json::parse(line);
  at_every_head(line, "next", [&](const Streamed& s) {
    CHECK(s.error.empty());
    CHECK(s.id == whole["id"]);
    CHECK(s.text == whole["text"].get<std::string>());
    Json others = whole;
    others.erase("id");
    others.erase("text");
    CHECK(s.meta == others.dump(-1, ' ', false, Json::error_handler_t::replace));
    CHECK(s.rest == "next");  // the next line is left unread
  });
}

TEST_CASE("long record: fields after the text are read as those before it") {
  const std::string line = R"({"text": "caf\u00e9", "id": "a", "tags": ["x", "}"], "id": "b", "n": -1.5e3} )";
  const Json whole = Json::parse(line);
  at_every_head(line, "next", [&](const Streamed& s) {
    CHECK(s.error.empty());
    CHECK(s.id == "b");  // the last of repeated fields counts
    CHECK(s.text == "caf\u00e9");
    Json others = whole;
    others.erase("id");
    others.erase("text");
    CHECK(s.meta == others.dump(-1, ' ', false, Json::error_handler_t::replace));
    CHECK(s.rest == "next");
  });
}

TEST_CASE("long record: the last of repeated fields before the text counts; no other field, no meta") {
  const Streamed s = stream(R"({"id": "a", "id": "b", "text": "t"})", 5);
  CHECK(s.error.empty());
  CHECK(s.id == "b");
  CHECK(s.meta.empty());
  CHECK(s.text == "t");
}

TEST_CASE("long record: lines it cannot read, each with its reason, the line consumed") {
  struct Case {
    std::string line, error, text;
  };
  const Case cases[] = {
      {R"(["id", "text"])", "expected a JSON object", ""},
      {R"({})", "no 'text' field", ""},
      {R"({"id": "a"})", "no 'text' field", ""},
      {R"({"id": "a", "text": 3})", "'text' is not a string", ""},
      {R"({"id": "a" "text": "t"})", "invalid JSON", ""},
      {R"({"id": tru, "text": "t"})", "invalid JSON", ""},
      {"{\"id\": 12\0\0 3, \"text\": \"t\"}"s, "invalid JSON", ""},  // nlohmann ends a number at a NUL
      {R"({"id": "a", "text": "t")", "invalid JSON", "t"},
      {R"({"id": "a", "text": "t"} x)", "invalid JSON", "t"},
      {R"({"text": "t", "id": "a", "text": "u"})", "a second 'text' field", "t"},
      {R"({"text": "t", "id": "a",})", "invalid JSON", "t"},
      {R"({"text": "t", "id" "a"})", "invalid JSON", "t"},
      {R"({"text": "ab)", "invalid JSON: the text has no closing quote", "ab"},
      {"{\"text\": \"a\tb\"}", "invalid JSON: a control character in the text", "a"},
      {R"({"text": "a\xb"})", "invalid JSON: a bad escape in the text", "a"},
      {R"({"text": "a\u12G4"})", "invalid JSON: a bad escape in the text", "a"},
      {R"({"text": "a\ud800b"})", "invalid JSON: a lone surrogate in the text", "a"},
      {R"({"text": "a\udc00b"})", "invalid JSON: a lone surrogate in the text", "a"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    at_every_head(c.line, "{\"next\": 1}", [&](const Streamed& s) {
      CHECK(s.error == c.error);
      CHECK(s.text == c.text);
      CHECK(s.rest == "{\"next\": 1}");
    });
  }
}

TEST_CASE("long record: a field other than the text is at most 1 MB") {
  const std::string big(LongRecord::kMostFieldBytes + 1, 'x');
  for (const std::string& line : {R"({"html": ")" + big + R"(", "text": "t"})",
                                  R"({"list": [")" + big + R"("], "text": "t"})"}) {
    const Streamed s = stream(line + "\nnext", 100);
    CHECK(s.error == "a field longer than 1 MB besides 'text' (in a long record only the text may be)");
    CHECK(s.rest == "next");
  }
}

TEST_CASE("long record: invalid UTF-8 in the text passes as it is, for the extractor to repair and count") {
  const Streamed s = stream("{\"id\": \"a\", \"text\": \"x\xff\xc3y\"}", 3);
  CHECK(s.error.empty());
  CHECK(s.text == "x\xff\xc3y");
}

TEST_CASE("long record: a text longer than the stream's buffer arrives whole") {
  std::string text;
  for (int i = 0; text.size() < 300000; ++i) text += "line " + std::to_string(i) + " caf\u00e9 \U0001F600\n";
  const std::string line = Json{{"id", "big"}, {"text", text}}.dump();
  const Streamed s = stream(line, 4096);
  CHECK(s.error.empty());
  CHECK(s.text == text);
}
