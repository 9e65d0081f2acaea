// Fuzz target: the whole pipeline on arbitrary bytes. Extracts the input as
// one document and again read in small parts (as the CLI reads a large file),
// and checks what a reader relies on: offsets inside the input and in order,
// valid indexes, spans on character boundaries, and JSON that parses, is valid UTF-8 and says what the
// document says (quote text is the input slice, char offsets count code points).
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_support.h"
#include "segmenter.h"
#include "text.h"
#include "whosaid/extractor.h"
#include "whosaid/json.h"

using namespace whosaid;

namespace {

const Extractor& extractor() {
  static const std::unique_ptr<Extractor> instance = [] {
    std::vector<Diagnostic> diagnostics;
    auto loaded = Extractor::load(fuzz::rules_dir(), diagnostics);
    for (const auto& d : diagnostics) std::fprintf(stderr, "%s\n", d.str().c_str());
    if (!loaded) std::abort();
    return loaded;
  }();
  return *instance;
}

// The slice as JSON gives it back: every invalid byte read as U+FFFD.
std::string as_json_text(std::string_view text) {
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t len = valid_sequence_length(text, pos);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++pos;
    } else {
      out.append(text, pos, len);
      pos += len;
    }
  }
  return out;
}

bool inside(Span s, std::size_t size) { return s.start <= s.end && s.end <= size; }
bool absent_or_inside(Span s, std::size_t size) { return (s.start == 0 && s.end == 0) || (s.start < s.end && s.end <= size); }

// Whether every span lies on character boundaries: `repaired` is the input
// with each invalid byte made one ASCII byte, as the pipeline reads it.
bool on_characters(Span s, std::string_view repaired) {
  auto boundary = [&](std::size_t p) {
    return p >= repaired.size() || (static_cast<unsigned char>(repaired[p]) & 0xC0) != 0x80;
  };
  return boundary(s.start) && boundary(s.end);
}

void check_document(const Document& doc, std::string_view text) {
  const std::string repaired = replace_invalid_utf8(text);
  std::size_t previous_end = 0;
  std::size_t attributed = 0;
  for (const auto& q : doc.quotes) {
    FUZZ_CHECK(inside(q.content, text.size()));
    FUZZ_CHECK(!q.content.empty());
    FUZZ_CHECK(q.content.start >= previous_end);
    previous_end = q.content.end;
    FUZZ_CHECK(absent_or_inside(q.mention, text.size()));
    FUZZ_CHECK(absent_or_inside(q.cue, text.size()));
    FUZZ_CHECK(absent_or_inside(q.clause, text.size()));
    for (const Span span : {q.content, q.mention, q.cue, q.clause}) FUZZ_CHECK(on_characters(span, repaired));
    FUZZ_CHECK(q.speaker >= -1 && q.speaker < static_cast<int>(doc.speakers.size()));
    if (q.speaker >= 0) ++attributed;
    FUZZ_CHECK(q.paragraph < doc.paragraphs);
    FUZZ_CHECK(!q.rule.empty());
  }
  std::size_t counted = 0;
  for (const auto& s : doc.speakers) {
    FUZZ_CHECK(!s.name.empty());
    counted += s.quotes;
    for (const auto& m : s.mentions) FUZZ_CHECK(inside(m, text.size()) && on_characters(m, repaired));
  }
  FUZZ_CHECK(counted == attributed);
  FUZZ_CHECK(doc.invalid_utf8_bytes == count_invalid_utf8(text));
}

// The JSON of a document extracted from `text` (whole or in parts).
void check_json(const std::string& json, std::string_view text, std::size_t quotes) {
  FUZZ_CHECK(count_invalid_utf8(json) == 0);
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  FUZZ_CHECK(!parsed.is_discarded());
  FUZZ_CHECK(parsed.at("quotes").size() == quotes);
  std::vector<std::size_t> bytes;
  for (const auto& q : parsed["quotes"]) {
    bytes.push_back(q.at("start").get<std::size_t>());
    bytes.push_back(q.at("end").get<std::size_t>());
  }
  const auto chars = code_point_offsets(text, bytes);  // offsets are in order
  std::size_t i = 0;
  for (const auto& q : parsed["quotes"]) {
    const auto start = q["start"].get<std::size_t>(), end = q["end"].get<std::size_t>();
    FUZZ_CHECK(start < end && end <= text.size());
    FUZZ_CHECK(q.at("text").get<std::string>() == as_json_text(text.substr(start, end - start)));
    FUZZ_CHECK(q.at("char_start").get<std::size_t>() == chars[i++]);
    FUZZ_CHECK(q.at("char_end").get<std::size_t>() == chars[i++]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Options options;
  options.all_spans = size % 2 == 1;  // both settings, without spending input bytes

  const Document doc = extractor().extract(text, options);
  check_document(doc, text);
  check_json(to_json(doc, text, "fuzz"), text, doc.quotes.size());
  check_json(to_json(doc, text, "fuzz", 2), text, doc.quotes.size());

  // Read in parts of 16 to 271 bytes, as the CLI reads a large document.
  std::istringstream in{std::string(text)};
  Segmenter segmenter(in, 16 + (size > 0 ? data[size - 1] : 0));
  std::string json, part, joined;
  JsonDocumentWriter writer(json, "fuzz");
  std::size_t offset = 0, quotes = 0;
  while (segmenter.next(part, offset)) {
    FUZZ_CHECK(offset == joined.size());
    FUZZ_CHECK(!part.empty());
    joined += part;
    const Document piece = extractor().extract(part, options);
    check_document(piece, part);
    quotes += piece.quotes.size();
    writer.add(piece, part, offset);
  }
  writer.finish();
  FUZZ_CHECK(joined == text);
  check_json(json, text, quotes);
  return 0;
}
