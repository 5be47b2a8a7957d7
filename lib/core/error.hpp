// Typed errors of the qda library; each carries the input position and maps to an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace qda {

// Exit statuses of CONVENTIONS.md: 0 success, 1 bad data or I/O, 2 bad command line or config.
enum class Exit : int { ok = 0, data = 1, usage = 2 };

// Where something went wrong. Empty file / zero line or column mean "unknown" and are omitted.
struct Location {
  Location() = default;
  Location(std::string f, long l = 0, long c = 0, std::string rec = {})
      : file(std::move(f)), line(l), column(c), record(std::move(rec)) {}

  std::string file;
  long line = 0;
  long column = 0;
  std::string record;  // record or row id, when known
  std::string key;     // configuration key at fault, when known

  // "file:line:col" with the unknown parts left out ("" when nothing is known).
  std::string str() const;
};

// Base of every error the library throws on purpose.
class Error : public std::runtime_error {
 public:
  Error(Exit code, std::string message, Location where = {});
  Exit exit_code() const { return code_; }
  const Location& where() const { return where_; }
  const std::string& message() const { return message_; }
  // "FILE:LINE:COL: message" as printed after "qda-tool: error: ".
  std::string describe() const;
  // Add position information a lower layer did not know (fills only empty parts).
  void locate(const Location& outer);

 private:
  Exit code_;
  std::string message_;
  Location where_;
};

// The input data is wrong (a malformed row, an invalid record): exit 1.
struct DataError : Error {
  explicit DataError(std::string message, Location where = {}) : Error(Exit::data, std::move(message), std::move(where)) {}
};
// A file could not be read or written: exit 1.
struct IoError : Error {
  explicit IoError(std::string message, Location where = {}) : Error(Exit::data, std::move(message), std::move(where)) {}
};
// A configuration file (study, codebook, markers) is wrong: exit 2.
struct ConfigError : Error {
  explicit ConfigError(std::string message, Location where = {}) : Error(Exit::usage, std::move(message), std::move(where)) {}
};
// The command line is wrong: exit 2.
struct UsageError : Error {
  explicit UsageError(std::string message, Location where = {}) : Error(Exit::usage, std::move(message), std::move(where)) {}
};
// The reader of our output went away (EPIPE): the tool ends quietly with status 0.
struct BrokenPipe : std::exception {
  const char* what() const noexcept override { return "broken pipe"; }
};

}  // namespace qda
