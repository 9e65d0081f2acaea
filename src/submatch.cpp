#include "submatch.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <cassert>

#include "regex_syntax.h"
#include "text.h"

namespace whosaid {

namespace {

// Backtracking steps allowed before PCRE2 gives the question back to RE2
// (real rules need a few hundred; a pathological one must not hang).
constexpr uint32_t kMatchLimit = 200'000;
constexpr unsigned kUsesBeforeJit = 32;

// What \w, and so \b, reads as a word character in RE2 and in PCRE2 without UCP.
bool is_ascii_word_byte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Whether text[at] (or the end) starts a character: PCRE2, spared its UTF-8
// check, must start and end on one.
bool starts_character(std::string_view text, std::size_t at) {
  return at >= text.size() || !is_continuation_byte(text[at]);
}

// PCRE2's groups as RE2 reports them: an unset group is a null piece.
void copy_groups(std::string_view text, pcre2_match_data* data, int rc, re2::StringPiece* groups, int count) {
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
  const auto pairs = static_cast<int>(pcre2_get_ovector_count(data));
  for (int group = 0; group < count; ++group) {
    if (group >= rc || group >= pairs || ovector[2 * group] == PCRE2_UNSET) {
      groups[group] = re2::StringPiece();
      continue;
    }
    groups[group] = re2::StringPiece(text.data() + ovector[2 * group], ovector[2 * group + 1] - ovector[2 * group]);
  }
}

// One per thread: PCRE2's match data and JIT stack are not shareable.
struct Scratch {
  pcre2_match_data* data = pcre2_match_data_create(32, nullptr);
  pcre2_match_context* context = pcre2_match_context_create(nullptr);
  pcre2_jit_stack* stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, nullptr);
  Scratch() {
    pcre2_set_match_limit(context, kMatchLimit);
    pcre2_jit_stack_assign(context, nullptr, stack);
  }
  ~Scratch() {
    pcre2_jit_stack_free(stack);
    pcre2_match_context_free(context);
    pcre2_match_data_free(data);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

Scratch& thread_scratch() {
  thread_local Scratch scratch;
  return scratch;
}

// Whether a pattern (valid for RE2) repeats something that can match the
// empty string, as in (x*)* or (a|)+: there RE2 and Perl choose different
// iterations, so different groups.
class EmptyLoopFinder {
 public:
  explicit EmptyLoopFinder(std::string_view pattern) : p_(pattern) {
    while (i_ < p_.size()) {
      alternation();
      if (i_ < p_.size()) ++i_;  // an unmatched ')': RE2 would have refused it
    }
  }
  bool found() const { return found_; }

 private:
  // Each returns whether what it read can match the empty string.
  bool alternation() {
    bool nullable = concatenation();
    while (i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      nullable = concatenation() || nullable;
    }
    return nullable;
  }
  bool concatenation() {
    bool nullable = true;
    while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') nullable = repeated_atom() && nullable;
    return nullable;
  }
  bool repeated_atom() {
    bool nullable = atom();
    std::size_t min = 0, max = 0;
    while (const std::size_t length = quantifier_length(p_, i_, min, max)) {
      i_ += length;
      if (nullable && max != 1) found_ = true;
      nullable = nullable || min == 0;
    }
    return nullable;
  }
  bool atom() {
    const char c = p_[i_];
    if (c == '(') {
      ++i_;
      if (i_ < p_.size() && p_[i_] == '?') {
        const std::size_t end = p_.find_first_of(":)>", i_);
        if (end == std::string_view::npos) { i_ = p_.size(); return true; }
        i_ = end + 1;
        if (p_[end] == ')') return true;  // flags alone: (?i)
      }
      const bool nullable = alternation();
      if (i_ < p_.size() && p_[i_] == ')') ++i_;
      return nullable;
    }
    if (c == '[') {
      i_ = class_end(p_, i_);
      return false;
    }
    if (c == '\\' && i_ + 1 < p_.size()) {
      const char kind = p_[i_ + 1];
      if (kind == 'b' || kind == 'B' || kind == 'A' || kind == 'z') {
        i_ += 2;
        return true;
      }
      if (kind == 'Q') {  // literal text: a repeat applies to its last character
        const std::size_t close = p_.find("\\E", i_ + 2);
        const bool empty = close == i_ + 2;
        i_ = close == std::string_view::npos ? p_.size() : close + 2;
        return empty;
      }
      i_ += escape_length(p_, i_);
      return false;
    }
    ++i_;
    while (i_ < p_.size() && (static_cast<unsigned char>(p_[i_]) & 0xC0) == 0x80) ++i_;  // rest of a UTF-8 character
    return c == '^' || c == '$';
  }

  std::string_view p_;
  std::size_t i_ = 0;
  bool found_ = false;
};

// The class an escape \pX, \p{Name} or \p{^Name} names ("X", "Name").
std::string_view unicode_class_name(std::string_view escape) {
  std::string_view name = escape.substr(2);
  if (name.starts_with('{') && name.ends_with('}')) name = name.substr(1, name.size() - 2);
  if (name.starts_with('^')) name.remove_prefix(1);
  return name;
}

}  // namespace

std::string pcre2_pattern(std::string_view p) {
  if (EmptyLoopFinder(p).found()) return {};
  std::string out;
  out.reserve(p.size() + p.size() / 8);
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char kind = p[i + 1];
      if (kind == 'C') return {};  // a single byte: no UTF-8 engine agrees on it
      // PCRE2's \pC takes unassigned code points, RE2's does not.
      if ((kind == 'p' || kind == 'P') && unicode_class_name(p.substr(i, escape_length(p, i))) == "C") return {};
      if (kind == 'Q') {           // literal text up to \E, as it stands
        const std::size_t close = p.find("\\E", i + 2);
        const std::size_t end = close == std::string_view::npos ? p.size() : close + 2;
        out.append(p, i, end - i);
        i = end - 1;
        continue;
      }
      if (kind == 'v') {  // RE2: the vertical tab; PCRE2: any vertical space
        out += "\\x0B";
        ++i;
        continue;
      }
      if (kind == 's') {
        out += in_class ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]";
        ++i;
        continue;
      }
      if (kind == 'S') {
        if (in_class) return {};
        out += "[^\\t\\n\\f\\r ]";
        ++i;
        continue;
      }
      const std::size_t length = escape_length(p, i);
      out.append(p, i, length);
      i += length - 1;
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      out += c;
      // A ']' first in a class (after an optional '^') is a literal.
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];
      continue;
    }
    if (const std::size_t length = in_class ? posix_class_length(p, i) : 0) {
      out.append(p, i, length);
      i += length - 1;
      continue;
    }
    if (in_class && c == ']') in_class = false;
    std::size_t min = 0, max = 0;
    if (!in_class && c == '{' && repetition_length(p, i, min, max) == 0) {
      out += "\\{";  // RE2 reads a '{' that opens no repetition ("a{01}") as itself; PCRE2 may not
      continue;
    }
    // Under (?i) the engines fold differently: RE2 closes \p{Lu}, \W,
    // [[:alpha:]] and [k-s] over case (with ſ and the Kelvin sign), PCRE2
    // without UCP does not.
    if (!in_class && c == '(' && p.substr(i + 1, 1) == "?") {
      const std::size_t flags_end = p.find_first_not_of("imsU-", i + 2);
      if (p.substr(i + 2, flags_end - (i + 2)).find('i') != std::string_view::npos) return {};
    }
    out += c;
  }
  return out;
}

SubmatchFinder::SubmatchFinder(std::string re2_pattern) : re2_pattern_(std::move(re2_pattern)) {}

void SubmatchFinder::compile() const {
  const std::string pattern = pcre2_pattern(re2_pattern_);
  if (pattern.empty()) return;
  pcre2_compile_context* context = pcre2_compile_context_create(nullptr);
  pcre2_set_newline(context, PCRE2_NEWLINE_LF);
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  // RE2 reads $ as the end of the text only, (?m)^ after any newline, and
  // \b, \w, \d as ASCII (no UCP).
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   PCRE2_UTF | PCRE2_ANCHORED | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_CIRCUMFLEX |
                                       PCRE2_NEVER_BACKSLASH_C,
                                   &error, &error_offset, context);
  pcre2_compile_context_free(context);
  if (code == nullptr) return;
  code_ = code;
  asserts_text_end_ = asserts_text_end(pattern);
}

// A copy, so that threads matching with the interpreter's code meanwhile
// never see it change.
void SubmatchFinder::compile_jit() const {
  pcre2_code* copy = pcre2_code_copy(static_cast<const pcre2_code*>(code_));
  if (copy == nullptr) return;
  if (pcre2_jit_compile(copy, PCRE2_JIT_COMPLETE) != 0) {
    pcre2_code_free(copy);  // the interpreter goes on
    return;
  }
  jit_code_.store(copy, std::memory_order_release);
}

const void* SubmatchFinder::code() const {
  if (void* jit = jit_code_.load(std::memory_order_acquire)) return jit;
  std::call_once(compiled_, [this] { compile(); });
  if (code_ != nullptr && uses_.fetch_add(1, std::memory_order_relaxed) + 1 == kUsesBeforeJit)
    std::call_once(jit_compiled_, [this] { compile_jit(); });
  return code_;
}

void SubmatchFinder::compile_now() const {
  std::call_once(compiled_, [this] { compile(); });
  if (code_ != nullptr) std::call_once(jit_compiled_, [this] { compile_jit(); });
}

SubmatchFinder::~SubmatchFinder() {
  pcre2_code_free(static_cast<pcre2_code*>(code_));
  pcre2_code_free(static_cast<pcre2_code*>(jit_code_.load()));
}

bool SubmatchFinder::find(std::string_view text, std::size_t start, std::size_t end, re2::StringPiece* groups,
                          int count) const {
  const auto* code = static_cast<const pcre2_code*>(this->code());
  if (code == nullptr) return false;
  Scratch& scratch = thread_scratch();
  // PCRE2 is shown the text up to RE2's end, where it can: the paths it
  // tries before the match then stop there instead of running on to the
  // window's end and back. That is safe when nothing can read the end
  // differently: no $ or \z, and a \b or \B there sees the same non-word
  // character (both engines' \w is ASCII) as at the end of the text.
  if (!starts_character(text, start)) return false;
  const bool stop_at_end = end == text.size() || (!asserts_text_end_ && !is_ascii_word_byte(text[end]) &&
                                                  starts_character(text, end));
  assert(count_invalid_utf8(text) == 0);
  const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), stop_at_end ? end : text.size(), start,
                             PCRE2_NO_UTF_CHECK, scratch.data, scratch.context);
  if (rc <= 0) return false;
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(scratch.data);
  if (ovector[0] != start || ovector[1] != end) return false;
  copy_groups(text, scratch.data, rc, groups, count);
  return true;
}

SubmatchFinder::Answer SubmatchFinder::match_at(std::string_view text, std::size_t start, re2::StringPiece* groups,
                                                int count) const {
  const auto* code = static_cast<const pcre2_code*>(this->code());
  if (code == nullptr) return Answer::unknown;
  if (!starts_character(text, start)) return Answer::unknown;
  Scratch& scratch = thread_scratch();
  assert(count_invalid_utf8(text) == 0);
  const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), start, PCRE2_NO_UTF_CHECK,
                             scratch.data, scratch.context);
  // Only a search run to its end says there is no match: a step limit says nothing.
  if (rc == PCRE2_ERROR_NOMATCH) return Answer::no_match;
  if (rc <= 0) return Answer::unknown;
  copy_groups(text, scratch.data, rc, groups, count);
  return Answer::match;
}

}  // namespace whosaid
