#include "eval_command.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "scoring.h"
#include "text.h"
#include "load_rules.h"
#include "whosaid/extractor.h"

namespace whosaid {

namespace {

using nlohmann::json;

std::optional<std::string> optional_string(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

struct GoldDocument {
  std::string id;
  std::string text;
  std::vector<scoring::GoldQuote> quotes;
  std::vector<std::pair<std::size_t, std::size_t>> quote_chars;  // code point spans
};

bool load_gold(const std::string& path, std::vector<GoldDocument>& docs) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    spdlog::error("{}: cannot open gold file", path);
    return false;
  }
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const json record = json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.is_object() || !record.contains("id") ||
        !record.contains("text") || !record["text"].is_string()) {
      spdlog::error("{}:{}: expected an object with 'id' and a string 'text'", path, number);
      return false;
    }
    GoldDocument doc;
    doc.id = record["id"].is_string() ? record["id"].get<std::string>() : record["id"].dump();
    doc.text = record["text"].get<std::string>();
    for (const auto& q : record.value("quotes", json::array())) {
      scoring::GoldQuote g;
      g.text = q.value("text", "");
      g.kind = q.value("kind", "");
      g.speaker = optional_string(q, "speaker");
      g.speaker_canonical = optional_string(q, "speaker_canonical");
      for (const auto& alias : q.value("speaker_aliases", json::array()))
        if (alias.is_string()) g.speaker_aliases.push_back(alias.get<std::string>());
      doc.quotes.push_back(std::move(g));
      doc.quote_chars.emplace_back(q.value("start", 0u), q.value("end", 0u));
    }
    docs.push_back(std::move(doc));
  }
  return true;
}

std::set<std::string> parse_kinds(const std::string& kinds) {
  std::set<std::string> out;
  if (kinds == "all") return out;
  std::stringstream in(kinds);
  for (std::string kind; std::getline(in, kind, ',');)
    if (!kind.empty()) out.insert(kind);
  return out;
}

// What is scored for a quote: a direct quote by its words; a mixed quote by
// its reported clause, which is what the annotation marks, once per clause.
struct Prediction {
  scoring::PredQuote quote;
  Span bytes;
};

std::vector<Prediction> predictions_of(const Document& doc, std::string_view text) {
  std::vector<Prediction> out;
  Span last_clause;
  for (const auto& q : doc.quotes) {
    Span scored = q.content;
    if (q.kind == QuoteKind::mixed && !q.clause.empty()) {
      if (q.clause == last_clause) continue;
      scored = last_clause = q.clause;
    }
    Prediction p;
    p.bytes = scored;
    p.quote.text = std::string(text.substr(scored.start, scored.size()));
    if (q.speaker >= 0) p.quote.speaker = doc.speakers[static_cast<std::size_t>(q.speaker)].name;
    if (!q.mention.empty()) p.quote.mention = std::string(text.substr(q.mention.start, q.mention.size()));
    out.push_back(std::move(p));
  }
  return out;
}

// Byte offset of each code point offset of `text`.
std::vector<std::size_t> byte_offsets(std::string_view text) {
  std::vector<std::size_t> out;
  for (std::size_t pos = 0; pos < text.size();) {
    out.push_back(pos);
    decode_next(text, pos);
  }
  out.push_back(text.size());
  return out;
}

std::string one_line(std::string_view s, std::size_t max = 400) {
  std::string out;
  for (const char c : s.substr(0, max)) out += (c == '\n' || c == '\r') ? ' ' : c;
  if (s.size() > max) out += "...";
  return out;
}

class MissReport {
 public:
  void add(const std::string& group, std::string entry) { groups_[group].push_back(std::move(entry)); }
  void print(std::ostream& out) const {
    std::vector<std::pair<std::string, const std::vector<std::string>*>> order;
    for (const auto& [name, entries] : groups_) order.emplace_back(name, &entries);
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.second->size() > b.second->size(); });
    for (const auto& [name, entries] : order) {
      out << "\n=== " << name << ": " << entries->size() << "\n";
      for (const auto& e : *entries) out << e << "\n";
    }
  }
  json counts() const {
    json j = json::object();
    for (const auto& [name, entries] : groups_) j[name] = entries.size();
    return j;
  }

 private:
  std::map<std::string, std::vector<std::string>> groups_;
};

}  // namespace

int run_eval(const EvalSettings& settings) {
  const auto extractor = load_rules_or_report(settings.rules_dir);
  if (!extractor) return 2;
  std::vector<GoldDocument> docs;
  if (!load_gold(settings.gold_path, docs)) return 2;

  std::ofstream predictions_out;
  if (!settings.predictions_path.empty()) {
    predictions_out.open(settings.predictions_path, std::ios::binary);
    if (!predictions_out) {
      spdlog::error("{}: cannot write predictions", settings.predictions_path);
      return 2;
    }
  }
  const auto kinds = parse_kinds(settings.kinds);
  scoring::Counts counts;
  MissReport misses;
  for (const auto& gold : docs) {
    const Document doc = extractor->extract(gold.text);
    const auto predictions = predictions_of(doc, gold.text);
    std::vector<scoring::PredQuote> pred;
    for (const auto& p : predictions) pred.push_back(p.quote);
    if (predictions_out.is_open()) {
      json line = {{"id", gold.id}, {"quotes", json::array()}};
      for (const auto& p : pred)
        line["quotes"].push_back({{"text", p.text}, {"speaker", p.speaker ? json(*p.speaker) : json(nullptr)},
                                  {"mention", p.mention ? json(*p.mention) : json(nullptr)}});
      predictions_out << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }
    scoring::Alignment alignment;
    scoring::score_document(gold.quotes, pred, kinds, settings.threshold, counts, &alignment);
    if (!settings.misses) continue;

    const auto bytes = byte_offsets(gold.text);
    auto gold_bytes = [&](int kept) {
      const auto [start, end] = gold.quote_chars[static_cast<std::size_t>(alignment.kept_gold_index[static_cast<std::size_t>(kept)])];
      return Span{bytes[std::min(start, bytes.size() - 1)], bytes[std::min(end, bytes.size() - 1)]};
    };
    auto context = [&](Span s) {
      const std::size_t from = s.start > 120 ? s.start - 120 : 0;
      return one_line(std::string_view(gold.text).substr(from, s.end + 120 - from));
    };
    std::vector<bool> pred_near_gold(predictions.size(), false);
    for (std::size_t g = 0; g < alignment.gold_to_pred.size(); ++g) {
      const auto& gq = gold.quotes[static_cast<std::size_t>(alignment.kept_gold_index[g])];
      const Span gs = gold_bytes(static_cast<int>(g));
      const int p = alignment.gold_to_pred[g];
      const std::string where = "[" + gold.id + "] ";
      if (p < 0) {
        // A prediction overlapping the gold span but not matching it is a boundary error.
        std::string overlapping;
        for (std::size_t k = 0; k < predictions.size(); ++k) {
          if (alignment.pred_to_gold[k] == -1 && predictions[k].bytes.start < gs.end && gs.start < predictions[k].bytes.end) {
            pred_near_gold[k] = true;
            overlapping = predictions[k].quote.text;
          }
        }
        if (!overlapping.empty())
          misses.add("wrong boundary", where + gq.kind + " gold: " + one_line(gq.text) + "\n    predicted: " + one_line(overlapping));
        else
          misses.add("quote not found", where + gq.kind + " (speaker " + gq.speaker.value_or("null") + "): " + context(gs));
        continue;
      }
      if (alignment.speaker_ok[g]) continue;
      const auto& pq = pred[static_cast<std::size_t>(p)];
      const std::string detail = where + "gold speaker " + gq.speaker.value_or("null") + ", predicted " +
                                 pq.speaker.value_or("null") + " (mention " + pq.mention.value_or("none") + "): " + context(gs);
      misses.add(pq.speaker ? "wrong speaker" : "no speaker", detail);
    }
    for (std::size_t k = 0; k < predictions.size(); ++k) {
      if (alignment.pred_to_gold[k] != -1 || pred_near_gold[k]) continue;
      misses.add("spurious quote", "[" + gold.id + "] " + one_line(pred[k].text) + " (speaker " +
                                       pred[k].speaker.value_or("null") + "): " + context(predictions[k].bytes));
    }
  }
  json figures = scoring::figures(counts, kinds, settings.threshold);
  if (settings.json) {
    if (settings.misses) figures["miss_groups"] = misses.counts();
    std::cout << figures.dump() << "\n";
  } else {
    std::cout << scoring::table(figures) << "\n";
    if (settings.misses) misses.print(std::cout);
  }
  return 0;
}

}  // namespace whosaid
