#include "extract_command.h"

#include "load_rules.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "format_sink.h"
#include "jsonl_long_record.h"
#include "jsonl_record.h"
#include "parallel.h"
#include "progress.h"
#include "segmenter.h"
#include "sqlite_output.h"
#include "temp_file.h"

namespace whosaid {

namespace {

// Input is processed in batches: a batch is extracted on every thread while
// this one writes the batch before it, in input order, and reads the next.
// Three batches are small enough to bound memory; a batch is the unit of a
// database transaction.
constexpr std::size_t kBatchDocuments = 256;
constexpr std::size_t kBatchBytes = 16 << 20;
// A longer --jsonl line is read as a stream (see LongRecord).
constexpr std::size_t kMostWholeRecordBytes = 8 << 20;

// Whether reading stdin may wait on its writer (a pipe, a terminal), who
// may wait for the output of what was read so far.
bool stdin_may_wait() {
  struct stat status {};
  return fstat(STDIN_FILENO, &status) != 0 || !S_ISREG(status.st_mode);
}

// Whether std::cin has paused: nothing buffered, and nothing (not even its
// end) comes within a second.
bool stdin_paused() {
  if (std::cin.rdbuf()->in_avail() > 0) return false;
  pollfd input{STDIN_FILENO, POLLIN, 0};
  return poll(&input, 1, 1000) == 0;
}

enum class LineRead { line, long_line, end };

// Reads one line, without its line feed, into `line`; `long_line` when it
// goes on past `most` bytes (`line` then holds the first `most`).
// `buffer` holds most + 1 bytes.
LineRead read_line(std::istream& in, std::string& line, char* buffer, std::size_t most) {
  in.getline(buffer, static_cast<std::streamsize>(most + 1));
  const auto count = static_cast<std::size_t>(in.gcount());
  if (in.eof()) {  // the last line, without a line feed
    line.assign(buffer, count);
    return count == 0 ? LineRead::end : LineRead::line;
  }
  if (in.fail()) {
    if (count != most || read_failed(in)) return LineRead::end;
    in.clear();  // the buffer filled: the line goes on
    line.assign(buffer, count);
    return LineRead::long_line;
  }
  line.assign(buffer, count - 1);
  return LineRead::line;
}

// What a document is called in the output: its id field, else where it was read.
std::string document_id(const nlohmann::json& id, const std::string& source, std::size_t line) {
  if (id.is_string()) return id.get<std::string>();
  if (id.is_null()) return source + ":" + std::to_string(line);
  return id.dump();
}

// Copies `from`, to its end, into `to`, or until writing fails.
void copy_stream(std::istream& from, std::ostream& to) {
  std::vector<char> buffer(1 << 16);
  while (from.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || from.gcount() > 0)
    if (!to.write(buffer.data(), from.gcount())) return;
}

}  // namespace

// One document read whole (a --jsonl line, or a plain-text file of one part)
// and what became of it.
struct ExtractRun::DocumentJob {
  std::size_t number = 0;  // --jsonl: its line
  std::string line;        // --jsonl: the line, until read
  std::size_t bytes = 0;
  std::string id;         // the id as written out
  nlohmann::json raw_id;  // the id as read, for error records
  std::string error;
  std::string text;       // kept for the sinks that do not render ahead
  std::string meta;       // the record's other fields, for them too
  Document doc;
  std::size_t quotes = 0;
  std::vector<std::string> rendered;  // per sink, when it rendered ahead
  std::vector<char> is_rendered;
};

ExtractRun::ExtractRun(const Extractor& extractor, const ExtractSettings& settings, std::vector<Sink*> sinks,
                       Progress& progress)
    : extractor_(extractor),
      settings_(settings),
      jsonl_fields_{settings.id_field, settings.text_field},
      sinks_(std::move(sinks)),
      progress_(progress),
      pool_(settings.threads) {
  options_.all_spans = settings.all_spans;
}

ExtractRun::~ExtractRun() = default;

bool ExtractRun::commit_if_due(bool batch_done) {
  if (!batch_done && uncommitted_documents_ < kBatchDocuments && uncommitted_bytes_ < kBatchBytes) return true;
  uncommitted_documents_ = uncommitted_bytes_ = 0;
  for (Sink* sink : sinks_)
    if (!sink->commit()) return false;
  return true;
}

bool ExtractRun::text_document(std::istream& in, const std::string& id, std::string_view meta) {
  Segmenter segmenter(in, settings_.part_bytes);
  return text_parts(segmenter, id, meta, {});
}

bool ExtractRun::text_parts(Segmenter& segmenter, const std::string& id, std::string_view meta,
                            std::vector<std::string> first_parts) {
  for (Sink* sink : sinks_)
    if (!sink->begin(id, meta)) return false;
  // Parts are extracted on the workers, a few ahead, while this thread reads
  // the next and writes each in order as soon as it is done.
  struct Part {
    std::string text;
    std::size_t offset = 0;  // in the document
    Document doc;
    std::atomic<bool> done{false};
  };
  std::deque<std::unique_ptr<Part>> in_flight;  // each task holds its part's address
  // Two a worker keep each busy; one thread extracts as it reads.
  const std::size_t most_in_flight = settings_.threads > 1 ? 2 * static_cast<std::size_t>(settings_.threads) : 1;
  std::size_t first_read = 0;  // of `first_parts`, which come before the segmenter's
  std::size_t invalid = 0, bytes = 0;
  for (bool more = true;;) {
    while (more && in_flight.size() < most_in_flight) {
      auto part = std::make_unique<Part>();
      if (first_read < first_parts.size()) part->text = std::move(first_parts[first_read++]);
      else if (!(more = segmenter.next(part->text, part->offset))) break;
      pool_.submit([this, p = part.get()] {
        p->doc = extractor_.extract(p->text, options_);
        p->done = true;
      });
      in_flight.push_back(std::move(part));
    }
    if (in_flight.empty()) break;
    const Part& part = *in_flight.front();
    pool_.wait_until([&] { return part.done.load(); });
    invalid += part.doc.invalid_utf8_bytes;
    bytes += part.text.size();
    for (Sink* sink : sinks_) {
      if (!sink->add(part.doc, part.text, part.offset)) {
        pool_.wait_all();  // the tasks still running hold parts
        return false;
      }
    }
    progress_.add(0, part.text.size(), part.doc.quotes.size());
    in_flight.pop_front();
  }
  if (segmenter.failed()) {
    // The document is left unfinished (its JSON does not close; a database
    // rolls it back): part of a document must not pass for all of it.
    spdlog::error("{}: read error: {}; output stopped", id, segmenter.error());
    io_error_ = true;
    return false;
  }
  if (invalid) spdlog::warn("{}: {} invalid UTF-8 byte(s) read as U+FFFD", id, invalid);
  for (Sink* sink : sinks_)
    if (!sink->end()) return false;
  progress_.add(1, 0, 0);
  ++uncommitted_documents_;
  uncommitted_bytes_ += bytes;
  return commit_if_due(false);
}

bool ExtractRun::jsonl_stream(std::istream& in, const std::string& source) {
  // Not zeroed: only the longest line's bytes take memory.
  const auto buffer = std::make_unique_for_overwrite<char[]>(kMostWholeRecordBytes + 1);
  std::size_t number = 0;
  std::string line;
  const bool may_wait = &in == &std::cin && stdin_may_wait();
  auto read_batch = [&](std::vector<DocumentJob>& batch) {
    std::size_t bytes = 0;
    LineRead read = LineRead::line;
    // A feed's batch ends when the feed pauses: what has come is extracted now.
    while (batch.size() < kBatchDocuments && bytes < kBatchBytes && !(may_wait && !batch.empty() && stdin_paused()) &&
           (read = read_line(in, line, buffer.get(), kMostWholeRecordBytes)) == LineRead::line) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      bytes += line.size();
      DocumentJob& job = batch.emplace_back();
      job.number = number;
      job.bytes = line.size() + 1;
      job.line = std::move(line);
    }
    return read == LineRead::line ? AfterBatch::more
           : read == LineRead::long_line ? AfterBatch::long_document : AfterBatch::end;
  };
  auto long_document = [&] { return long_record(in, std::move(line), ++number, source); };
  if (!run_batches(read_batch, long_document, source, !may_wait)) return false;
  if (read_failed(in)) {
    spdlog::error("{}: read error", source);
    io_error_ = true;
  }
  return true;
}

bool ExtractRun::run_batches(const std::function<AfterBatch(std::vector<DocumentJob>&)>& read_batch,
                             const std::function<bool()>& long_document, const std::string& source,
                             bool read_ahead) {
  std::vector<DocumentJob> batch, next, extracted;
  AfterBatch after = read_batch(batch);
  for (;;) {
    for (DocumentJob& job : batch) {
      pool_.submit([&] {
        if (settings_.jsonl) process_line(job, source);
        else extract_job(job, job.id);
      });
    }
    bool written = true;
    std::optional<AfterBatch> after_next;
    if (read_ahead) {
      written = write_batch(extracted, source);
      if (written && after == AfterBatch::more) after_next = read_batch(next);
    }
    pool_.wait_all();
    if (!written) return false;
    extracted = std::move(batch);
    // Written before anything more is read: when a long document follows,
    // or when the reader of a pipe may wait for them before it writes more.
    if (!read_ahead || after == AfterBatch::long_document) {
      if (!write_batch(extracted, source)) return false;
      extracted.clear();
    }
    if (after == AfterBatch::end) break;
    if (after == AfterBatch::long_document && !long_document()) return false;
    if (!after_next) after_next = read_batch(next);
    batch = std::move(next);
    next.clear();
    after = *after_next;
  }
  return write_batch(extracted, source);
}

bool ExtractRun::write_batch(std::vector<DocumentJob>& batch, const std::string& source) {
  for (auto& job : batch) {
    if (settings_.jsonl && job.error.empty() && !seen_ids_.insert(job.id).second) job.error = "duplicate id " + job.id;
    if (!job.error.empty()) {
      if (!skip_record(job.raw_id, job.number, job.error, source)) return false;
      progress_.add(1, job.bytes, 0);
      continue;
    }
    for (std::size_t s = 0; s < sinks_.size(); ++s) {
      Sink& sink = *sinks_[s];
      const bool ok = job.is_rendered[s] ? sink.write_rendered(job.rendered[s])
                                         : sink.begin(job.id, job.meta) && sink.add(job.doc, job.text, 0) && sink.end();
      if (!ok) return false;
    }
    progress_.add(1, job.bytes, job.quotes);
  }
  return batch.empty() || commit_if_due(true);
}

bool ExtractRun::text_files(const std::vector<std::string>& files) {
  std::size_t next_file = 0;
  InputFile input;
  std::optional<Segmenter> segmenter;
  std::vector<std::string> first_part;  // of a long document, read already
  auto read_batch = [&](std::vector<DocumentJob>& batch) {
    std::size_t bytes = 0;
    while (next_file < files.size() && batch.size() < kBatchDocuments && bytes < kBatchBytes) {
      const std::string& file = files[next_file++];
      const bool is_stdin = file == "-";
      if (!is_stdin && !open_file(file, input)) continue;
      segmenter.emplace(is_stdin ? std::cin : input.stream, settings_.part_bytes);
      std::string part;
      std::size_t offset = 0;
      const bool any = segmenter->next(part, offset);
      if (!segmenter->done() || segmenter->failed()) {
        // A long document (or one that could not be read): part by part, after those before it.
        first_part.clear();
        if (any) first_part.push_back(std::move(part));
        return AfterBatch::long_document;
      }
      // A document of one part: read whole, extracted in a batch with others.
      DocumentJob& job = batch.emplace_back();
      job.id = file;
      job.bytes = part.size();
      job.text = std::move(part);
      bytes += job.bytes;
    }
    return next_file < files.size() ? AfterBatch::more : AfterBatch::end;
  };
  auto long_document = [&] { return text_parts(*segmenter, files[next_file - 1], {}, std::move(first_part)); };
  const bool reads_stdin = std::find(files.begin(), files.end(), "-") != files.end();
  return run_batches(read_batch, long_document, "", !reads_stdin || !stdin_may_wait());
}

bool ExtractRun::skip_record(const nlohmann::json& id, std::size_t number, const std::string& error,
                             const std::string& source) {
  spdlog::error("{}:{}: {}", source, number, error);
  failed_lines_ = true;
  for (Sink* sink : sinks_)
    if (!sink->skipped(id, number, error)) return false;
  return true;
}

bool ExtractRun::long_record(std::istream& in, std::string head, std::size_t number, const std::string& source) {
  LongRecord record(std::move(head), in, jsonl_fields_);
  // The text waits on disk while the fields after it are read: a record's
  // output starts with them.
  TempFile spool;
  std::string error;
  if (!record.read_head()) {
    error = record.error();
  } else if (!spool.open()) {
    error = spool.error();
  } else {
    copy_stream(record.text(), spool.stream());  // stops at a failed write, which rewind() reports
    if (!spool.rewind()) error = spool.error();
    else if (!record.read_tail()) error = record.error();
  }
  if (error.empty()) {
    const std::string id = document_id(record.id(), source, number);
    if (seen_ids_.insert(id).second) return text_document(spool.stream(), id, record.meta());
    error = "duplicate id " + id;
  }
  record.skip_line();
  return skip_record(record.id(), number, error, source);
}

// Reads and extracts one line; runs on any thread.
void ExtractRun::process_line(DocumentJob& job, const std::string& source) const {
  std::string line = std::move(job.line);
  JsonlRecord record = read_jsonl_record(line, jsonl_fields_);
  if (!record.has_other_fields) line = std::string();  // nothing more to read from it
  job.raw_id = std::move(record.id);
  job.error = std::move(record.error);
  if (!job.error.empty()) return;
  job.id = document_id(job.raw_id, source, job.number);
  job.text = std::move(record.text);
  if (!extract_job(job, source) && record.has_other_fields) job.meta = jsonl_record_meta(line, jsonl_fields_);
}

bool ExtractRun::extract_job(DocumentJob& job, const std::string& source) const {
  job.doc = extractor_.extract(job.text, options_);
  if (job.doc.invalid_utf8_bytes) {
    const std::string where = job.number ? fmt::format("{}:{}", source, job.number) : source;
    spdlog::warn("{}: {} invalid UTF-8 byte(s) read as U+FFFD", where, job.doc.invalid_utf8_bytes);
  }
  job.quotes = job.doc.quotes.size();
  job.rendered.resize(sinks_.size());
  job.is_rendered.resize(sinks_.size());
  bool keep = false;
  for (std::size_t s = 0; s < sinks_.size(); ++s) {
    job.is_rendered[s] = sinks_[s]->render(job.rendered[s], job.id, job.doc, job.text);
    keep = keep || !job.is_rendered[s];
  }
  if (keep) return false;
  // Every sink has what it needs.
  job.text = std::string();
  job.doc = Document();
  return true;
}

bool open_input_file(const std::string& file, InputFile& input) {
  input.stream.close();
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    spdlog::error("{}: is a directory", file);
    return false;
  }
  constexpr std::size_t kBufferBytes = 1 << 20;
  if (!input.buffer) input.buffer = std::make_unique_for_overwrite<char[]>(kBufferBytes);
  input.stream.rdbuf()->pubsetbuf(input.buffer.get(), kBufferBytes);  // before open, which keeps it
  input.stream.open(file, std::ios::binary);
  if (!input.stream) {
    spdlog::error("{}: cannot open: {}", file, std::strerror(errno));
    return false;
  }
  return true;
}

bool ExtractRun::open_file(const std::string& file, InputFile& input) {
  if (open_input_file(file, input)) return true;
  io_error_ = true;
  return false;
}

int ExtractRun::finish() {
  bool ok = true;
  for (Sink* sink : sinks_) ok = sink->finish() && ok;
  if (!ok || io_error_) return 2;
  return failed_lines_ ? 1 : 0;
}

int run_extract(const ExtractSettings& settings) {
  std::vector<std::string> files = settings.files;
  if (files.empty()) files.push_back("-");
  const bool one_document = !settings.jsonl && files.size() == 1;

  // The sinks: text on stdout unless only a database was asked for.
  std::optional<Format> format;
  if (!settings.format.empty()) {
    format = parse_format(settings.format);
    if (!format) {
      spdlog::error("unknown format '{}': expected json, jsonl, csv or tsv", settings.format);
      return 2;
    }
  } else if (settings.sqlite_path.empty()) {
    format = one_document && !settings.compact ? Format::json : Format::jsonl;
  }
  const auto extractor = load_rules_or_report(settings.rules_dir);
  if (!extractor) return 2;

  std::vector<Sink*> sinks;
  std::optional<FormatSink> text_sink;
  if (format) {
    text_sink.emplace(*format, stdout, "stdout", !one_document, settings.compact ? -1 : 2);
    sinks.push_back(&*text_sink);
  }
  std::unique_ptr<SqliteSink> database;
  if (!settings.sqlite_path.empty()) {
    std::string error;
    database = SqliteSink::open(settings.sqlite_path, error);
    if (!database) {
      spdlog::error("{}: cannot open the database: {}", settings.sqlite_path, error);
      return 2;
    }
    sinks.push_back(database.get());
  }

  Progress progress(Progress::wanted(settings.quiet, format.has_value()));
  ExtractRun run(*extractor, settings, sinks, progress);
  if (settings.jsonl) {
    InputFile input;
    for (const auto& file : files) {
      const bool is_stdin = file == "-";
      if (!is_stdin && !run.open_file(file, input)) continue;
      if (!run.jsonl_stream(is_stdin ? std::cin : input.stream, is_stdin ? "<stdin>" : file)) break;
    }
  } else {
    run.text_files(files);
  }
  progress.finish();
  return run.finish();
}

}  // namespace whosaid
