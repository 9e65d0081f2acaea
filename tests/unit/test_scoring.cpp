// The scoring port must agree with shared/eval/score.py; these cases pin the
// rules on small invented examples (the full comparison is done against the
// Python scorer itself).
#include <doctest/doctest.h>

#include "scoring.h"

using namespace whosaid::scoring;

namespace {

GoldQuote gold_quote(std::string text, std::optional<std::string> speaker, std::string kind = "direct") {
  GoldQuote q;
  q.text = std::move(text);
  q.kind = std::move(kind);
  q.speaker = std::move(speaker);
  return q;
}

PredQuote pred_quote(std::string text, std::optional<std::string> speaker = std::nullopt,
                     std::optional<std::string> mention = std::nullopt) {
  return {std::move(text), std::move(speaker), std::move(mention)};
}

GoldQuote gold_speaker(std::string speaker) { return gold_quote("-", std::move(speaker)); }

}  // namespace

TEST_CASE("match_key keeps casefolded NFKC letters and digits only") {
  CHECK(match_key("“Hello, World!” ") == "helloworld");
  CHECK(match_key("ﬁne ＡＢＣ１") == "fineabc1");  // ligature and full-width forms
  CHECK(match_key("Straße") == "strasse");       // full case folding
  CHECK(match_key("It’s 2 o'clock") == "its2oclock");
  // No letters or digits: the non-space characters other than quotation marks.
  CHECK(match_key("“?”") == "?");
  CHECK(match_key(" … ") == "...");  // NFKC spells the ellipsis out
  CHECK(match_key("“ ”").empty());
  CHECK(match_key("").empty());
}

TEST_CASE("overlap counts shared runs of at least four characters") {
  CHECK(overlap("abcdefgh", "abcdefgh") == 1.0);
  CHECK(overlap("abcdefghijklmnopqrst", "abcdefghij") == 0.5);
  CHECK(overlap("abcdefghijklmnopqrst", "abcdefghi") == doctest::Approx(0.45));
  CHECK(overlap("abcdefgh", "abcxefgh") == 0.5);  // "abc" is too short to count
  CHECK(overlap("abcdefgh", "abxdexgh") == 0.0);
  CHECK(overlap("", "abcd") == 0.0);
}

TEST_CASE("a prediction matches when it covers at least the threshold of the longer key") {
  // Gold key "thecanalwillbewidenednextyear" has 29 characters: 14.5 are needed.
  const std::vector<GoldQuote> gold = {gold_quote("The canal will be widened next year.", "Lena Park")};
  Counts just_below, just_enough;
  score_document(gold, {pred_quote("The canal will be")}, {}, 0.5, just_below);     // 14 characters
  score_document(gold, {pred_quote("The canal will be w")}, {}, 0.5, just_enough);  // 15 characters
  CHECK(just_below.tp == 0);
  CHECK(just_below.pred == 1);
  CHECK(just_enough.tp == 1);
  CHECK(just_enough.tp_exact == 0);
}

TEST_CASE("matching is one-to-one, best overlap first, closer position on ties") {
  const GoldQuote bridge = gold_quote("The bridge stays closed until spring.", "Omar Diaz");

  SUBCASE("the exact prediction wins over a partial one") {
    Counts counts;
    Alignment alignment;
    score_document({bridge}, {pred_quote("The bridge stays closed"), pred_quote("the bridge stays closed until spring")},
                   {}, 0.5, counts, &alignment);
    CHECK(counts.tp == 1);
    CHECK(counts.pred == 2);
    CHECK(alignment.gold_to_pred == std::vector<int>{1});
    CHECK(alignment.pred_to_gold == std::vector<int>{-1, 0});
  }
  SUBCASE("two identical gold quotes, one prediction") {
    Counts counts;
    Alignment alignment;
    score_document({bridge, bridge}, {pred_quote("Something else entirely."), pred_quote(bridge.text)}, {}, 0.5,
                   counts, &alignment);
    CHECK(counts.tp == 1);
    CHECK(counts.tp_exact == 1);
    CHECK(alignment.gold_to_pred == std::vector<int>{-1, 1});  // the gold at the same position
  }
  SUBCASE("one gold quote, the same prediction twice") {
    Counts counts;
    score_document({bridge}, {pred_quote(bridge.text), pred_quote(bridge.text)}, {}, 0.5, counts);
    CHECK(counts.tp == 1);
    CHECK(counts.tp_exact == 1);
    CHECK(counts.pred == 2);
  }
}

TEST_CASE("exact matching ignores quotation marks, punctuation, spacing and case only") {
  const std::vector<GoldQuote> gold = {gold_quote("We will win, and we will win big.", "Kai Moreno"),
                                       gold_quote("The budget is balanced", "Kai Moreno")};
  Counts counts;
  score_document(gold, {pred_quote("“WE WILL WIN and we will win big”"), pred_quote("The budget is balanced, he")},
                 {}, 0.5, counts);
  CHECK(counts.tp == 2);
  CHECK(counts.tp_exact == 1);
}

TEST_CASE("predictions without any characters to match are dropped") {
  Counts counts;
  Alignment alignment;
  score_document({gold_quote("Rain again.", std::nullopt)}, {pred_quote("“ ”"), pred_quote("rain again")}, {}, 0.5,
                 counts, &alignment);
  CHECK(counts.pred == 1);
  CHECK(counts.tp == 1);
  CHECK(alignment.pred_to_gold == std::vector<int>{-2, 0});
}

TEST_CASE("kinds filter: predictions matching an excluded gold quote are ignored") {
  const std::vector<GoldQuote> gold = {
      gold_quote("The museum will stay open late on Fridays.", "Ines Varga", "direct"),
      gold_quote("that the roof needed urgent repairs", "the architect", "indirect"),
  };
  const std::vector<PredQuote> pred = {pred_quote("the roof needed urgent repairs"),
                                       pred_quote("The museum will stay open late on Fridays."),
                                       pred_quote("Tickets are sold out.")};
  Counts counts;
  Alignment alignment;
  score_document(gold, pred, {"direct"}, 0.5, counts, &alignment);
  CHECK(counts.gold == 1);
  CHECK(counts.gold_excluded == 1);
  CHECK(counts.pred_ignored == 1);
  CHECK(counts.pred == 2);  // the matched direct quote and the unrelated one
  CHECK(counts.tp == 1);
  CHECK(alignment.kept_gold_index == std::vector<int>{0});
  CHECK(alignment.pred_to_gold == std::vector<int>{-2, 0, -1});

  Counts all_kinds;
  score_document(gold, pred, {}, 0.5, all_kinds);
  CHECK(all_kinds.tp == 2);
  CHECK(all_kinds.pred_ignored == 0);
}

TEST_CASE("speaker names agree as token sets without titles") {
  const GoldQuote senator = gold_speaker("Senator Jane Roe");
  CHECK(speaker_correct(senator, "Jane Roe", std::nullopt));
  CHECK(speaker_correct(senator, "Roe", std::nullopt));
  CHECK(speaker_correct(senator, "Sen. Jane Roe's", std::nullopt));  // possessive dropped
  CHECK(speaker_correct(senator, "  jane ROE ", std::nullopt));
  CHECK_FALSE(speaker_correct(senator, "Jane Doe", std::nullopt));
  CHECK_FALSE(speaker_correct(senator, std::nullopt, std::nullopt));
  CHECK_FALSE(speaker_correct(senator, " ", std::nullopt));
  // A longer description containing the name is accepted.
  CHECK(speaker_correct(gold_speaker("Rep. Max Field (D-Utah), a committee member,"), "Max Field", std::nullopt));
}

TEST_CASE("Mr and Mrs must agree when both carry one") {
  const GoldQuote mrs = gold_speaker("Mrs. Ash");
  CHECK_FALSE(speaker_correct(mrs, "Mr. Ash", std::nullopt));
  CHECK(speaker_correct(mrs, "Ms. Ash", std::nullopt));
  CHECK(speaker_correct(mrs, "Ash", std::nullopt));
  CHECK(speaker_correct(gold_speaker("Ash"), "Mr Ash", std::nullopt));
}

TEST_CASE("a pronoun gold speaker needs the same pronoun, or a full name via canonical/aliases") {
  const GoldQuote she = gold_speaker("She");
  CHECK(speaker_correct(she, "she", std::nullopt));
  CHECK_FALSE(speaker_correct(she, "he", std::nullopt));
  CHECK_FALSE(speaker_correct(she, "Nora Lind", std::nullopt));
  CHECK(speaker_correct(she, "Nora Lind", "she"));  // the linked mention
  CHECK_FALSE(speaker_correct(she, "Nora Lind", "Nora"));

  GoldQuote resolved = she;
  resolved.speaker_canonical = "Nora Lind";
  CHECK(speaker_correct(resolved, "Lind", std::nullopt));

  GoldQuote aliased = gold_speaker("the minister");
  aliased.speaker_aliases = {"Nora Lind", "he"};
  CHECK(speaker_correct(aliased, "Nora Lind", std::nullopt));
  CHECK_FALSE(speaker_correct(aliased, "he", std::nullopt));  // pronoun aliases never count
}

TEST_CASE("a null gold speaker is right only without a predicted speaker") {
  const GoldQuote nobody = gold_quote("-", std::nullopt);
  CHECK(speaker_correct(nobody, std::nullopt, std::nullopt));
  CHECK(speaker_correct(nobody, "  ", std::nullopt));
  CHECK(speaker_correct(gold_speaker(""), std::nullopt, std::nullopt));
  CHECK_FALSE(speaker_correct(nobody, "Nora Lind", std::nullopt));
}

TEST_CASE("figures and table over a tiny document set") {
  const std::vector<std::vector<GoldQuote>> gold = {
      {gold_quote("The harbour will reopen on Monday.", "Mayor Ana Ruiz"),
       gold_quote("Nobody expected the storm to turn north.", "she"),
       gold_quote("that repairs would take a month", "the port authority", "indirect")},
      {gold_quote("We are ready for the season.", std::nullopt)},
      {gold_quote("a reckless gamble", "Mr. Tom Ash", "mixed")},
  };
  const std::vector<std::vector<PredQuote>> pred = {
      {pred_quote("“The harbour will reopen on Monday,”", "Ana Ruiz"),
       pred_quote("Nobody expected the storm", "Ruiz", "she"), pred_quote("The tide tables are wrong.", "Ruiz")},
      {},  // no prediction line for this document
      {pred_quote("a reckless gamble", "Mrs. Ash")},
  };
  auto score_all = [&](const std::set<std::string>& kinds) {
    Counts counts;
    for (size_t d = 0; d < gold.size(); ++d) {
      if (pred[d].empty()) ++counts.docs_missing_in_pred;
      score_document(gold[d], pred[d], kinds, 0.5, counts);
    }
    return figures(counts, kinds, 0.5);
  };

  const nlohmann::json all = score_all({});
  CHECK(all["counts"]["docs"] == 3);
  CHECK(all["counts"]["gold"] == 5);
  CHECK(all["counts"]["pred"] == 4);
  CHECK(all["counts"]["tp"] == 3);
  CHECK(all["counts"]["tp_exact"] == 2);
  CHECK(all["counts"]["e2e_tp"] == 2);
  CHECK(all["quote"] == nlohmann::json{{"precision", 0.75}, {"recall", 0.6}, {"f1", 0.6667}});
  CHECK(all["quote_exact"]["f1"] == 0.4444);
  CHECK(all["attribution_accuracy"] == 0.6667);
  CHECK(all["attribution_accuracy_non_pronoun_gold"] == 0.5);  // Mr. vs Mrs. Ash is wrong
  CHECK(all["null_speaker_accuracy"].is_null());
  CHECK(all["kinds"] == "all");
  CHECK(table(all) ==
        "docs 3  (missing in pred: 1)   gold quotes 5   pred quotes 4   kinds all   threshold 0.5\n"
        "                               P       R      F1   TP\n"
        "quote (overlap>=thr)       75.00   60.00   66.67   3\n"
        "quote (exact)              50.00   40.00   44.44   2\n"
        "end-to-end (q+speaker)     50.00   40.00   44.44   2\n"
        "attribution accuracy       66.67  (2/3 matched quotes with gold speaker)\n"
        "  non-pronoun gold         50.00  (1/2; 1 matched with pronoun-only gold speaker)\n"
        "  gold speaker null          -    (0/0 predicted no speaker)");

  const nlohmann::json direct = score_all({"direct"});
  CHECK(direct["counts"]["gold"] == 3);
  CHECK(direct["counts"]["gold_excluded"] == 2);
  CHECK(direct["counts"]["pred_ignored"] == 1);
  CHECK(direct["quote"]["precision"] == 0.6667);
  CHECK(direct["attribution_accuracy"] == 1.0);
  CHECK(direct["kinds"] == nlohmann::json::array({"direct"}));
  const std::string direct_table = table(direct);
  CHECK(direct_table.find("kinds ['direct']   threshold 0.5\n"
                          "gold quotes excluded by --kinds: 2; predictions matching them ignored: 1\n") !=
        std::string::npos);
}
