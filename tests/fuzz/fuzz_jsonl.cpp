// Fuzz target: one --jsonl line of arbitrary bytes. read_jsonl_record reads
// most lines with simdjson and leaves the rest to nlohmann; whichever reads
// it, a line must mean what a plain nlohmann reading says: the same error,
// id, text and other fields.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "jsonl_record.h"

using namespace whosaid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string line(reinterpret_cast<const char*>(data), size);
  const JsonlFields fields{"id", "text"};
  const JsonlRecord record = read_jsonl_record(line, fields);

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
