#include "temp_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace whosaid {

bool TempFile::open() {
  std::error_code code;
  directory_ = std::filesystem::temp_directory_path(code).string();
  if (code) {
    error_ = "no temporary directory: " + code.message();
    return false;
  }
  std::string name = (std::filesystem::path(directory_) / "whosaid-XXXXXX").string();
  std::vector<char> path(name.begin(), name.end());
  path.push_back('\0');
  const int fd = mkstemp(path.data());
  if (fd < 0) {
    error_ = "cannot make a temporary file in " + directory_ + ": " + std::strerror(errno);
    return false;
  }
  stream_.open(path.data(), std::ios::in | std::ios::out | std::ios::trunc | std::ios::binary);
  ::close(fd);
  ::unlink(path.data());
  if (!stream_.is_open()) {
    error_ = "cannot open a temporary file in " + directory_;
    return false;
  }
  return true;
}

bool TempFile::rewind() {
  if (!stream_.flush() || !stream_.seekg(0)) {
    error_ = "cannot write a temporary file in " + directory_ + " (a full disk?)";
    return false;
  }
  return true;
}

}  // namespace whosaid
