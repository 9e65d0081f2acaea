#include "extract_command.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "output.h"
#include "whosaid/extractor.h"
#include "whosaid/json.h"

namespace whosaid {

namespace {

bool read_all(std::istream& in, std::string& out) {
  std::ostringstream buffer;
  buffer << in.rdbuf();
  out = buffer.str();
  return !in.bad();
}

std::string error_record(const nlohmann::json& id, std::size_t line, const std::string& error) {
  nlohmann::ordered_json j;
  j["id"] = id;
  j["line"] = line;
  j["error"] = error;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class ExtractRun {
 public:
  ExtractRun(const Extractor& extractor, const ExtractSettings& settings)
      : extractor_(extractor), settings_(settings) {
    options_.all_spans = settings.all_spans;
  }

  // Returns false when the output is gone and the run should stop.
  bool document(std::string_view text, const std::string& id, int indent) {
    const Document doc = extractor_.extract(text, options_);
    if (doc.invalid_utf8_bytes)
      spdlog::warn("{}: {} invalid UTF-8 byte(s) read as U+FFFD", id, doc.invalid_utf8_bytes);
    return out_.write_line(to_json(doc, text, id, indent));
  }

  bool jsonl_stream(std::istream& in, const std::string& source) {
    std::string line;
    std::size_t number = 0;
    std::set<std::string> seen_ids;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
      nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
      nlohmann::json id = nullptr;
      std::string error;
      if (record.is_discarded()) {
        error = "invalid JSON";
      } else if (!record.is_object()) {
        error = "expected a JSON object";
      } else {
        if (record.contains(settings_.id_field)) id = record[settings_.id_field];
        if (!record.contains(settings_.text_field)) error = "no '" + settings_.text_field + "' field";
        else if (!record[settings_.text_field].is_string()) error = "'" + settings_.text_field + "' is not a string";
      }
      const std::string id_text = id.is_string() ? id.get<std::string>() : id.is_null() ? source + ":" + std::to_string(number) : id.dump();
      if (error.empty() && !seen_ids.insert(id_text).second) error = "duplicate id " + id_text;
      if (!error.empty()) {
        spdlog::error("{}:{}: {}", source, number, error);
        failed_lines_ = true;
        if (!out_.write_line(error_record(id, number, error))) return false;
        continue;
      }
      if (!document(record[settings_.text_field].get_ref<const std::string&>(), id_text, -1)) return false;
    }
    if (in.bad()) {
      spdlog::error("{}: read error", source);
      io_error_ = true;
    }
    return true;
  }

  int finish() {
    out_.flush();
    if (out_.failed()) {
      spdlog::error("stdout closed or failing; output stopped");
      return 2;
    }
    if (io_error_) return 2;
    return failed_lines_ ? 1 : 0;
  }

  void note_io_error() { io_error_ = true; }

 private:
  const Extractor& extractor_;
  const ExtractSettings& settings_;
  Options options_;
  Output out_;
  bool failed_lines_ = false;
  bool io_error_ = false;
};

}  // namespace

int run_extract(const ExtractSettings& settings) {
  std::vector<Diagnostic> diagnostics;
  const auto extractor = Extractor::load(settings.rules_dir, diagnostics);
  for (const auto& d : diagnostics) spdlog::error("{}", d.str());
  if (!extractor) return 2;

  std::vector<std::string> files = settings.files;
  if (files.empty()) files.push_back("-");
  ExtractRun run(*extractor, settings);
  const int indent = settings.compact || settings.jsonl || files.size() > 1 ? -1 : 2;
  for (const auto& file : files) {
    const bool is_stdin = file == "-";
    std::ifstream stream;
    if (!is_stdin) {
      std::error_code ec;
      if (std::filesystem::is_directory(file, ec)) {
        spdlog::error("{}: is a directory", file);
        run.note_io_error();
        continue;
      }
      stream.open(file, std::ios::binary);
      if (!stream) {
        spdlog::error("{}: cannot open: {}", file, std::strerror(errno));
        run.note_io_error();
        continue;
      }
    }
    std::istream& in = is_stdin ? std::cin : stream;
    const std::string name = is_stdin ? "<stdin>" : file;
    if (settings.jsonl) {
      if (!run.jsonl_stream(in, name)) break;
      continue;
    }
    std::string text;
    if (!read_all(in, text)) {
      spdlog::error("{}: read error", name);
      run.note_io_error();
      continue;
    }
    if (!run.document(text, is_stdin ? "-" : file, indent)) break;
  }
  return run.finish();
}

}  // namespace whosaid
