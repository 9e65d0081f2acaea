// A rule ending with {Q}, searched in two parts cut just before its cue.
//
// RE2 finds such a rule's match with one reverse DFA from the quote. For the
// rules that name a speaker before a cue, that DFA pairs every state of the
// speaker's part (names, titles, roles) with every state of the cue
// lexicons: far more states than the CPU caches hold, so each byte waits on
// memory. Cut before the cue, each part's DFA is small, and rules whose
// parts read the same share them. The match starts where the earliest
// speaker part begins, over all the places where the rest matches: the same
// span as the whole pattern's (tests and a fuzz target compare the two).
#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace whosaid {

class CueCut {
 public:
  // Parts already compiled, by pattern: rules that read the same share them.
  using Parts = std::map<std::string, std::shared_ptr<const RE2>>;

  // The cut of `pattern` (which must end the text: the caller anchors the
  // whole with $) before its group opening with `group_open`; none when it
  // cannot be cut (see concatenation_cut) or a part does not compile.
  static std::optional<CueCut> make(const std::string& pattern, std::string_view group_open,
                                    const RE2::Options& options, Parts& parts);

  // The span of `whole`'s first match in text[from, end), which ends at the
  // end; false when there is none. `whole` is the uncut pattern, for texts
  // with more cues than are worth trying one by one.
  bool find(const RE2& whole, std::string_view text, std::size_t from, re2::StringPiece& span) const;

 private:
  std::shared_ptr<const RE2> before_cue_, from_cue_;  // each ending the text ($)
};

}  // namespace whosaid
