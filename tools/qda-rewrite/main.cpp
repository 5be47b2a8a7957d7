// qda-rewrite: unit records in, the same units with Giorgi's third-person and meaning columns out.
#include <algorithm>
#include <thread>

#include "core/cli.hpp"
#include "rewrite/meaning.hpp"
#include "rewrite/morphology.hpp"
#include "rewrite/stream.hpp"

namespace {
const char* kExample = R"(  qda-rewrite units.jsonl -o rewritten.jsonl
  qda-segment corpus.jsonl | qda-code -c codebook.yaml | qda-rewrite -c codebook.yaml
  echo '{"kind":"unit","id":"E8.u1","attrs":{"gender":"f"},"span":[0,22],"text":"Ayer revisamos mi plan"}' | qda-rewrite
)";
}

int main(int argc, char** argv) {
  using namespace qda;
  CLI::App app{"Rewrite each participant unit in the third person (Giorgi's second column) and fill its\n"
               "meaning (third column) from the codebook's templates. Adds \"third_person\", \"rewrite\"\n"
               "(every change: span, from, to, rule, ambiguous) and \"meaning\"; other records pass through.\n"
               "Morphology: Apertium spa-cat (analysis, Constraint Grammar, generation) in process.",
               "qda-rewrite"};
  cli::CommonOptions common;
  cli::add_common(app, common, true, kExample);
  std::string codebook;
  std::string morphology_dir = "/usr/share/apertium/apertium-spa-cat";
  app.add_option("-c,--codebook", codebook,
                 "codebook.yaml whose `meaning` templates fill the meaning column and whose `roles` name the\n"
                 "participant in the third person (default: la participante / el participante / la persona\n"
                 "participante)");
  // Each worker holds a morphology of about 90 MB: by default as many as the cores, at most 8.
  int jobs = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  app.add_option("-j,--jobs", jobs, "worker threads, each rewriting whole episodes with its own morphology (about 90 MB\n"
                                    "each) and running the Constraint Grammar in a process of its own; the output is the\n"
                                    "same bytes for any number (default: the machine's cores, at most 8)")
      ->check(CLI::Range(1, 256));
  app.add_option("--morphology-dir", morphology_dir,
                 "directory of the apertium-spa-cat data (spa-cat.automorf.bin, cat-spa.autogen.bin, …)")
      ->capture_default_str();
  bool grammar_always = false;
  app.add_flag("--grammar-always", grammar_always,
               "run the Constraint Grammar over every sentence holding a first-person form whose readings\n"
               "rewrite differently, also where the words around it settle them (a tense only, a noun or\n"
               "verb after an article or a clitic): three to four times slower on varied text");

  return cli::run("qda-rewrite", app, common, argc, argv, [&]() -> int {
    rewrite::Meanings meanings;
    if (!codebook.empty()) meanings = rewrite::Meanings::from(model::load_codebook(codebook));
    auto morphology = rewrite::Morphology::load(morphology_dir);
    // Before any thread or output file: the worker threads run the grammar in jobs - 1 processes
    // of their own and in this one.
    if (jobs > 1) morphology->fork_grammar_processes(jobs - 1);
    io::LineReader in(common.inputs);
    io::Output out(common.output);
    Accounting acc(common.on_error_mode(), common.rejects);
    // The codebook's role noun stands for a participant of unknown gender ("yo" -> "la persona
    // participante" by default).
    rewrite::rewrite_stream(in, out, acc, *morphology, meanings, {common.strict}, jobs, morphology_dir,
                            grammar_always ? rewrite::Grammar::always : rewrite::Grammar::needed);
    out.commit();
    spdlog::debug("analysed {} word forms", morphology->cached_forms());
    acc.finish(common.verbosity());
    return 0;
  });
}
