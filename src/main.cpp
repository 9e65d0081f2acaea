// whosaid: find quoted speech in news text and tell who said it.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ios>
#include <malloc.h>
#include <thread>
#include <unistd.h>

#include "annotate_command.h"
#include "bench_command.h"
#include "eval_command.h"
#include "extract_command.h"
#include "load_rules.h"
#include "format_sink.h"
#include "progress.h"
#include "whosaid/extractor.h"

#ifndef WHOSAID_SOURCE_DIR
#define WHOSAID_SOURCE_DIR "."
#endif
#ifndef WHOSAID_DEFAULT_RULES
#define WHOSAID_DEFAULT_RULES "rules/en"
#endif

namespace {

std::string default_rules_dir() {
  if (const char* env = std::getenv("WHOSAID_RULES")) return env;
  return WHOSAID_DEFAULT_RULES;
}

// stderr log lines that first erase the progress line, if one is drawn.
class LogSink : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  LogSink() : inner_(std::make_shared<spdlog::sinks::stderr_color_sink_mt>()) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    whosaid::clear_progress_line();
    inner_->log(msg);
  }
  void flush_() override { inner_->flush(); }
  void set_pattern_(const std::string& pattern) override { inner_->set_pattern(pattern); }
  void set_formatter_(std::unique_ptr<spdlog::formatter> formatter) override {
    inner_->set_formatter(std::move(formatter));
  }

 private:
  std::shared_ptr<spdlog::sinks::stderr_color_sink_mt> inner_;
};

int check_rules(const std::string& dir) {
  const auto extractor = whosaid::load_rules_or_report(dir);
  if (!extractor) return 2;
  const auto failures = extractor->check_examples();
  for (const auto& f : failures) spdlog::error("{}", f.str());
  if (failures.empty()) spdlog::info("{}: all rule examples pass", dir);
  return failures.empty() ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
  // RE2 allocates and frees large per-match buffers; without these glibc hands
  // the memory back to the kernel each time and faults it in again (2.5x slower).
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
  // std::cin in sync with C stdio reads a character at a time: piped input
  // ran at 40% of a file's speed. No stream here mixes the two.
  std::ios::sync_with_stdio(false);
  // Output to a file or pipe in 1 MB writes (stdio's 4 KB made a system call
  // per document, some 5% of a run); each batch is flushed whole.
  // (glibc takes a size only with a buffer.)
  static char stdout_buffer[1 << 20];
  if (!isatty(STDOUT_FILENO)) std::setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
  auto logger = std::make_shared<spdlog::logger>("whosaid", std::make_shared<LogSink>());
  logger->set_pattern("whosaid: %^%l%$: %v");
  spdlog::set_default_logger(logger);

  CLI::App app{"whosaid: finds quotations in news text and who said them; writes JSON.\n"
               "Reads each FILE (or stdin) as one article, or JSON Lines with --jsonl."};
  app.set_version_flag("--version", "whosaid 0.1.0");
  whosaid::ExtractSettings settings;
  settings.rules_dir = default_rules_dir();
  bool check = false;
  bool quiet = false;
  app.add_option("files", settings.files, "input files ('-' or none: stdin)");
  app.add_flag("--jsonl", settings.jsonl, "input is JSON Lines: one {\"id\", \"text\"} object per line; "
                                          "writes one result line per input line");
  app.add_option("--text-field", settings.text_field, "field holding the text in --jsonl input")->capture_default_str();
  app.add_option("--id-field", settings.id_field, "field holding the id in --jsonl input")->capture_default_str();
  app.add_option("--rules", settings.rules_dir, "rules folder (*.rules and lexicon *.txt); "
                                                 "default $WHOSAID_RULES or the built-in rules")->capture_default_str();
  app.add_flag("--all-spans", settings.all_spans, "also report quoted spans that are not speech (kind \"span\")");
  app.add_flag("--compact", settings.compact, "one line of JSON per document, even for one document");
  app.add_option("--format", settings.format, "output format: json (default for one document), jsonl (default "
                                              "otherwise), csv, tsv (one row per quote)")
      ->type_name("FORMAT")
      ->check([](const std::string& value) -> std::string {
        if (whosaid::parse_format(value)) return {};
        return "unknown format '" + value + "': expected json, jsonl, csv or tsv";
      });
  app.add_option("--sqlite", settings.sqlite_path, "write into this SQLite database (created if needed; documents "
                                                   "already there are replaced); nothing on stdout unless --format")
      ->type_name("DB");
  settings.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  app.add_option("-j,--threads", settings.threads, "documents processed in parallel (output keeps input order)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  app.add_flag("--check-rules", check, "run every rule's match/nomatch examples and exit");
  app.add_flag("-q,--quiet", quiet, "no warnings on stderr, only errors (and no progress line)");
  whosaid::EvalSettings eval;
  CLI::App* eval_cmd = app.add_subcommand("eval", "extract from a gold JSONL file (shared/eval format) and score it: "
                                                  "quote P/R/F1, attribution accuracy, end-to-end P/R/F1");
  eval_cmd->add_option("gold", eval.gold_path, "gold JSONL file")->required();
  eval_cmd->add_option("--kinds", eval.kinds, "gold kinds to score, comma separated, or 'all'")->capture_default_str();
  eval_cmd->add_option("--threshold", eval.threshold, "overlap needed for a match")->capture_default_str();
  eval_cmd->add_flag("--json", eval.json, "print the figures as one JSON object");
  eval_cmd->add_flag("--misses", eval.misses, "print every miss and false alarm, grouped, largest group first");
  eval_cmd->add_option("--predictions", eval.predictions_path, "also write the scored predictions (JSONL) to this file");
  whosaid::AnnotateSettings annotate;
  CLI::App* annotate_cmd = app.add_subcommand("annotate", "write FILE.quotes.json beside each FILE and, with --html, "
                                                          "FILE.quotes.html: the article with its quotations highlighted");
  annotate_cmd->add_option("files", annotate.files, "article files")->required();
  annotate_cmd->add_flag("--html", annotate.html, "also write FILE.quotes.html");
  annotate_cmd->fallthrough();
  whosaid::BenchSettings bench;
  bench.corpus_path = WHOSAID_SOURCE_DIR "/../shared/eval/polnear/train.jsonl";
  bench.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CLI::App* bench_cmd = app.add_subcommand("bench", "time the whole pipeline (median of several runs) against a bare ICU "
                                                    "sentence-break pass over the same bytes; prints MB/s, docs/s, quotes/s, peak RSS");
  bench_cmd->add_option("corpus", bench.corpus_path, "JSONL with a \"text\" field, or a text file")->capture_default_str();
  bench_cmd->add_option("--min-mb", bench.min_megabytes, "repeat the corpus up to this many MB")->capture_default_str();
  bench_cmd->add_option("--runs", bench.runs, "runs; the median is reported")->capture_default_str()->check(CLI::PositiveNumber);
  bench_cmd->add_option("--threads", bench.threads, "also time this many threads")->capture_default_str()->check(CLI::PositiveNumber);
  app.footer("Exit status: 0 success, 1 some input lines were reported and skipped, 2 usage, I/O or rule error.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    spdlog::error("{} (see --help)", e.what());
    return 2;
  }
  if (quiet) spdlog::set_level(spdlog::level::err);
  settings.quiet = quiet;
  if (check) return check_rules(settings.rules_dir);
  if (*bench_cmd) {
    bench.rules_dir = settings.rules_dir;
    return whosaid::run_bench(bench);
  }
  if (*eval_cmd) {
    eval.rules_dir = settings.rules_dir;
    return whosaid::run_eval(eval);
  }
  if (*annotate_cmd) return whosaid::run_annotate(settings, annotate);
  return whosaid::run_extract(settings);
}
