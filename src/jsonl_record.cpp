#include "jsonl_record.h"

#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string_view>

namespace whosaid {

namespace {

// A parser's buffers grow to the longest line it read; past this they are
// freed rather than kept, so a long record does not cost memory while it is
// extracted and after.
constexpr std::size_t kKeptParserBytes = 1 << 20;

bool is_other_field(std::string_view key, const JsonlFields& fields) { return key != fields.id && key != fields.text; }

// Any line, through a whole nlohmann DOM of it: slow, but the reference for
// what a line means.
JsonlRecord read_with_nlohmann(const std::string& line, const JsonlFields& fields) {
  JsonlRecord record;
  nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded()) {
    record.error = "invalid JSON";
    return record;
  }
  if (!json.is_object()) {
    record.error = "expected a JSON object";
    return record;
  }
  if (const auto id = json.find(fields.id); id != json.end()) record.id = *id;
  for (const auto& field : json.items()) record.has_other_fields |= is_other_field(field.key(), fields);
  const auto text = json.find(fields.text);
  if (text == json.end()) record.error = "no '" + fields.text + "' field";
  else if (!text->is_string()) record.error = "'" + fields.text + "' is not a string";
  else record.text = std::move(text->get_ref<std::string&>());
  return record;
}

// The common line, read with simdjson (several times faster). Returns false
// to leave the line to nlohmann, the reference: for JSON that simdjson
// rejects (nlohmann reads a byte-order mark, nesting deeper than 1024 and
// integers beyond 64 bits, and names the errors of the rest), and for an id
// that is neither a string nor null (rendered as nlohmann dumps it).
bool read_with_simdjson(simdjson::dom::parser& parser, const std::string& line, const JsonlFields& fields,
                        JsonlRecord& record) {
  simdjson::dom::element root;
  if (parser.parse(line).get(root) != simdjson::SUCCESS) return false;
  simdjson::dom::object object;
  if (root.get(object) != simdjson::SUCCESS) {
    record.error = "expected a JSON object";
    return true;
  }
  // As in nlohmann's DOM, the last of repeated fields counts.
  std::optional<simdjson::dom::element> id, text;
  for (const simdjson::dom::key_value_pair field : object) {
    if (field.key == fields.id) id = field.value;
    if (field.key == fields.text) text = field.value;
    record.has_other_fields |= is_other_field(field.key, fields);
  }
  if (id && !id->is_null()) {
    std::string_view id_string;
    if (id->get(id_string) != simdjson::SUCCESS) return false;
    record.id = id_string;
  }
  std::string_view text_string;
  if (!text) record.error = "no '" + fields.text + "' field";
  else if (text->get(text_string) != simdjson::SUCCESS) record.error = "'" + fields.text + "' is not a string";
  else record.text = text_string;
  return true;
}

}  // namespace

JsonlRecord read_jsonl_record(const std::string& line, const JsonlFields& fields) {
  thread_local simdjson::dom::parser parser;  // one per thread, reused
  JsonlRecord record;
  const bool read = read_with_simdjson(parser, line, fields, record);
  if (parser.capacity() > kKeptParserBytes) parser = simdjson::dom::parser();
  if (!read) return read_with_nlohmann(line, fields);
  return record;
}

std::string jsonl_record_meta(const std::string& line, const JsonlFields& fields) {
  nlohmann::json json = nlohmann::json::parse(line);
  json.erase(fields.id);
  json.erase(fields.text);
  return jsonl_meta(json);
}

std::string jsonl_meta(const nlohmann::json& others) {
  if (others.empty()) return {};
  return others.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace whosaid
