// Files and streams: a line reader that knows where it is, an atomic buffered output,
// whole-file reads, and pipe tuning.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace qda::io {

// Read a whole file ("-" = standard input) as bytes. IoError naming the file on failure.
std::string read_file(const std::string& path);

// Whole reads and writes on a descriptor, going on after a short transfer or an interrupted call
// (EINTR). read_full: the bytes read, fewer than `n` only at the end of the file, -1 on an error
// (errno says which). write_full: false on an error (errno says which: EPIPE for a closed pipe).
long read_full(int fd, char* to, std::size_t n);
bool write_full(int fd, std::string_view data);

// A configuration file's text (YAML, a lexicon) must be UTF-8: ConfigError naming FILE:LINE:COL
// of the first byte that is not, and how to fix it (an editor's "ANSI" is windows-1252).
void require_utf8(std::string_view text, const std::string& file);

// Enlarge the pipe buffer of a descriptor to 1 MiB when it is a pipe; failure is ignored.
void enlarge_pipe(int fd);

// Reads lines from a list of inputs in order ("-" or an empty list = standard input).
// Lines are returned without their "\n" (and without a final "\r").
class LineReader {
 public:
  explicit LineReader(std::vector<std::string> inputs);
  // Lines of a text in memory, named `name` in locations (tests, and records built in memory).
  static std::unique_ptr<LineReader> in_memory(std::string_view text, std::string name);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Next line, or false at the end of the last input. The view is valid until the next call,
  // and at least kPadding bytes after it are the reader's to read (whatever they hold), so a
  // parser that reads ahead (simdjson) can parse the line where it lies rather than a copy.
  bool next(std::string_view& line);
  static constexpr std::size_t kPadding = 64;
  // Next line that is not blank (white space only): the next record of a JSON Lines stream.
  bool next_record(std::string_view& line);
  // Name of the current input ("<stdin>" for standard input) and 1-based line number.
  const std::string& file() const { return name_; }
  long line_no() const { return line_no_; }
  Location where() const { return Location{name_, line_no_}; }

 private:
  LineReader(std::string_view text, std::string name, bool in_memory);
  bool open_next();
  bool fill();
  void append_carry(const char* p, std::size_t n);
  std::vector<std::string> inputs_;
  std::size_t next_input_ = 0;
  int fd_ = -1;
  bool own_fd_ = false;
  std::string name_;
  long line_no_ = 0;
  std::vector<char> buf_;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = true;
  std::string carry_;
};

// Buffered output to standard output or to a file written atomically: the data go to a
// temporary file beside the target, renamed over it by commit(). Destroying an output that
// was not committed removes the temporary file, and so does SIGINT, SIGTERM or SIGHUP before
// the process ends by that signal. A file replaced keeps its permissions (a 0600 corpus stays
// 0600; a new file gets 0666 less the umask); a symbolic link is followed and stays a link; a
// FIFO, a device or a socket is written directly, never replaced by a regular file. Writing
// to a closed pipe throws BrokenPipe.
class Output {
 public:
  // path "" or "-" = standard output.
  explicit Output(const std::string& path);
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void write(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= kFlushAt) flush();
  }
  // Write a record line: `s` followed by "\n".
  void line(std::string_view s) { write(s); buf_ += '\n'; if (buf_.size() >= kFlushAt) flush(); }
  void flush();
  // Write what is buffered, then `s` straight to the file: the same bytes as write(s), for a
  // caller that buffers its own output (it is not held twice).
  void write_through(std::string_view s);
  // Flush, sync and rename into place (a no-op rename for standard output).
  void commit();
  // commit() of each, with one sync of the file system for all of them instead of an fsync
  // each: as durable, for a directory of many small files (a CSV report of a table per
  // participant). Outputs to standard output or written in place commit as alone.
  static void commit_all(const std::vector<Output*>& outs);
  const std::string& path() const { return path_; }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  void write_all(std::string_view s);
  std::string path_, tmp_;
  std::string target_;  // the file renamed over: path_, or where its symbolic links lead
  int fd_ = -1;
  bool committed_ = false;
  bool direct_ = false;  // a FIFO, device or socket: written in place
  unsigned mode_ = 0644;
  int uid_ = -1, gid_ = -1;  // of the file replaced, kept when we may
  std::string buf_;
};

}  // namespace qda::io
