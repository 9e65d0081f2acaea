// Code point offsets for the byte offsets of a document's quotes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <vector>

#include "text.h"
#include "whosaid/quote.h"

namespace whosaid {

// Maps the start and end of every quote of `doc` (and the end of `text`) from
// UTF-8 bytes to code points, in one pass over the text.
class CharOffsets {
 public:
  CharOffsets(std::string_view text, const Document& doc) {
    bytes_.reserve(doc.quotes.size() * 2 + 1);
    for (const auto& q : doc.quotes) bytes_.insert(bytes_.end(), {q.content.start, q.content.end});
    bytes_.push_back(text.size());
    std::sort(bytes_.begin(), bytes_.end());
    bytes_.erase(std::unique(bytes_.begin(), bytes_.end()), bytes_.end());
    chars_ = code_point_offsets(text, bytes_, doc.invalid_utf8_bytes == 0);
  }
  // `byte` must be a quote start or end, or the end of the text.
  std::size_t operator()(std::size_t byte) const {
    const auto it = std::lower_bound(bytes_.begin(), bytes_.end(), byte);
    return chars_[static_cast<std::size_t>(it - bytes_.begin())];
  }
  // Code points in the whole text.
  std::size_t total() const { return chars_.back(); }

 private:
  std::vector<std::size_t> bytes_, chars_;
};

}  // namespace whosaid
