// Reading RE2 pattern syntax where whosaid rewrites or inspects patterns
// (macro expansion, the group finder's translation, cutting a rule before
// its cue).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace whosaid {

// Length of the escape at `i` (a backslash followed by at least one byte),
// braces, a class letter or octal digits included: \x{E000}, \p{Lu}, \pL,
// \101. An unclosed brace runs to the end (RE2 then reports the pattern).
inline std::size_t escape_length(std::string_view p, std::size_t i) {
  std::size_t end = i + 2;
  const char kind = p[i + 1];
  if (end < p.size() && p[end] == '{' && (kind == 'x' || kind == 'p' || kind == 'P')) {
    const std::size_t close = p.find('}', end);
    end = close == std::string_view::npos ? p.size() : close + 1;
  } else if (end < p.size() && (kind == 'p' || kind == 'P')) {
    ++end;  // a one-letter class name: \pL
  } else if (kind >= '0' && kind <= '7') {
    for (int more = 0; more < 2 && end < p.size() && p[end] >= '0' && p[end] <= '7'; ++more) ++end;  // octal: \101
  }
  return end - i;
}

// Length of the POSIX class ("[:alpha:]") at `i` inside a class, else 0. As
// RE2 reads it: "[:" opens one when ":]" follows anywhere later (RE2 refuses
// an unknown name); otherwise the '[' is a plain character.
inline std::size_t posix_class_length(std::string_view p, std::size_t i) {
  if (p.substr(i, 2) != "[:") return 0;
  const std::size_t close = p.find(":]", i + 2);
  return close == std::string_view::npos ? 0 : close + 2 - i;
}

// Just past the class opening at `i`: "[]a]", "[^]a]", "[[:alpha:]\\]]".
inline std::size_t class_end(std::string_view p, std::size_t i) {
  ++i;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') ++i;
  while (i < p.size() && p[i] != ']') {
    if (p[i] == '\\' && i + 1 < p.size()) {
      i += escape_length(p, i);
    } else if (const std::size_t length = posix_class_length(p, i)) {
      i += length;
    } else {
      ++i;
    }
  }
  return std::min(i + 1, p.size());
}

// The repetition {n}, {n,} or {n,m} at `i`: its length, and its bounds in
// `min` and `max` (npos when unbounded); 0 when the brace is a literal.
inline std::size_t repetition_length(std::string_view p, std::size_t i, std::size_t& min, std::size_t& max) {
  std::size_t j = i;
  if (j >= p.size() || p[j] != '{') return 0;
  // As RE2 reads a bound: no leading zero, under 10^9; else the '{' is a
  // plain character.
  auto number = [&](std::size_t& value) {
    const std::size_t first = ++j;
    auto digit = [&](std::size_t at) { return at < p.size() && p[at] >= '0' && p[at] <= '9'; };
    if (digit(j) && p[j] == '0' && digit(j + 1)) return false;
    value = 0;
    for (; digit(j); ++j) {
      if (value >= 100'000'000) return false;
      value = value * 10 + static_cast<std::size_t>(p[j] - '0');
    }
    return j > first;
  };
  if (!number(min)) return 0;
  max = min;
  if (j < p.size() && p[j] == ',' && !number(max)) max = std::string_view::npos;  // {n,}
  if (j >= p.size() || p[j] != '}') return 0;
  return j + 1 - i;
}

// The quantifier at `i` (*, +, ?, or a repetition, each maybe lazy): its
// length, and its bounds in `min` and `max` (npos when unbounded); 0 when
// none stands there.
inline std::size_t quantifier_length(std::string_view p, std::size_t i, std::size_t& min, std::size_t& max) {
  std::size_t length = 0;
  if (i < p.size() && (p[i] == '*' || p[i] == '+' || p[i] == '?')) {
    min = p[i] == '+' ? 1 : 0;
    max = p[i] == '?' ? 1 : std::string_view::npos;
    length = 1;
  } else {
    length = repetition_length(p, i, min, max);
  }
  if (length > 0 && i + length < p.size() && p[i + length] == '?') ++length;  // lazy
  return length;
}

// Whether every '(' of `pattern` has its ')' and no ')' comes first: a
// pattern is wrapped in "(?:...)" before it is compiled, which a stray ')'
// would break out of.
bool parentheses_balanced(std::string_view pattern);

// Whether `pattern` asserts the end of the text anywhere ($ or \z), outside
// classes and escapes.
bool asserts_text_end(std::string_view pattern);

// Where `pattern` may be cut in two, X and the rest Z, just before the group
// that opens with `group_open` ("(?P<cue>"), so that a text matches X·Z
// exactly when a prefix of it matches X and the rest matches Z, each on its
// own: the group stands outside any parentheses, the pattern has no top-level
// alternation, and X holds no flags and no empty-width assertion (^ $ \b \B
// \A \z), whose answer could change at the cut. npos when it cannot be cut.
std::size_t concatenation_cut(std::string_view pattern, std::string_view group_open);

}  // namespace whosaid
