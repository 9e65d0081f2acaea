#include "whosaid/extractor.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "lexicon.h"
#include "linker.h"
#include "quote_marks.h"
#include "rule_engine.h"
#include "sentences.h"
#include "text.h"
#include "window.h"

namespace whosaid {

const char* to_string(QuoteKind kind) {
  switch (kind) {
    case QuoteKind::direct: return "direct";
    case QuoteKind::mixed: return "mixed";
    case QuoteKind::span: return "span";
  }
  return "direct";
}

std::string Diagnostic::str() const {
  return line > 0 ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

struct Extractor::Impl {
  std::map<std::string, Lexicon> lexicons;
  LinkerLexicons linker_lexicons;
  std::unique_ptr<RuleEngine> engine;
  std::unique_ptr<SentenceSplitter> splitter;
};

namespace {

namespace fs = std::filesystem;

// Lexicons the code itself relies on, besides those patterns name.
constexpr const char* kRequiredLexicons[] = {"abbreviations", "titles",       "pronouns",
                                             "roles",         "names_female", "names_male",
                                             "function_words", "org_words",    "connectors"};

WordSet as_set(const Lexicon& lexicon) { return {lexicon.entries.begin(), lexicon.entries.end()}; }

// The part of the text a rule looks at for a quote: its sentence, plus the
// previous one in the paragraph (or one ending in a colon: "He said:\n“...”"),
// plus the next one when the quote ends its sentence.
Span window_extent(std::string_view text, const std::vector<Span>& sentences,
                   const QuotedSpan& quote) {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), quote.open_mark.start,
                             [](std::size_t p, const Span& s) { return p < s.start; });
  const std::size_t index = static_cast<std::size_t>(it - sentences.begin()) - 1;
  Span extent = sentences[index];
  extent.end = std::max(extent.end, quote.whole().end);
  if (index > 0) {
    const Span before = sentences[index - 1];
    const bool same_paragraph = !before.empty() && text[before.end - 1] != '\n' && text[before.end - 1] != '\r';
    const std::size_t last = trim_spaces_back(text, before.start, before.end);
    if (same_paragraph || (last > before.start && text[last - 1] == ':')) extent.start = before.start;
  }
  // A quote that ends its sentence may be attributed by the next one within
  // the paragraph: “Why?” Clinton asked.
  const std::size_t last = static_cast<std::size_t>(
      std::upper_bound(sentences.begin(), sentences.end(), extent.end - 1,
                       [](std::size_t p, const Span& s) { return p < s.start; }) - sentences.begin()) - 1;
  if (last + 1 < sentences.size()) {
    const std::string_view gap = text.substr(quote.whole().end, sentences[last].end - quote.whole().end);
    if (gap.find_first_not_of(" \t") == std::string_view::npos) extent.end = std::max(extent.end, sentences[last + 1].end);
  }
  return extent;
}

}  // namespace

Extractor::Extractor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Extractor::~Extractor() = default;

std::unique_ptr<Extractor> Extractor::load(const std::string& rules_dir,
                                           std::vector<Diagnostic>& diagnostics) {
  auto impl = std::make_unique<Impl>();
  std::error_code ec;
  if (!fs::is_directory(rules_dir, ec)) {
    diagnostics.push_back({rules_dir, 0, "rules folder not found"});
    return nullptr;
  }
  const std::size_t errors_before = diagnostics.size();
  std::set<std::string> unreadable;
  for (fs::directory_iterator it(rules_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() != ".txt") continue;
    Lexicon lexicon;
    lexicon.name = it->path().stem().string();
    if (load_lexicon(it->path().string(), lexicon, diagnostics))
      impl->lexicons.emplace(lexicon.name, std::move(lexicon));
    else
      unreadable.insert(lexicon.name);  // reported already: not "missing" too
  }
  if (ec) {
    diagnostics.push_back({rules_dir, 0, "cannot read rules folder: " + ec.message()});
    return nullptr;
  }
  for (const char* name : kRequiredLexicons)
    if (!impl->lexicons.count(name) && !unreadable.count(name))
      diagnostics.push_back({(fs::path(rules_dir) / (std::string(name) + ".txt")).string(), 0,
                             "required lexicon is missing"});
  if (diagnostics.size() > errors_before) return nullptr;

  impl->engine = RuleEngine::load(rules_dir, impl->lexicons, diagnostics);
  if (!impl->engine) return nullptr;

  LinkerLexicons& lex = impl->linker_lexicons;
  for (const auto& title : impl->lexicons["titles"].entries) lex.add_title(title);
  lex.pronouns = as_set(impl->lexicons["pronouns"]);
  lex.roles = as_set(impl->lexicons["roles"]);
  lex.female = as_set(impl->lexicons["names_female"]);
  lex.male = as_set(impl->lexicons["names_male"]);
  lex.org_words = as_set(impl->lexicons["org_words"]);
  for (const auto& connector : impl->lexicons["connectors"].entries) lex.add_connector(connector);
  if (const auto found = impl->lexicons.find("titles_given"); found != impl->lexicons.end())
    lex.given_name_titles = as_set(found->second);
  for (const char* name : {"cues", "cues_tell"}) {
    const auto found = impl->lexicons.find(name);
    if (found == impl->lexicons.end()) continue;
    for (const auto& cue : found->second.entries)
      if (cue.find(' ') == std::string::npos) lex.cues.insert(cue);
  }
  // Function words are listed in lowercase and met capitalised too.
  for (const auto& word : impl->lexicons["function_words"].entries) {
    lex.function_words.insert(word);
    std::string capitalised = word;
    capitalised[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capitalised[0])));
    lex.function_words.insert(std::move(capitalised));
  }
  const auto& abbreviations = impl->lexicons["abbreviations"].entries;
  impl->splitter = std::make_unique<SentenceSplitter>(
      std::unordered_set<std::string>(abbreviations.begin(), abbreviations.end()));
  return std::unique_ptr<Extractor>(new Extractor(std::move(impl)));
}

Document Extractor::extract(std::string_view input, const Options& options) const {
  // Invalid bytes and CRs are repaired in a same-length copy: offsets stay valid.
  std::size_t invalid = 0;
  std::string repaired;
  const std::string_view text = prepare_for_matching(input, repaired, invalid) ? std::string_view(repaired) : input;

  const auto quotes = find_quotes(text);
  const auto sentences = impl_->splitter->split(text, quotes);

  SpeakerLinker linker(text, sentences, quotes, impl_->linker_lexicons);
  std::vector<Attribution> attributions(quotes.size());
  Window window;
  for (std::size_t i = 0; i < quotes.size(); ++i) {
    if (!linker.needs_rule(i)) continue;
    window.build(text, window_extent(text, sentences, quotes[i]), quotes, i);
    const RuleMatch m = impl_->engine->match(window.text(), window.target_start(), window.target_end());
    if (!m.found()) continue;
    const CompiledRule& rule = impl_->engine->rules()[static_cast<std::size_t>(m.rule)];
    Attribution& a = attributions[i];
    a.rule = m.rule;
    a.rule_id = rule.spec.id;
    a.kind = rule.spec.kind;
    if (m.speaker_end > m.speaker_start) a.mention = window.to_source(m.speaker_start, m.speaker_end);
    if (m.cue_end > m.cue_start) a.cue = window.to_source(m.cue_start, m.cue_end);
  }
  Document doc = linker.run(attributions, options);
  doc.invalid_utf8_bytes = invalid;
  return doc;
}

void Extractor::compile_rules() const {
  for (const auto& rule : impl_->engine->rules()) rule.submatches->compile_now();
}

std::vector<Diagnostic> Extractor::check_examples() const {
  std::vector<Diagnostic> failures;
  for (const auto& rule : impl_->engine->rules()) {
    for (const auto& example : rule.spec.examples) {
      const Document doc = extract(example.text);
      const auto slice = [&](Span s) { return example.text.substr(s.start, s.size()); };
      const auto fired = std::find_if(doc.quotes.begin(), doc.quotes.end(),
                                      [&](const Quote& q) { return q.rule == rule.spec.id; });
      std::string problem;
      if (!example.should_match) {
        if (fired != doc.quotes.end()) problem = "nomatch example matched";
      } else if (fired == doc.quotes.end()) {
        problem = "example did not match";
      } else if (!example.speaker.empty() && slice(fired->mention) != example.speaker) {
        problem = "speaker is '" + slice(fired->mention) + "', expected '" + example.speaker + "'";
      } else if (!example.cue.empty() && slice(fired->cue) != example.cue) {
        problem = "cue is '" + slice(fired->cue) + "', expected '" + example.cue + "'";
      }
      if (!problem.empty()) failures.push_back({rule.spec.file, example.line, rule.spec.id + ": " + problem});
    }
  }
  return failures;
}

}  // namespace whosaid
