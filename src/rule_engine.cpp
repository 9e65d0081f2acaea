#include "rule_engine.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "regex_syntax.h"
#include "text.h"
#include "window.h"

namespace whosaid {

namespace {

namespace fs = std::filesystem;

RE2::Options pattern_options() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(32 << 20);
  return options;
}

// Real patterns expand to some 20 KB; macros that double each other could
// reach gigabytes before RE2 saw them.
constexpr std::size_t kMaxExpandedPattern = 1 << 20;

class MacroExpander {
 public:
  MacroExpander(const std::map<std::string, MacroSpec>& macros,
                const std::map<std::string, Lexicon>& lexicons)
      : macros_(macros), lexicons_(lexicons) {}

  // Replaces {NAME} references; returns false with `error` set on an unknown
  // name or a cycle. RE2 repetitions such as {2,3} are left alone.
  bool expand(const std::string& pattern, std::string& out, std::string& error) {
    out.clear();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i] == '\\' && i + 1 < pattern.size()) {
        // An escape is copied whole, with the braces of \p{Lu} or \x{E000}.
        const std::size_t length = escape_length(pattern, i);
        out.append(pattern, i, length);
        i += length - 1;
        continue;
      }
      const std::size_t close = pattern[i] == '{' ? pattern.find('}', i) : std::string::npos;
      if (close == std::string::npos || close == i + 1 ||
          !std::all_of(pattern.begin() + static_cast<long>(i) + 1, pattern.begin() + static_cast<long>(close),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }) ||
          (pattern[i + 1] >= '0' && pattern[i + 1] <= '9')) {
        out += pattern[i];  // a literal brace or a repetition such as {2,3}
        continue;
      }
      const std::string name = pattern.substr(i + 1, close - i - 1);
      std::string replacement;
      if (!resolve(name, replacement, error)) return false;
      out += replacement;
      if (out.size() > kMaxExpandedPattern) {
        error = "pattern expands to more than " + std::to_string(kMaxExpandedPattern >> 20) +
                " MB (macros nested too deep?)";
        return false;
      }
      i = close;
    }
    return true;
  }

  bool resolve(const std::string& name, std::string& out, std::string& error) {
    if (name == "Q") { out = "\\x{E000}"; return true; }
    if (name == "OTHER_Q") { out = "\\x{E001}"; return true; }
    if (const auto done = cache_.find(name); done != cache_.end()) {
      out = done->second;
      return true;
    }
    if (const auto macro = macros_.find(name); macro != macros_.end()) {
      if (!parentheses_balanced(macro->second.pattern)) {
        error = "macro {" + name + "} has unbalanced parentheses";
        return false;
      }
      if (!active_.insert(name).second) {
        error = "macro {" + name + "} refers to itself";
        return false;
      }
      std::string body;
      const bool ok = expand(macro->second.pattern, body, error);
      active_.erase(name);
      if (!ok) return false;
      out = "(?:" + body + ")";
      cache_[name] = out;
      return true;
    }
    std::string stem = name;
    std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char c) { return std::tolower(c); });
    if (const auto lexicon = lexicons_.find(stem); lexicon != lexicons_.end()) {
      out = lexicon_alternation(lexicon->second);
      cache_[name] = out;
      return true;
    }
    error = "unknown macro or lexicon {" + name + "} (no 'define " + name + "' and no " + stem + ".txt)";
    return false;
  }

 private:
  const std::map<std::string, MacroSpec>& macros_;
  const std::map<std::string, Lexicon>& lexicons_;
  std::map<std::string, std::string> cache_;
  std::set<std::string> active_;
};

std::string trim_blanks(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

bool read_file(const fs::path& path, std::string& content) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;  // a folder named x.rules reads as empty
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  content = buffer.str();
  return !in.bad();
}

}  // namespace

std::unique_ptr<RuleEngine> RuleEngine::load(const std::string& dir,
                                             const std::map<std::string, Lexicon>& lexicons,
                                             std::vector<Diagnostic>& diagnostics) {
  const std::size_t errors_before = diagnostics.size();
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".rules") files.push_back(it->path());
  if (ec) {
    diagnostics.push_back({dir, 0, "cannot read rules folder: " + ec.message()});
    return nullptr;
  }
  if (files.empty()) {
    diagnostics.push_back({dir, 0, "no *.rules files in the rules folder"});
    return nullptr;
  }
  std::sort(files.begin(), files.end());

  RuleFile parsed;
  for (const auto& file : files) {
    std::string content;
    if (!read_file(file, content)) {
      diagnostics.push_back({file.string(), 0, "cannot read rule file"});
      continue;
    }
    parse_rule_file(file.string(), content, parsed, diagnostics);
  }

  std::unique_ptr<RuleEngine> engine(new RuleEngine());
  // A speaker capture that is only a sentence-initial word ("In", "But") is
  // no speaker; the match is retried further on.
  const auto pronouns = lexicons.find("pronouns");
  auto is_pronoun = [&](const std::string& w) {
    if (pronouns == lexicons.end()) return false;
    const auto& list = pronouns->second.entries;
    return std::find(list.begin(), list.end(), w) != list.end();
  };
  if (const auto words = lexicons.find("function_words"); words != lexicons.end()) {
    for (const auto& word : words->second.entries) {
      std::string capitalised = word;
      capitalised[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capitalised[0])));
      if (is_pronoun(word) || is_pronoun(capitalised)) continue;
      engine->not_speakers_.insert(word);
      engine->not_speakers_.insert(capitalised);
    }
  }
  // Every macro is expanded once, used or not, so that a bad one is reported.
  MacroExpander expander(parsed.macros, lexicons);
  for (const auto& [name, macro] : parsed.macros) {
    std::string expanded, error;
    if (!expander.resolve(name, expanded, error)) diagnostics.push_back({macro.file, macro.line, error});
  }

  CueCut::Parts cut_parts;
  std::map<std::string, const RuleSpec*> ids;
  for (const auto& spec : parsed.rules) {
    if (spec.pattern.empty()) continue;
    auto report = [&](const std::string& message) {
      diagnostics.push_back({spec.file, spec.pattern_line, message});
    };
    if (const auto [it, fresh] = ids.emplace(spec.id, &spec); !fresh) {
      diagnostics.push_back({spec.file, spec.line, "duplicate rule id '" + spec.id + "' (first at " +
                                                       it->second->file + ":" + std::to_string(it->second->line) + ")"});
      continue;
    }
    CompiledRule rule;
    rule.spec = spec;
    std::string error;
    if (!expander.expand(spec.pattern, rule.expanded, error)) {
      report(error);
      continue;
    }
    if (spec.pattern.find("{Q}") == std::string::npos) {
      report("pattern has no {Q}: a rule must say where the quote stands");
      continue;
    }
    // A pattern that starts (ends) with {Q} is matched forward from (backward
    // to) the quote only: RE2 then scans no further than the pattern reaches.
    const std::string trimmed_pattern = trim_blanks(spec.pattern);
    if (trimmed_pattern.starts_with("{Q}")) rule.side = QuoteSide::starts_with_quote;
    else if (trimmed_pattern.ends_with("{Q}")) rule.side = QuoteSide::ends_with_quote;
    const std::string compiled =
        rule.side == QuoteSide::ends_with_quote ? "(?:" + rule.expanded + ")$" : rule.expanded;
    rule.regex = std::make_unique<RE2>(compiled, pattern_options());
    if (!rule.regex->ok()) {
      report("bad pattern: " + rule.regex->error());
      continue;
    }
    // RE2 reads a stray ')' as closing the (?:...) added above.
    if (!parentheses_balanced(spec.pattern)) {
      report("bad pattern: unbalanced parentheses");
      continue;
    }
    rule.submatches = std::make_unique<SubmatchFinder>(compiled);
    if (rule.side != QuoteSide::inside)
      rule.gate = QuoteGate::read(rule.expanded, rule.side == QuoteSide::starts_with_quote);
    if (rule.side == QuoteSide::ends_with_quote)
      rule.cue_cut = CueCut::make(rule.expanded, "(?P<cue>", pattern_options(), cut_parts);
    for (const auto& [name, index] : rule.regex->NamedCapturingGroups()) {
      if (name == "speaker") rule.speaker_group = index;
      else if (name == "cue") rule.cue_group = index;
      else report("unknown group '" + name + "' (only 'speaker' and 'cue' are used)");
    }
    if (rule.speaker_group < 0 && rule.cue_group < 0) {
      report("pattern has neither a (?P<speaker>...) nor a (?P<cue>...) group");
      continue;
    }
    engine->rules_.push_back(std::move(rule));
  }
  if (diagnostics.size() > errors_before) return nullptr;
  return engine;
}

namespace {

// The rule's first match in text[from, ...) with its groups. Anchored at the
// quote, the one possible start is known and PCRE2 finds match and groups in
// one pass; otherwise RE2's DFA finds the match and the fast finder its groups.
bool find_match(const CompiledRule& rule, std::string_view text, std::size_t from, RE2::Anchor anchor,
                re2::StringPiece* groups, int count) {
  if (anchor == RE2::ANCHOR_START) {
    const auto answer = rule.submatches->match_at(text, from, groups, count);
    if (answer != SubmatchFinder::Answer::unknown) return answer == SubmatchFinder::Answer::match;
  }
  const bool found = rule.cue_cut ? rule.cue_cut->find(*rule.regex, text, from, groups[0])
                                  : rule.regex->Match(text, from, text.size(), anchor, groups, 1);
  if (!found) return false;
  const auto start = static_cast<std::size_t>(groups[0].data() - text.data());
  return rule.submatches->find(text, start, start + groups[0].size(), groups, count) ||
         rule.regex->Match(text, start, text.size(), RE2::ANCHOR_START, groups, count);
}

}  // namespace

RuleMatch RuleEngine::match(std::string_view window, std::size_t quote_start, std::size_t quote_end) const {
  re2::StringPiece groups[16];
  for (std::size_t index = 0; index < rules_.size(); ++index) {
    const CompiledRule& rule = rules_[index];
    if (!rule.gate.admits(window, quote_start, quote_end)) continue;
    std::size_t offset = 0;
    std::string_view text = window;
    RE2::Anchor anchor = RE2::UNANCHORED;
    if (rule.side == QuoteSide::starts_with_quote) {
      offset = quote_start;
      text = window.substr(quote_start);
      anchor = RE2::ANCHOR_START;
    } else if (rule.side == QuoteSide::ends_with_quote) {
      text = window.substr(0, quote_end);
    }
    const int count = std::min(1 + rule.regex->NumberOfCapturingGroups(), 16);
    // A match whose cue stands too far from the quote is retried further on:
    // the gap is checked here because a bounded gap in the pattern ({0,150})
    // multiplies the states of RE2's DFA.
    std::size_t from = 0;
    for (int attempt = 0; attempt < 8 && from <= text.size(); ++attempt) {
      if (!find_match(rule, text, from, anchor, groups, count)) break;
      RuleMatch result;
      result.rule = static_cast<int>(index);
      auto offsets = [&](int group, std::size_t& start, std::size_t& end) {
        if (group < 0 || group >= count || groups[group].data() == nullptr) return;
        start = offset + static_cast<std::size_t>(groups[group].data() - text.data());
        end = start + groups[group].size();
      };
      offsets(rule.speaker_group, result.speaker_start, result.speaker_end);
      offsets(rule.cue_group, result.cue_start, result.cue_end);
      const std::size_t gap = result.cue_end <= quote_start ? quote_start - result.cue_end
                              : result.cue_start >= quote_end ? result.cue_start - quote_end : 0;
      const bool gap_ok = rule.spec.max_gap == 0 || result.cue_end == result.cue_start || gap <= rule.spec.max_gap;
      // A speaker starts a word: "an issued a statement" is no speaker in
      // "Ryan issued a statement" (the patterns hold no \b, which would keep
      // them from being cut before the cue).
      const bool speaker_ok =
          !not_speakers_.contains(window.substr(result.speaker_start, result.speaker_end - result.speaker_start)) &&
          (result.speaker_start == 0 || !is_alnum(code_point_before(window, result.speaker_start)));
      if (gap_ok && speaker_ok) return result;
      if (anchor == RE2::ANCHOR_START) break;
      from = static_cast<std::size_t>(groups[0].data() - text.data()) + 1;
    }
  }
  return {};
}


}  // namespace whosaid
