// qda-code: unit records in, the same records with `codes` out, from the codebook's rules and people's codings.
#include <algorithm>
#include <thread>

#include "model/codebook.hpp"
#include "code/coder.hpp"
#include "core/cli.hpp"

namespace {
const char* kExample = R"(  qda-code -c codebook.yaml units.jsonl -o coded.jsonl
  qda-segment corpus.jsonl | qda-code -c codebook.yaml --codings ana.jsonl --codings luis.csv
  qda-code -c codebook.yaml --compare coded-v1.jsonl units.jsonl -o coded-v2.jsonl
  qda-ingest project.qdpx | qda-segment | qda-code -c project.qdpx --codings project.qdpx --mode human
  qda-code -c codebook.yaml --learn ana.csv --save-model study.model units.jsonl -o coded.jsonl
  qda-code -c codebook.yaml --model study.model units.jsonl -o coded.jsonl
  qda-code -c codebook.yaml --learn ana.csv --suggest 20 units.jsonl -o next.csv
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
  app.add_option("--learn", opts.learn, "codings to learn from (any --codings format): a model per code over the units' stems, stem\n"
                 "pairs, rule hits and place proposes the codes the rules miss (by \"model:NAME\"); the codings are\n"
                 "applied as with --codings too")
      ->allow_extra_args(false);
  app.add_flag("--learn-whole-docs", opts.learn_whole_docs, "the --learn codings cover their docs: a unit of a coded doc that has no coding is a\n"
               "negative example (else only units with a coding, or the code \"-\", are examples)");
  app.add_flag_callback("--lemmas", [&opts] { opts.lemmas = 1; },
                        "the model learns the words' lemmas too, where Apertium's Spanish analyser says more than the\n"
                        "stem (dijo: decir); the model file says so, and --model reads them again (default: the\n"
                        "codebook's learning.lemmas, else off)");
  app.add_flag_callback("--no-lemmas", [&opts] { opts.lemmas = 0; }, "the model learns no lemmas, whatever the codebook says");
  app.add_option("--morphology-dir", opts.morphology_dir, "directory of the apertium-spa-cat analyser (spa-cat.automorf.bin)");
  app.add_option("--model", opts.model, "a model saved by --save-model, instead of --learn");
  app.add_option("--save-model", opts.save_model, "write the model learnt to FILE (JSON Lines), to reuse with --model");
  app.add_option("--model-name", opts.model_name, "the name in the model's applications, by \"model:NAME\" (default learned)");
  app.add_option("--threshold", opts.threshold, "the probability from which the model adds a code (default: the codebook's\n"
                 "learning.threshold, else the model's own, the best on its held-out folds)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--veto", opts.veto, "auto|none|P: set aside a rule's code the model finds less probable than P on a unit\n"
                 "(auto: the model's own level, none if no level coded its held-out folds better; default: the\n"
                 "codebook's learning.veto, else none: a rule's code stands)")
      ->check([](const std::string& s) {
        double v = 0;
        return qda::model::parse_veto(s, v) ? std::string() : std::string("auto, none or a probability between 0 and 1");
      });
  app.add_option("--suggest", opts.suggest, "write the N units whose coding would teach the model most (least certain and most like\n"
                 "the others, spread over codes and docs) as a codings CSV to fill in, instead of the stream")
      ->check(CLI::Range(0L, 1000000000L));
  opts.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  app.add_option("-j,--jobs", opts.jobs, "threads coding docs in batches (the reading thread and N - 1 others); the output is\n"
                                         "the same bytes for any number (default: the machine's cores)")
      ->check(CLI::Range(1, 256));
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
