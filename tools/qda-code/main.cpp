// qda-code: unit records in, the same records with `codes` out, from the codebook's rules and people's codings.
#include "model/codebook.hpp"
#include "code/coder.hpp"
#include "core/cli.hpp"

namespace {
const char* kExample = R"(  qda-code -c codebook.yaml units.jsonl -o coded.jsonl
  qda-segment corpus.jsonl | qda-code -c codebook.yaml --codings ana.jsonl --codings luis.csv
  qda-code -c codebook.yaml --compare coded-v1.jsonl units.jsonl -o coded-v2.jsonl
  qda-ingest project.qdpx | qda-segment | qda-code -c project.qdpx --codings project.qdpx --mode human
)";
}

int main(int argc, char** argv) {
  using namespace qda;
  CLI::App app{"Apply a codebook to unit records: its rules (words, stems, regular expressions, NEAR, with\n"
               "negation and scope) and the codings people made, re-anchored to the current units.\n"
               "Writes each unit with `codes`; other records pass through unchanged and in order.",
               "qda-code"};
  cli::CommonOptions common;
  cli::add_common(app, common, true, kExample);
  std::string codebook;
  code::Options opts;
  app.add_option("-c,--codebook", codebook, "the codebook (YAML, see corpus-schema/codebook.md; or REFI-QDA .qdc/.qdpx: codes without rules)")->required();
  app.add_option("--codings", opts.codings, "codings made by people (JSON Lines or CSV: coder, doc, span|unit|quote, code, memo; see corpus-schema/codings.md; or a REFI-QDA .qdpx)")
      ->allow_extra_args(false);
  app.add_option("--source", opts.refi_source, "the source prefix qda-ingest gave a .qdpx given to --codings (default E)");
  app.add_option("--compare", opts.compare, "a previous output of qda-code: also write `change` records (each application gained or lost,\n"
                 "per rule and per coder) and a summary");
  app.add_option("--mode", opts.mode, "auto: rules only; human: codings only; both (default)")
      ->check(CLI::IsMember({"auto", "human", "both"}));
  bool print_codebook = false;
  app.add_flag("--print-codebook", print_codebook, "write the validated codebook as one JSON object and stop (for scripts)");

  return cli::run("qda-code", app, common, argc, argv, [&]() -> int {
    if (opts.mode == "human" && opts.codings.empty()) throw UsageError("--mode human needs --codings");
    code::Codebook cb = model::load_codebook(codebook);
    io::Output out(common.output);
    if (print_codebook) {  // the model alone, not a stream
      out.line(model::to_json(cb));
      return out.commit(), 0;
    }
    Accounting acc(common.on_error_mode(), common.rejects);
    opts.strict = common.strict;
    code::Result r = code::run(cb, opts, common.inputs, out, acc);
    out.commit();
    code::log_result(r, opts);
    acc.finish(common.verbosity());
    return 0;
  });
}
