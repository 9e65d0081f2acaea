// stdout that notices a closed reader instead of dying on SIGPIPE.
#pragma once

#include <string_view>

namespace whosaid {

class Output {
 public:
  Output();
  // Writes `data` (and a newline); false once stdout is closed or failing.
  bool write(std::string_view data);
  bool write_line(std::string_view data);
  bool flush();
  bool failed() const { return failed_; }

 private:
  bool failed_ = false;
};

}  // namespace whosaid
