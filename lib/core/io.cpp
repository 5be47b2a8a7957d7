// POSIX-level input and output: large blocks, EPIPE as a quiet end, atomic rename.
#include "core/io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include "core/text.hpp"

namespace qda::io {

namespace {
std::string errno_text() { return std::strerror(errno); }

// The temporary files of outputs not yet committed, for the signal handler to remove: fixed
// buffers, since a handler may not allocate.
constexpr int kMaxTemps = 8;
char g_temps[kMaxTemps][4096];
volatile std::sig_atomic_t g_used[kMaxTemps];

extern "C" void remove_temps_and_die(int sig) {
  for (int i = 0; i < kMaxTemps; ++i)
    if (g_used[i]) ::unlink(g_temps[i]);
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Makes the temporary file of `tmpl` (ending in XXXXXX; the name made is written back) with
// mkstemp, in a slot the signal handler reads: the handler is installed and the slot taken before
// the file exists, so a signal at any moment leaves no file behind (a SIGTERM between mkstemp
// and the registration once left one under a loaded test run). The file descriptor, or -1.
int make_temp(std::string& tmpl) {
  static const bool installed = [] {
    struct sigaction sa {};
    sa.sa_handler = remove_temps_and_die;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      // A signal the caller ignores (nohup) stays ignored.
      if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler != SIG_IGN) ::sigaction(sig, &sa, nullptr);
    }
    return true;
  }();
  (void)installed;
  // The name is made in a free slot; with none (more outputs at once than kMaxTemps, or a path
  // longer than a slot) in a buffer of its own, and the file is not removed by a signal.
  int slot = -1;
  if (tmpl.size() < sizeof g_temps[0])
    for (int i = 0; i < kMaxTemps && slot < 0; ++i)
      if (!g_used[i]) slot = i;
  std::vector<char> own;
  char* name = nullptr;
  if (slot >= 0) {
    std::memcpy(g_temps[slot], tmpl.c_str(), tmpl.size() + 1);
    g_used[slot] = 1;
    name = g_temps[slot];
  } else {
    own.assign(tmpl.c_str(), tmpl.c_str() + tmpl.size() + 1);
    name = own.data();
  }
  const int fd = ::mkstemp(name);
  if (fd < 0 && slot >= 0) g_used[slot] = 0;
  if (fd >= 0) tmpl.assign(name);
  return fd;
}

void unregister_temp(const std::string& path) {
  for (int i = 0; i < kMaxTemps; ++i)
    if (g_used[i] && path == g_temps[i]) g_used[i] = 0;
}

// Where `path` leads through its symbolic links (itself when it is none).
std::string follow_links(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path p = path;
  std::error_code ec;
  for (int i = 0; i < 40 && fs::is_symlink(fs::symlink_status(p, ec)); ++i) {
    fs::path t = fs::read_symlink(p, ec);
    if (ec) break;
    p = t.is_absolute() ? t : p.parent_path() / t;
  }
  return p.string();
}
}  // namespace

void enlarge_pipe(int fd) {
#ifdef F_SETPIPE_SZ
  (void)fcntl(fd, F_SETPIPE_SZ, 1 << 20);
#else
  (void)fd;
#endif
}

void require_utf8(std::string_view text, const std::string& file) {
  std::size_t bad = text::first_invalid_utf8(text);
  if (bad == std::string_view::npos) return;
  auto [line, column] = text::line_column(text, bad);
  throw ConfigError("not UTF-8 (byte 0x" + text::hex_byte(static_cast<unsigned char>(text[bad])) +
                        "): save the file as UTF-8 (an editor's 'ANSI' or 'Western' is windows-1252)",
                    Location{file, line, column});
}

long read_full(int fd, char* to, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, to + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  return static_cast<long>(got);
}

bool write_full(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string read_file(const std::string& path) {
  int fd = 0;
  bool own = false;
  if (path != "-") {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw IoError("cannot open: " + errno_text(), Location{path});
    own = true;
  }
  // Read straight into the string, sized from the file's length when it has one.
  std::string data;
  std::size_t len = 0, want = std::size_t{1} << 16;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) want = static_cast<std::size_t>(st.st_size) + 1;
  for (;;) {
    if (data.size() == len) data.resize(std::max(want, 2 * data.size()));
    ssize_t n = ::read(fd, data.data() + len, data.size() - len);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      if (own) ::close(fd);
      errno = e;
      throw IoError("cannot read: " + errno_text(), Location{path == "-" ? "<stdin>" : path});
    }
    if (n == 0) break;
    len += static_cast<std::size_t>(n);
  }
  data.resize(len);
  if (own) ::close(fd);
  return data;
}

LineReader::LineReader(std::vector<std::string> inputs) : inputs_(std::move(inputs)), buf_((1 << 20) + kPadding) {
  if (inputs_.empty()) inputs_.push_back("-");
}

std::unique_ptr<LineReader> LineReader::in_memory(std::string_view text, std::string name) {
  return std::unique_ptr<LineReader>(new LineReader(text, std::move(name), true));
}

LineReader::LineReader(std::string_view text, std::string name, bool) {
  // The whole input is already in the buffer: no descriptor to read (fd 0 is never read, since
  // eof_ is set) and no further input to open.
  fd_ = 0;
  name_ = std::move(name);
  end_ = text.size();
  buf_.reserve(end_ + kPadding);
  buf_.assign(text.begin(), text.end());
  buf_.resize(end_ + kPadding);
  eof_ = true;
}

LineReader::~LineReader() {
  if (own_fd_ && fd_ >= 0) ::close(fd_);
}

bool LineReader::open_next() {
  if (own_fd_ && fd_ >= 0) ::close(fd_);
  fd_ = -1;
  own_fd_ = false;
  if (next_input_ >= inputs_.size()) return false;
  const std::string& path = inputs_[next_input_++];
  if (path == "-") {
    fd_ = 0;
    name_ = "<stdin>";
    enlarge_pipe(0);
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw IoError("cannot open: " + errno_text(), Location{path});
    own_fd_ = true;
    name_ = path;
  }
  line_no_ = 0;
  begin_ = end_ = 0;
  eof_ = false;
  return true;
}

bool LineReader::fill() {
  if (eof_) return false;
  for (;;) {
    ssize_t n = ::read(fd_, buf_.data(), buf_.size() - kPadding);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError("cannot read: " + errno_text(), Location{name_});
    }
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
    if (n == 0) eof_ = true;
    return n > 0;
  }
}

bool LineReader::next_record(std::string_view& line) {
  while (next(line))
    if (!text::trim(line).empty()) return true;
  return false;
}

// Appends to the line being carried over reads, with kPadding bytes of room after it (and room
// to grow that doubles, so a long line is copied a few times only).
void LineReader::append_carry(const char* p, std::size_t n) {
  std::size_t need = carry_.size() + n + kPadding;
  if (carry_.capacity() < need) carry_.reserve(std::max(need, 2 * carry_.capacity()));
  carry_.append(p, n);
}

bool LineReader::next(std::string_view& line) {
  for (;;) {
    if (fd_ < 0 && !open_next()) return false;
    carry_.clear();
    bool have_carry = false;
    for (;;) {
      if (begin_ < end_) {
        const char* start = buf_.data() + begin_;
        const void* nl = std::memchr(start, '\n', end_ - begin_);
        if (nl) {
          std::size_t len = static_cast<const char*>(nl) - start;
          begin_ += len + 1;
          ++line_no_;
          if (have_carry) { append_carry(start, len); line = carry_; }
          else line = std::string_view(start, len);
          if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
          return true;
        }
        append_carry(start, end_ - begin_);
        have_carry = true;
        begin_ = end_;
      }
      if (!fill()) break;
    }
    if (have_carry && !carry_.empty()) {  // last line without "\n"
      ++line_no_;
      line = carry_;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return true;
    }
    if (!open_next()) return false;
  }
}

Output::Output(const std::string& path) : path_(path == "-" ? "" : path) {
  buf_.reserve(kFlushAt + (1 << 16));
  if (path_.empty()) {
    fd_ = 1;
    enlarge_pipe(1);
    return;
  }
  target_ = follow_links(path_);
  struct stat st {};
  if (::stat(target_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw IoError("cannot write: it is a directory", Location{path_});
    if (!S_ISREG(st.st_mode)) {  // a FIFO, a device, a socket: never replaced by a file
      fd_ = ::open(target_.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd_ < 0) throw IoError("cannot write: " + errno_text(), Location{path_});
      direct_ = true;
      return;
    }
    mode_ = st.st_mode & 07777;
    uid_ = static_cast<int>(st.st_uid), gid_ = static_cast<int>(st.st_gid);
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode_ = 0666 & ~mask;
  }
  std::filesystem::path target(target_);
  std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  tmp_ = dir + "/." + target.filename().string() + ".tmpXXXXXX";
  fd_ = make_temp(tmp_);
  if (fd_ < 0) throw IoError("cannot write: " + errno_text(), Location{path_});
}

Output::~Output() {
  if (!path_.empty() && fd_ >= 0) {
    ::close(fd_);
    if (!committed_ && !direct_) ::unlink(tmp_.c_str());
  }
  if (!tmp_.empty()) unregister_temp(tmp_);
}

void Output::flush() {
  write_all(buf_);
  buf_.clear();
}

void Output::write_through(std::string_view s) {
  flush();
  write_all(s);
}

void Output::write_all(std::string_view s) {
  if (write_full(fd_, s)) return;
  if (errno == EPIPE) { buf_.clear(); throw BrokenPipe(); }
  throw IoError("cannot write: " + errno_text(), Location{path_.empty() ? "<stdout>" : path_});
}

void Output::commit() {
  flush();
  if (path_.empty() || committed_ || direct_) return;
  // The replaced file's owner stays when we may set it (as root); its permissions always.
  if (uid_ >= 0 && ::geteuid() == 0) (void)::fchown(fd_, static_cast<uid_t>(uid_), static_cast<gid_t>(gid_));
  if (::fchmod(fd_, static_cast<mode_t>(mode_)) != 0 || ::fsync(fd_) != 0 || ::close(fd_) != 0) {
    fd_ = -1;
    ::unlink(tmp_.c_str());
    throw IoError("cannot write: " + errno_text(), Location{path_});
  }
  fd_ = -1;
  if (::rename(tmp_.c_str(), target_.c_str()) != 0) {
    ::unlink(tmp_.c_str());
    unregister_temp(tmp_);
    throw IoError("cannot rename into place: " + errno_text(), Location{path_});
  }
  unregister_temp(tmp_);
  committed_ = true;
}

void Output::commit_all(const std::vector<Output*>& outs) {
  std::vector<Output*> pending;
  for (Output* o : outs) {
    if (o->path_.empty() || o->committed_ || o->direct_) {
      o->commit();
      continue;
    }
    o->flush();
    if (o->uid_ >= 0 && ::geteuid() == 0) (void)::fchown(o->fd_, static_cast<uid_t>(o->uid_), static_cast<gid_t>(o->gid_));
    if (::fchmod(o->fd_, static_cast<mode_t>(o->mode_)) != 0) throw IoError("cannot write: " + errno_text(), Location{o->path_});
    pending.push_back(o);
  }
  if (pending.empty()) return;
  // Every file's data and metadata reach the disk before any is renamed into place. (A file
  // not yet closed is removed by its destructor if this throws.)
  if (::syncfs(pending.front()->fd_) != 0) throw IoError("cannot write: " + errno_text(), Location{pending.front()->path_});
  for (Output* o : pending) {
    const int fd = o->fd_;
    o->fd_ = -1;
    if (::close(fd) != 0 || ::rename(o->tmp_.c_str(), o->target_.c_str()) != 0) {
      std::string what = errno_text();
      ::unlink(o->tmp_.c_str());
      throw IoError("cannot write: " + what, Location{o->path_});
    }
    unregister_temp(o->tmp_);
    o->committed_ = true;
  }
}

}  // namespace qda::io
