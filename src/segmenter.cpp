#include "segmenter.h"

#include <algorithm>

namespace whosaid {

bool Segmenter::next(std::string& part, std::size_t& offset) {
  // Fill the buffer up to twice the target, so that a cut can look back.
  while (!eof_ && buffer_.size() < 2 * target_) {
    const std::size_t old = buffer_.size();
    buffer_.resize(2 * target_);
    in_.read(buffer_.data() + old, static_cast<std::streamsize>(buffer_.size() - old));
    buffer_.resize(old + static_cast<std::size_t>(in_.gcount()));
    if (!in_) eof_ = true;
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
    const std::size_t at = text.substr(0, to).rfind(needle);
    return at != std::string_view::npos && at >= from ? at + needle.size() : 0;
  };
  for (const std::string_view boundary : {"\n\n", "\n", ". ", " "})
    if (const std::size_t cut = last_before(boundary)) return cut;
  // No boundary at all: cut before a UTF-8 lead byte.
  std::size_t cut = to;
  while (cut > from && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace whosaid
