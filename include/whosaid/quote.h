// Result types of whosaid: plain standard-library data, no RE2/ICU/JSON.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace whosaid {

// A half-open range of UTF-8 byte offsets into the input text.
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;
  bool empty() const { return start >= end; }
  std::size_t size() const { return empty() ? 0 : end - start; }
  friend bool operator==(const Span&, const Span&) = default;
};

enum class QuoteKind {
  direct,  // a whole utterance inside quotation marks
  mixed,   // a quoted fragment inside a reporting clause
  span,    // any other quoted span (only with Options::all_spans)
};

const char* to_string(QuoteKind kind);

struct Quote {
  Span content;       // the quoted words, quotation marks excluded
  QuoteKind kind = QuoteKind::direct;
  int speaker = -1;   // index into Document::speakers, -1 when nobody was found
  Span mention;       // the speaker mention the rule linked (empty when none)
  Span cue;           // the reporting verb or phrase (empty when none)
  Span clause;        // mixed quotes: the reported clause holding the fragment
  std::string rule;   // id of the rule that fired, or of the linker step
  std::size_t sentence = 0;  // index of the sentence holding the opening mark
  bool unclosed = false;     // the closing mark is missing (ends at the paragraph)
};

struct Speaker {
  std::string name;             // canonical name for the whole document
  std::size_t quotes = 0;       // quotes attributed to this speaker
  std::vector<Span> mentions;   // mentions linked to this speaker
};

struct Document {
  std::vector<Quote> quotes;        // in text order
  std::vector<Speaker> speakers;    // in order of first attributed quote
  std::size_t sentences = 0;
  std::size_t invalid_utf8_bytes = 0;  // bytes matched as U+FFFD
};

}  // namespace whosaid
