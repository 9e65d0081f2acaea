// Result types of whosaid: plain standard-library data, no RE2/ICU/JSON.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
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
  std::size_t paragraph = 0;  // index of the paragraph (a line not blank) holding the opening mark
  std::size_t sentence = 0;   // index of that mark's sentence within its paragraph
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
  std::size_t paragraphs = 0;       // lines that are not blank
  // When the text ends inside a paragraph (no final line feed), the number of
  // its sentences, else 0: a text read in parts may go on with it.
  std::size_t open_paragraph_sentences = 0;
  std::size_t invalid_utf8_bytes = 0;  // bytes matched as U+FFFD
};

// Paragraph and sentence numbers of quotes in a document extracted part by
// part (each part a Document of its own), where a part may end inside a
// paragraph that the next part goes on with.
class PartNumbering {
 public:
  // Before the quotes of the next part, whose text is `text`.
  void begin_part(std::string_view text) {
    const std::string_view first_line = text.substr(0, text.find('\n'));
    continues_ = open_sentences_ > 0 && first_line.find_first_not_of(" \t") != std::string_view::npos;
  }
  std::size_t paragraph(const Quote& q) const { return paragraphs_before_ + q.paragraph - (continues_ ? 1 : 0); }
  std::size_t sentence(const Quote& q) const {
    return q.sentence + (continues_ && q.paragraph == 0 ? open_sentences_ : 0);
  }
  // After the part's quotes.
  void end_part(const Document& part) {
    const std::size_t carried = continues_ && part.paragraphs == 1 ? open_sentences_ : 0;
    paragraphs_before_ += part.paragraphs - (continues_ ? 1 : 0);
    open_sentences_ = part.open_paragraph_sentences ? part.open_paragraph_sentences + carried : 0;
    continues_ = false;
  }
  // Paragraphs of the parts so far.
  std::size_t paragraphs() const { return paragraphs_before_; }

 private:
  std::size_t paragraphs_before_ = 0;
  std::size_t open_sentences_ = 0;  // of a paragraph the last part left open
  bool continues_ = false;          // the part goes on with that paragraph
};

}  // namespace whosaid
