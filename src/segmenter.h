// Reading one plain-text document of any size in parts that end at a
// paragraph, sentence or word boundary, so memory stays bounded.
#pragma once

#include <cstddef>
#include <istream>
#include <string>

namespace whosaid {

// Whether reading `in` failed (rather than ended). A file stream's failed
// read (stdin is a directory, EIO) sets badbit; std::cin in sync with C stdio
// (main() turns that off) reports one as an end of file, which ferror(stdin)
// tells apart.
bool read_failed(const std::istream& in);

class Segmenter {
 public:
  // Parts are about `target` bytes; a part is cut only when the text is
  // longer, preferably at a blank line, else a line break, a sentence end,
  // a space, and at worst at a UTF-8 character boundary.
  Segmenter(std::istream& in, std::size_t target) : in_(in), target_(target) {}

  // The next part (empty at the end); `offset` receives its byte offset.
  bool next(std::string& part, std::size_t& offset);
  // Whether every part has been handed out.
  bool done() const { return eof_ && buffer_.empty(); }
  bool failed() const { return failed_; }
  // Why reading failed ("Is a directory"); empty when it did not.
  const std::string& error() const { return error_; }

 private:
  std::size_t cut_point() const;

  std::istream& in_;
  std::size_t target_;
  std::string buffer_;
  std::size_t consumed_ = 0;  // bytes handed out so far
  bool eof_ = false;
  bool failed_ = false;
  std::string error_;
};

}  // namespace whosaid
