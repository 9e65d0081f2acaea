// Shared by the fuzz targets: the rules folder under test, the input of the
// regex targets, and a check that aborts (which libFuzzer and the replay
// main both report as a failure).
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../unit/test_support.h"
#include "text.h"

namespace fuzz {

using test::rules_dir;  // $WHOSAID_RULES (set by meson) or the source tree's rules/en

// An input of the regex targets: a pattern (the first line) and a text (the
// rest), both arbitrary bytes with invalid UTF-8 repaired, as the pipeline
// does before any rule sees a text; false when there is no line break.
inline bool pattern_and_text(const std::uint8_t* data, std::size_t size, std::string& pattern, std::string& text) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return false;
  pattern = whosaid::replace_invalid_utf8(input.substr(0, newline));
  text = whosaid::replace_invalid_utf8(input.substr(newline + 1));
  return true;
}

// RE2's options for fuzzed patterns: quiet, and a small memory budget.
inline RE2::Options regex_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);
  return options;
}

[[noreturn]] inline void fail(const char* file, int line, const char* what) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  std::abort();
}

}  // namespace fuzz

#define FUZZ_CHECK(condition) \
  do {                        \
    if (!(condition)) ::fuzz::fail(__FILE__, __LINE__, #condition); \
  } while (false)
