// One --jsonl input line read as a record: its id and text, and on demand
// its other fields.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace whosaid {

// Names of the id and text fields of a record.
struct JsonlFields {
  std::string id;
  std::string text;
};

struct JsonlRecord {
  std::string error;            // why the line is not a record; empty when it is
  nlohmann::json id;            // as read (null when absent), also for error records
  std::string text;
  bool has_other_fields = false;  // jsonl_record_meta() has something to return
};

// Reads a record from one line (a JSON object). A repeated field counts with
// its last value. The errors: "invalid JSON" (including invalid UTF-8),
// "expected a JSON object", "no 'text' field", "'text' is not a string"
// (with the text field's name).
JsonlRecord read_jsonl_record(const std::string& line, const JsonlFields& fields);

// The fields of a line read by read_jsonl_record() other than the id and
// text, as one compact JSON object with sorted keys; empty when there are none.
std::string jsonl_record_meta(const std::string& line, const JsonlFields& fields);

// A record's other fields (an object), written as jsonl_record_meta() writes them.
std::string jsonl_meta(const nlohmann::json& others);

}  // namespace whosaid
