// Fuzz target, soundness: the gate before a rule never turns away a text the
// rule matches. The input's first line is a pattern P, the rest a text (both
// arbitrary bytes, invalid UTF-8 repaired as the pipeline does). The quote's
// placeholder is put at every place of the text, and the rules "P{Q}" (matched
// up to the quote) and "{Q}P" (matched from it) are each asked, as the rule
// engine asks them: where RE2 finds a match, the gate must let the text by.
#include <re2/re2.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "quote_gate.h"
#include "regex_syntax.h"
#include "text.h"

using namespace whosaid;

namespace {

constexpr std::string_view kQuote = "\xEE\x80\x80";  // U+E000
constexpr std::size_t kLongestText = 256;  // each place of the quote costs two searches

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string pattern, text;
  if (!fuzz::pattern_and_text(data, size, pattern, text)) return 0;
  if (text.size() > kLongestText || !parentheses_balanced(pattern)) return 0;  // the rule loader refuses those
  const RE2::Options options = fuzz::regex_options();
  // Compiled as the rule engine compiles a rule ending (starting) with {Q}.
  const std::string quote_last = pattern + "\\x{E000}", quote_first = "\\x{E000}" + pattern;
  const RE2 ends_with_quote("(?:" + quote_last + ")$", options), starts_with_quote(quote_first, options);
  if (!ends_with_quote.ok() || !starts_with_quote.ok()) return 0;
  const QuoteGate gate_last = QuoteGate::read(quote_last, false);
  const QuoteGate gate_first = QuoteGate::read(quote_first, true);
  for (std::size_t at = 0; at <= text.size(); ++at) {
    if (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) continue;  // inside a character
    const std::string window = text.substr(0, at) + std::string(kQuote) + text.substr(at);
    const std::size_t quote_end = at + kQuote.size();
    const std::string_view up_to_quote = std::string_view(window).substr(0, quote_end);
    const std::string_view from_quote = std::string_view(window).substr(at);
    if (ends_with_quote.Match(up_to_quote, 0, up_to_quote.size(), RE2::UNANCHORED, nullptr, 0))
      FUZZ_CHECK(gate_last.admits(window, at, quote_end));
    if (starts_with_quote.Match(from_quote, 0, from_quote.size(), RE2::ANCHOR_START, nullptr, 0))
      FUZZ_CHECK(gate_first.admits(window, at, quote_end));
  }
  return 0;
}
