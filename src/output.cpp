#include "output.h"

#include <csignal>
#include <cstdio>

namespace whosaid {

Output::Output(std::FILE* file) : file_(file) { std::signal(SIGPIPE, SIG_IGN); }

bool Output::write(std::string_view data) {
  if (failed_) return false;
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) failed_ = true;
  return !failed_;
}


bool Output::flush() {
  if (!failed_ && std::fflush(file_) != 0) failed_ = true;
  return !failed_;
}

}  // namespace whosaid
