#include "segmenter.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "quote_marks.h"
#include "text.h"

namespace whosaid {

bool read_failed(const std::istream& in) { return in.bad() || (&in == &std::cin && std::ferror(stdin)); }

bool Segmenter::next(std::string& part, std::size_t& offset) {
  // Fill the buffer up to twice the target, so that a cut can look back; in
  // growing steps, so that a short text is not given (and zeroed) 1 MB.
  for (std::size_t step = 64 << 10; !eof_ && buffer_.size() < 2 * target_; step *= 2) {
    const std::size_t old = buffer_.size();
    buffer_.resize(std::min(2 * target_, old + step));
    errno = 0;
    in_.read(buffer_.data() + old, static_cast<std::streamsize>(buffer_.size() - old));
    buffer_.resize(old + static_cast<std::size_t>(in_.gcount()));
    if (!in_) {
      eof_ = true;
      if (read_failed(in_)) {
        failed_ = true;
        error_ = errno ? std::strerror(errno) : "read error";
      }
    }
  }
  if (buffer_.empty()) return false;
  const std::size_t cut = eof_ && buffer_.size() <= 2 * target_ ? buffer_.size() : cut_point();
  offset = consumed_;
  part.assign(buffer_, 0, cut);
  buffer_.erase(0, cut);
  consumed_ += cut;
  return true;
}

std::size_t Segmenter::cut_point() const {
  const std::string_view text(buffer_);
  const std::size_t from = target_ / 2, to = std::min(text.size(), 2 * target_);
  auto last_before = [&](std::string_view needle) -> std::size_t {
    const std::size_t at = last_occurrence(text, needle, to);
    return at != std::string_view::npos && at >= from ? at + needle.size() : 0;
  };
  for (const std::string_view boundary : {"\n\n", "\n"})
    if (const std::size_t cut = last_before(boundary)) return cut;
  // No line break: a quotation may run over the cut (quotes end at line
  // breaks only), so a sentence end or space outside every quotation first.
  // Such a cut stays a quarter of the buffer from its end, so that a quote
  // over it is seen closed; one that is not closed by the buffer's end is no
  // quotation to keep whole (it would run to the line's end).
  const auto quotes = find_quotes(text.substr(0, to));
  auto last_outside_quotes = [&](std::string_view needle) -> std::size_t {
    auto quote = quotes.rbegin();
    for (std::size_t end = to - std::min(to, target_ / 2); end >= from + needle.size();) {
      const std::size_t at = last_occurrence(text, needle, end);
      if (at == std::string_view::npos || at < from) return 0;
      const std::size_t cut = at + needle.size();
      while (quote != quotes.rend() && (quote->whole().start >= cut || quote->close_mark.empty())) ++quote;
      if (quote == quotes.rend() || quote->whole().end <= cut) return cut;
      end = quote->whole().start;  // on before the quotation
    }
    return 0;
  };
  for (const std::string_view boundary : {". ", " "})
    if (const std::size_t cut = last_outside_quotes(boundary)) return cut;
  for (const std::string_view boundary : {". ", " "})
    if (const std::size_t cut = last_before(boundary)) return cut;
  // No boundary at all: cut before the last byte that starts a character
  // (ASCII or a lead byte) among the last four, so that no UTF-8 sequence is
  // split, not even one the buffer ends in the middle of. When the last four
  // are all continuation bytes, the last belongs to no sequence: cut after it.
  for (std::size_t at = to; at > from && to - at < 4;) {
    --at;
    if (!is_continuation_byte(text[at])) return at > 0 ? at : to;
  }
  return to;
}

}  // namespace whosaid
