// Running independent jobs on a few threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace whosaid {

// Calls work(i) for every i in [0, count) on up to `threads` threads
// (the caller's included) and returns when all are done.
template <typename Work>
void parallel_for(std::size_t count, int threads, Work&& work) {
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) work(i);
  };
  std::vector<std::jthread> pool;
  const std::size_t extra = std::min<std::size_t>(threads > 1 ? threads - 1 : 0, count > 0 ? count - 1 : 0);
  for (std::size_t t = 0; t < extra; ++t) pool.emplace_back(worker);
  worker();
}

}  // namespace whosaid
