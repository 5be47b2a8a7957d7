// qda-code: unit records in, the same records with `codes` out, from the codebook's rules and people's codings.
#include "model/codebook.hpp"
#include "code/coder.hpp"
#include "core/cli.hpp"

namespace {
const char* kExample = R"(  qda-code -c codebook.yaml units.jsonl -o coded.jsonl
  qda-segment corpus.jsonl | qda-code -c codebook.yaml --codings ana.jsonl --codings luis.csv
  qda-code -c codebook.yaml --compare coded-v1.jsonl units.jsonl -o coded-v2.jsonl
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
  app.add_option("-c,--codebook", codebook, "the codebook (YAML, see corpus-schema/codebook.md)")->required();
  app.add_option("--codings", opts.codings, "codings made by people (JSON Lines or CSV: coder, doc, span|unit|quote, code, memo; see corpus-schema/codings.md)")
      ->allow_extra_args(false);
  app.add_option("--compare", opts.compare, "a previous output of qda-code: also write `change` records and a summary");
  app.add_option("--mode", opts.mode, "auto: rules only; human: codings only; both (default)")
      ->check(CLI::IsMember({"auto", "human", "both"}));

  return cli::run("qda-code", app, common, argc, argv, [&]() -> int {
    if (opts.mode == "human" && opts.codings.empty()) throw UsageError("--mode human needs --codings");
    code::Codebook cb = model::load_codebook(codebook);
    io::Output out(common.output);
    Accounting acc(common.on_error_mode(), common.rejects);
    code::Result r = code::run(cb, opts, common.inputs, out, acc);
    out.commit();
    spdlog::debug("{} patterns compiled in {:.1f} ms; {} units, {} coded, {} code applications", r.patterns,
                  r.compile_ms, r.units, r.coded_units, r.applications);
    if (r.set_aside > r.outside_passage + r.beside)
      spdlog::debug("exclusive dimensions: {} rule applications set aside for another code of their dimension",
                    r.set_aside - r.outside_passage - r.beside);
    if (r.outside_passage > 0)
      spdlog::debug("passages: {} rule applications set aside outside the passage that tells their dimension",
                    r.outside_passage);
    if (r.beside > 0)
      spdlog::debug("sets_aside: {} rule applications set aside beside a code that sets their dimension aside",
                    r.beside);
    if (!opts.codings.empty()) spdlog::debug("codings: {} read, {} anchored", r.codings, r.codings_anchored);
    if (r.compare.active) {
      const auto& c = r.compare;
      spdlog::info("compare: {} codes gained, {} lost, {} of {} units affected", c.gained, c.lost, c.units_affected, c.units);
      for (const auto& [code, gl] : c.per_code) spdlog::info("compare:   {} +{} -{}", code, gl.first, gl.second);
    }
    acc.finish(common.verbosity());
    return 0;
  });
}
