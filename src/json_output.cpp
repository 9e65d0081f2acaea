#include <nlohmann/json.hpp>

#include <algorithm>

#include "text.h"
#include "whosaid/json.h"

namespace whosaid {

namespace {

using Json = nlohmann::ordered_json;

class CharOffsets {
 public:
  CharOffsets(std::string_view text, const Document& doc) {
    for (const auto& q : doc.quotes) bytes_.insert(bytes_.end(), {q.content.start, q.content.end});
    std::sort(bytes_.begin(), bytes_.end());
    bytes_.erase(std::unique(bytes_.begin(), bytes_.end()), bytes_.end());
    chars_ = code_point_offsets(text, bytes_);
  }
  std::size_t operator()(std::size_t byte) const {
    const auto it = std::lower_bound(bytes_.begin(), bytes_.end(), byte);
    return chars_[static_cast<std::size_t>(it - bytes_.begin())];
  }

 private:
  std::vector<std::size_t> bytes_, chars_;
};

Json span_json(std::string_view text, Span span) {
  if (span.empty()) return nullptr;
  return Json{{"text", text.substr(span.start, span.size())}, {"start", span.start}, {"end", span.end}};
}

}  // namespace

std::string to_json(const Document& doc, std::string_view text, std::string_view id, int indent) {
  const CharOffsets chars(text, doc);
  Json quotes = Json::array();
  for (const auto& q : doc.quotes) {
    Json j;
    j["text"] = text.substr(q.content.start, q.content.size());
    j["start"] = q.content.start;
    j["end"] = q.content.end;
    j["char_start"] = chars(q.content.start);
    j["char_end"] = chars(q.content.end);
    j["kind"] = to_string(q.kind);
    j["speaker"] = q.speaker >= 0 ? Json(doc.speakers[static_cast<std::size_t>(q.speaker)].name) : Json(nullptr);
    j["mention"] = span_json(text, q.mention);
    j["cue"] = span_json(text, q.cue);
    if (q.kind == QuoteKind::mixed) j["clause"] = span_json(text, q.clause);
    j["rule"] = q.rule;
    j["sentence"] = q.sentence;
    if (q.unclosed) j["unclosed"] = true;
    quotes.push_back(std::move(j));
  }
  Json speakers = Json::array();
  for (const auto& s : doc.speakers) {
    Json mentions = Json::array();
    for (const auto& m : s.mentions) mentions.push_back({m.start, m.end});
    speakers.push_back({{"name", s.name}, {"quotes", s.quotes}, {"mentions", std::move(mentions)}});
  }
  Json out;
  out["id"] = id;
  out["quotes"] = std::move(quotes);
  out["speakers"] = std::move(speakers);
  // Invalid input bytes are written as U+FFFD rather than failing the document.
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace whosaid
