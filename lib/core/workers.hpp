// Worker threads for the per-record tools' -j: each thread owns a State (a segmenter, a
// morphology…) made on first use, tasks run on whichever thread is free, and each task's result
// comes back through its future, so the caller writes results in the order it submitted them
// and the output is the same bytes for any number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace qda {

template <class State>
class Workers {
 public:
  // make(i): the state of worker i, built in that worker's thread when it first has a task.
  using Factory = std::function<std::unique_ptr<State>(int)>;

  Workers(int n, Factory make) : make_(std::move(make)) {
    for (int i = 0; i < n; ++i) threads_.emplace_back([this, i] { work(i); });
  }
  ~Workers() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  // Run task(state) on a worker; its result (or its exception, or the error that kept the
  // worker from making its state) through the future.
  template <class R>
  std::future<R> submit(std::function<R(State&)> task) {
    auto promise = std::make_shared<std::promise<R>>();
    std::future<R> f = promise->get_future();
    {
      std::lock_guard<std::mutex> l(mu_);
      tasks_.push_back([promise, task = std::move(task)](State* s, std::exception_ptr why) {
        try {
          if (!s) std::rethrow_exception(why);
          promise->set_value(task(*s));
        } catch (...) {
          promise->set_exception(std::current_exception());
        }
      });
    }
    cv_.notify_one();
    return f;
  }

 private:
  void work(int index) {
    std::unique_ptr<State> state;
    std::exception_ptr failed;
    for (;;) {
      std::function<void(State*, std::exception_ptr)> task;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [&] { return stop_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      if (!state && !failed) {
        try {
          state = make_(index);
        } catch (...) {
          failed = std::current_exception();
        }
      }
      task(state.get(), failed);
    }
  }

  Factory make_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void(State*, std::exception_ptr)>> tasks_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

// f(i) for every i in [0, n) on up to `jobs` threads (the calling thread one of them), blocks of
// `block` indices taken in turn. f must write only what belongs to its i, so the result is the
// same for any number of threads. The first exception thrown is rethrown here, once all stop.
template <class F>
void parallel_for(std::size_t n, int jobs, F&& f, std::size_t block = 16) {
  const std::size_t blocks = (n + block - 1) / block;
  const std::size_t extra = std::min<std::size_t>(static_cast<std::size_t>(std::max(jobs, 1)), blocks) - (blocks > 0);
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mu;
  auto run = [&] {
    for (std::size_t b; (b = next.fetch_add(1)) < blocks;) {
      try {
        for (std::size_t i = b * block, e = std::min(n, i + block); i < e; ++i) f(i);
      } catch (...) {
        std::lock_guard<std::mutex> l(error_mu);
        if (!error) error = std::current_exception();
        next = blocks;  // the others stop at their next block
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < extra; ++t) threads.emplace_back(run);
  run();
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace qda
