// Fuzz target, differential: the fast group finder against RE2's own groups.
// The input's first line is a pattern, the rest a text (both arbitrary bytes);
// for every pattern RE2 accepts and every match it finds, the finder either
// declines or reports exactly RE2's groups; anchored at any start, it
// declines or finds what RE2 finds there, or that nothing matches. Invalid
// UTF-8 is repaired first, as the pipeline does before any rule sees a text.
#include <re2/re2.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "submatch.h"
#include "text.h"

using namespace whosaid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string pattern, text;
  if (!fuzz::pattern_and_text(data, size, pattern, text)) return 0;
  const RE2::Options options = fuzz::regex_options();
  const RE2 re2(pattern, options);
  if (!re2.ok()) return 0;
  const SubmatchFinder finder(pattern);
  const int count = std::min(1 + re2.NumberOfCapturingGroups(), 16);
  std::vector<re2::StringPiece> expected(16), found(16);
  // Every match from every start, as the rule engine's retries ask.
  for (std::size_t from = 0; from <= text.size(); ++from) {
    if (!re2.Match(text, from, text.size(), RE2::UNANCHORED, expected.data(), count)) break;
    const auto start = static_cast<std::size_t>(expected[0].data() - text.data());
    if (finder.find(text, start, start + expected[0].size(), found.data(), count)) {
      for (int g = 0; g < count; ++g) {
        FUZZ_CHECK((expected[g].data() == nullptr) == (found[g].data() == nullptr));
        if (expected[g].data() == nullptr) continue;
        FUZZ_CHECK(expected[g].data() == found[g].data());
        FUZZ_CHECK(expected[g].size() == found[g].size());
      }
    }
    from = start;
  }
  // A match anchored at each start, as the rules anchored at the quote ask:
  // PCRE2's answer, match or none, is RE2's.
  for (std::size_t from = 0; from <= text.size(); ++from) {
    const auto answer = finder.match_at(text, from, found.data(), count);
    if (answer == SubmatchFinder::Answer::unknown) continue;
    const bool re2_found = re2.Match(text, from, text.size(), RE2::ANCHOR_START, expected.data(), count);
    FUZZ_CHECK(re2_found == (answer == SubmatchFinder::Answer::match));
    for (int g = 0; re2_found && g < count; ++g) {
      FUZZ_CHECK(expected[g].data() == found[g].data());
      FUZZ_CHECK(expected[g].size() == found[g].size());
    }
  }
  return 0;
}
