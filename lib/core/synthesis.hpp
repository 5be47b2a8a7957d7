// The records qda-synthesize writes and qda-report reads (corpus-schema/narrative.schema.json,
// structure.schema.json), as values with one writer and one reader: synthesis computes a
// Narrative or a Structure, to_json() writes it, read_*() gives it back to the report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/fields.hpp"

namespace qda::synthesis {

// ---- narrative: one participant's episode scored against the typology ----

struct Contribution {
  std::string code, dimension;
  double weight = 0;
  std::vector<std::string> units;  // the narrative's units that carry the code
};

struct TypeScore {
  std::string type;
  double score = 0;
  std::vector<Contribution> contributions;
};

struct NarrativeArc {
  std::vector<double> valence, smoothed;
  std::string shape;
  std::optional<std::string> expected;  // null when no type is assigned or it names no shape
  std::optional<bool> agrees;
  std::string control_shape;            // the same classifier on the units shuffled
  std::optional<bool> control_agrees;
};

struct Narrative {
  std::string id, doc;
  std::int64_t episode = 0;
  std::string participant, source;
  std::string attrs;     // the units' attrs as raw JSON; "" when none
  std::string category;  // "" when none
  std::vector<std::string> units;
  std::vector<TypeScore> types;
  std::vector<std::string> assigned;
  std::string best;      // the best-scoring type ("" when no type scores)
  double margin = 0;     // its score minus the second best's
  std::string decision;  // assigned | abstained
  std::string reason;    // when abstained: no_code, below_min_score or margin
  std::optional<NarrativeArc> arc;  // null without a lexicon
};

// ---- structure: the general structure of one type ----

struct CodeSupport {
  std::string code, label;
  std::int64_t participants = 0, units = 0;
  double weight = 0;
};

struct DimensionCodes {
  std::string dimension, label;
  std::vector<CodeSupport> codes;  // ranked by participants, then units
};

struct Feature {
  std::string feature, id;  // feature: code | dimension
  std::int64_t narratives_before = 0, narratives_after = 0, lost = 0, gained = 0;
  double lost_share = 0;
  std::int64_t participants_after = 0;
  bool below_minimum = false;
  std::string verdict;  // essential | incidental | untested
};

struct Variation {
  double essential_share = 0;
  std::int64_t min_participants = 0;
  std::string rule;
  std::vector<Feature> features;
};

struct Exemplar {
  std::string unit, participant, cite, narrative;
  std::optional<fields::Span> span;
  double contribution = 0;
  std::vector<std::string> codes;
  std::string text;
};

struct StructureArc {
  std::optional<std::string> expected;
  std::string narrative;  // the codebook's narrative structure; "" when it gives none
  std::vector<std::pair<std::string, std::int64_t>> shapes;
  std::optional<double> agreement, control_agreement;
  std::vector<double> mean;
  std::optional<std::string> shape;
};

struct Structure {
  std::string id, type, label, status;  // status: supported | insufficient
  std::int64_t min_participants = 0;
  std::vector<std::string> narratives, participants;
  std::int64_t n_participants = 0;
  std::vector<std::pair<std::string, std::int64_t>> sources;  // participants per source
  std::vector<DimensionCodes> dimensions;
  Variation variation;
  std::vector<Exemplar> exemplars;
  std::optional<StructureArc> arc;  // null without a lexicon
  bool supported() const { return status != "insufficient"; }
};

// One compact JSON line each, keys in schema order; numbers as given (round before).
std::string to_json(const Narrative& n);
std::string to_json(const Structure& s);

// Read a record back from its JSON line. A missing member reads as its default; a member of
// the wrong type is a DataError naming its path ("'variation.features[2].lost_share' of a
// structure record must be a number").
Narrative read_narrative(std::string_view line);
Structure read_structure(std::string_view line);

}  // namespace qda::synthesis
