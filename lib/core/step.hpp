// One step's read loop, written once: read each JSON Lines record, dispatch it by kind, pass
// through the kinds the step does not take byte for byte, locate and reject what is wrong
// (stop, or set aside under --on-error=skip), and count in = out + rejected. Every tool that
// reads a stream runs its records through run_step().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.hpp"
#include "core/io.hpp"
#include "core/record.hpp"

namespace qda {

// A record as the loop hands it to a step. The views are valid during the call only.
struct RecordView {
  std::string_view line;                          // as read, without its line end
  const std::vector<FieldParser::Field>& fields;  // its top-level fields, in order
  std::string_view kind;                          // "" when it has no "kind" string
  const Location& where;                          // file and line

  // Raw JSON of a field; nullopt when absent.
  std::optional<std::string_view> raw(std::string_view key) const;
  // A string field; nullopt when absent; DataError naming the key when not a string.
  std::optional<std::string> string(std::string_view key) const;
  // An owning copy, for a step that keeps or edits the record.
  Record record() const;
};

// What a step does with the records of its input.
class Step {
 public:
  // `out` receives the records passed through, and this process's provenance record before
  // the first of them; null for a step that writes no stream (qda-report).
  explicit Step(io::Output* out) : out_(out) {}
  virtual ~Step() = default;

  // Whether the step handles records of this kind. The others pass through (pass()); so do
  // provenance records, unless a step takes them (the loop has compared them already).
  virtual bool takes(std::string_view kind) const = 0;
  // One record of a kind the step takes. A DataError rejects it: the loop adds the file, line
  // and record id, then stops or sets it aside. A ConfigError or an IoError ends the run.
  virtual void record(const RecordView& r) = 0;
  // A record of another kind (provenance records included): written as read. A step that
  // holds records back to keep their order overrides it.
  virtual void pass(std::string_view line) {
    if (out_) out_->line(line);
  }
  // The end of the input: write what was held back.
  virtual void finish() {}

  io::Output* output() const { return out_; }

 private:
  io::Output* out_;
};

struct StepOptions {
  // Stop (ConfigError, status 2) instead of warning when an upstream tool used another version
  // of a configuration file this one loaded (a provenance record with another hash).
  bool strict = false;
};

// Run every record of `in` through `step`, then step.finish(). Before the first record the
// step's output receives (after any provenance records read so far) this process's provenance
// record; upstream provenance records are compared with this process's configuration files
// and a difference is a warning (an error under strict). Blank lines are not records.
void run_step(Step& step, io::LineReader& in, Accounting& acc, const StepOptions& opts = {});

}  // namespace qda
