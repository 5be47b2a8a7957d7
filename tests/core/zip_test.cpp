// The ZIP reader and writer of core/zip: an archive written is read back the same, the same
// entries give the same bytes, and what would leave the archive or is no archive is refused.
#include "core/zip.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"

using namespace qda;
namespace fs = std::filesystem;

namespace {
std::string scratch(const std::string& name, const std::string& bytes) {
  auto p = fs::temp_directory_path() / ("qda_zip_test_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p, std::ios::binary) << bytes;
  return p.string();
}
}  // namespace

TEST(Zip, WrittenThenReadBack) {
  std::vector<zip::Entry> entries{{"project.qde", "<Project/>\n"}, {"Sources/a.txt", std::string(100000, 'a') + "ñ"}};
  std::string bytes = zip::write(entries, 0);
  EXPECT_EQ(bytes, zip::write(entries, 0));          // the same bytes every time
  EXPECT_NE(bytes, zip::write(entries, 1700000000));  // the date is in the entries
  std::string path = scratch("a.zip", bytes);
  zip::Reader r(path, "test archive");
  EXPECT_EQ(r.names(), (std::vector<std::string>{"project.qde", "Sources/a.txt"}));
  EXPECT_EQ(r.locate("sources/A.TXT"), 1);  // ignoring case when not found exactly
  EXPECT_EQ(r.locate("absent"), -1);
  EXPECT_EQ(r.read(1, "Sources/a.txt"), entries[1].data);
  EXPECT_THROW(r.read(7, "absent"), DataError);
  fs::remove(path);
}

TEST(Zip, NoArchiveIsRefusedByName) {
  std::string path = scratch("no.zip", "<Project/>\n");
  try {
    zip::Reader r(path, "Word document");
    FAIL() << "not refused";
  } catch (const DataError& e) {
    EXPECT_EQ(e.message(), "not a Word document (not a ZIP archive)");
  }
  fs::remove(path);
  EXPECT_THROW(zip::Reader(path, "x"), IoError);
}

TEST(Zip, UnsafePaths) {
  EXPECT_TRUE(zip::unsafe_path("../etc/passwd"));
  EXPECT_TRUE(zip::unsafe_path("a/../../b"));
  EXPECT_TRUE(zip::unsafe_path("a\\..\\b"));
  EXPECT_TRUE(zip::unsafe_path("/etc/passwd"));
  EXPECT_TRUE(zip::unsafe_path("C:\\x"));
  EXPECT_TRUE(zip::unsafe_path(""));
  EXPECT_FALSE(zip::unsafe_path("sources/a..b.txt"));
  EXPECT_FALSE(zip::unsafe_path("a.txt"));
}
