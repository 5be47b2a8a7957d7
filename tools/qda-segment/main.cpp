// qda-segment: doc records in, meaning units out, each boundary with the cue that placed it.
#include <algorithm>
#include <thread>

#include "core/cli.hpp"
#include "model/study.hpp"
#include "segment/segment.hpp"

namespace {
const char* kExample = R"(  qda-ingest study.yaml | qda-segment -o units.jsonl
  qda-segment --granularity sentence corpus.jsonl | head
  qda-ingest study.yaml | qda-segment --study study.yaml
  qda-segment --threshold 0.7 --markers mis-marcadores.yaml --abbreviations mis-abreviaturas.txt corpus.jsonl
)";
}

int main(int argc, char** argv) {
  using namespace qda;
  CLI::App app{"Split doc records into meaning units (Giorgi's second step) and write unit records as\n"
               "JSON Lines. A boundary goes where the narrative shifts: a speaker turn, an episode, a\n"
               "marker (luego, pero, al final, …), a change of verb tense or a dip in lexical cohesion;\n"
               "each unit says which in \"boundary\". Other records pass through unchanged.",
               "qda-segment"};
  cli::CommonOptions common;
  cli::add_common(app, common, true, kExample);
  segment::Options opts;
  std::string granularity = "unit";
  app.add_option("--lang", opts.lang, "study language: ICU sentence rules and built-in markers (default es)");
  app.add_option("--threshold", opts.threshold, "cue score (0-1) at which a boundary is placed (default 0.5)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--granularity", granularity, "sentence (every sentence a unit), unit (default) or turn")
      ->check(CLI::IsMember({"sentence", "unit", "turn"}));
  app.add_option("--markers", opts.markers_file, "YAML markers file replacing the built-in one (weights, phrases, prompts)");
  app.add_option("--abbreviations", opts.abbreviation_files, "a file of extra abbreviations, one per line")
      ->allow_extra_args(false);
  std::string study_file;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  app.add_option("-j,--jobs", jobs, "worker threads segmenting docs in batches; the output is the same bytes for any\n"
                                    "number (default: the machine's cores)")
      ->check(CLI::Range(1, 256));
  app.add_option("--study", study_file,
                 "study.yaml: its language (unless --lang is given) and its episode_prompts, the interviewer's\n"
                 "requests that open a narrated episode in this study's protocol (added to the built-in ones).\n"
                 "Without it, the prompts of the study record qda-ingest writes at the head of the stream");

  return cli::run("qda-segment", app, common, argc, argv, [&]() -> int {
    if (!study_file.empty()) {
      model::Study study = model::load_study(study_file);
      if (app.count("--lang") == 0) opts.lang = study.language;
      opts.episode_prompts = study.episode_prompts;
      opts.prompts_given = true;
    }
    opts.granularity = granularity == "sentence" ? segment::Granularity::sentence
                       : granularity == "turn"   ? segment::Granularity::turn
                                                 : segment::Granularity::unit;
    segment::Segmenter seg(opts);
    io::LineReader in(common.inputs);
    io::Output out(common.output);
    Accounting acc(common.on_error_mode(), common.rejects);
    std::size_t notes = segment::run(seg, in, out, acc, {common.strict}, jobs);
    out.commit();
    acc.finish(common.verbosity());
    spdlog::debug("{} docs with no episode", notes);
    if (notes && common.strict) {
      spdlog::error("{} docs with no episode (see the warnings above), and --strict", notes);
      return 1;
    }
    return 0;
  });
}
