// Port of shared/eval/score.py. Each piece mirrors the Python function of the
// same name; Unicode questions are answered the way CPython answers them, so
// that the figures agree to the last digit.
#include "scoring.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

namespace whosaid::scoring {
namespace {

// ---------------------------------------------------------------------------
// Unicode, as CPython sees it.

constexpr std::u32string_view kQuoteChars = U"\"'“”„‟«»‹›‘’‚‛`´″＂";
constexpr std::u32string_view kStripChars = U" \t\n.,;:!?-–—…()[]";  // norm_quote's strip()

bool contains(std::u32string_view set, char32_t c) {
  return set.find(c) != std::u32string_view::npos;
}

UChar32 icu_char(char32_t c) { return static_cast<UChar32>(c); }

// str.isalnum(): a letter (category L*) or any character with a numeric value.
bool py_isalnum(char32_t c) {
  switch (u_charType(icu_char(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return true;
    default:
      return u_getIntPropertyValue(icu_char(c), UCHAR_NUMERIC_TYPE) != U_NT_NONE;
  }
}

// str.isspace(): category Zs, or bidirectional class WS, B or S.
bool py_isspace(char32_t c) {
  if (u_charType(icu_char(c)) == U_SPACE_SEPARATOR) return true;
  const UCharDirection dir = u_charDirection(icu_char(c));
  return dir == U_WHITE_SPACE_NEUTRAL || dir == U_BLOCK_SEPARATOR || dir == U_SEGMENT_SEPARATOR;
}

// str.isprintable(), for repr().
bool py_isprintable(char32_t c) {
  if (c == U' ') return true;
  switch (u_charType(icu_char(c))) {
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
    case U_SURROGATE:
    case U_PRIVATE_USE_CHAR:
    case U_UNASSIGNED:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_SPACE_SEPARATOR:
      return false;
    default:
      return true;
  }
}

// `\w` of Python's re on str patterns (also what `\b` looks at).
bool is_word(char32_t c) { return c == U'_' || py_isalnum(c); }

std::u32string code_points(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length(); i += U16_LENGTH(s.char32At(i)))
    out += static_cast<char32_t>(s.char32At(i));
  return out;
}

std::u32string code_points(std::string_view utf8) {
  return code_points(icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))));
}

std::string to_utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    uint8_t buf[U8_MAX_LENGTH];
    int32_t n = 0;
    U8_APPEND_UNSAFE(buf, n, c);
    out.append(reinterpret_cast<const char*>(buf), static_cast<size_t>(n));
  }
  return out;
}

std::u32string nfkc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU: no NFKC normalizer");
  const icu::UnicodeString normalized = normalizer->normalize(
      icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))),
      status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU: NFKC normalisation failed");
  return code_points(normalized);
}

// str.casefold(): full case folding.
std::u32string casefold(std::u32string_view s) {
  icu::UnicodeString text;
  for (char32_t c : s) text.append(icu_char(c));
  text.foldCase(U_FOLD_CASE_DEFAULT);
  return code_points(text);
}

std::u32string nfkc_casefold(std::string_view utf8) { return casefold(nfkc(utf8)); }

// ---------------------------------------------------------------------------
// Quote matching.

std::u32string key_of(std::string_view text) {
  const std::u32string folded = nfkc_casefold(text);
  std::u32string key;
  for (char32_t c : folded)
    if (py_isalnum(c)) key += c;
  if (key.empty())
    for (char32_t c : folded)
      if (!py_isspace(c) && !contains(kQuoteChars, c)) key += c;
  return key;
}

constexpr int kMinBlock = 4;  // shorter matching blocks are incidental and not counted

// difflib.SequenceMatcher(None, a, b, autojunk=False), reduced to what the
// scorer reads: the total size of get_matching_blocks() blocks of >= kMinBlock.
// Without junk the longest match found by the dynamic programme cannot be
// extended, so find_longest_match's junk-extension loops have nothing to do.
class BlockMatcher {
 public:
  void set_b(std::u32string_view b) {
    b_ = b;
    b2j_.clear();
    for (int j = 0; j < static_cast<int>(b.size()); ++j) b2j_[b[j]].push_back(j);
    prev_len_.assign(b.size() + 1, 0);
    cur_len_.assign(b.size() + 1, 0);
  }

  int matched_chars(std::u32string_view a) {
    a_ = a;
    int total = 0;
    for (const Block& block : matching_blocks())
      if (block.size >= kMinBlock) total += block.size;
    return total;
  }

 private:
  struct Block {
    int i, j, size;
    auto operator<=>(const Block&) const = default;
  };

  // Longest a[alo:ahi] == b[blo:bhi] block; the earliest in a, then in b, on ties.
  Block find_longest_match(int alo, int ahi, int blo, int bhi) {
    Block best{alo, blo, 0};
    // prev_len_[j + 1]: length of the match ending at a[i - 1], b[j] (0 if none),
    // the j2len dict of CPython; only the entries listed in prev_set_ are non-zero.
    for (int i = alo; i < ahi; ++i) {
      cur_set_.clear();
      if (auto found = b2j_.find(a_[i]); found != b2j_.end()) {
        for (int j : found->second) {
          if (j < blo) continue;
          if (j >= bhi) break;
          const int k = prev_len_[j] + 1;
          cur_len_[j + 1] = k;
          cur_set_.push_back(j + 1);
          if (k > best.size) best = {i - k + 1, j - k + 1, k};
        }
      }
      for (int index : prev_set_) prev_len_[index] = 0;
      std::swap(prev_len_, cur_len_);
      std::swap(prev_set_, cur_set_);
    }
    for (int index : prev_set_) prev_len_[index] = 0;
    prev_set_.clear();
    return best;
  }

  std::vector<Block> matching_blocks() {
    std::vector<Block> found;
    struct Window {
      int alo, ahi, blo, bhi;
    };
    std::vector<Window> queue{{0, static_cast<int>(a_.size()), 0, static_cast<int>(b_.size())}};
    while (!queue.empty()) {
      const Window w = queue.back();
      queue.pop_back();
      const Block x = find_longest_match(w.alo, w.ahi, w.blo, w.bhi);
      if (x.size == 0) continue;
      found.push_back(x);
      if (w.alo < x.i && w.blo < x.j) queue.push_back({w.alo, x.i, w.blo, x.j});
      if (x.i + x.size < w.ahi && x.j + x.size < w.bhi)
        queue.push_back({x.i + x.size, w.ahi, x.j + x.size, w.bhi});
    }
    std::sort(found.begin(), found.end());
    // Adjacent blocks are merged into one, as CPython does.
    std::vector<Block> merged;
    Block run{0, 0, 0};
    for (const Block& b : found) {
      if (run.i + run.size == b.i && run.j + run.size == b.j) {
        run.size += b.size;
      } else {
        if (run.size) merged.push_back(run);
        run = b;
      }
    }
    if (run.size) merged.push_back(run);
    return merged;
  }

  std::u32string_view a_, b_;
  std::unordered_map<char32_t, std::vector<int>> b2j_;
  std::vector<int> prev_len_, cur_len_;
  std::vector<int> prev_set_, cur_set_;
};

struct Match {
  int gold, pred;
  double score;
};

std::u32string_view gram(std::u32string_view s, size_t start) { return s.substr(start, kMinBlock); }

size_t gram_count(std::u32string_view s) {
  return s.size() >= kMinBlock ? s.size() - kMinBlock + 1 : 0;
}

// One-to-one, greedy by best overlap; ties go to the closer list position,
// then to the higher gold index, then the higher pred index.
std::vector<Match> greedy_match(const std::vector<std::u32string>& golds,
                                const std::vector<std::u32string>& preds, double threshold) {
  const int n_gold = static_cast<int>(golds.size());
  std::unordered_map<std::u32string_view, std::vector<int>> gold_by_gram;
  std::unordered_map<std::u32string_view, std::vector<int>> gold_by_key;
  for (int gi = 0; gi < n_gold; ++gi) {
    for (size_t start = 0; start < gram_count(golds[gi]); ++start) {
      std::vector<int>& holders = gold_by_gram[gram(golds[gi], start)];
      if (holders.empty() || holders.back() != gi) holders.push_back(gi);
    }
    gold_by_key[golds[gi]].push_back(gi);
  }

  struct Candidate {
    double score;
    int closeness;  // -|gi - pi|
    int gi, pi;
    auto operator<=>(const Candidate&) const = default;
  };
  std::vector<Candidate> candidates;
  BlockMatcher matcher;
  for (int pi = 0; pi < static_cast<int>(preds.size()); ++pi) {
    const std::u32string& p = preds[pi];
    const int lp = static_cast<int>(p.size());
    if (lp == 0) continue;
    // Shared-gram counts and runs bound the matched characters from above.
    std::vector<int> shared(n_gold, 0), runs(n_gold, 0), last(n_gold, -2);
    for (size_t i = 0; i < gram_count(p); ++i) {
      auto found = gold_by_gram.find(gram(p, i));
      if (found == gold_by_gram.end()) continue;
      for (int gi : found->second) {
        ++shared[gi];
        if (last[gi] != static_cast<int>(i) - 1) ++runs[gi];
        last[gi] = static_cast<int>(i);
      }
    }
    std::vector<bool> identical(n_gold, false);
    if (auto found = gold_by_key.find(p); found != gold_by_key.end())
      for (int gi : found->second) identical[gi] = true;

    matcher.set_b(p);
    for (int gi = 0; gi < n_gold; ++gi) {
      if (!identical[gi] && shared[gi] == 0) continue;
      const int closeness = -std::abs(gi - pi);
      if (identical[gi]) {
        candidates.push_back({1.0, closeness, gi, pi});
        continue;
      }
      const int lg = static_cast<int>(golds[gi].size());
      const double need = threshold * std::max(lg, lp);
      if (std::min(lg, lp) < need || shared[gi] + (kMinBlock - 1) * runs[gi] < need) continue;
      const int m = matcher.matched_chars(golds[gi]);
      if (m >= need && m > 0)
        candidates.push_back({static_cast<double>(m) / std::max(lg, lp), closeness, gi, pi});
    }
  }

  std::sort(candidates.begin(), candidates.end(), std::greater<>());
  std::vector<bool> gold_used(n_gold, false), pred_used(preds.size(), false);
  std::vector<Match> out;
  for (const Candidate& c : candidates) {
    if (gold_used[c.gi] || pred_used[c.pi]) continue;
    gold_used[c.gi] = pred_used[c.pi] = true;
    out.push_back({c.gi, c.pi, c.score});
  }
  return out;
}

// ---------------------------------------------------------------------------
// Speakers.

const std::set<std::u32string_view> kPronouns = {
    U"he",  U"she",    U"they",    U"i",       U"we",         U"it",  U"him",
    U"her", U"them",   U"you",     U"me",      U"us",         U"his", U"hers",
    U"their", U"theirs", U"its",   U"our",     U"my",         U"your", U"himself",
    U"herself", U"themselves", U"who", U"one", U"this",       U"that"};

const std::map<std::u32string_view, char> kGendered = {
    {U"mr", 'm'},    {U"mister", 'm'}, {U"sir", 'm'},    {U"lord", 'm'},   {U"monsieur", 'm'},
    {U"mrs", 'f'},   {U"ms", 'f'},     {U"miss", 'f'},   {U"madam", 'f'},  {U"madame", 'f'},
    {U"mme", 'f'},   {U"mlle", 'f'},   {U"lady", 'f'},   {U"dame", 'f'}};

const std::set<std::u32string_view> kTitles = {
    U"president", U"pres", U"vice", U"sen", U"senator", U"rep", U"representative", U"gov",
    U"governor", U"dr", U"prof", U"professor", U"gen", U"general", U"col", U"capt", U"captain",
    U"lt", U"sgt", U"judge", U"justice", U"rev", U"reverend", U"mayor", U"chancellor",
    U"minister", U"prime", U"secretary", U"sec", U"chairman", U"chair", U"ceo", U"king",
    U"queen", U"prince", U"princess", U"pope", U"father", U"saint", U"st", U"hon", U"the",
    U"jr", U"sr", U"former", U"then", U"candidate", U"nominee", U"of", U"a", U"an"};

using Tokens = std::vector<std::u32string>;

// re.sub(r"['’]s\b", " ", s) then re.findall(r"\w+", s).
Tokens name_tokens(std::string_view name) {
  const std::u32string s = nfkc_casefold(name);
  std::u32string without_possessive;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool possessive = (s[i] == U'\'' || s[i] == U'’') && i + 1 < s.size() && s[i + 1] == U's' &&
                            (i + 2 == s.size() || !is_word(s[i + 2]));
    if (possessive) {
      without_possessive += U' ';
      ++i;
    } else {
      without_possessive += s[i];
    }
  }
  Tokens tokens;
  std::u32string token;
  for (char32_t c : without_possessive) {
    if (is_word(c)) {
      token += c;
    } else if (!token.empty()) {
      tokens.push_back(std::move(token));
      token.clear();
    }
  }
  if (!token.empty()) tokens.push_back(std::move(token));
  return tokens;
}

struct NameSets {
  std::set<std::u32string> core;  // name tokens without titles and honorifics
  std::set<char> genders;         // 'm'/'f' from Mr, Mrs, ...
};

NameSets name_sets(std::string_view name) {
  const Tokens tokens = name_tokens(name);
  NameSets sets;
  for (const std::u32string& t : tokens) {
    const auto gendered = kGendered.find(t);
    if (gendered != kGendered.end()) {
      sets.genders.insert(gendered->second);
    } else if (!kTitles.count(t)) {
      sets.core.insert(t);
    }
  }
  if (sets.core.empty()) sets.core.insert(tokens.begin(), tokens.end());
  return sets;
}

bool is_pronoun(std::string_view name) {
  const Tokens tokens = name_tokens(name);
  return !tokens.empty() && std::all_of(tokens.begin(), tokens.end(), [](const std::u32string& t) {
    return kPronouns.count(t) > 0;
  });
}

// norm_quote(s): NFKC, quotation marks to spaces, whitespace collapsed,
// casefolded, surrounding punctuation stripped unless nothing else is left.
std::u32string norm_quote(std::string_view text) {
  std::u32string joined;
  bool pending_space = false;
  for (char32_t c : nfkc(text)) {
    if (py_isspace(c) || contains(kQuoteChars, c)) {
      pending_space = !joined.empty();
      continue;
    }
    if (pending_space) joined += U' ';
    pending_space = false;
    joined += c;
  }
  const std::u32string s = casefold(joined);
  const size_t first = s.find_first_not_of(kStripChars);
  if (first == std::u32string::npos) return s;
  return s.substr(first, s.find_last_not_of(kStripChars) - first + 1);
}

bool names_agree(std::string_view gold, std::string_view pred) {
  const NameSets g = name_sets(gold);
  const NameSets p = name_sets(pred);
  if (g.core.empty() || p.core.empty()) {  // no word characters at all: compare the strings
    const std::u32string normalized = norm_quote(gold);
    return !normalized.empty() && normalized == norm_quote(pred);
  }
  const bool gender_clash =
      !g.genders.empty() && !p.genders.empty() &&
      std::none_of(g.genders.begin(), g.genders.end(), [&](char x) { return p.genders.count(x) > 0; });
  if (gender_clash) return false;
  return std::includes(p.core.begin(), p.core.end(), g.core.begin(), g.core.end()) ||
         std::includes(g.core.begin(), g.core.end(), p.core.begin(), p.core.end());
}

bool present(const std::optional<std::string>& s) { return s && !s->empty(); }

bool is_blank(std::string_view utf8) {
  const std::u32string s = code_points(utf8);
  return std::all_of(s.begin(), s.end(), py_isspace);
}

// ---------------------------------------------------------------------------
// Figures.

// Python's round(x, 4): the decimal correctly rounded from the exact binary
// value (ties to even), read back as the nearest double.
double round4(double x) {
  char buf[64];
  const auto written = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, 4);
  double rounded = 0;
  std::from_chars(buf, written.ptr, rounded);
  return rounded;
}

nlohmann::json prf(int tp, int npred, int ngold) {
  const double p = npred ? static_cast<double>(tp) / npred : 0.0;
  const double r = ngold ? static_cast<double>(tp) / ngold : 0.0;
  const double f = p + r != 0 ? 2 * p * r / (p + r) : 0.0;
  return {{"precision", round4(p)}, {"recall", round4(r)}, {"f1", round4(f)}};
}

nlohmann::json rate(int numerator, int denominator) {
  if (!denominator) return nullptr;
  return round4(static_cast<double>(numerator) / denominator);
}

// repr() of a float: shortest round-trip digits, exponent form outside 1e-4..1e16.
std::string py_float_repr(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return std::signbit(x) ? "-0.0" : "0.0";
  char buf[64];
  const auto written = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::scientific);
  const std::string sci(buf, written.ptr);  // d[.ddd]e±XX
  const size_t e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exponent = std::atoi(sci.c_str() + e + 1);
  const int decpt = exponent + 1;  // value = 0.digits * 10^decpt
  const int n = static_cast<int>(digits.size());
  std::string out = x < 0 ? "-" : "";
  if (decpt <= -4 || decpt > 16) {
    out += digits[0];
    if (n > 1) {
      out += '.';
      out.append(digits, 1);
    }
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    return out + exp;
  }
  if (decpt <= 0) return out + "0." + std::string(-decpt, '0') + digits;
  if (decpt >= n) return out + digits + std::string(decpt - n, '0') + ".0";
  return out + digits.substr(0, decpt) + "." + digits.substr(decpt);
}

// repr() of a str.
std::string py_str_repr(std::string_view utf8) {
  const std::u32string s = code_points(utf8);
  const char32_t quote = s.find(U'\'') != std::u32string::npos && s.find(U'"') == std::u32string::npos ? U'"' : U'\'';
  std::string out(1, static_cast<char>(quote));
  for (char32_t c : s) {
    char escape[16] = "";
    if (c == quote || c == U'\\') {
      std::snprintf(escape, sizeof escape, "\\%c", static_cast<char>(c));
    } else if (c == U'\t' || c == U'\n' || c == U'\r') {
      std::snprintf(escape, sizeof escape, "\\%c", c == U'\t' ? 't' : c == U'\n' ? 'n' : 'r');
    } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && !py_isprintable(c))) {
      const unsigned code = static_cast<unsigned>(c);
      if (code <= 0xff) std::snprintf(escape, sizeof escape, "\\x%02x", code);
      else if (code <= 0xffff) std::snprintf(escape, sizeof escape, "\\u%04x", code);
      else std::snprintf(escape, sizeof escape, "\\U%08x", code);
    }
    out += escape[0] ? std::string(escape) : to_utf8(std::u32string_view(&c, 1));
  }
  return out + static_cast<char>(quote);
}

std::string percent(const nlohmann::json& x) {
  if (x.is_null()) return "     -  ";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%8.2f", 100 * x.get<double>());
  return buf;
}

std::string label(std::string_view text) {
  std::string out(text);
  if (out.size() < 24) out.resize(24, ' ');
  return out;
}

}  // namespace

std::string match_key(std::string_view utf8) { return to_utf8(key_of(utf8)); }

double overlap(std::string_view key_a, std::string_view key_b) {
  const std::u32string a = code_points(key_a);
  const std::u32string b = code_points(key_b);
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  BlockMatcher matcher;
  matcher.set_b(b);
  return static_cast<double>(matcher.matched_chars(a)) / std::max(a.size(), b.size());
}

bool speaker_correct(const GoldQuote& gold, const std::optional<std::string>& pred_speaker,
                     const std::optional<std::string>& pred_mention) {
  // score.py strips the predicted speaker; only its emptiness depends on that,
  // since tokens and norm_quote ignore surrounding whitespace anyway.
  const bool has_pred = pred_speaker && !is_blank(*pred_speaker);
  if (!present(gold.speaker)) return !has_pred;
  if (!has_pred) return false;
  std::vector<std::string_view> candidates;
  if (present(gold.speaker_canonical)) candidates.push_back(*gold.speaker_canonical);
  for (const std::string& alias : gold.speaker_aliases)
    if (!alias.empty()) candidates.push_back(alias);
  if (is_pronoun(*gold.speaker)) {
    // a pronoun gold speaker is matched by the same pronoun, as speaker or as linked mention
    const Tokens pronoun = name_tokens(*gold.speaker);
    if (pronoun == name_tokens(*pred_speaker)) return true;
    if (present(pred_mention) && pronoun == name_tokens(*pred_mention)) return true;
  } else {
    candidates.insert(candidates.begin(), *gold.speaker);
  }
  return std::any_of(candidates.begin(), candidates.end(), [&](std::string_view name) {
    return !is_pronoun(name) && names_agree(name, *pred_speaker);
  });
}

void score_document(const std::vector<GoldQuote>& gold, const std::vector<PredQuote>& pred,
                    const std::set<std::string>& kinds, double threshold, Counts& counts,
                    Alignment* alignment) {
  counts.docs += 1;
  std::vector<int> kept, excluded;
  for (int i = 0; i < static_cast<int>(gold.size()); ++i)
    ((kinds.empty() || kinds.count(gold[i].kind)) ? kept : excluded).push_back(i);
  counts.gold_excluded += static_cast<int>(excluded.size());

  // Predictions without letters or digits (and without other non-space
  // characters) are dropped before anything is counted.
  std::vector<int> counted_pred;  // index into `pred`
  std::vector<std::u32string> pred_keys;
  for (int pi = 0; pi < static_cast<int>(pred.size()); ++pi) {
    std::u32string key = key_of(pred[pi].text);
    if (key.empty()) continue;
    counted_pred.push_back(pi);
    pred_keys.push_back(std::move(key));
  }
  std::vector<std::u32string> gold_keys;
  for (int gi : kept) gold_keys.push_back(key_of(gold[gi].text));

  const std::vector<Match> matches = greedy_match(gold_keys, pred_keys, threshold);
  std::vector<bool> pred_matched(pred_keys.size(), false);
  for (const Match& m : matches) pred_matched[m.pred] = true;

  // Predictions overlapping excluded gold quotes are neither TP nor FP.
  std::vector<int> ignored_pred;  // index into `pred`
  if (!excluded.empty()) {
    std::vector<int> rest;  // index into pred_keys
    std::vector<std::u32string> rest_keys, excluded_keys;
    for (int k = 0; k < static_cast<int>(pred_keys.size()); ++k) {
      if (pred_matched[k]) continue;
      rest.push_back(k);
      rest_keys.push_back(pred_keys[k]);
    }
    for (int gi : excluded) excluded_keys.push_back(key_of(gold[gi].text));
    for (const Match& m : greedy_match(excluded_keys, rest_keys, threshold))
      ignored_pred.push_back(counted_pred[rest[m.pred]]);
  }
  const int n_ignored = static_cast<int>(ignored_pred.size());
  counts.pred_ignored += n_ignored;
  counts.gold += static_cast<int>(kept.size());
  counts.pred += static_cast<int>(pred_keys.size()) - n_ignored;
  counts.tp += static_cast<int>(matches.size());

  // Exact variant: an independent one-to-one matching on identical keys.
  std::map<std::u32string, int> unused_pred_keys;
  for (const std::u32string& key : pred_keys) ++unused_pred_keys[key];
  for (const std::u32string& key : gold_keys) {
    auto found = unused_pred_keys.find(key);
    if (found != unused_pred_keys.end() && found->second > 0) {
      --found->second;
      ++counts.tp_exact;
    }
  }

  std::vector<bool> speaker_ok(kept.size(), false);
  for (const Match& m : matches) {
    const GoldQuote& g = gold[kept[m.gold]];
    const PredQuote& p = pred[counted_pred[m.pred]];
    const bool ok = speaker_correct(g, p.speaker, p.mention);
    speaker_ok[m.gold] = ok;
    if (present(g.speaker)) {
      ++counts.matched_with_gold_speaker;
      counts.speaker_correct += ok;
      if (is_pronoun(*g.speaker) && !present(g.speaker_canonical)) {
        ++counts.matched_gold_pronoun_no_canonical;
      } else {
        ++counts.matched_non_pronoun;
        counts.speaker_correct_non_pronoun += ok;
      }
    } else {
      ++counts.matched_gold_null_speaker;
      counts.null_speaker_correct += ok;
    }
    counts.e2e_tp += ok;
  }

  if (!alignment) return;
  alignment->kept_gold_index = kept;
  alignment->speaker_ok = speaker_ok;
  alignment->gold_to_pred.assign(kept.size(), -1);
  alignment->pred_to_gold.assign(pred.size(), -2);
  for (int pi : counted_pred) alignment->pred_to_gold[pi] = -1;
  for (int pi : ignored_pred) alignment->pred_to_gold[pi] = -2;
  for (const Match& m : matches) {
    alignment->gold_to_pred[m.gold] = counted_pred[m.pred];
    alignment->pred_to_gold[counted_pred[m.pred]] = m.gold;
  }
}

nlohmann::json figures(const Counts& c, const std::set<std::string>& kinds, double threshold) {
  nlohmann::json counts = {
      {"docs", c.docs},
      {"gold", c.gold},
      {"pred", c.pred},
      {"tp", c.tp},
      {"tp_exact", c.tp_exact},
      {"pred_ignored", c.pred_ignored},
      {"gold_excluded", c.gold_excluded},
      {"matched_with_gold_speaker", c.matched_with_gold_speaker},
      {"speaker_correct", c.speaker_correct},
      {"matched_gold_pronoun_no_canonical", c.matched_gold_pronoun_no_canonical},
      {"speaker_correct_non_pronoun", c.speaker_correct_non_pronoun},
      {"matched_non_pronoun", c.matched_non_pronoun},
      {"matched_gold_null_speaker", c.matched_gold_null_speaker},
      {"null_speaker_correct", c.null_speaker_correct},
      {"e2e_tp", c.e2e_tp},
      {"docs_missing_in_pred", c.docs_missing_in_pred},
  };
  return {
      {"counts", counts},
      {"quote", prf(c.tp, c.pred, c.gold)},
      {"quote_exact", prf(c.tp_exact, c.pred, c.gold)},
      {"attribution_accuracy", rate(c.speaker_correct, c.matched_with_gold_speaker)},
      {"attribution_accuracy_non_pronoun_gold", rate(c.speaker_correct_non_pronoun, c.matched_non_pronoun)},
      {"null_speaker_accuracy", rate(c.null_speaker_correct, c.matched_gold_null_speaker)},
      {"end_to_end", prf(c.e2e_tp, c.pred, c.gold)},
      {"threshold", threshold},
      {"kinds", kinds.empty() ? nlohmann::json("all") : nlohmann::json(kinds)},
  };
}

std::string table(const nlohmann::json& res) {
  const nlohmann::json& c = res.at("counts");
  auto count = [&](const char* key) { return std::to_string(c.at(key).get<int>()); };
  auto row = [&](std::string_view name, const char* key) {
    const nlohmann::json& r = res.at(key);
    return label(name) + percent(r.at("precision")) + percent(r.at("recall")) + percent(r.at("f1"));
  };
  std::string kinds;
  if (res.at("kinds").is_string()) {
    kinds = res.at("kinds").get<std::string>();
  } else {
    for (const nlohmann::json& k : res.at("kinds")) kinds += (kinds.empty() ? "[" : ", ") + py_str_repr(k.get<std::string>());
    kinds = kinds.empty() ? "[]" : kinds + "]";
  }

  std::vector<std::string> lines;
  lines.push_back("docs " + count("docs") + "  (missing in pred: " + count("docs_missing_in_pred") +
                  ")   gold quotes " + count("gold") + "   pred quotes " + count("pred") + "   kinds " +
                  kinds + "   threshold " + py_float_repr(res.at("threshold").get<double>()));
  if (c.at("gold_excluded").get<int>())
    lines.push_back("gold quotes excluded by --kinds: " + count("gold_excluded") +
                    "; predictions matching them ignored: " + count("pred_ignored"));
  lines.push_back(label("") + "       P       R      F1   TP");
  lines.push_back(row("quote (overlap>=thr)", "quote") + "   " + count("tp"));
  lines.push_back(row("quote (exact)", "quote_exact") + "   " + count("tp_exact"));
  lines.push_back(row("end-to-end (q+speaker)", "end_to_end") + "   " + count("e2e_tp"));
  lines.push_back(label("attribution accuracy") + percent(res.at("attribution_accuracy")) + "  (" +
                  count("speaker_correct") + "/" + count("matched_with_gold_speaker") +
                  " matched quotes with gold speaker)");
  lines.push_back(label("  non-pronoun gold") + percent(res.at("attribution_accuracy_non_pronoun_gold")) +
                  "  (" + count("speaker_correct_non_pronoun") + "/" + count("matched_non_pronoun") + "; " +
                  count("matched_gold_pronoun_no_canonical") + " matched with pronoun-only gold speaker)");
  lines.push_back(label("  gold speaker null") + percent(res.at("null_speaker_accuracy")) + "  (" +
                  count("null_speaker_correct") + "/" + count("matched_gold_null_speaker") +
                  " predicted no speaker)");
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

}  // namespace whosaid::scoring
