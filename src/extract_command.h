// `whosaid [FILE...]`: extract quotes from text files, stdin or JSONL, and
// write them as JSON, JSON Lines, CSV, TSV and/or into an SQLite database.
#pragma once

#include <cstddef>
#include <fstream>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "jsonl_record.h"
#include "parallel.h"
#include "sink.h"
#include "whosaid/extractor.h"

namespace whosaid {

class Progress;
class Segmenter;

struct ExtractSettings {
  std::vector<std::string> files;  // "-" or empty: stdin
  std::string rules_dir;
  bool jsonl = false;              // input lines are {"id", "text"} objects
  std::string text_field = "text";
  std::string id_field = "id";
  bool all_spans = false;
  bool compact = false;            // one line per document even for one document
  std::string format;              // json, jsonl, csv, tsv; empty: json for one plain
                                   // document, else jsonl (none with only --sqlite)
  std::string sqlite_path;         // also (or only) write into this SQLite database
  bool quiet = false;              // no progress line
  int threads = 1;
  std::size_t part_bytes = 512 << 10;  // a longer plain-text document is read in parts
};

// Returns the process exit status: 0 ok, 1 some input was skipped, 2 fatal.
int run_extract(const ExtractSettings& settings);

// A file to read through a buffer of 1 MB: an ifstream's own 8 KB cost a
// system call per 8 KB, some 5% of a run.
struct InputFile {
  std::ifstream stream;
  std::unique_ptr<char[]> buffer;
};

// Opens a file to read (closing the one `input` held); false, reported on
// stderr, when it is a directory or cannot be opened.
bool open_input_file(const std::string& file, InputFile& input);

// Extraction of documents on settings.threads threads, each result handed to
// every sink in input order from the calling thread.
class ExtractRun {
 public:
  ExtractRun(const Extractor& extractor, const ExtractSettings& settings, std::vector<Sink*> sinks,
             Progress& progress);
  ~ExtractRun();

  // Plain-text files ("-": stdin), a document each: those of one part
  // extracted in batches on every thread, a longer one part by part.
  // These return false when an output failed and the run should stop.
  bool text_files(const std::vector<std::string>& files);
  // One plain-text document from `in`, read and extracted part by part.
  bool text_document(std::istream& in, const std::string& id, std::string_view meta = {});
  // JSON Lines: one document per line, read in batches.
  bool jsonl_stream(std::istream& in, const std::string& source);

  // open_input_file(), a failure noted for the exit status.
  bool open_file(const std::string& file, InputFile& input);
  // Finishes every sink; returns the exit status.
  int finish();

  struct DocumentJob;

 private:
  void process_line(DocumentJob& job, const std::string& source) const;
  // Extracts a job's text and renders it for the sinks that can; true when
  // every sink could (the text and document are then freed). A warning names
  // `source` (and the job's line, if any). Runs on any thread.
  bool extract_job(DocumentJob& job, const std::string& source) const;
  // What follows a batch of documents read.
  enum class AfterBatch { more, long_document, end };
  // Extracts batches as `read_batch` fills them on every thread, while this
  // one writes the batch before and, with `read_ahead`, reads the next;
  // without, each batch is written before the next is read. A long document
  // that follows a batch goes to `long_document` once the batch is written.
  bool run_batches(const std::function<AfterBatch(std::vector<DocumentJob>&)>& read_batch,
                   const std::function<bool()>& long_document, const std::string& source, bool read_ahead);
  // Writes a batch of extracted documents in order (error records for lines that were none).
  bool write_batch(std::vector<DocumentJob>& batch, const std::string& source);
  // A document from `segmenter`, whose `parts` read already come first.
  bool text_parts(Segmenter& segmenter, const std::string& id, std::string_view meta, std::vector<std::string> parts);
  // A line too long to hold, `head` its start: read and extracted as a stream.
  bool long_record(std::istream& in, std::string head, std::size_t number, const std::string& source);
  // Reports a line that is no record, on stderr and to every sink.
  bool skip_record(const nlohmann::json& id, std::size_t number, const std::string& error, const std::string& source);
  bool commit_if_due(bool batch_done);

  const Extractor& extractor_;
  const ExtractSettings& settings_;
  JsonlFields jsonl_fields_;
  std::vector<Sink*> sinks_;
  Progress& progress_;
  Options options_;
  std::unordered_set<std::string> seen_ids_;
  std::size_t uncommitted_documents_ = 0, uncommitted_bytes_ = 0;
  bool failed_lines_ = false;
  bool io_error_ = false;
  WorkerPool pool_;
};

}  // namespace whosaid
