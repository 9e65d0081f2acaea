#include "output.h"

#include <csignal>
#include <cstdio>

namespace whosaid {

Output::Output() { std::signal(SIGPIPE, SIG_IGN); }

bool Output::write(std::string_view data) {
  if (failed_) return false;
  if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size()) failed_ = true;
  return !failed_;
}

bool Output::write_line(std::string_view data) {
  if (failed_) return false;
  if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size() || std::fputc('\n', stdout) == EOF)
    failed_ = true;
  return !failed_;
}

bool Output::flush() {
  if (!failed_ && std::fflush(stdout) != 0) failed_ = true;
  return !failed_;
}

}  // namespace whosaid
