// Room on disk for what is too big to hold in memory: a file in the
// temporary directory ($TMPDIR, else /tmp), unlinked at once, so that no
// other process opens it and it is gone when closed, however the run ends.
#pragma once

#include <fstream>
#include <string>

namespace whosaid {

class TempFile {
 public:
  // false, with error(), when the directory does not allow one.
  bool open();
  std::fstream& stream() { return stream_; }
  // Back to the start, to read what was written: false, with error(), when
  // writing failed (a full disk).
  bool rewind();
  const std::string& error() const { return error_; }

 private:
  std::fstream stream_;
  std::string directory_;
  std::string error_;
};

}  // namespace whosaid
