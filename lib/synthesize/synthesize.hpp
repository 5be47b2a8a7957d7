// Synthesis (Giorgi's step 4): narratives scored against the typology with the coded units
// that explain each score, one general structure per type with its dimensions, free
// imaginative variation, exemplars and narrative arc.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/diag.hpp"
#include "core/io.hpp"
#include "core/note.hpp"
#include "core/record.hpp"
#include "core/step.hpp"
#include "core/synthesis.hpp"
#include "synthesize/arc.hpp"
#include "model/codebook.hpp"

namespace qda::synthesize {

using model::Type;
using model::Weight;

struct Options {
  std::vector<std::string> categories;  // narratives only from units of these categories; empty = all
  double min_score = 0.3;        // a type is assigned only from this score on …
  double relative = 0.75;        // … and only when its score is at least this share of the best
  // A narrative whose best type leads the second by less than this abstains (0: never for that).
  double min_margin = 0;
  int min_participants = 3;      // Giorgi: fewer participants than this cannot claim a structure
  // Imaginative variation: a feature is essential when removing it costs the type at least this
  // share of its narratives, or takes a supported type below min_participants.
  double essential_share = 0.5;
  ArcParams arc;
  std::uint64_t seed = 42;       // of the shuffled-order control of the arcs
  int jobs = 1;                  // threads scoring narratives and varying features (same output for any)
};

class Synthesizer {
 public:
  // `lexicon` may be null: the narratives then carry no arc. ConfigError when the codebook has
  // no typology to synthesize.
  Synthesizer(model::Codebook codebook, Options options, const Lexicon* lexicon);
  ~Synthesizer();
  Synthesizer(const Synthesizer&) = delete;
  Synthesizer& operator=(const Synthesizer&) = delete;

  // Take one unit record; other kinds are ignored. DataError (naming the key) on a unit
  // without the fields synthesis needs. Keeps ids and codes, never the text (which goes to a
  // temporary spool file only when the unit could be an exemplar).
  void add(const Record& r);
  // Append the narrative records (natural order of doc, then episode) and one structure record
  // per type (codebook order). IoError when the spool cannot be read back.
  void finish(io::Output& out);

  std::size_t narrative_count() const;
  std::size_t unit_count() const;
  // Code ids found on units but absent from the codebook (ignored by scoring), sorted.
  std::vector<std::string> unknown_codes() const;
  // What did not reach the analysis (after finish()): a participant with no narrative and why,
  // a stream whose units carry no codes, a code of the typology that no unit of a narrative
  // carries. finish() writes them as note records before the narratives.
  const std::vector<note::Note>& notes() const { return notes_; }

  struct Unit;
  struct Narrative;

 private:
  struct Scored;
  // What scoring reads of one narrative: its id, and per unit in seq order its codes and valence.
  struct Scoring;
  Scoring scoring_of(const Narrative& n) const;
  void score(const Scoring& in, Scored& s) const;
  void score_all(std::vector<Scored>& s, const std::vector<std::uint32_t>& position);
  // With jobs > 1, a narrative is scored on a worker as soon as a unit of another one comes
  // (narratives arrive whole from qda-segment's docs), while the stream is still being read;
  // finish() keeps those results for the narratives that got no unit since, and scores the
  // others. The same bytes either way: scoring reads only the narrative's own units.
  struct Early;
  std::unique_ptr<Early> early_;
  std::int64_t open_narrative_ = -1;  // the narrative of the last unit kept
  void close_narrative(std::uint32_t n);
  // The types whose score passes min_score and relative x best, best first. Equal scores are
  // ordered by `support` (per type, the units carrying its codes) when given, then codebook order.
  std::vector<int> assign(const std::vector<double>& scores, const std::vector<std::uint32_t>* support) const;
  // The same with the best type, its margin over the second and, when none is assigned, why:
  // no_code (no type scores), below_min_score, margin (below min_margin).
  struct Decision {
    std::vector<int> assigned;
    int best = -1;
    double margin = 0;
    std::string reason;
  };
  Decision decide(const std::vector<double>& scores, const std::vector<std::uint32_t>* support) const;
  // What synthesis found, as the records it writes (core/synthesis.hpp writes them).
  synthesis::Narrative narrative_record(const Narrative& n, const Scored& s) const;
  synthesis::Structure structure_record(std::size_t t, const std::vector<Scored>& all);
  // The parts of a structure: the codes found per dimension, the imaginative variation of each
  // feature, the exemplars, the arc (`mine`: the narratives assigned the type).
  std::vector<synthesis::DimensionCodes> dimension_codes(const Type& type, const std::vector<std::uint32_t>& mine) const;
  synthesis::Variation variation(std::size_t t, const std::vector<Scored>& all, const std::vector<std::uint32_t>& mine,
                                 bool supported) const;
  std::vector<synthesis::Exemplar> exemplars(const Type& type, const std::vector<std::uint32_t>& mine);
  synthesis::StructureArc type_arc(const Type& type, const std::vector<Scored>& all, const std::vector<std::uint32_t>& mine) const;
  std::string spooled_text(const Unit& u);

  model::Codebook ty_;
  Options opt_;
  const Lexicon* lexicon_;
  std::vector<Unit> units_;
  std::vector<std::uint16_t> code_pool_;  // expanded (code + ancestors) code sets of the units
  std::vector<Narrative> narratives_;
  std::unordered_map<std::string, std::uint32_t> narrative_index_;  // look-up only, never iterated
  std::vector<std::vector<int>> descendants_;  // per code: itself and every code below it
  std::vector<std::string> unknown_;
  // Per participant (participant records and units): its participant units, those before any
  // episode in the selected categories, those in other categories.
  struct Reach {
    std::int64_t units = 0, episode0 = 0, other_category = 0;
  };
  std::unordered_map<std::string, Reach> reach_;  // looked up; reported in natural order of id
  bool any_codes_ = false;  // a kept unit had a "codes" field
  std::vector<note::Note> notes_;
  void find_notes();
  std::FILE* spool_ = nullptr;
  std::uint64_t spool_size_ = 0;
};

// Read the stream, pass every record through unchanged, then append notes, narratives and
// structures. Bad input lines go to `acc` (stop or set aside).
void run(Synthesizer& s, io::LineReader& in, io::Output& out, Accounting& acc, const StepOptions& opts = {});

}  // namespace qda::synthesize
