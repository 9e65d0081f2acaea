#include "cue_cut.h"

#include <algorithm>

#include "regex_syntax.h"

namespace whosaid {

namespace {

// Most places of the cue tried before the whole pattern is asked instead
// (each costs a search back from the end of the text).
constexpr int kMostCueStarts = 16;

}  // namespace

std::optional<CueCut> CueCut::make(const std::string& pattern, std::string_view group_open,
                                   const RE2::Options& options, Parts& parts) {
  const std::size_t cut = concatenation_cut(pattern, group_open);
  if (cut == std::string::npos || cut == 0) return std::nullopt;
  auto part = [&](const std::string& text) {
    auto& compiled = parts["(?:" + text + ")$"];
    if (!compiled) compiled = std::make_shared<const RE2>("(?:" + text + ")$", options);
    return compiled;
  };
  CueCut result;
  result.before_cue_ = part(pattern.substr(0, cut));
  result.from_cue_ = part(pattern.substr(cut));
  if (!result.before_cue_->ok() || !result.from_cue_->ok()) return std::nullopt;
  return result;
}

bool CueCut::find(const RE2& whole, std::string_view text, std::size_t from, re2::StringPiece& span) const {
  std::size_t best = std::string_view::npos;
  int tried = 0;
  re2::StringPiece found;
  // Every place where the part from the cue matches up to the end, leftmost
  // first; the part before it must end there.
  for (std::size_t cue_from = from; best != from;) {
    if (++tried > kMostCueStarts) return whole.Match(text, from, text.size(), RE2::UNANCHORED, &span, 1);
    if (!from_cue_->Match(text, cue_from, text.size(), RE2::UNANCHORED, &found, 1)) break;
    const auto cue = static_cast<std::size_t>(found.data() - text.data());
    if (before_cue_->Match(text.substr(0, cue), from, cue, RE2::UNANCHORED, &found, 1))
      best = std::min(best, static_cast<std::size_t>(found.data() - text.data()));
    cue_from = cue + 1;
  }
  if (best == std::string_view::npos) return false;
  span = re2::StringPiece(text.data() + best, text.size() - best);
  return true;
}

}  // namespace whosaid
