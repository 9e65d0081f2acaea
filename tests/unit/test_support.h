// Shared helpers for the unit tests.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <initializer_list>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lexicon.h"
#include "rule_engine.h"
#include "whosaid/extractor.h"
#include "whosaid/quote.h"

#ifndef WHOSAID_DEFAULT_RULES
#define WHOSAID_DEFAULT_RULES "rules/en"
#endif

namespace test {

// The rules folder under test: $WHOSAID_RULES (set by meson) or the built-in one.
inline std::string rules_dir() {
  const char* env = std::getenv("WHOSAID_RULES");
  return env && *env ? env : WHOSAID_DEFAULT_RULES;
}

// One extractor over the real rules, loaded on first use and shared.
inline const whosaid::Extractor& extractor() {
  static const std::unique_ptr<whosaid::Extractor> instance = [] {
    std::vector<whosaid::Diagnostic> diagnostics;
    auto loaded = whosaid::Extractor::load(rules_dir(), diagnostics);
    if (!loaded) {
      std::string message = "cannot load rules from " + rules_dir();
      for (const auto& d : diagnostics) message += "\n  " + d.str();
      throw std::runtime_error(message);
    }
    return loaded;
  }();
  return *instance;
}

// The rule engine of the rules folder under test, loaded afresh.
inline std::unique_ptr<whosaid::RuleEngine> real_rules() {
  namespace fs = std::filesystem;
  std::map<std::string, whosaid::Lexicon> lexicons;
  std::vector<whosaid::Diagnostic> diagnostics;
  for (const auto& entry : fs::directory_iterator(rules_dir())) {
    if (entry.path().extension() != ".txt") continue;
    whosaid::Lexicon lexicon;
    lexicon.name = entry.path().stem().string();
    if (whosaid::load_lexicon(entry.path().string(), lexicon, diagnostics))
      lexicons.emplace(lexicon.name, std::move(lexicon));
  }
  auto engine = whosaid::RuleEngine::load(rules_dir(), lexicons, diagnostics);
  if (!engine || !diagnostics.empty()) throw std::runtime_error("cannot load the rules of " + rules_dir());
  return engine;
}

// Texts that reach every rule: the sample article and the rules' own examples.
inline std::vector<std::string> rule_test_texts(const whosaid::RuleEngine& engine) {
  std::vector<std::string> texts;
  std::ifstream in(std::string(WHOSAID_SOURCE_DIR) + "/samples/cecot-article.txt", std::ios::binary);
  texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (texts.back().size() < 1000) throw std::runtime_error("cannot read samples/cecot-article.txt");
  for (const auto& rule : engine.rules())
    for (const auto& example : rule.spec.examples) texts.push_back(example.text);
  return texts;
}

inline std::string slice(std::string_view text, whosaid::Span span) {
  return std::string(text.substr(span.start, span.size()));
}

// A list of strings that prints itself in failure messages.
struct Strings {
  std::vector<std::string> items;
  Strings() = default;
  Strings(std::initializer_list<std::string> list) : items(list) {}
  explicit Strings(std::vector<std::string> list) : items(std::move(list)) {}
  friend bool operator==(const Strings&, const Strings&) = default;
  friend std::ostream& operator<<(std::ostream& out, const Strings& s) {
    out << '{';
    for (std::size_t i = 0; i < s.items.size(); ++i) out << (i ? ", \"" : "\"") << s.items[i] << '"';
    return out << '}';
  }
};

}  // namespace test

