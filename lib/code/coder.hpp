// The qda-code step: unit records in, the same records with `codes` out (other kinds pass
// through in order), applying the codebook's rules and people's codings, and optionally
// auditing the change against a previous run.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "code/codebook.hpp"
#include "core/diag.hpp"
#include "core/io.hpp"

namespace qda::code {

struct Options {
  std::vector<std::string> codings;  // --codings files
  std::string refi_source = "E";     // --source: the prefix qda-ingest gave a .qdpx's docs
  std::string compare;               // --compare PREVIOUS.jsonl, "" = none
  std::string mode = "both";         // auto | human | both
  bool strict = false;               // --strict: another codebook upstream stops the run
  // The model learnt from the study's codings (learn.hpp).
  std::vector<std::string> learn;  // --learn files: codings to train on (applied as --codings too)
  bool learn_whole_docs = false;   // --learn-whole-docs: a unit of a coded doc without a coding is a negative
  std::string model;               // --model FILE: a model saved before, instead of --learn
  std::string save_model;          // --save-model FILE
  std::string model_name = "learned";  // --model-name: applications say by "model:<name>"
  double threshold = -1;           // --threshold (-1: the codebook's learning.threshold)
  std::string veto;                // --veto auto|none|P ("": the codebook's learning.veto)
  int lemmas = -1;                 // --lemmas 1, --no-lemmas 0 (-1: the codebook's learning.lemmas)
  std::string morphology_dir = "/usr/share/apertium/apertium-spa-cat";  // --morphology-dir: where the analyser is
  long suggest = -1;               // --suggest N: write the N units to code next (CSV) instead of the stream
  int jobs = 1;                    // -j: threads coding docs (the reading thread and jobs - 1 others)
};

// Codes gained and lost against the previous run, per code: (gained, lost).
struct CompareSummary {
  bool active = false;
  long gained = 0, lost = 0, units_affected = 0, units = 0;
  std::map<std::string, std::pair<long, long>> per_code;
};

struct Result {
  std::size_t patterns = 0;
  double compile_ms = 0;
  long units = 0, coded_units = 0, applications = 0;
  long set_aside = 0;  // rule applications removed by exclusive dimensions, passages and sets_aside
  long outside_passage = 0;  // of which outside their dimension's passage (units' set_aside)
  long beside = 0;           // of which beside a code that sets their dimension aside (set_aside)
  long vetoed = 0;           // rule applications the model set aside as improbable (set_aside)
  double veto = 0;           // the veto level applied (0: none)
  long codings = 0, codings_anchored = 0;
  CompareSummary compare;
  // The model: what it learnt from (units, codebook examples), how long training took, and the
  // applications it added; the units suggested.
  bool model = false, trained = false;
  long model_units = 0, model_examples = 0, model_applications = 0, suggested = 0;
  double train_ms = 0;
};

// Code the unit records of `inputs` (JSON Lines; none = stdin) into `out`. With --learn the
// input is read twice: first to train the model on the units the codings anchor to, then to
// code (standard input is held in memory for that). A bad record or a
// coding that cannot be anchored goes to `acc` (stop with a DataError naming file and line,
// or set aside under skip). Units of one doc are held until the doc's last unit has been read
// (they arrive together from qda-segment), so codings can be anchored over the whole doc.
// With rules and o.jobs > 1, o.jobs - 1 threads apply them to one batch of docs while this one
// reads the next (and then helps with that batch); the output is the same bytes for any number
// of jobs. Does not commit `out`.
Result run(const Codebook& cb, const Options& o, const std::vector<std::string>& inputs, io::Output& out,
           Accounting& acc);

// Log what a run did: patterns, units and applications, what the choices set aside, codings
// anchored (debug, shown with -v), and the --compare summary (info).
void log_result(const Result& r, const Options& o);

}  // namespace qda::code
