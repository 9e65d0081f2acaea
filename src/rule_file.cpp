#include "rule_file.h"

#include <charconv>
#include <sstream>

namespace whosaid {

namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

// Splits "key rest of line" at the first run of blanks.
std::pair<std::string, std::string> split_key(const std::string& line) {
  const auto end = line.find_first_of(" \t");
  if (end == std::string::npos) return {line, {}};
  return {line.substr(0, end), trim(line.substr(end))};
}

bool parse_example(const std::string& value, bool should_match, int line, RuleExample& example,
                   std::string& error) {
  example.line = line;
  example.should_match = should_match;
  const auto arrow = value.rfind("=>");
  example.text = trim(arrow == std::string::npos ? value : value.substr(0, arrow));
  if (example.text.empty()) {
    error = "example has no text";
    return false;
  }
  if (arrow == std::string::npos) return true;
  if (!should_match) {
    error = "a nomatch example cannot expect a speaker or cue";
    return false;
  }
  // "speaker=Ann Lee cue=said": each value runs to the next key.
  std::string expectations = trim(value.substr(arrow + 2));
  const auto cue_at = expectations.find("cue=");
  const auto speaker_at = expectations.find("speaker=");
  if (speaker_at == std::string::npos && cue_at == std::string::npos) {
    error = "expected 'speaker=...' and/or 'cue=...' after '=>'";
    return false;
  }
  auto value_at = [&](std::size_t at, std::size_t key_len) {
    const std::size_t start = at + key_len;
    std::size_t end = expectations.size();
    for (const std::size_t other : {cue_at, speaker_at})
      if (other != std::string::npos && other > at && other < end) end = other;
    return trim(expectations.substr(start, end - start));
  };
  if (speaker_at != std::string::npos) example.speaker = value_at(speaker_at, 8);
  if (cue_at != std::string::npos) example.cue = value_at(cue_at, 4);
  return true;
}

}  // namespace

void parse_rule_file(const std::string& path, const std::string& content, RuleFile& out,
                     std::vector<Diagnostic>& diagnostics) {
  const std::size_t first_rule = out.rules.size();
  std::istringstream in(content);
  std::string raw;
  int number = 0;
  RuleSpec* current = nullptr;
  auto report = [&](int line, std::string message) {
    diagnostics.push_back({path, line, std::move(message)});
  };
  while (std::getline(in, raw)) {
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const bool indented = raw[0] == ' ' || raw[0] == '\t';
    auto [key, value] = split_key(line);
    if (!indented) {
      current = nullptr;
      if (key == "rule") {
        if (value.empty() || value.find_first_of(" \t") != std::string::npos) {
          report(number, "'rule' needs one id without spaces");
          continue;
        }
        out.rules.push_back({});
        current = &out.rules.back();
        current->id = value;
        current->file = path;
        current->line = number;
      } else if (key == "define") {
        auto [name, pattern] = split_key(value);
        if (name.empty() || pattern.empty()) {
          report(number, "'define' needs a NAME and a pattern");
        } else if (out.macros.count(name)) {
          report(number, "macro {" + name + "} is defined twice");
        } else {
          out.macros[name] = {path, number, pattern};
        }
      } else {
        report(number, "expected 'rule ID' or 'define NAME PATTERN', got '" + key + "'");
      }
      continue;
    }
    if (!current) {
      report(number, "indented line outside a rule block");
      continue;
    }
    if (key == "kind") {
      if (value == "direct") current->kind = QuoteKind::direct;
      else if (value == "mixed") current->kind = QuoteKind::mixed;
      else report(number, "kind must be 'direct' or 'mixed', got '" + value + "'");
    } else if (key == "gap") {
      std::size_t parsed = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (ec != std::errc() || end != value.data() + value.size() || parsed == 0)
        report(number, "gap must be a positive number of bytes, got '" + value + "'");
      else
        current->max_gap = parsed;
    } else if (key == "pattern") {
      if (!current->pattern.empty()) report(number, "rule '" + current->id + "' has two patterns");
      else if (value.empty()) report(number, "empty pattern");
      current->pattern = value;
      current->pattern_line = number;
    } else if (key == "match" || key == "nomatch") {
      RuleExample example;
      std::string error;
      if (parse_example(value, key == "match", number, example, error))
        current->examples.push_back(std::move(example));
      else
        report(number, error);
    } else {
      report(number, "unknown key '" + key + "' (expected kind, gap, pattern, match or nomatch)");
    }
  }
  for (std::size_t i = first_rule; i < out.rules.size(); ++i)
    if (out.rules[i].pattern.empty()) report(out.rules[i].line, "rule '" + out.rules[i].id + "' has no pattern");
}

}  // namespace whosaid
