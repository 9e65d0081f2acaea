#include "annotate_command.h"

#include "load_rules.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "format_sink.h"
#include "html_output.h"
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

}  // namespace

int run_annotate(const ExtractSettings& settings, const AnnotateSettings& annotate) {
  const auto extractor = load_rules_or_report(settings.rules_dir);
  if (!extractor) return 2;

  Progress progress(Progress::wanted(settings.quiet, false));
  int status = 0;
  for (const auto& file : annotate.files) {
    std::error_code ec;
    if (file == "-") {
      spdlog::error("annotate reads files, not stdin: it writes FILE.quotes.json beside each FILE");
      status = 2;
      continue;
    }
    if (std::filesystem::is_directory(file, ec)) {
      spdlog::error("{}: is a directory", file);
      status = 2;
      continue;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      spdlog::error("{}: cannot open: {}", file, std::strerror(errno));
      status = 2;
      continue;
    }
    OutputFile json_file(file + ".quotes.json");
    std::optional<OutputFile> html_file;
    if (annotate.html) html_file.emplace(file + ".quotes.html");
    if (!json_file.open() || (html_file && !html_file->open())) {
      status = 2;
      continue;
    }
    FormatSink json_sink(Format::json, json_file.get(), json_file.path());
    std::optional<HtmlSink> html_sink;
    std::vector<Sink*> sinks{&json_sink};
    if (html_file) sinks.push_back(&html_sink.emplace(html_file->get(), html_file->path()));

    ExtractRun run(*extractor, settings, sinks, progress);
    run.text_document(in, file);
    if (run.finish() != 0 || !json_file.commit() || (html_file && !html_file->commit())) {
      status = 2;
      continue;
    }
    clear_progress_line();
    std::printf("%s\n", json_file.path().c_str());
    if (html_file) std::printf("%s\n", html_file->path().c_str());
    std::fflush(stdout);
  }
  progress.finish();
  return status;
}

}  // namespace whosaid
