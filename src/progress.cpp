#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <string>

namespace whosaid {

namespace {

std::mutex line_mutex;
bool line_shown = false;

using namespace std::chrono_literals;
constexpr auto kFirstDraw = 500ms;
constexpr auto kInterval = 250ms;

// 1234567 -> "1,234,567".
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

void clear_progress_line() {
  std::lock_guard lock(line_mutex);
  if (!line_shown) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  line_shown = false;
}

Progress::Progress(bool enabled)
    : enabled_(enabled), start_(std::chrono::steady_clock::now()), last_(start_) {}

bool Progress::wanted(bool quiet, bool results_on_stdout) {
  return !quiet && isatty(STDERR_FILENO) && !(results_on_stdout && isatty(STDOUT_FILENO));
}

void Progress::add(std::size_t documents, std::size_t bytes, std::size_t quotes) {
  std::lock_guard lock(mutex_);
  documents_ += documents;
  bytes_ += bytes;
  quotes_ += quotes;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < kFirstDraw || now - last_ < kInterval) return;
  last_ = now;
  draw();
}

void Progress::draw() {
  const double seconds = std::chrono::duration<double>(last_ - start_).count();
  const double mb = static_cast<double>(bytes_) / 1e6;
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.1f MB, %.1f MB/s", mb, seconds > 0 ? mb / seconds : 0.0);
  std::string line = "whosaid: " + grouped(documents_) + (documents_ == 1 ? " document, " : " documents, ") + rate +
                     ", " + grouped(quotes_) + (quotes_ == 1 ? " quote" : " quotes");
  winsize size{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 && line.size() >= size.ws_col)
    line.resize(size.ws_col - 1u);  // never wrap: \r must return to its start
  std::lock_guard lock(line_mutex);
  std::fputs(("\r\x1b[K" + line).c_str(), stderr);
  std::fflush(stderr);
  line_shown = true;
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  if (enabled_) clear_progress_line();
  enabled_ = false;
}

}  // namespace whosaid
