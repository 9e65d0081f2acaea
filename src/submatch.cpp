#include "submatch.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace whosaid {

namespace {

// Backtracking steps allowed before PCRE2 gives the question back to RE2
// (real rules need a few hundred; a pathological one must not hang).
constexpr uint32_t kMatchLimit = 200'000;

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

// Copies an escape's braces too: \x{E000}, \p{Lu}.
std::size_t escape_length(std::string_view p, std::size_t i) {
  std::size_t end = i + 2;
  const char kind = p[i + 1];
  if (end < p.size() && p[end] == '{' && (kind == 'x' || kind == 'p' || kind == 'P')) {
    const std::size_t close = p.find('}', end);
    end = close == std::string_view::npos ? p.size() : close + 1;
  }
  return end - i;
}

}  // namespace

std::string pcre2_pattern(std::string_view p) {
  std::string out;
  out.reserve(p.size() + p.size() / 8);
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      const char kind = p[i + 1];
      if (kind == 'C') return {};  // a single byte: no UTF-8 engine agrees on it
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
    if (in_class && c == '[' && i + 1 < p.size() && p[i + 1] == ':') {  // [:alpha:]
      const std::size_t close = p.find(":]", i + 2);
      const std::size_t end = close == std::string_view::npos ? p.size() : close + 2;
      out.append(p, i, end - i);
      i = end - 1;
      continue;
    }
    if (in_class && c == ']') in_class = false;
    out += c;
  }
  return out;
}

SubmatchFinder::SubmatchFinder(const std::string& re2_pattern) {
  const std::string pattern = pcre2_pattern(re2_pattern);
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
  if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) {
    pcre2_code_free(code);  // the interpreter is no faster than RE2's NFA
    return;
  }
  code_ = code;
}

SubmatchFinder::~SubmatchFinder() { pcre2_code_free(static_cast<pcre2_code*>(code_)); }

bool SubmatchFinder::find(std::string_view text, std::size_t start, std::size_t end, re2::StringPiece* groups,
                          int count) const {
  if (code_ == nullptr) return false;
  thread_local Scratch scratch;
  const auto* code = static_cast<const pcre2_code*>(code_);
  const int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), start, 0,
                             scratch.data, scratch.context);
  if (rc <= 0) return false;
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(scratch.data);
  if (ovector[0] != start || ovector[1] != end) return false;
  const auto pairs = static_cast<int>(pcre2_get_ovector_count(scratch.data));
  for (int group = 0; group < count; ++group) {
    if (group >= rc || group >= pairs || ovector[2 * group] == PCRE2_UNSET) {
      groups[group] = re2::StringPiece();
      continue;
    }
    groups[group] = re2::StringPiece(text.data() + ovector[2 * group], ovector[2 * group + 1] - ovector[2 * group]);
  }
  return true;
}

}  // namespace whosaid
