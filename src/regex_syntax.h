// Reading RE2 pattern syntax where whosaid rewrites or inspects patterns
// (macro expansion, the group finder's translation).
#pragma once

#include <cstddef>
#include <string_view>

namespace whosaid {

// Length of the escape at `i` (a backslash followed by at least one byte),
// braces included: \x{E000}, \p{Lu}. An unclosed brace runs to the end (RE2
// then reports the pattern).
inline std::size_t escape_length(std::string_view p, std::size_t i) {
  std::size_t end = i + 2;
  const char kind = p[i + 1];
  if (end < p.size() && p[end] == '{' && (kind == 'x' || kind == 'p' || kind == 'P')) {
    const std::size_t close = p.find('}', end);
    end = close == std::string_view::npos ? p.size() : close + 1;
  }
  return end - i;
}

}  // namespace whosaid
