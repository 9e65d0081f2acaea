#include "format_sink.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace whosaid {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "json") return Format::json;
  if (name == "jsonl") return Format::jsonl;
  if (name == "csv") return Format::csv;
  if (name == "tsv") return Format::tsv;
  return std::nullopt;
}

FormatSink::FormatSink(Format format, std::FILE* file, std::string name, bool array, int indent)
    : format_(format), out_(file), name_(std::move(name)), array_(array && format == Format::json), indent_(indent) {}

bool FormatSink::render(std::string& out, std::string_view id, const Document& doc, std::string_view text) const {
  if (is_json()) {
    JsonDocumentWriter(out, id, indent()).write_whole(doc, text);
  } else {
    CsvDocumentWriter writer(out, id, format_ == Format::csv ? ',' : '\t');
    writer.add(doc, text, 0);
  }
  return true;
}

void FormatSink::before_document() {
  if (!is_json()) {
    if (!header_written_) buffer_ += csv_header(format_ == Format::csv ? ',' : '\t');
    header_written_ = true;
  } else if (array_) {
    buffer_ += documents_ == 0 ? "[\n" : ",\n";
  }
  ++documents_;
}

void FormatSink::after_document() {
  if (is_json() && !array_) buffer_ += '\n';
}

bool FormatSink::drain() {
  const bool ok = out_.write(buffer_);
  buffer_.clear();
  return ok;
}

bool FormatSink::write_rendered(std::string_view out) {
  before_document();
  buffer_ += out;
  after_document();
  return drain();
}

bool FormatSink::begin(std::string_view id, std::string_view /*meta*/) {
  before_document();
  if (is_json()) json_.emplace(buffer_, id, indent());
  else csv_.emplace(buffer_, id, format_ == Format::csv ? ',' : '\t');
  return drain();
}

bool FormatSink::add(const Document& part, std::string_view text, std::size_t byte_offset) {
  if (json_) json_->add(part, text, byte_offset);
  if (csv_) csv_->add(part, text, byte_offset);
  return drain();
}

bool FormatSink::end() {
  if (json_) json_->finish([this] { drain(); });
  json_.reset();
  csv_.reset();
  after_document();
  return drain();
}

bool FormatSink::skipped(const nlohmann::json& id, std::size_t line, const std::string& error) {
  if (!is_json()) return true;  // no place for it in a table; it is on stderr
  nlohmann::ordered_json j;
  j["id"] = id;
  j["line"] = line;
  j["error"] = error;
  before_document();
  buffer_ += j.dump(indent(), ' ', false, nlohmann::json::error_handler_t::replace);
  after_document();
  return drain();
}

bool FormatSink::commit() { return drain() && out_.flush(); }

bool FormatSink::finish() {
  if (!is_json() && !header_written_) {
    buffer_ += csv_header(format_ == Format::csv ? ',' : '\t');
    header_written_ = true;
  }
  if (array_) buffer_ += documents_ == 0 ? "[]\n" : "\n]\n";
  drain();
  out_.flush();
  if (!out_.failed()) return true;
  if (name_ == "stdout") spdlog::error("stdout closed or failing; output stopped");
  else spdlog::error("{}: write failed; output stopped", name_);
  return false;
}

}  // namespace whosaid
