// Shared flags and the error-to-exit-status mapping of every tool.
#include "core/cli.hpp"

#include <csignal>
#include <iostream>

#include <qda/version.hpp>
#include <simdjson.h>
#include <yaml-cpp/exceptions.h>

#include "core/error.hpp"
#include "core/provenance.hpp"

namespace qda::cli {

void add_common(CLI::App& app, CommonOptions& o, bool positional, const std::string& example, bool reads_stream) {
  if (positional) app.add_option("inputs", o.inputs, "input files (none or '-' = standard input)");
  app.add_option("-o,--output", o.output, "write to FILE atomically (default: standard output)");
  app.add_flag("-q,--quiet", o.quiet, "print nothing but errors");
  app.add_flag("-v,--verbose", o.verbose, "print more detail, and the in/out/rejected counts");
  app.add_option("--on-error", o.on_error, "fail: stop at the first bad input; skip: set it aside and go on")
      ->check(CLI::IsMember({"fail", "skip"}));
  app.add_option("--rejects", o.rejects, "with --on-error=skip: write each rejected input here (JSON Lines)");
  if (reads_stream)
    app.add_flag("--strict", o.strict,
                 "stop (status 2) when the stream says an upstream tool used another version of a configuration file\n"
                 "given here; and end with status 1 when something did not reach the analysis (the warnings that\n"
                 "write note records: a doc with no episode, a participant with no narrative)");
  app.set_version_flag("--version", std::string(QDA_VERSION));
  app.footer("Example:\n" + example +
             "\nExit status: 0 success, 1 bad data or unreadable/unwritable file, 2 bad command line or configuration.");
}

int run(const std::string& tool, CLI::App& app, const CommonOptions& opts, int argc, char** argv,
        const std::function<int()>& body) {
  std::signal(SIGPIPE, SIG_IGN);  // EPIPE arrives as a write error and ends the tool quietly
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion&) {
    std::cout << tool << " " << QDA_VERSION << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    std::cerr << tool << ": error: " << e.what() << "\n" << tool << ": run '" << tool << " --help' for usage\n";
    return static_cast<int>(Exit::usage);
  }
  diag::setup(tool, opts.verbosity());
  // The arguments as given, except the number of threads: -j never changes the output, so the
  // provenance record (and with it the stream) is the same bytes for any -j.
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "-j" || a == "--jobs") { ++i; continue; }
    if ((a.size() > 2 && a.rfind("-j", 0) == 0 && a[2] >= '0' && a[2] <= '9') || a.rfind("--jobs=", 0) == 0) continue;
    args.emplace_back(a);
  }
  provenance::start(tool, std::move(args));
  try {
    if (!opts.rejects.empty() && opts.on_error != "skip")
      throw UsageError("--rejects needs --on-error=skip");
    return body();
  } catch (const BrokenPipe&) {
    return 0;
  } catch (const Error& e) {
    std::cerr << tool << ": error: " << e.describe() << "\n";
    return static_cast<int>(e.exit_code());
  } catch (const std::bad_alloc&) {
    std::cerr << tool << ": error: out of memory\n";
    return static_cast<int>(Exit::data);
  } catch (const YAML::Exception& e) {
    // A configuration file the loaders did not foresee: still a configuration error.
    std::cerr << tool << ": error: configuration: " << e.what() << "\n";
    return static_cast<int>(Exit::usage);
  } catch (const simdjson::simdjson_error& e) {
    std::cerr << tool << ": error: invalid JSON: " << e.what() << "\n";
    return static_cast<int>(Exit::data);
  } catch (const std::exception& e) {
    // Nothing aborts: whatever a lower layer throws ends in a status and a message.
    std::cerr << tool << ": error: " << e.what() << "\n";
    return static_cast<int>(Exit::data);
  }
}

}  // namespace qda::cli
