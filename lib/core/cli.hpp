// The command-line dialect every tool speaks: shared flags defined once, and one place that
// maps errors to messages and exit statuses.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "core/diag.hpp"

namespace qda::cli {

struct CommonOptions {
  std::vector<std::string> inputs;  // positional; empty = standard input
  std::string output;               // -o; "" = standard output
  bool quiet = false;
  bool verbose = false;
  std::string on_error = "fail";
  std::string rejects;
  bool strict = false;  // --strict: an upstream tool's other configuration stops the run

  Verbosity verbosity() const { return quiet ? Verbosity::quiet : verbose ? Verbosity::verbose : Verbosity::normal; }
  OnError on_error_mode() const { return on_error == "skip" ? OnError::skip : OnError::fail; }
};

// Adds -o, -q, -v, --on-error, --rejects, --version and, when `positional` is set, the
// input files; --strict when the tool reads a stream of records. `example` is the worked
// example shown at the end of --help.
void add_common(CLI::App& app, CommonOptions& opts, bool positional, const std::string& example,
                bool reads_stream = true);

// Parses the command line, sets up diagnostics and runs `body`, mapping what happens to
// the exit statuses of CONVENTIONS.md: help/version 0; a CLI11 or UsageError/ConfigError 2;
// DataError/IoError 1; a closed downstream pipe 0 and silent; any other exception (yaml-cpp's 2,
// simdjson's and the standard library's 1) a message, never an abort. Returns the exit status.
int run(const std::string& tool, CLI::App& app, const CommonOptions& opts, int argc, char** argv,
        const std::function<int()>& body);

}  // namespace qda::cli
