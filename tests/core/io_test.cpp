// Unit tests of the line reader, the atomic output and whole reads and writes.
#include "core/io.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

using namespace qda;
namespace fs = std::filesystem;

namespace {
std::string tmpdir() {
  auto d = fs::temp_directory_path() / ("qda_io_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d.string();
}
}  // namespace

TEST(LineReader, ReadsFilesInOrderWithLineNumbers) {
  std::string d = tmpdir();
  std::ofstream(d + "/a.jsonl") << "one\r\ntwo\n";
  std::ofstream(d + "/b.jsonl") << "three";  // no final newline
  io::LineReader r({d + "/a.jsonl", d + "/b.jsonl"});
  std::string_view line;
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line, "one");
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line, "two");
  EXPECT_EQ(r.line_no(), 2);
  ASSERT_TRUE(r.next(line));
  EXPECT_EQ(line, "three");
  EXPECT_EQ(r.file(), d + "/b.jsonl");
  EXPECT_EQ(r.line_no(), 1);
  EXPECT_FALSE(r.next(line));
  fs::remove_all(d);
}

TEST(LineReader, RecordsSkipBlankLinesAndKeepLineNumbers) {
  std::string d = tmpdir();
  std::ofstream(d + "/a.jsonl") << "\n  \t\r\n{\"a\":1}\n \xC2\xA0\n{\"b\":2}\n\n";
  io::LineReader r({d + "/a.jsonl"});
  std::string_view line;
  ASSERT_TRUE(r.next_record(line));
  EXPECT_EQ(line, "{\"a\":1}");
  EXPECT_EQ(r.line_no(), 3);
  ASSERT_TRUE(r.next_record(line));  // a line of a space and a no-break space is blank too
  EXPECT_EQ(line, "{\"b\":2}");
  EXPECT_EQ(r.line_no(), 5);
  EXPECT_FALSE(r.next_record(line));
  fs::remove_all(d);
}

TEST(LineReader, MissingFileIsAnIoError) {
  io::LineReader r({"/nonexistent/x.jsonl"});
  std::string_view line;
  EXPECT_THROW(r.next(line), IoError);
}

TEST(Output, WritesAtomically) {
  std::string d = tmpdir();
  std::string target = d + "/out.jsonl";
  {
    io::Output o(target);
    o.line("{}");
    o.flush();
    EXPECT_FALSE(fs::exists(target));  // nothing visible before commit
    o.commit();
  }
  std::ifstream in(target);
  std::string s((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(s, "{}\n");
  {
    io::Output o(d + "/never.jsonl");
    o.line("x");
  }  // not committed: no file, no temporary left behind
  EXPECT_FALSE(fs::exists(d + "/never.jsonl"));
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);
  fs::remove_all(d);
}

// Many files committed together (one sync for all): each in place with its bytes, none visible
// before, no temporary left, and a replaced file keeps its permissions.
TEST(Output, CommitsManyTogether) {
  std::string d = tmpdir();
  std::ofstream(d + "/f1.csv") << "old";
  fs::permissions(d + "/f1.csv", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  std::vector<std::unique_ptr<io::Output>> outs;
  std::vector<io::Output*> ptrs;
  for (int i = 0; i < 5; ++i) {
    outs.push_back(std::make_unique<io::Output>(d + "/f" + std::to_string(i) + ".csv"));
    outs.back()->write("file " + std::to_string(i) + "\n");
    ptrs.push_back(outs.back().get());
  }
  EXPECT_FALSE(fs::exists(d + "/f0.csv"));
  io::Output::commit_all(ptrs);
  outs.clear();
  for (int i = 0; i < 5; ++i) {
    std::ifstream in(d + "/f" + std::to_string(i) + ".csv");
    std::string s((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(s, "file " + std::to_string(i) + "\n");
  }
  EXPECT_EQ(fs::status(d + "/f1.csv").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 5);
  fs::remove_all(d);
}

// Whole reads and writes through a pipe: a write larger than the pipe holds goes out whole while
// another thread reads it in pieces; a read asks for more than is left and gets what there was at
// the end of the file; a write to a pipe nobody reads is an error that says EPIPE.
TEST(Io, WholeReadsAndWritesThroughAPipe) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::string data(1 << 20, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + i % 23);
  std::thread writer([&] {
    EXPECT_TRUE(qda::io::write_full(fds[1], data));
    ::close(fds[1]);
  });
  std::string got(data.size() + 100, '\0');
  const long first = qda::io::read_full(fds[0], got.data(), 1000);
  const long rest = qda::io::read_full(fds[0], got.data() + 1000, got.size() - 1000);
  writer.join();
  EXPECT_EQ(first, 1000);
  EXPECT_EQ(rest, static_cast<long>(data.size()) - 1000);
  got.resize(data.size());
  EXPECT_EQ(got, data);
  EXPECT_EQ(qda::io::read_full(fds[0], got.data(), 10), 0);  // at the end of the file
  ::close(fds[0]);

  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);
  auto old = std::signal(SIGPIPE, SIG_IGN);
  errno = 0;
  EXPECT_FALSE(qda::io::write_full(fds[1], "nobody reads this"));
  EXPECT_EQ(errno, EPIPE);
  std::signal(SIGPIPE, old);
  ::close(fds[1]);
  EXPECT_EQ(qda::io::read_full(-1, got.data(), 10), -1);
}
