// parallel_for: every index once, on any number of threads, and the first error back to the caller.
#include "core/workers.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

TEST(ParallelFor, EveryIndexOnceForAnyNumberOfThreads) {
  for (int jobs : {1, 2, 3, 8})
    for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 1000u}) {
      std::vector<std::atomic<int>> hits(n);
      qda::parallel_for(n, jobs, [&](std::size_t i) { ++hits[i]; });
      for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(hits[i].load(), 1) << "jobs " << jobs << " n " << n << " i " << i;
    }
  std::vector<std::size_t> squares(100);
  qda::parallel_for(squares.size(), 4, [&](std::size_t i) { squares[i] = i * i; }, 1);
  for (std::size_t i = 0; i < squares.size(); ++i) EXPECT_EQ(squares[i], i * i);
}

TEST(ParallelFor, AnErrorComesBackAndTheOthersStop) {
  std::atomic<int> ran{0};
  EXPECT_THROW(qda::parallel_for(
                   10000, 3,
                   [&](std::size_t i) {
                     ++ran;
                     if (i == 20) throw std::runtime_error("no");
                     // Each other item takes a while, so the threads that did not throw cannot
                     // race through all 10,000 before they see the error (under a sanitizer
                     // too): without the stop they would run for a second.
                     std::this_thread::sleep_for(std::chrono::microseconds(200));
                   },
                   1),
               std::runtime_error);
  EXPECT_LT(ran.load(), 10000);
}
