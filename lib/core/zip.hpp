// ZIP archives (.docx, .qdpx): one reader with the limits every caller needs (an entry's declared
// size, the total unpacked, paths that would leave the archive), and a deterministic writer.
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qda::zip {

// An entry may declare at most 512 MiB, and the entries read from one archive at most 1 GiB in
// all: a zip bomb is refused from the archive's own header, before anything large is allocated.
constexpr std::uint64_t kMaxEntry = 512ull << 20;
constexpr std::uint64_t kMaxTotal = 1ull << 30;

// An archive open for reading. `what` names the kind of file in the message for a file that is
// no ZIP archive ("not a Word document (not a ZIP archive)"). IoError when the file cannot be
// opened; DataError naming the file for anything else.
class Reader {
 public:
  Reader(const std::string& path, const std::string& what);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Entry names in the archive's order.
  std::vector<std::string> names() const;
  // Index of an entry, exactly or else ignoring case; -1 when absent.
  std::int64_t locate(const std::string& name) const;
  // The bytes of entry `index` (`entry` names it in messages). DataError when it declares over
  // kMaxEntry, when the entries read so far would pass kMaxTotal, or when it is damaged.
  std::string read(std::int64_t index, const std::string& entry);
  const std::string& path() const { return path_; }

 private:
  struct Impl;
  std::string path_;
  std::unique_ptr<Impl> z_;
  std::uint64_t total_ = 0;
};

// Whether a path inside an archive would leave it when unpacked (zip slip): absolute, a drive
// letter, or a ".." part (with '/' or '\' between parts).
bool unsafe_path(std::string_view p);

struct Entry {
  std::string name, data;
};
// An archive of `entries` in their order, deflated, every entry dated `mtime` (local DOS time
// of that instant in UTC), with no extra fields: the same entries give the same bytes.
// DataError when libzip fails.
std::string write(const std::vector<Entry>& entries, std::time_t mtime);

}  // namespace qda::zip
