// ZIP archives with libzip: reading within limits (shared by the DOCX and REFI-QDA readers), and
// writing in memory with fixed dates so that an archive is reproducible.
#include "core/zip.hpp"

#include <zip.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace qda::zip {

namespace {

Location in_file(const std::string& path) { return Location{path}; }

std::string error_text(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string s = zip_error_strerror(&e);
  zip_error_fini(&e);
  return s;
}

}  // namespace

struct Reader::Impl {
  zip_t* z = nullptr;
  ~Impl() {
    if (z) zip_discard(z);
  }
};

Reader::Reader(const std::string& path, const std::string& what) : path_(path), z_(std::make_unique<Impl>()) {
  int err = 0;
  z_->z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!z_->z) {
    // A file that is there but is no ZIP archive is bad data; one we cannot read is I/O.
    if (err == ZIP_ER_NOZIP || err == ZIP_ER_INCONS) throw DataError("not a " + what + " (not a ZIP archive)", in_file(path));
    throw IoError("cannot open: " + error_text(err), in_file(path));
  }
}

Reader::~Reader() = default;

std::vector<std::string> Reader::names() const {
  std::vector<std::string> out;
  zip_int64_t n = zip_get_num_entries(z_->z, 0);
  for (zip_int64_t i = 0; i < n; ++i)
    if (const char* s = zip_get_name(z_->z, static_cast<zip_uint64_t>(i), 0)) out.emplace_back(s);
  return out;
}

std::int64_t Reader::locate(const std::string& name) const {
  zip_int64_t i = zip_name_locate(z_->z, name.c_str(), 0);
  if (i < 0) i = zip_name_locate(z_->z, name.c_str(), ZIP_FL_NOCASE);
  return i;
}

std::string Reader::read(std::int64_t index, const std::string& entry) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (index < 0 || zip_stat_index(z_->z, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    throw DataError("cannot read " + entry + " in the archive", in_file(path_));
  // The size comes from the archive's own header: a damaged or hostile one must not make us
  // allocate gigabytes.
  if (st.size > kMaxEntry) throw DataError(entry + " is too large (over 512 MiB)", in_file(path_));
  if (total_ + st.size > kMaxTotal) throw DataError("the archive unpacks to more than 1 GiB", in_file(path_));
  total_ += st.size;
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen_index(z_->z, static_cast<zip_uint64_t>(index), 0), zip_fclose);
  if (!f) throw DataError("cannot read " + entry + " (" + zip_strerror(z_->z) + ")", in_file(path_));
  std::string data(static_cast<std::size_t>(st.size), '\0');
  zip_int64_t got = 0;
  while (got < static_cast<zip_int64_t>(data.size())) {
    zip_int64_t n = zip_fread(f.get(), data.data() + got, data.size() - static_cast<std::size_t>(got));
    if (n < 0) throw DataError("damaged archive (" + entry + ": " + zip_file_strerror(f.get()) + ")", in_file(path_));
    if (n == 0) break;
    got += n;
  }
  data.resize(static_cast<std::size_t>(got));
  return data;
}

bool unsafe_path(std::string_view p) {
  if (p.empty() || p.front() == '/' || p.front() == '\\' || (p.size() > 1 && p[1] == ':')) return true;
  std::string s(p);
  std::replace(s.begin(), s.end(), '\\', '/');
  for (std::string_view part : text::split(s, '/'))
    if (part == "..") return true;
  return false;
}

std::string write(const std::vector<Entry>& entries, std::time_t mtime) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  if (!src) throw DataError(std::string("cannot make a ZIP archive: ") + zip_error_strerror(&err));
  zip_source_keep(src);
  std::unique_ptr<zip_source_t, void (*)(zip_source_t*)> keep(src, zip_source_free);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  if (!z) throw DataError(std::string("cannot make a ZIP archive: ") + zip_error_strerror(&err));
  auto fail = [&](const std::string& what) {
    std::string msg = "cannot make a ZIP archive (" + what + "): " + zip_strerror(z);
    zip_discard(z);
    throw DataError(msg);
  };
  // DOS date and time of `mtime` in UTC (the format has no zone), 1980 at the earliest.
  std::tm tm{};
  gmtime_r(&mtime, &tm);
  if (tm.tm_year < 80) tm = std::tm{0, 0, 0, 1, 0, 80, 0, 0, 0, 0, nullptr};
  auto dos_time = static_cast<zip_uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  auto dos_date = static_cast<zip_uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
  for (const auto& e : entries) {
    zip_source_t* data = zip_source_buffer(z, e.data.data(), e.data.size(), 0);  // read at zip_close
    if (!data) fail(e.name);
    zip_int64_t i = zip_file_add(z, e.name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (i < 0) {
      zip_source_free(data);
      fail(e.name);
    }
    auto idx = static_cast<zip_uint64_t>(i);
    if (zip_set_file_compression(z, idx, ZIP_CM_DEFLATE, 9) != 0 || zip_file_set_dostime(z, idx, dos_time, dos_date, 0) != 0)
      fail(e.name);
  }
  if (zip_close(z) != 0) fail("writing");
  if (zip_source_open(src) != 0) throw DataError("cannot read back the ZIP archive made");
  std::string out;
  char buf[1 << 16];
  for (zip_int64_t n; (n = zip_source_read(src, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  zip_source_close(src);
  return out;
}

}  // namespace qda::zip
