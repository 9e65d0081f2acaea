// A progress line on stderr for long runs: documents done, MB read and MB/s,
// quotes found. Drawn only on a terminal, at most four times a second, first
// after half a second (short runs never show it), and erased at the end.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>

namespace whosaid {

class Progress {
 public:
  // Disabled, the line is never drawn.
  explicit Progress(bool enabled);
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Whether a run should show it: stderr is a terminal, not --quiet, and
  // results do not go to the same terminal on stdout (they would mix).
  static bool wanted(bool quiet, bool results_on_stdout);

  // Thread-safe.
  void add(std::size_t documents, std::size_t bytes, std::size_t quotes);
  void finish();  // erases the line

 private:
  void draw();

  std::mutex mutex_;  // over what follows
  bool enabled_;
  std::chrono::steady_clock::time_point start_, last_;
  std::size_t documents_ = 0, bytes_ = 0, quotes_ = 0;
};

// Erases the progress line, if one is drawn, so that a message can be
// written to stderr; the next update draws it again. Thread-safe.
void clear_progress_line();

}  // namespace whosaid
