#include "annotate_command.h"

#include "load_rules.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "format_sink.h"
#include "html_output.h"
#include "parallel.h"
#include "progress.h"

namespace whosaid {

namespace {

// A file written under a temporary name and renamed into place when
// complete, so that a failed run never leaves half a file.
class OutputFile {
 public:
  explicit OutputFile(std::string path) : path_(std::move(path)), temporary_(path_ + ".tmp") {}
  ~OutputFile() {
    if (file_) std::fclose(file_);
    if (!done_) std::remove(temporary_.c_str());
  }
  bool open() {
    file_ = std::fopen(temporary_.c_str(), "wb");
    if (!file_) spdlog::error("{}: cannot write: {}", path_, std::strerror(errno));
    return file_ != nullptr;
  }
  std::FILE* get() const { return file_; }
  const std::string& path() const { return path_; }
  bool commit() {
    const bool closed = std::fclose(file_) == 0;
    file_ = nullptr;
    if (!closed || std::rename(temporary_.c_str(), path_.c_str()) != 0) {
      spdlog::error("{}: cannot write: {}", path_, std::strerror(errno));
      return false;
    }
    return done_ = true;
  }

 private:
  std::string path_, temporary_;
  std::FILE* file_ = nullptr;
  bool done_ = false;
};

// Annotates one file: the paths written, empty when it failed (reported).
std::vector<std::string> annotate_file(const Extractor& extractor, const ExtractSettings& settings, bool html,
                                       const std::string& file, Progress& progress) {
  if (file == "-") {
    spdlog::error("annotate reads files, not stdin: it writes FILE.quotes.json beside each FILE");
    return {};
  }
  InputFile in;
  if (!open_input_file(file, in)) return {};
  OutputFile json_file(file + ".quotes.json");
  std::optional<OutputFile> html_file;
  if (html) html_file.emplace(file + ".quotes.html");
  if (!json_file.open() || (html_file && !html_file->open())) return {};
  FormatSink json_sink(Format::json, json_file.get(), json_file.path());
  std::optional<HtmlSink> html_sink;
  std::vector<Sink*> sinks{&json_sink};
  if (html_file) sinks.push_back(&html_sink.emplace(html_file->get(), html_file->path()));

  ExtractRun run(extractor, settings, sinks, progress);
  run.text_document(in.stream, file);
  if (run.finish() != 0 || !json_file.commit() || (html_file && !html_file->commit())) return {};
  std::vector<std::string> written{json_file.path()};
  if (html_file) written.push_back(html_file->path());
  return written;
}

}  // namespace

int run_annotate(const ExtractSettings& settings, const AnnotateSettings& annotate) {
  const auto extractor = load_rules_or_report(settings.rules_dir);
  if (!extractor) return 2;

  Progress progress(Progress::wanted(settings.quiet, false));
  // One file is read in parts on every thread; several are annotated in
  // batches, a file a thread, and their paths printed in input order.
  ExtractSettings one_thread = settings;
  if (annotate.files.size() > 1) one_thread.threads = 1;
  const std::size_t batch_files = 4 * static_cast<std::size_t>(std::max(1, settings.threads));
  int status = 0;
  for (std::size_t first = 0; first < annotate.files.size(); first += batch_files) {
    const std::size_t count = std::min(batch_files, annotate.files.size() - first);
    std::vector<std::vector<std::string>> written(count);
    parallel_for(count, settings.threads, [&](std::size_t i) {
      written[i] = annotate_file(*extractor, one_thread, annotate.html, annotate.files[first + i], progress);
    });
    clear_progress_line();
    for (const auto& paths : written) {
      if (paths.empty()) status = 2;
      for (const auto& path : paths) std::printf("%s\n", path.c_str());
    }
    std::fflush(stdout);
  }
  progress.finish();
  return status;
}

}  // namespace whosaid
