// An article as a self-contained HTML page with its quotations highlighted:
// each quote in its speaker's colour (grey when nobody was found), the
// speaker mention and the reporting cue underlined, speaker, kind and rule on
// hover, and a legend of speakers with their number of quotes. Inline CSS and
// a few lines of script (legend hover), no external assets.
//
// Written as the document streams in, part by part: paragraphs are lines, or
// blocks separated by blank lines when the text is hard-wrapped; a short first
// line that does not end like a sentence is shown as the headline.
#pragma once

#include <cstddef>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "output.h"
#include "sink.h"

namespace whosaid {

class HtmlSink : public Sink {
 public:
  // `name` names the stream in error messages.
  HtmlSink(std::FILE* file, std::string name);

  bool begin(std::string_view id, std::string_view meta) override;
  bool add(const Document& part, std::string_view text, std::size_t byte_offset) override;
  bool end() override;
  bool finish() override;

  // A highlighted element: a quote, a mention or a cue.
  struct Mark {
    std::size_t start, end;
    int type;  // 0 quote, 1 mention, 2 cue: outer first at the same span
    std::string tag;  // the opening tag
  };

 private:
  // The colour class of a speaker, by name, in order of first appearance.
  std::size_t speaker_index(const std::string& name);
  std::string colour(int speaker) const;  // class and style attributes
  void text(std::string_view s);          // article text between boundaries
  void open_mark(std::size_t mark);
  void close_marks(std::size_t position);
  void open_paragraph();
  void close_paragraph();
  void flush_space();
  bool drain();

  Output out_;
  std::string name_;
  std::string buffer_;
  std::string id_;

  std::vector<std::string> speakers_;  // names by colour index
  std::vector<std::size_t> counts_;    // quotes per speaker
  std::map<std::string, std::size_t, std::less<>> index_;
  std::vector<int> part_speakers_;     // colour index of each speaker of the current part
  std::size_t quotes_ = 0, unattributed_ = 0;

  // Layout state, kept across parts.
  bool layout_decided_ = false;
  int paragraph_newlines_ = 1;  // newlines that end a paragraph: 1, or 2 with blank lines
  bool headline_ = false;       // the first paragraph is a headline
  bool in_paragraph_ = false;
  int newlines_ = 0;            // newlines since the last visible character
  bool space_ = false;          // white space since the last visible character

  // Marks of the current part and the stack of those open.
  std::vector<Mark> marks_;
  std::vector<std::size_t> open_;
};

}  // namespace whosaid
