// Shared by the fuzz targets: the rules folder under test and a check that
// aborts (which libFuzzer and the replay main both report as a failure).
#pragma once

#include <cstdio>
#include <cstdlib>

#include "../unit/test_support.h"

namespace fuzz {

using test::rules_dir;  // $WHOSAID_RULES (set by meson) or the source tree's rules/en

[[noreturn]] inline void fail(const char* file, int line, const char* what) {
  std::fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
  std::abort();
}

}  // namespace fuzz

#define FUZZ_CHECK(condition) \
  do {                        \
    if (!(condition)) ::fuzz::fail(__FILE__, __LINE__, #condition); \
  } while (false)
