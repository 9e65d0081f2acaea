// Shared by the fuzz targets: the rules folder under test and a check that
// aborts (which libFuzzer and the replay main both report as a failure).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#ifndef WHOSAID_DEFAULT_RULES
#define WHOSAID_DEFAULT_RULES "rules/en"
#endif

namespace fuzz {

// $WHOSAID_RULES (set by meson) or the source tree's rules/en.
inline std::string rules_dir() {
  const char* env = std::getenv("WHOSAID_RULES");
  return env && *env ? env : WHOSAID_DEFAULT_RULES;
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
