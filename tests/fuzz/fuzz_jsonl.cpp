// Fuzz target: one --jsonl line of arbitrary bytes. read_jsonl_record reads
// most lines with simdjson and leaves the rest to nlohmann; whichever reads
// it, a line must mean what a plain nlohmann reading says: the same error,
// id, text and other fields. A line read as a long record (streamed) means
// the same where it reads at all, and never reads past the line.
#include <cstdint>
#include <iterator>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "jsonl_long_record.h"
#include "jsonl_record.h"

using namespace whosaid;

namespace {

// The line read as a long record whose first bytes (as many as the first
// byte says) were read already: where it reads, what whole-line reading
// says. Its one leniency: invalid UTF-8 in the text, which the extractor repairs.
void check_long_record(const std::string& line, const JsonlFields& fields, const JsonlRecord& whole) {
  const std::size_t head = line.empty() ? 0 : static_cast<unsigned char>(line[0]) % (line.size() + 1);
  std::istringstream in(line.substr(head) + "\nnext");
  LongRecord record(line.substr(0, head), in, fields);
  std::string text;
  if (record.read_head()) {
    text.assign(std::istreambuf_iterator<char>(record.text()), {});
    if (record.read_tail()) {
      if (whole.error.empty()) {
        FUZZ_CHECK(record.id() == whole.id);
        FUZZ_CHECK(text == whole.text);
        FUZZ_CHECK(record.meta() == (whole.has_other_fields ? jsonl_record_meta(line, fields) : ""));
      } else {
        FUZZ_CHECK(count_invalid_utf8(text) > 0);
      }
    }
  }
  record.skip_line();
  FUZZ_CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "next");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string line(reinterpret_cast<const char*>(data), size);
  const JsonlFields fields{"id", "text"};
  const JsonlRecord record = read_jsonl_record(line, fields);
  // A line holds no line feed.
  if (line.find('\n') == std::string::npos) check_long_record(line, fields, record);

  nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded()) {
    FUZZ_CHECK(record.error == "invalid JSON");
    return 0;
  }
  if (!json.is_object()) {
    FUZZ_CHECK(record.error == "expected a JSON object");
    return 0;
  }
  const auto id = json.find("id");
  FUZZ_CHECK(record.id == (id == json.end() ? nlohmann::json() : *id));
  const auto text = json.find("text");
  if (text == json.end()) {
    FUZZ_CHECK(record.error == "no 'text' field");
  } else if (!text->is_string()) {
    FUZZ_CHECK(record.error == "'text' is not a string");
  } else {
    FUZZ_CHECK(record.error.empty());
    FUZZ_CHECK(record.text == text->get<std::string>());
  }
  json.erase("id");
  json.erase("text");
  FUZZ_CHECK(record.has_other_fields == !json.empty());
  if (record.error.empty() && record.has_other_fields)
    FUZZ_CHECK(jsonl_record_meta(line, fields) ==
               json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return 0;
}
