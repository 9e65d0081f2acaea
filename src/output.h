// stdout (or another stream) that notices a closed reader instead of dying on SIGPIPE.
#pragma once

#include <cstdio>
#include <string_view>

namespace whosaid {

class Output {
 public:
  explicit Output(std::FILE* file = stdout);
  // Writes `data`; false once the output is closed or failing.
  bool write(std::string_view data);
  bool flush();
  bool failed() const { return failed_; }

 private:
  std::FILE* file_;
  bool failed_ = false;
};

}  // namespace whosaid
