#include "quote_marks.h"

#include <algorithm>

#include "text.h"

namespace whosaid {

namespace {

enum class Family { double_mark, single_mark };

// What a mark can do, before context is considered.
enum class Role { open, close, either };

struct Mark {
  std::size_t start = 0, end = 0;
  Family family = Family::double_mark;
  Role role = Role::either;
  bool low = false;   // „ or ‚: German style, closed by “ or ‘
  bool left = false;  // “ or ‘: an opening mark, or the closing mark after „ or ‚
};

// Invisible characters that stand where a space or the start of the text is:
// a byte-order mark (U+FEFF), a zero-width space (U+200B), a word joiner (U+2060).
bool is_invisible(char32_t c) { return c == 0xFEFF || c == 0x200B || c == 0x2060; }

bool is_opening_context(char32_t before) {
  return before == 0 || is_space(before) || is_invisible(before) || before == '(' || before == '[' || before == '{' ||
         before == 0x2014 || before == 0x2013 || before == '-' || before == '/' || before == ':' ||
         before == 0x201C || before == 0x2018 || before == '"' || before == '\'' || before == 0xAB;
}

bool is_closing_context(char32_t after) {
  return after == 0 || is_space(after) || (!is_alnum(after) && after != 0xFFFD);
}

// Recognises a quotation mark at `pos`; returns false for anything else.
bool mark_at(std::string_view text, std::size_t pos, Mark& mark) {
  const auto b = static_cast<unsigned char>(text[pos]);
  mark.start = pos;
  if (b == '"') { mark = {pos, pos + 1, Family::double_mark, Role::either}; return true; }
  if (b == '\'') {
    // ''' after a word closes a single quote, then a double: ''... 'old-school,'''
    const bool closes_single_first =
        text.substr(pos, 3) == "'''" && pos > 0 && !is_opening_context(code_point_before(text, pos));
    if (!closes_single_first && pos + 1 < text.size() && text[pos + 1] == '\'') {  // '' as a double mark
      mark = {pos, pos + 2, Family::double_mark, Role::either};
      return true;
    }
    mark = {pos, pos + 1, Family::single_mark, Role::either};
    return true;
  }
  if (b == '`') {
    const bool twice = pos + 1 < text.size() && text[pos + 1] == '`';
    mark = {pos, pos + (twice ? 2u : 1u), twice ? Family::double_mark : Family::single_mark, Role::open};
    return true;
  }
  if (b == 0xC2 && pos + 1 < text.size()) {
    const auto b1 = static_cast<unsigned char>(text[pos + 1]);
    if (b1 == 0xAB) { mark = {pos, pos + 2, Family::double_mark, Role::open}; return true; }   // «
    if (b1 == 0xBB) { mark = {pos, pos + 2, Family::double_mark, Role::close}; return true; }  // »
    return false;
  }
  if (b == 0xE2 && pos + 2 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0x80) {
    switch (static_cast<unsigned char>(text[pos + 2])) {
      case 0x9C: mark = {pos, pos + 3, Family::double_mark, Role::open, false, true}; return true;  // “
      case 0x9D: mark = {pos, pos + 3, Family::double_mark, Role::close}; return true;   // ”
      case 0x9E: mark = {pos, pos + 3, Family::double_mark, Role::open, true}; return true;  // „
      case 0x98: mark = {pos, pos + 3, Family::single_mark, Role::open, false, true}; return true;  // ‘
      case 0x99: mark = {pos, pos + 3, Family::single_mark, Role::close}; return true;   // ’
      case 0x9A: mark = {pos, pos + 3, Family::single_mark, Role::open, true}; return true;  // ‚
      case 0xB9: mark = {pos, pos + 3, Family::single_mark, Role::open}; return true;    // ‹
      case 0xBA: mark = {pos, pos + 3, Family::single_mark, Role::close}; return true;   // ›
      default: return false;
    }
  }
  return false;
}

bool is_paragraph_break(char c) { return c == '\n' || c == '\r'; }

// The first byte at or after `pos` that can start a quotation mark (see
// mark_at) or break a paragraph, else text.size(): the scan skips every other
// byte without looking closer.
std::size_t next_mark_or_break(std::string_view text, std::size_t pos) {
  return find_byte<AlsoStop::nothing, '\n', '\r', '"', '\'', '`', '\xC2', '\xE2'>(text, pos);
}

Span trimmed(std::string_view text, std::size_t start, std::size_t end) {
  start = skip_spaces(text, start, end);
  return {start, trim_spaces_back(text, start, end)};
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::vector<QuotedSpan> run() {
    std::size_t pos = 0;
    while ((pos = next_mark_or_break(text_, pos)) < text_.size()) {
      const char c = text_[pos];
      if (is_paragraph_break(c)) {
        end_paragraph(pos);
        ++pos;
        continue;
      }
      Mark mark;
      if (!mark_at(text_, pos, mark)) {
        ++pos;
        continue;
      }
      if (const std::size_t end = n_contraction_end(mark)) {  // rock 'n' roll
        pos = end;
        continue;
      }
      handle(mark);
      pos = mark.end;
    }
    end_paragraph(text_.size());
    return std::move(quotes_);
  }

 private:
  // The end of " 'n' " / " ’n’ " (rock 'n' roll) starting at `m`, or 0.
  std::size_t n_contraction_end(const Mark& m) const {
    if (m.family != Family::single_mark || m.end >= text_.size() || text_[m.end] != 'n') return 0;
    if (is_alnum(code_point_before(text_, m.start))) return 0;
    Mark second;
    if (m.end + 1 >= text_.size() || !mark_at(text_, m.end + 1, second) ||
        second.family != Family::single_mark || second.role == Role::open) {
      return 0;
    }
    return is_alnum(code_point_at(text_, second.end)) ? 0 : second.end;
  }

  // A mark that can only be an apostrophe in this context.
  bool is_apostrophe(const Mark& m, char32_t before, char32_t after) const {
    if (m.family != Family::single_mark || m.role == Role::open) return false;
    if (is_alnum(before) && is_alnum(after)) return true;  // don't, O'Brien
    // ’til, ’em: a closing mark is never followed by a letter.
    if (m.role == Role::close && is_alnum(after)) return true;
    // '90s, 'em, 'til: an elided start, not an opening mark.
    if (!is_alnum(before) && after >= '0' && after <= '9') return true;
    return false;
  }

  void handle(Mark mark) {
    const char32_t before = code_point_before(text_, mark.start);
    const char32_t after = code_point_at(text_, mark.end);
    if (is_apostrophe(mark, before, after)) return;
    const bool can_open = is_opening_context(before) && !is_space(after) && after != 0;
    const bool can_close = !is_space(before) && before != 0 && is_closing_context(after);

    // “ closes a quote opened with „ (and ‘ one opened with ‚), and an
    // opening mark typed where only a closing one fits closes: “rapists“ while.
    if (mark.left && can_close) {
      const int index = find_open(mark.family);
      if (index >= 0 && (open_[static_cast<std::size_t>(index)].low || !can_open)) mark.role = Role::close;
    }
    if (mark.role == Role::either) {
      const bool pending = find_open(mark.family) >= 0;
      if (pending && can_close) mark.role = Role::close;
      else if (can_open) mark.role = Role::open;
      else if (pending) mark.role = Role::close;
      else return;  // a stray mark: inch sign, possessive s'
    } else if (mark.role == Role::close && find_open(mark.family) < 0) {
      if (mark.family == Family::single_mark) return;  // possessive: voters’
      if (!can_open || can_close) return;            // stray closing mark
      mark.role = Role::open;                        // ”Like this” typed backwards
    }
    if (mark.role == Role::open) {
      if (mark.family == Family::single_mark && !can_open) return;
      push(mark);
      return;
    }
    const int index = find_open(mark.family);
    if (index < 0) return;
    const Mark opener = open_[static_cast<std::size_t>(index)];
    pop_to(static_cast<std::size_t>(index));
    // Single marks left below a closed double quote were apostrophes ('til, 'n').
    const bool outermost = open_doubles_ == 0;
    if (open_.empty() || (opener.family == Family::double_mark && outermost)) {
      clear_open();
      emit(opener, &mark, 0);
    }
  }

  // The stack of open marks, with a count of its double marks (so that no
  // close has to look through it: 100,000 unclosed ‘ cost no more than one).
  void push(const Mark& mark) {
    open_.push_back(mark);
    if (mark.family == Family::double_mark) ++open_doubles_;
  }
  void pop_to(std::size_t size) {
    for (std::size_t i = size; i < open_.size(); ++i)
      if (open_[i].family == Family::double_mark) --open_doubles_;
    open_.resize(size);
  }
  void clear_open() {
    open_.clear();
    open_doubles_ = 0;
  }

  // Index of the innermost open mark of `family`, looking a few levels down.
  int find_open(Family family) const {
    const int lowest = std::max(0, static_cast<int>(open_.size()) - 8);
    for (int i = static_cast<int>(open_.size()) - 1; i >= lowest; --i)
      if (open_[static_cast<std::size_t>(i)].family == family) return i;
    return -1;
  }

  void emit(const Mark& opener, const Mark* closer, std::size_t paragraph_end) {
    QuotedSpan q;
    q.open_mark = {opener.start, opener.end};
    q.single = opener.family == Family::single_mark;
    q.continues_previous = continues_next_;
    continues_next_ = false;
    if (closer) {
      q.close_mark = {closer->start, closer->end};
      q.content = trimmed(text_, opener.end, closer->start);
    } else {
      q.content = trimmed(text_, opener.end, paragraph_end);
    }
    if (q.content.empty()) return;
    quotes_.push_back(q);
  }

  // An opened double quote runs to the end of its paragraph; when the next
  // paragraph opens a quote too, that quote continues the same speech.
  void end_paragraph(std::size_t pos) {
    const auto outer = std::find_if(open_.begin(), open_.end(),
                                    [](const Mark& m) { return m.family == Family::double_mark; });
    if (outer != open_.end()) {
      const std::size_t emitted = quotes_.size();
      emit(*outer, nullptr, pos);
      // Only a following paragraph that opens with a mark continues the speech.
      continues_next_ = quotes_.size() > emitted && next_paragraph_opens_quote(pos);
    }
    clear_open();
  }

  bool next_paragraph_opens_quote(std::size_t pos) const {
    pos = skip_spaces(text_, pos, text_.size());
    Mark m;
    return pos < text_.size() && mark_at(text_, pos, m) && m.family == Family::double_mark &&
           m.role != Role::close;
  }

  std::string_view text_;
  std::vector<Mark> open_;
  std::size_t open_doubles_ = 0;  // double marks in open_
  std::vector<QuotedSpan> quotes_;
  bool continues_next_ = false;
};

}  // namespace

std::vector<QuotedSpan> find_quotes(std::string_view text) { return Scanner(text).run(); }

}  // namespace whosaid
