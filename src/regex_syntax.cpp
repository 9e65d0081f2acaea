#include "regex_syntax.h"

namespace whosaid {

std::size_t concatenation_cut(std::string_view p, std::string_view group_open) {
  std::size_t cut = std::string_view::npos;
  int depth = 0;
  for (std::size_t i = 0; i < p.size();) {
    const char c = p[i];
    const bool before_cut = cut == std::string_view::npos;
    if (c == '\\' && i + 1 < p.size()) {
      const char kind = p[i + 1];
      if (kind == 'Q') {  // literal text up to \E
        const std::size_t close = p.find("\\E", i + 2);
        i = close == std::string_view::npos ? p.size() : close + 2;
        continue;
      }
      if (before_cut && (kind == 'b' || kind == 'B' || kind == 'A' || kind == 'z')) return std::string_view::npos;
      i += escape_length(p, i);
      continue;
    }
    if (c == '[') {
      i = class_end(p, i);
      continue;
    }
    if (c == '|' && depth == 0) return std::string_view::npos;
    if (before_cut && (c == '^' || c == '$')) return std::string_view::npos;
    if (c == '(') {
      if (depth == 0 && before_cut && p.substr(i).starts_with(group_open)) {
        cut = i;
      } else if (before_cut && depth == 0 && p.substr(i, 2) == "(?" && i + 2 < p.size() && p[i + 2] != ':' &&
                 p[i + 2] != 'P') {
        return std::string_view::npos;  // flags such as (?i) or (?i:...) reach past the cut or are not worth reading
      }
      ++depth;
    } else if (c == ')') {
      --depth;
    }
    ++i;
  }
  return cut;
}

}  // namespace whosaid
