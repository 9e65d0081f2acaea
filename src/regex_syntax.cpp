#include "regex_syntax.h"

namespace whosaid {

namespace {

// Calls on_escape(i) at each escape and on_syntax(i) at each other character
// outside classes and \Q...\E (which hold no syntax); stops when one returns false.
template <class OnEscape, class OnSyntax>
void walk_syntax(std::string_view p, OnEscape on_escape, OnSyntax on_syntax) {
  for (std::size_t i = 0; i < p.size();) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      if (p[i + 1] == 'Q') {  // literal text up to \E
        const std::size_t close = p.find("\\E", i + 2);
        i = close == std::string_view::npos ? p.size() : close + 2;
        continue;
      }
      if (!on_escape(i)) return;
      i += escape_length(p, i);
    } else if (p[i] == '[') {
      i = class_end(p, i);
    } else {
      if (!on_syntax(i)) return;
      ++i;
    }
  }
}

}  // namespace

bool parentheses_balanced(std::string_view p) {
  int depth = 0;
  walk_syntax(p, [](std::size_t) { return true; },
              [&](std::size_t i) {
                if (p[i] == '(') ++depth;
                else if (p[i] == ')') --depth;
                return depth >= 0;
              });
  return depth == 0;
}

bool asserts_text_end(std::string_view p) {
  bool found = false;
  walk_syntax(p, [&](std::size_t i) { return !(found = p[i + 1] == 'z'); },
              [&](std::size_t i) { return !(found = p[i] == '$'); });
  return found;
}

std::size_t concatenation_cut(std::string_view p, std::string_view group_open) {
  if (!parentheses_balanced(p)) return std::string_view::npos;
  std::size_t cut = std::string_view::npos;
  bool cuttable = true;
  int depth = 0;
  auto before_cut = [&] { return cut == std::string_view::npos; };
  walk_syntax(
      p,
      [&](std::size_t i) {
        const char kind = p[i + 1];
        cuttable = !before_cut() || !(kind == 'b' || kind == 'B' || kind == 'A' || kind == 'z');
        return cuttable;
      },
      [&](std::size_t i) {
        const char c = p[i];
        if ((c == '|' && depth == 0) || (before_cut() && (c == '^' || c == '$'))) {
          cuttable = false;
        } else if (c == '(') {
          if (depth == 0 && before_cut() && p.substr(i).starts_with(group_open)) cut = i;
          // Flags, as in (?i) or (?i:...), may reach past the cut: not worth reading.
          else if (depth == 0 && before_cut() && p.substr(i, 2) == "(?" && i + 2 < p.size() && p[i + 2] != ':' &&
                   p[i + 2] != 'P')
            cuttable = false;
          ++depth;
        } else if (c == ')') {
          --depth;
        }
        return cuttable;
      });
  return cuttable ? cut : std::string_view::npos;
}

}  // namespace whosaid
