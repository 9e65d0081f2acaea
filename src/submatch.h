// Where the groups of a rule lie inside a match RE2 has already found, and
// the match itself where only one start is possible.
//
// RE2 finds a match with its DFA in linear time, but locating the groups
// takes its NFA, which for the rules' large programs costs 5-12 µs per match:
// more than all the rest of the pipeline. Once RE2 has found the match, a
// backtracking engine anchored at its start reports the same groups (RE2's
// leftmost-first semantics are Perl's) in a fraction of that, so PCRE2's JIT
// does that part. Where the start is known before any search (a rule that
// starts with the quote), PCRE2 alone answers, match or none. A pattern
// PCRE2 reads differently is not compiled for it, a search that hits PCRE2's
// step limit says nothing, and a match that does not end where RE2's ends is
// dropped: in each case RE2 answers. Texts must be valid UTF-8, as the rule
// engine's windows are: PCRE2 then skips its own check of them at each call.
#pragma once

#include <re2/stringpiece.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace whosaid {

class SubmatchFinder {
 public:
  // Keeps an RE2 pattern to compile for PCRE2 at the first use (a rule that
  // never matches costs no compile); where PCRE2 cannot read it the same
  // way, usable() is false and find() always declines. Thread-safe.
  explicit SubmatchFinder(std::string re2_pattern);
  ~SubmatchFinder();
  SubmatchFinder(const SubmatchFinder&) = delete;
  SubmatchFinder& operator=(const SubmatchFinder&) = delete;

  bool usable() const { return code() != nullptr; }

  // Compiles for PCRE2 and its JIT now, not at the first uses.
  void compile_now() const;

  // Fills groups[0..count) for the match RE2 found at [start, end) of
  // `text`; false when PCRE2 declines or disagrees (the caller asks RE2).
  bool find(std::string_view text, std::size_t start, std::size_t end, re2::StringPiece* groups,
            int count) const;

  // The match anchored at `start`, with its groups, found by PCRE2 alone:
  // where the start is known, one backtracking pass costs less than RE2's
  // DFA followed by find(). `unknown` when PCRE2 declines or gives up (its
  // step limit); the caller then asks RE2. `start` is a character's first byte.
  enum class Answer { match, no_match, unknown };
  Answer match_at(std::string_view text, std::size_t start, re2::StringPiece* groups, int count) const;

 private:
  // pcre2_code_8, compiled at the first use; JIT-compiled once it has been
  // used some 32 times (the JIT's compile costs as much as a few hundred
  // interpreted matches, and one article uses most rules less).
  const void* code() const;
  void compile() const;
  void compile_jit() const;

  std::string re2_pattern_;
  mutable std::once_flag compiled_, jit_compiled_;
  mutable void* code_ = nullptr;
  mutable std::atomic<void*> jit_code_{nullptr};  // a JIT-compiled copy of code_, once made
  mutable std::atomic<unsigned> uses_{0};
  mutable bool asserts_text_end_ = false;
};

// The pattern rewritten for PCRE2, or empty when it uses syntax the two
// engines read differently (\C, \S inside a class, a repeated part that can
// match the empty string, case folding, the class \pC). RE2's \s excludes
// the vertical tab, PCRE2's includes it, so \s is spelt out; RE2's \v is
// the vertical tab alone.
std::string pcre2_pattern(std::string_view re2_pattern);

}  // namespace whosaid
