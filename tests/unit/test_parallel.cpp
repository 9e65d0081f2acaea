#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "parallel.h"

using namespace whosaid;
using namespace std::chrono_literals;

TEST_CASE("worker pool: every task runs once, on no more threads than asked") {
  std::vector<std::atomic<int>> runs(200);
  std::mutex mutex;
  std::set<std::thread::id> threads;
  parallel_for(runs.size(), 4, [&](std::size_t i) {
    std::this_thread::sleep_for(100us);
    ++runs[i];
    std::lock_guard lock(mutex);
    threads.insert(std::this_thread::get_id());
  });
  for (const auto& count : runs) CHECK(count == 1);
  CHECK(threads.size() >= 2);
  CHECK(threads.size() <= 4);
}

TEST_CASE("worker pool: with one thread a task runs on the caller as it is submitted") {
  WorkerPool pool(1);
  std::thread::id ran_on;
  pool.submit([&] { ran_on = std::this_thread::get_id(); });
  CHECK(ran_on == std::this_thread::get_id());
}

TEST_CASE("worker pool: threads are kept from one batch to the next") {
  // A thread-local count set by the first batch is seen by every task of the
  // second: no thread of the second batch is new.
  thread_local int tasks_on_this_thread = 0;
  WorkerPool pool(2);
  std::set<std::thread::id> first_threads;
  std::mutex mutex;
  for (int i = 0; i < 40; ++i) {
    pool.submit([&] {
      std::this_thread::sleep_for(1ms);
      ++tasks_on_this_thread;
      std::lock_guard lock(mutex);
      first_threads.insert(std::this_thread::get_id());
    });
  }
  pool.wait_all();
  REQUIRE(first_threads.size() == 2);
  std::atomic<int> unseen{0};
  for (int i = 0; i < 40; ++i) {
    pool.submit([&] {
      std::this_thread::sleep_for(1ms);
      if (tasks_on_this_thread++ == 0) ++unseen;
    });
  }
  pool.wait_all();
  CHECK(unseen == 0);
}

TEST_CASE("worker pool: wait_until returns once its condition holds, in submission order") {
  WorkerPool pool(3);
  constexpr int kTasks = 30;
  std::vector<std::atomic<bool>> done(kTasks);
  for (int i = 0; i < kTasks; ++i) {
    pool.submit([&, i] {
      std::this_thread::sleep_for(std::chrono::microseconds(200 * (i % 4)));
      done[i] = true;
    });
  }
  for (int i = 0; i < kTasks; ++i) {
    pool.wait_until([&] { return done[i].load(); });
    CHECK(done[i]);
  }
}

TEST_CASE("worker pool: the pool waits for its tasks before it goes") {
  std::atomic<int> ended{0};
  {
    WorkerPool pool(2);
    for (int i = 0; i < 10; ++i) {
      pool.submit([&] {
        std::this_thread::sleep_for(1ms);
        ++ended;
      });
    }
  }
  CHECK(ended == 10);
}
