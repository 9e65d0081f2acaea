#include "html_output.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "text.h"

namespace whosaid {

namespace {

// A pastel background (--bg) and a darker accent (--ac) per speaker; dark
// text stays readable on all of them. Speakers past the twelfth get colours
// spread around the hue circle.
constexpr const char* kPalette[][2] = {
    {"#fde68a", "#b45309"}, {"#bae6fd", "#0369a1"}, {"#fbcfe8", "#be185d"}, {"#bbf7d0", "#15803d"},
    {"#ddd6fe", "#6d28d9"}, {"#fed7aa", "#c2410c"}, {"#99f6e4", "#0f766e"}, {"#d9f99d", "#4d7c0f"},
    {"#c7d2fe", "#4338ca"}, {"#fecaca", "#b91c1c"}, {"#a5f3fc", "#0e7490"}, {"#f5d0fe", "#a21caf"},
};
constexpr std::size_t kPaletteSize = sizeof kPalette / sizeof kPalette[0];

constexpr const char* kStyle = R"css(
:root { --ink: #1d2127; --muted: #69707d; --paper: #fbfaf7; --line: #e6e1d6; --hover: #f1ede4; }
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body { margin: 0; font: 18px/1.72 Charter, "Bitstream Charter", "Iowan Old Style", Georgia, "DejaVu Serif", serif;
  -webkit-font-smoothing: antialiased; text-rendering: optimizeLegibility; }
.page { display: grid; grid-template-columns: minmax(0, 40rem) 17rem; gap: 0 3.5rem; justify-content: center;
  padding: 3rem 1.5rem 6rem; }
header { grid-column: 1 / -1; border-bottom: 1px solid var(--line); margin-bottom: 2.2rem; padding-bottom: 1.4rem; }
.ui, header, .legend { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
.eyebrow { font-size: .72rem; font-weight: 650; letter-spacing: .09em; text-transform: uppercase; color: var(--muted);
  margin: 0 0 .5rem; }
h1 { font-size: 1.85rem; line-height: 1.2; font-weight: 700; letter-spacing: -.01em; margin: 0; overflow-wrap: anywhere; }
.source { font: .82rem/1.4 ui-monospace, "DejaVu Sans Mono", monospace; color: var(--muted); margin: .5rem 0 0;
  overflow-wrap: anywhere; }
article p { margin: 0 0 1.05em; overflow-wrap: break-word; hyphens: auto; }
article .headline { font-size: 1.5rem; line-height: 1.3; font-weight: 700; margin-bottom: .9em; }
.q { background: var(--bg); color: #14171c; border-radius: .22em; padding: .1em .12em;
  -webkit-box-decoration-break: clone; box-decoration-break: clone; transition: opacity .15s; }
.q.mixed { background: linear-gradient(var(--bg), var(--bg)) 0 100% / 100% 100% no-repeat;
  box-shadow: inset 0 -2px 0 var(--ac); }
.m, .c { text-decoration-line: underline; text-decoration-color: var(--ac); text-decoration-thickness: 2px;
  text-underline-offset: .24em; }
.m { font-weight: 650; }
.c { text-decoration-style: dashed; }
.u { --bg: #e4e6ea; --ac: #7b8391; }
.q.u { color: #2c313a; }
.legend { position: sticky; top: 1.5rem; align-self: start; font-size: 15px; line-height: 1.45; }
.legend h2 { font-size: .72rem; font-weight: 650; letter-spacing: .09em; text-transform: uppercase; color: var(--muted);
  margin: 0 0 .55rem; }
.totals { margin: 0 0 1rem; color: var(--muted); }
.totals b { color: var(--ink); }
.legend ul { list-style: none; margin: 0 0 1.6rem; padding: 0; }
.legend li { display: flex; align-items: center; gap: .65rem; padding: .32rem .5rem; margin: 0 -.5rem;
  border-radius: .4rem; cursor: default; }
.legend li:hover { background: var(--hover); }
.sw { flex: none; width: 1rem; height: 1rem; border-radius: .28rem; background: var(--bg);
  box-shadow: inset 0 0 0 1.5px var(--ac); }
.legend .name { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.legend .n { font-variant-numeric: tabular-nums; font-weight: 650; color: var(--muted); }
.key { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: .45rem .8rem; align-items: baseline; }
.key dt { margin: 0; white-space: nowrap; } .key dd { margin: 0; color: var(--muted); }
.key .q, .key .m, .key .c { --bg: #e9e4d8; --ac: #5b6270; }
.hint { margin: 1.2rem 0 0; color: var(--muted); font-size: .85rem; }
.empty { color: var(--muted); font-style: italic; }
.dim { opacity: .28; }
@media (max-width: 64rem) {
  .page { grid-template-columns: minmax(0, 40rem); padding-top: 2rem; }
  header { order: 0; } .legend { order: 1; position: static; margin-bottom: 2rem; padding-bottom: 1.2rem;
    border-bottom: 1px solid var(--line); } article { order: 2; }
  .legend ul { display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; margin-bottom: 1.2rem; }
  .legend li { margin: 0; padding: .15rem 0; gap: .45rem; } .legend li:hover { background: none; }
  .legend .name { flex: none; } .hint { display: none; }
}
@media print { .legend { position: static; } .page { padding: 0; } }
)css";

constexpr const char* kScript = R"js(
(function () {
  var quotes = document.querySelectorAll('.q');
  document.querySelectorAll('.legend li[data-s]').forEach(function (item) {
    item.addEventListener('mouseenter', function () {
      quotes.forEach(function (q) { q.classList.toggle('dim', q.getAttribute('data-s') !== item.getAttribute('data-s')); });
    });
    item.addEventListener('mouseleave', function () {
      quotes.forEach(function (q) { q.classList.remove('dim'); });
    });
  });
})();
)js";

// Appends `s` escaped for HTML text or attribute values; invalid UTF-8 and
// control characters become U+FFFD.
void escape(std::string& out, std::string_view s) {
  append_escaped_utf8<true, '\x7F', '&', '<', '>', '"'>(out, s, [](std::string& o, unsigned char c) {
        switch (c) {
          case '&': o += "&amp;"; break;
          case '<': o += "&lt;"; break;
          case '>': o += "&gt;"; break;
          case '"': o += "&quot;"; break;
          case '\t': case '\n': case '\r': o += ' '; break;
          default: o += "\xEF\xBF\xBD";  // other controls
        }
      });
}

std::string escaped(std::string_view s) {
  std::string out;
  escape(out, s);
  return out;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Whether the text is hard-wrapped: most of its line breaks (those not next
// to a blank line) fall inside a sentence. Paragraphs are then separated by
// blank lines; otherwise every line is a paragraph.
bool looks_wrapped(std::string_view text) {
  std::size_t breaks = 0, inside = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
    std::size_t before = nl, after = nl + 1;
    while (before > 0 && is_blank(text[before - 1])) --before;
    while (after < text.size() && is_blank(text[after])) ++after;
    if (before == 0 || text[before - 1] == '\n' || after >= text.size() || text[after] == '\n') continue;
    ++breaks;
    const char last = text[before - 1];
    if (std::string_view(".!?:\"')]").find(last) == std::string_view::npos &&
        code_point_before(text, before) != U'\u201D' && code_point_before(text, before) != U'\u2019')
      ++inside;
  }
  return breaks >= 4 && inside * 2 > breaks;
}

// Whether the text opens with a headline: a short first line that does not
// end like a sentence, and a next line that does not go on with it.
bool has_headline(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size() && (text[start] == '\n' || is_blank(text[start]))) ++start;
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) return false;
  while (end > start && is_blank(text[end - 1])) --end;
  if (end - start < 8 || end - start > 160) return false;
  const char last = text[end - 1];
  std::size_t next = end;
  while (next < text.size() && (text[next] == '\n' || is_blank(text[next]))) ++next;
  return std::string_view(".,;:!?\"").find(last) == std::string_view::npos &&
         code_point_before(text, end) != U'\u201D' && !(next < text.size() && text[next] >= 'a' && text[next] <= 'z');
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return "<b>" + std::to_string(n) + "</b> " + (n == 1 ? one : many);
}

}  // namespace

HtmlSink::HtmlSink(std::FILE* file, std::string name) : out_(file), name_(std::move(name)) {}

std::size_t HtmlSink::speaker_index(const std::string& name) {
  const auto [it, fresh] = index_.emplace(name, speakers_.size());
  if (fresh) {
    speakers_.push_back(name);
    counts_.push_back(0);
  }
  return it->second;
}

std::string HtmlSink::colour(int speaker) const {
  if (speaker < 0) return " u\"";
  const auto i = static_cast<std::size_t>(speaker);
  if (i < kPaletteSize) return " s" + std::to_string(i) + '"';
  const int hue = static_cast<int>(std::fmod(static_cast<double>(i) * 137.508, 360.0));
  return "\" style=\"--bg:hsl(" + std::to_string(hue) + " 80% 86%);--ac:hsl(" + std::to_string(hue) + " 65% 32%)\"";
}

bool HtmlSink::drain() {
  const bool ok = out_.write(buffer_);
  buffer_.clear();
  return ok;
}

bool HtmlSink::begin(std::string_view id, std::string_view /*meta*/) {
  id_ = id;
  const std::string_view base = id.substr(id.find_last_of('/') == std::string_view::npos ? 0 : id.find_last_of('/') + 1);
  buffer_ += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
             "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
             "<meta name=\"generator\" content=\"whosaid\">\n<title>Quotes · ";
  escape(buffer_, base);
  buffer_ += "</title>\n<style>";
  buffer_ += kStyle;
  for (std::size_t i = 0; i < kPaletteSize; ++i)
    buffer_ += ".s" + std::to_string(i) + " { --bg: " + kPalette[i][0] + "; --ac: " + kPalette[i][1] + "; }\n";
  buffer_ += "</style>\n</head>\n<body>\n<div class=\"page\">\n<header>\n<p class=\"eyebrow\">Quotations · who said what</p>\n<h1>";
  escape(buffer_, base);
  buffer_ += "</h1>\n";
  if (base != id) {
    buffer_ += "<p class=\"source\">";
    escape(buffer_, id);
    buffer_ += "</p>\n";
  }
  buffer_ += "</header>\n<article>\n";
  return drain();
}

void HtmlSink::open_paragraph() {
  buffer_ += headline_ ? "<p class=\"headline\">" : "<p>";
  headline_ = false;
  for (const std::size_t m : open_) buffer_ += marks_[m].tag;
  in_paragraph_ = true;
  newlines_ = 0;
  space_ = false;
}

void HtmlSink::close_paragraph() {
  for (std::size_t i = 0; i < open_.size(); ++i) buffer_ += "</span>";
  buffer_ += "</p>\n";
  in_paragraph_ = false;
}

void HtmlSink::flush_space() {
  if (in_paragraph_ && (space_ || newlines_ > 0)) buffer_ += newlines_ > 0 ? '\n' : ' ';
  space_ = false;
  newlines_ = 0;
}

void HtmlSink::text(std::string_view s) {
  std::size_t run = 0;  // start of visible text not yet escaped
  auto flush_run = [&](std::size_t end) {
    if (end > run) escape(buffer_, s.substr(run, end - run));
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n' || is_blank(c)) {
      flush_run(i);
      run = i + 1;
      if (c == '\n' && ++newlines_ >= paragraph_newlines_ && in_paragraph_) close_paragraph();
      else if (c != '\n') space_ = true;
      continue;
    }
    if (i == run) {  // the first visible character after white space
      if (!in_paragraph_) open_paragraph();
      else flush_space();
    }
  }
  flush_run(s.size());
}

void HtmlSink::open_mark(std::size_t mark) {
  if (in_paragraph_) {
    flush_space();
    buffer_ += marks_[mark].tag;
  }
  open_.push_back(mark);
}

// Closes every open mark that ends at or before `position`, closing and
// reopening the marks opened inside it, so that elements nest.
void HtmlSink::close_marks(std::size_t position) {
  std::size_t first = open_.size();
  for (std::size_t k = 0; k < open_.size(); ++k)
    if (marks_[open_[k]].end <= position) {
      first = k;
      break;
    }
  if (first == open_.size()) return;
  std::vector<std::size_t> reopen;
  for (std::size_t k = open_.size(); k-- > first;) {
    if (in_paragraph_) buffer_ += "</span>";
    if (marks_[open_[k]].end > position) reopen.push_back(open_[k]);
  }
  open_.resize(first);
  for (auto it = reopen.rbegin(); it != reopen.rend(); ++it) open_mark(*it);
}

bool HtmlSink::add(const Document& part, std::string_view text_part, std::size_t /*byte_offset*/) {
  if (!layout_decided_) {
    paragraph_newlines_ = looks_wrapped(text_part) ? 2 : 1;
    headline_ = has_headline(text_part);
    layout_decided_ = true;
  }
  part_speakers_.clear();
  for (const auto& s : part.speakers) part_speakers_.push_back(static_cast<int>(speaker_index(s.name)));

  // The marks of this part: quotes, and each mention and cue once.
  marks_.clear();
  open_.clear();
  for (const auto& q : part.quotes) {
    const int speaker = q.speaker >= 0 ? part_speakers_[static_cast<std::size_t>(q.speaker)] : -1;
    ++quotes_;
    if (speaker >= 0) ++counts_[static_cast<std::size_t>(speaker)];
    else ++unattributed_;
    const std::string who = speaker >= 0 ? escaped(speakers_[static_cast<std::size_t>(speaker)]) : "no speaker found";
    const std::string c = colour(speaker);
    const char* kind = to_string(q.kind);
    if (!q.content.empty()) {
      std::string tag = "<span class=\"q " + std::string(kind) + c + " data-s=\"" +
                        (speaker >= 0 ? std::to_string(speaker) : "u") + "\" data-rule=\"" + escaped(q.rule) +
                        "\" title=\"" + who + " · " + kind;
      if (!q.cue.empty()) tag += " · “" + escaped(text_part.substr(q.cue.start, q.cue.size())) + "”";
      tag += " · rule " + escaped(q.rule) + "\">";
      marks_.push_back({q.content.start, q.content.end, 0, std::move(tag)});
    }
    if (!q.mention.empty())
      marks_.push_back({q.mention.start, q.mention.end, 1, "<span class=\"m" + c + " title=\"" + who + " · speaker mention\">"});
    if (!q.cue.empty())
      marks_.push_back({q.cue.start, q.cue.end, 2, "<span class=\"c" + c + " title=\"" + who + " · reporting cue\">"});
  }
  // Outer marks first at the same start; each mention and cue once.
  std::stable_sort(marks_.begin(), marks_.end(), [](const Mark& a, const Mark& b) {
    return std::tuple(a.start, b.end, a.type) < std::tuple(b.start, a.end, b.type);
  });
  marks_.erase(std::unique(marks_.begin(), marks_.end(),
                           [](const Mark& a, const Mark& b) {
                             return a.type != 0 && a.type == b.type && a.start == b.start && a.end == b.end;
                           }),
               marks_.end());

  // Text and tags, boundary by boundary.
  std::vector<std::size_t> ends;
  for (const auto& m : marks_) ends.push_back(std::min(m.end, text_part.size()));
  std::sort(ends.begin(), ends.end());
  std::size_t pos = 0, next_mark = 0, next_end = 0;
  while (next_mark < marks_.size() || next_end < ends.size()) {
    const std::size_t at = std::min(next_mark < marks_.size() ? marks_[next_mark].start : text_part.size(),
                                    next_end < ends.size() ? ends[next_end] : text_part.size());
    if (at > pos) text(text_part.substr(pos, at - pos));
    pos = std::max(pos, at);
    close_marks(at);
    while (next_end < ends.size() && ends[next_end] <= at) ++next_end;
    while (next_mark < marks_.size() && marks_[next_mark].start <= at) {
      if (marks_[next_mark].end > at) open_mark(next_mark);
      ++next_mark;
    }
  }
  if (pos < text_part.size()) text(text_part.substr(pos));
  close_marks(text_part.size() + 1);
  return drain();
}

bool HtmlSink::end() {
  if (in_paragraph_) close_paragraph();
  buffer_ += "</article>\n<aside class=\"legend\">\n<h2>Speakers</h2>\n<p class=\"totals\">" +
             plural(quotes_, "quotation", "quotations") + " · " + plural(speakers_.size(), "speaker", "speakers") +
             "</p>\n<ul>\n";
  for (std::size_t i = 0; i < speakers_.size(); ++i) {
    buffer_ += "<li class=\"speaker" + colour(static_cast<int>(i)) + " data-s=\"" + std::to_string(i) +
               "\"><span class=\"sw\"></span><span class=\"name\">" + escaped(speakers_[i]) +
               "</span><span class=\"n\">" + std::to_string(counts_[i]) + "</span></li>\n";
  }
  if (unattributed_ > 0)
    buffer_ += "<li class=\"speaker u\" data-s=\"u\"><span class=\"sw\"></span><span class=\"name\">no speaker found</span>"
               "<span class=\"n\">" + std::to_string(unattributed_) + "</span></li>\n";
  if (quotes_ == 0) buffer_ += "<li class=\"empty\">No quotations found.</li>\n";
  buffer_ += "</ul>\n<h2>Key</h2>\n<dl class=\"key\">\n"
             "<dt><span class=\"q\">words</span></dt><dd>a quotation, in its speaker’s colour</dd>\n"
             "<dt><span class=\"q mixed\">fragment</span></dt><dd>a fragment quoted in the reporter’s "
             "sentence (mixed)</dd>\n"
             "<dt><span class=\"m\">Name</span></dt><dd>the speaker mention</dd>\n"
             "<dt><span class=\"c\">said</span></dt><dd>the reporting cue</dd>\n</dl>\n"
             "<p class=\"hint\">Hover a quotation for its speaker, kind and rule; hover a speaker to show only "
             "their quotations.</p>\n</aside>\n</div>\n<script>";
  buffer_ += kScript;
  buffer_ += "</script>\n</body>\n</html>\n";
  return drain();
}

bool HtmlSink::finish() {
  out_.flush();
  if (!out_.failed()) return true;
  spdlog::error("{}: write failed", name_);
  return false;
}

}  // namespace whosaid
