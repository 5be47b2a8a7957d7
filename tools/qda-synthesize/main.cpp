// qda-synthesize: coded units in; every record through, then narrative and structure records.
#include <memory>
#include <thread>

#include "core/cli.hpp"
#include "synthesize/synthesize.hpp"

namespace {
const char* kExample = R"(  qda-synthesize -c codebook.yaml --category anecdota coded.jsonl -o synth.jsonl
  qda-synthesize -c codebook.yaml --lexicon-add our-words.tsv --category anecdota coded.jsonl
  qda-ingest study.yaml | qda-segment | qda-code -c codebook.yaml | qda-synthesize -c codebook.yaml

A narrative is the participant units of one (doc, episode), id <doc>#<episode>. Its score for a
type sums, per dimension, the largest weight among the codes found on its units, over the
sum of each dimension's largest positive weight (a dimension's codes are alternatives); it is
assigned every type scoring >= --min-score and >= --relative x the best score. A structure is
'supported' when at least --min-participants participants show its type. Imaginative variation
removes each code and each dimension of a type from every narrative and re-assigns: a feature
is essential when the type loses >= --essential-share of its narratives, or falls below
--min-participants; otherwise incidental.
)";
}

int main(int argc, char** argv) {
  using namespace qda;
  CLI::App app{"Group coded units into narratives (a participant's episode), score them against the\n"
               "codebook's typology with the codes that explain each score, and write one general\n"
               "structure per type (dimensions, imaginative variation, exemplars, narrative arc).",
               "qda-synthesize"};
  cli::CommonOptions common;
  cli::add_common(app, common, true, kExample);
  synthesize::Options opts;
  std::string codebook, lexicon_file;
  app.add_option("-c,--codebook", codebook, "the codebook (YAML): dimensions, codes, typology")->required();
  std::vector<std::string> lexicon_add;
  bool no_arcs = false;
  app.add_option("--lexicon", lexicon_file,
                 "valence lexicon (TSV: word or stem*, score in [-1, 1]) for narrative arcs, replacing the\n"
                 "general one built in for the codebook's language (Spanish)");
  app.add_option("--lexicon-add", lexicon_add, "a lexicon whose entries are added to that one, and win (repeatable)")
      ->allow_extra_args(false);
  app.add_flag("--no-arcs", no_arcs, "no narrative arcs (no lexicon)");
  app.add_option("--category", opts.categories, "narratives only from units of this category (repeatable; default all)")
      ->allow_extra_args(false);
  app.add_option("--min-score", opts.min_score, "lowest score at which a type is assigned (default: the codebook's assignment.min_score, else 0.3)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--relative", opts.relative, "a type is assigned only within this share of the best score (default: the codebook's, else 0.75)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--min-participants", opts.min_participants, "participants needed for a supported structure (default 3)")
      ->check(CLI::PositiveNumber);
  app.add_option("--essential-share", opts.essential_share,
                 "variation: share of the type's narratives whose loss makes a feature essential (default 0.5)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--flat", opts.arc.flat, "arcs: smoothed range below which an arc is flat (default 0.1)");
  app.add_option("--seed", opts.seed, "arcs: seed of the shuffled-order control (default 42)");

  opts.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  app.add_option("-j,--jobs", opts.jobs, "threads scoring the narratives and varying the features; the output is the same\n"
                                         "bytes for any number (default: the machine's cores)")
      ->check(CLI::PositiveNumber);
  app.add_option("--min-margin", opts.min_margin,
                 "a narrative whose best type leads the second by less than this abstains (default 0: never)")
      ->check(CLI::Range(0.0, 1.0));

  return cli::run("qda-synthesize", app, common, argc, argv, [&]() -> int {
    model::Codebook cb = model::load_codebook(codebook);
    // The codebook's thresholds (`assignment`), unless given here.
    if (!app.count("--min-score")) opts.min_score = cb.assignment.min_score;
    if (!app.count("--relative")) opts.relative = cb.assignment.relative;
    if (!app.count("--min-margin")) opts.min_margin = cb.assignment.min_margin;
    std::unique_ptr<synthesize::Lexicon> lexicon;
    if (no_arcs && (!lexicon_file.empty() || !lexicon_add.empty()))
      throw UsageError("--no-arcs takes no lexicon (--lexicon, --lexicon-add)");
    if (!no_arcs) {
      lexicon = std::make_unique<synthesize::Lexicon>(lexicon_file.empty() ? synthesize::Lexicon::built_in(cb.language)
                                                                            : synthesize::Lexicon::load(lexicon_file));
      for (const auto& f : lexicon_add) lexicon->add(synthesize::Lexicon::load(f));
      if (lexicon->empty()) {
        spdlog::debug("no valence lexicon for language '{}': narratives carry no arc (give --lexicon FILE)", cb.language);
        lexicon.reset();
      } else if (lexicon_file.empty()) {
        spdlog::debug("narrative arcs from the built-in valence lexicon ({} entries)", lexicon->size());
      }
    }
    synthesize::Synthesizer synth(std::move(cb), opts, lexicon.get());
    io::LineReader in(common.inputs);
    io::Output out(common.output);
    Accounting acc(common.on_error_mode(), common.rejects);
    synthesize::run(synth, in, out, acc, {common.strict});
    out.commit();
    for (const auto& c : synth.unknown_codes()) spdlog::warn("code '{}' is not in the codebook; ignored", c);
    spdlog::debug("{} participant units, {} narratives, {} notes (what did not reach the analysis)", synth.unit_count(),
                  synth.narrative_count(), synth.notes().size());
    acc.finish(common.verbosity());
    if (!synth.notes().empty() && common.strict) {
      spdlog::error("{} notes of what did not reach the analysis (see the warnings above), and --strict", synth.notes().size());
      return 1;
    }
    return 0;
  });
}
