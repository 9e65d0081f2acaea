// Fuzz target, differential: a rule searched in two parts cut before its cue
// against the whole pattern. The input's first line is a pattern, the rest a
// text (both arbitrary bytes). For every pattern that may be cut before its
// (?P<cue>...) group, the cut finds the whole pattern's match span (the
// pattern anchored at the text's end, as rules ending with {Q} are) from
// every start. Invalid UTF-8 is repaired first, as the pipeline does.
#include <re2/re2.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "cue_cut.h"
#include "fuzz_support.h"
#include "text.h"

using namespace whosaid;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string pattern, text;
  if (!fuzz::pattern_and_text(data, size, pattern, text)) return 0;
  const RE2::Options options = fuzz::regex_options();
  const RE2 whole("(?:" + pattern + ")$", options);
  if (!whole.ok()) return 0;
  CueCut::Parts parts;
  const auto cut = CueCut::make(pattern, "(?P<cue>", options, parts);
  if (!cut) return 0;
  for (std::size_t from = 0; from <= text.size(); ++from) {
    re2::StringPiece expected, found;
    const bool matched = whole.Match(text, from, text.size(), RE2::UNANCHORED, &expected, 1);
    FUZZ_CHECK(cut->find(whole, text, from, found) == matched);
    if (!matched) break;
    FUZZ_CHECK(found.data() == expected.data());
    FUZZ_CHECK(found.size() == expected.size());
    from = static_cast<std::size_t>(expected.data() - text.data());
  }
  return 0;
}
