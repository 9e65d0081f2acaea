#include "extract_command.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <unordered_set>

#include "output.h"
#include "parallel.h"
#include "segmenter.h"
#include "whosaid/extractor.h"
#include "whosaid/json.h"

namespace whosaid {

namespace {

// Input is processed in batches: read a batch, extract it on every thread,
// write it in input order. A batch is small enough to bound memory.
constexpr std::size_t kBatchDocuments = 256;
constexpr std::size_t kBatchBytes = 32 << 20;

// One --jsonl input line and what became of it.
struct LineJob {
  std::size_t number = 0;
  std::string line;
  std::string id;        // the id as written out
  nlohmann::json raw_id;  // the id as read, for error records
  std::string error;
  std::string output;
};

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

  // One plain-text document from `in`, read and extracted part by part.
  // Returns false when the output is gone and the run should stop.
  bool text_document(std::istream& in, const std::string& id, int indent) {
    Segmenter segmenter(in, settings_.part_bytes);
    std::string json;
    JsonDocumentWriter writer(json, id, indent);
    std::vector<std::string> parts;
    std::vector<std::size_t> offsets;
    std::size_t invalid = 0;
    for (bool more = true; more;) {
      // A batch of parts, extracted in parallel and written in order.
      parts.clear();
      offsets.clear();
      std::string part;
      std::size_t offset = 0;
      while (parts.size() < static_cast<std::size_t>(std::max(1, settings_.threads)) &&
             (more = segmenter.next(part, offset))) {
        parts.push_back(std::move(part));
        offsets.push_back(offset);
      }
      std::vector<Document> docs(parts.size());
      parallel_for(parts.size(), settings_.threads, [&](std::size_t i) { docs[i] = extractor_.extract(parts[i], options_); });
      for (std::size_t i = 0; i < parts.size(); ++i) {
        invalid += docs[i].invalid_utf8_bytes;
        writer.add(docs[i], parts[i], offsets[i]);
        if (!out_.write(json)) return false;
        json.clear();
      }
    }
    if (segmenter.failed()) {
      spdlog::error("{}: read error", id);
      io_error_ = true;
    }
    writer.finish();
    json += '\n';
    if (invalid) spdlog::warn("{}: {} invalid UTF-8 byte(s) read as U+FFFD", id, invalid);
    return out_.write(json);
  }

  bool jsonl_stream(std::istream& in, const std::string& source) {
    std::vector<LineJob> batch;
    std::size_t number = 0;
    bool more = true;
    while (more) {
      batch.clear();
      std::size_t bytes = 0;
      std::string line;
      while (batch.size() < kBatchDocuments && bytes < kBatchBytes && (more = static_cast<bool>(std::getline(in, line)))) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        bytes += line.size();
        batch.push_back({number, std::move(line), {}, nullptr, {}, {}});
      }
      parallel_for(batch.size(), settings_.threads, [&](std::size_t i) { process_line(batch[i], source); });
      for (auto& job : batch) {
        if (job.error.empty() && !seen_ids_.insert(job.id).second) job.error = "duplicate id " + job.id;
        if (!job.error.empty()) {
          spdlog::error("{}:{}: {}", source, job.number, job.error);
          failed_lines_ = true;
          job.output = error_record(job.raw_id, job.number, job.error);
        }
        job.output += '\n';
        if (!out_.write(job.output)) return false;
      }
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
  // Parses and extracts one line; runs on any thread.
  void process_line(LineJob& job, const std::string& source) const {
    nlohmann::json record = nlohmann::json::parse(job.line, nullptr, false);
    if (record.is_discarded()) {
      job.error = "invalid JSON";
      return;
    }
    if (!record.is_object()) {
      job.error = "expected a JSON object";
      return;
    }
    if (const auto id = record.find(settings_.id_field); id != record.end()) job.raw_id = *id;
    job.id = job.raw_id.is_string()  ? job.raw_id.get<std::string>()
             : job.raw_id.is_null() ? source + ":" + std::to_string(job.number)
                                    : job.raw_id.dump();
    const auto text = record.find(settings_.text_field);
    if (text == record.end()) {
      job.error = "no '" + settings_.text_field + "' field";
      return;
    }
    if (!text->is_string()) {
      job.error = "'" + settings_.text_field + "' is not a string";
      return;
    }
    const std::string& body = text->get_ref<const std::string&>();
    const Document doc = extractor_.extract(body, options_);
    if (doc.invalid_utf8_bytes)
      spdlog::warn("{}:{}: {} invalid UTF-8 byte(s) read as U+FFFD", source, job.number, doc.invalid_utf8_bytes);
    job.output = to_json(doc, body, job.id);
  }

  const Extractor& extractor_;
  const ExtractSettings& settings_;
  Options options_;
  Output out_;
  std::unordered_set<std::string> seen_ids_;
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
    const bool ok = settings.jsonl ? run.jsonl_stream(in, name) : run.text_document(in, is_stdin ? "-" : file, indent);
    if (!ok) break;
  }
  return run.finish();
}

}  // namespace whosaid
