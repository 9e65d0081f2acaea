// What a rule needs right next to its quote, read from the pattern's syntax.
//
// Most quotes match none of the rarer rules ("X: “...”", "“...” — X",
// "“...”, according to X"), yet each RE2 search costs a few hundred cycles
// before it fails, mostly cache misses in its DFA. A pattern that ends with
// `\s*:\s*{Q}` cannot match unless, past the blanks before the quote, a colon
// stands there: that test costs a few byte loads. Where the piece next to the
// blanks is a few words ("“...,” said X"), they are looked up whole. The gate
// is conservative: where the syntax is not understood, it lets everything by.
#pragma once

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "word_table.h"

namespace whosaid {

class QuoteGate {
 public:
  // The gate of a pattern that starts (`quote_first`) or ends with the
  // quote's placeholder, a single character; an open gate when nothing is
  // learnt from the syntax.
  static QuoteGate read(std::string_view pattern, bool quote_first);

  // False only when no match can exist: past the bytes in skip() from the
  // quote (towards the pattern's side), the text ends, or the next byte is
  // not in next(), or the text there does not go on with one of the words;
  // or the run of skipped bytes lacks a string every match puts there.
  bool admits(std::string_view text, std::size_t quote_start, std::size_t quote_end) const;

  bool checks() const { return checks_; }
  const std::bitset<256>& skip() const { return skip_; }
  const std::bitset<256>& next() const { return next_; }

 private:
  bool checks_ = false;
  bool quote_first_ = false;
  std::bitset<256> skip_, next_;
  std::string run_holds_;                  // a string the skipped run must hold ("that")
  WordSet words_;                          // none: the byte test alone
  std::vector<std::size_t> word_lengths_;  // their lengths, shortest first

  bool word_at(std::string_view text, std::size_t at) const;
};

}  // namespace whosaid
