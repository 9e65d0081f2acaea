#include "parallel.h"

namespace whosaid {

namespace {

// A task that throws ends the process on whichever thread runs it: unwinding
// the caller's stack would free what the other threads' tasks still use.
void run_task(const std::function<void()>& task) noexcept { task(); }

}  // namespace

WorkerPool::WorkerPool(int threads) {
  for (int t = 1; t < threads; ++t) workers_.emplace_back([this] { serve(); });
}

WorkerPool::~WorkerPool() {
  wait_all();
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  task_ready_.notify_all();
  workers_.clear();  // joins them while the state they wait on lives
}

void WorkerPool::submit(std::function<void()> task) {
  if (workers_.empty()) {
    run_task(task);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    ++unfinished_;
  }
  task_ready_.notify_one();
}

void WorkerPool::wait_until(const std::function<bool()>& done) {
  std::unique_lock lock(mutex_);
  while (!done()) {
    if (!tasks_.empty()) {
      run_next(lock);  // the caller is a worker too
      continue;
    }
    watching_ = true;
    task_ended_.wait(lock);
    watching_ = false;
  }
}

void WorkerPool::wait_all() {
  wait_until([this] { return unfinished_ == 0; });
}

void WorkerPool::run_next(std::unique_lock<std::mutex>& lock) {
  std::function<void()> task = std::move(tasks_.front());
  tasks_.pop_front();
  lock.unlock();
  run_task(task);
  lock.lock();
  // One wake-up for a whole batch, unless someone watches each task.
  if (--unfinished_ == 0 || watching_) task_ended_.notify_all();
}

void WorkerPool::serve() {
  std::unique_lock lock(mutex_);
  for (;;) {
    task_ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
    if (tasks_.empty()) return;  // stopping
    run_next(lock);
  }
}

}  // namespace whosaid
