#include "bench_command.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unicode/brkiter.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "parallel.h"
#include "load_rules.h"
#include "whosaid/extractor.h"
#include "whosaid/json.h"

namespace whosaid {

namespace {

bool load_corpus(const std::string& path, std::vector<std::string>& texts) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  if (path.size() >= 6 && path.ends_with(".jsonl")) {
    for (std::string line; std::getline(in, line);) {
      const auto record = nlohmann::json::parse(line, nullptr, false);
      if (record.is_object() && record.contains("text") && record["text"].is_string())
        texts.push_back(record["text"].get<std::string>());
    }
  } else {
    std::ostringstream buffer;
    buffer << in.rdbuf();
    texts.push_back(buffer.str());
  }
  return !texts.empty();
}

struct Totals {
  std::size_t quotes = 0;
  std::size_t output_bytes = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int run_bench(const BenchSettings& settings) {
  const auto extractor = load_rules_or_report(settings.rules_dir);
  if (!extractor) return 2;
  std::vector<std::string> texts;
  if (!load_corpus(settings.corpus_path, texts)) {
    spdlog::error("{}: cannot read a corpus from it", settings.corpus_path);
    return 2;
  }
  // The corpus: the texts repeated (as views, not copies) up to the size asked.
  std::vector<std::string_view> docs;
  std::size_t bytes = 0;
  while (bytes < settings.min_megabytes * 1e6 || docs.size() < texts.size()) {
    for (const auto& t : texts) {
      docs.push_back(t);
      bytes += t.size();
    }
  }
  const double megabytes = static_cast<double>(bytes) / 1e6;
  std::printf("corpus: %s, %zu documents, %.1f MB; %d run(s), median reported\n",
              settings.corpus_path.c_str(), docs.size(), megabytes, settings.runs);

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> prototype(
      icu::BreakIterator::createSentenceInstance(icu::Locale("en"), status));
  if (U_FAILURE(status)) {
    spdlog::error("ICU sentence iterator unavailable");
    return 2;
  }

  // The bare pass both ways ICU reads UTF-8 text: through a UTF-8 UText, and
  // over a UTF-16 copy (conversion included), as the splitter does; the
  // ratio is taken to the faster.
  auto time_icu = [&](bool via_utf16) {
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<icu::BreakIterator> iterator(prototype->clone());
    std::vector<UChar> utf16;
    std::size_t sentences = 0;
    for (const auto& doc : docs) {
      UErrorCode s = U_ZERO_ERROR;
      UText* text = nullptr;
      if (via_utf16) {
        if (utf16.size() < doc.size()) utf16.resize(doc.size());
        int32_t length = 0;
        u_strFromUTF8(utf16.data(), static_cast<int32_t>(utf16.size()), &length, doc.data(),
                      static_cast<int32_t>(doc.size()), &s);
        text = utext_openUChars(nullptr, utf16.data(), length, &s);
      } else {
        text = utext_openUTF8(nullptr, doc.data(), static_cast<int64_t>(doc.size()), &s);
      }
      iterator->setText(text, s);
      while (iterator->next() != icu::BreakIterator::DONE) ++sentences;
      utext_close(text);
    }
    const double elapsed = seconds_since(start);
    return sentences ? elapsed : elapsed;  // the count keeps the loop from being optimised away
  };

  // What a user's run does with one text: extract it and write its JSON.
  // Returns the JSON's size.
  auto process = [](const Extractor& rules, std::string_view text, std::size_t& quotes) {
    const Document doc = rules.extract(text);
    quotes = doc.quotes.size();
    return to_json(doc, text, "doc").size();
  };

  auto time_pipeline = [&](int threads, Totals& totals) {
    std::atomic<std::size_t> quotes{0}, output{0};
    const auto start = std::chrono::steady_clock::now();
    parallel_for(docs.size(), threads, [&](std::size_t i) {
      std::size_t found = 0;
      output += process(*extractor, docs[i], found);
      quotes += found;
    });
    totals = {quotes.load(), output.load()};
    return seconds_since(start);
  };

  std::vector<double> icu_utf8, icu_utf16, whosaid_one, whosaid_many;
  Totals totals;
  for (int run = 0; run < settings.runs; ++run) {
    icu_utf8.push_back(time_icu(false));
    icu_utf16.push_back(time_icu(true));
    whosaid_one.push_back(time_pipeline(1, totals));
    if (settings.threads > 1) whosaid_many.push_back(time_pipeline(settings.threads, totals));
  }
  const double icu_s = std::min(median(icu_utf8), median(icu_utf16)), one_s = median(whosaid_one);
  std::printf("ICU sentence break alone:  %8.2f MB/s  (UTF-8 UText %.2f, UTF-16 copy %.2f)\n", megabytes / icu_s,
              megabytes / median(icu_utf8), megabytes / median(icu_utf16));
  std::printf("whosaid, 1 thread:         %8.2f MB/s  %9.0f docs/s  %9.0f quotes/s  ratio to ICU %.2f\n",
              megabytes / one_s, static_cast<double>(docs.size()) / one_s,
              static_cast<double>(totals.quotes) / one_s, icu_s / one_s);
  if (settings.threads > 1) {
    const double many_s = median(whosaid_many);
    std::printf("whosaid, %d threads:        %8.2f MB/s  %9.0f docs/s  speed-up %.2fx\n", settings.threads,
                megabytes / many_s, static_cast<double>(docs.size()) / many_s, one_s / many_s);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);

  // The unique texts once, through rules loaded anew (at each run): each
  // text is new to their automata, as every text of an archive is, while the
  // runs above repeat texts whose automaton states exist. Every rule is
  // compiled first (a one-off cost), and its own examples run.
  std::size_t unique_bytes = 0, new_output = 0;
  for (const auto& text : texts) unique_bytes += text.size();
  std::vector<double> whosaid_new;
  for (int run = 0; run < settings.runs; ++run) {
    const auto fresh = load_rules_or_report(settings.rules_dir);
    if (!fresh) return 2;
    fresh->compile_rules();
    fresh->check_examples();
    const auto start = std::chrono::steady_clock::now();
    std::size_t found = 0;
    for (const auto& text : texts) new_output += process(*fresh, text, found);
    whosaid_new.push_back(seconds_since(start));
  }
  std::printf("whosaid, new text:         %8.2f MB/s  (the %zu unique documents, through rules loaded anew at each run, "
              "1 thread; JSON out %.1f MB a run)\n",
              static_cast<double>(unique_bytes) / 1e6 / median(whosaid_new), texts.size(),
              static_cast<double>(new_output) / settings.runs / 1e6);
  std::printf("quotes per run: %zu; JSON out per run: %.1f MB; peak RSS: %.1f MB\n", totals.quotes,
              static_cast<double>(totals.output_bytes) / 1e6, static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}

}  // namespace whosaid
