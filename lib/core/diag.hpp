// Diagnostics: the one stderr log sink the tool configures, the rejects file, and the
// records-in / out / rejected accounting.
#pragma once

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/io.hpp"

namespace qda {

enum class Verbosity { quiet, normal, verbose };

namespace diag {
// Point the default logger at stderr with lines "qda-tool: warning: ...", "qda-tool: ..."
// (info) and "qda-tool: error: ...". Quiet keeps errors only; verbose adds debug lines.
void setup(std::string_view tool, Verbosity v);
// The tool's name as set up ("qda" before setup).
const std::string& tool_name();
}  // namespace diag

// What to do with a bad input record or row.
enum class OnError { fail, skip };

// Counts the input and decides, for each bad input, whether to stop or to set it aside.
// Under skip each rejected input goes to the rejects file as one JSON line
// {"file":…,"line":…,"reason":…,"input":"<the input, verbatim>"} (or to the log when no
// rejects file was given), so records in = records out + records rejected, always.
class Accounting {
 public:
  Accounting(OnError mode, const std::string& rejects_path);
  ~Accounting();
  void count_in(long n = 1) { in_ += n; }
  void count_out(long n = 1) { out_ += n; }
  // Under fail: rethrows `e` (after adding `where`). Under skip: records the rejection.
  void reject(const Error& e, std::string_view input);
  long in() const { return in_; }
  long out() const { return out_; }
  long rejected() const { return rejected_; }
  OnError mode() const { return mode_; }
  // Commit the rejects file; log "in N, out M, rejected K" when verbose or anything was rejected.
  void finish(Verbosity v);

 private:
  OnError mode_;
  std::unique_ptr<io::Output> rejects_;
  long in_ = 0, out_ = 0, rejected_ = 0;
};

}  // namespace qda
