// Running independent jobs on a few threads.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace whosaid {

// Threads kept for a whole run, fed tasks one by one. Kept, because each
// keeps its thread-local state warm (ICU's iterator, the linker's arena,
// buffers) from task to task; fed one by one, so that the caller can write
// results in input order as they come while the other threads go on.
class WorkerPool {
 public:
  // `threads` in all: the caller, while it waits, runs tasks too. With one,
  // tasks run on the caller as they are submitted.
  explicit WorkerPool(int threads);
  ~WorkerPool();  // waits for the tasks submitted
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Called from one thread, the pool's owner. A task must not throw (one that
  // does ends the process).
  void submit(std::function<void()> task);
  // Runs tasks, or waits, until `done()` holds; it is asked again each time
  // a task ends (under the pool's lock).
  void wait_until(const std::function<bool()>& done);
  // Until every task submitted has ended.
  void wait_all();

 private:
  void run_next(std::unique_lock<std::mutex>& lock);  // the first task queued, unlocked while it runs
  void serve();  // a worker's loop

  std::vector<std::jthread> workers_;
  std::mutex mutex_;
  std::condition_variable task_ready_, task_ended_;
  std::deque<std::function<void()>> tasks_;
  std::size_t unfinished_ = 0;  // queued or running
  bool watching_ = false;       // someone waits for tasks to end
  bool stopping_ = false;
};

// Calls work(i) for every i in [0, count) on up to `threads` threads and
// returns when all are done.
template <typename Work>
void parallel_for(std::size_t count, int threads, Work&& work) {
  WorkerPool pool(static_cast<int>(std::min<std::size_t>(count, threads > 1 ? threads : 1)));
  for (std::size_t i = 0; i < count; ++i) pool.submit([&work, i] { work(i); });
  pool.wait_all();
}

}  // namespace whosaid
