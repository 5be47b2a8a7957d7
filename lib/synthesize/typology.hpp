// The parts of a codebook synthesis needs (dimensions, the code hierarchy, the typology),
// loaded with yaml-cpp; every other key of the codebook is ignored.
// TODO: unify with lib/code's full codebook loader once both have settled.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace qda::synthesize {

struct Dimension {
  std::string id, label;
};

struct Code {
  std::string id, label;
  int dimension = -1;  // index into Typology::dimensions, -1 when the code names none
  int parent = -1;     // index into Typology::codes, -1 at the top level
};

// One (dimension, code, weight) cell of a type, in codebook order.
struct Weight {
  int dimension = 0;
  int code = 0;
  double weight = 0;
};

// A type's profile on the dimensions. The codes listed under one dimension are alternatives
// (the study's table: "a social need or a curriculum change"), so a narrative fulfils a
// dimension with the best code it shows there, not with the sum of them: a secondary code
// (weight 0.3) gives partial credit, a second code of the same dimension adds nothing, and a
// type that lists more codes is not harder to reach. Negative weights (counter-indications)
// always subtract.
struct Type {
  std::string id, label, shape, narrative;
  std::vector<Weight> weights;  // codebook order
  // The weight indices grouped by dimension (dimensions in order of first appearance); group g
  // is by_dimension[group_end[g - 1] .. group_end[g]).
  std::vector<std::uint32_t> by_dimension, group_end;
  // Sum over the dimensions of their largest positive weight: the score of a narrative that
  // shows every dimension with its best code. A narrative's score is its share of this.
  double total = 0;
};

struct Typology {
  std::string file;
  std::vector<Dimension> dimensions;
  std::vector<Code> codes;  // hierarchy flattened in pre-order (parents before children)
  std::vector<Type> types;

  // Index of a code / dimension id, -1 when absent.
  int code_index(const std::string& id) const;
  int dimension_index(const std::string& id) const;
};

// The shapes a narrative arc can take (Reagan et al. 2016), plus "flat".
bool known_shape(const std::string& s);

// Load dimensions, codes and typology from a codebook file. ConfigError (exit 2) with
// FILE:LINE:COL and the key at fault for a duplicate id, a typology naming a missing code or
// dimension, a weight that is not a number, an unknown shape; IoError when unreadable.
Typology load_typology(const std::string& path);
// Same from YAML text (tests); `file` names it in errors.
Typology parse_typology(const std::string& yaml_text, const std::string& file);

}  // namespace qda::synthesize
