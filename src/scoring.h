// Scoring quote extraction and speaker attribution against gold annotations:
// an exact port of the reference scorer shared/eval/score.py, so that the
// project's own `eval` reports the same figures.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace whosaid::scoring {

struct GoldQuote {
  std::string text;
  std::string kind;                              // direct, mixed or indirect
  std::optional<std::string> speaker;            // null or empty: no speaker
  std::optional<std::string> speaker_canonical;  // accepted full name, if any
  std::vector<std::string> speaker_aliases;      // further accepted names
};

struct PredQuote {
  std::string text;
  std::optional<std::string> speaker;
  std::optional<std::string> mention;  // text of the mention the tool linked
};

// How one document's quotes were paired, for printing misses.
struct Alignment {
  // Per kept gold quote (after the kinds filter): index into the pred list, or -1.
  std::vector<int> gold_to_pred;
  // Per pred: index into the kept gold quotes, -1 when unmatched (a false
  // positive), or -2 when not counted at all (it matched a gold quote of an
  // excluded kind, or it has no letters/digits).
  std::vector<int> pred_to_gold;
  // Per kept gold quote: its speaker was judged correct (only meaningful if matched).
  std::vector<bool> speaker_ok;
  // Kept gold index -> index in the document's full gold list.
  std::vector<int> kept_gold_index;
};

// The counters of score.py's `c` dict.
struct Counts {
  int docs = 0;
  int gold = 0;
  int pred = 0;
  int tp = 0;
  int tp_exact = 0;
  int pred_ignored = 0;
  int gold_excluded = 0;
  int matched_with_gold_speaker = 0;
  int speaker_correct = 0;
  int matched_gold_pronoun_no_canonical = 0;
  int speaker_correct_non_pronoun = 0;
  int matched_non_pronoun = 0;
  int matched_gold_null_speaker = 0;
  int null_speaker_correct = 0;
  int e2e_tp = 0;
  int docs_missing_in_pred = 0;
};

// Scores one gold document against its predictions and adds into `counts`
// (including docs += 1). A gold document with no prediction line is scored with
// an empty `pred`; the caller then also increments counts.docs_missing_in_pred.
// `kinds` empty means all kinds. Fills `alignment` when given.
void score_document(const std::vector<GoldQuote>& gold, const std::vector<PredQuote>& pred,
                    const std::set<std::string>& kinds, double threshold, Counts& counts,
                    Alignment* alignment = nullptr);

// The result of score.py's score(): same keys and values, rates rounded to 4
// places as Python's round() does (keys come out sorted, as nlohmann::json keeps them).
nlohmann::json figures(const Counts& counts, const std::set<std::string>& kinds,
                       double threshold);

// The table score.py prints without --json, without a final newline; the
// caller appends its own warning lines.
std::string table(const nlohmann::json& figures);

// Matching key: NFKC, casefold, letters and digits only; a text without any
// keeps its non-space characters other than quotation marks.
std::string match_key(std::string_view utf8);

// score.py's overlap(): characters of two match keys in common (difflib
// matching blocks of >= 4 code points) as a fraction of the longer key.
double overlap(std::string_view key_a, std::string_view key_b);

bool speaker_correct(const GoldQuote& gold, const std::optional<std::string>& pred_speaker,
                     const std::optional<std::string>& pred_mention);

}  // namespace whosaid::scoring
