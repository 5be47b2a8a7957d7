// The researcher's codebook (corpus-schema/codebook.md): codes, dimensions, typology and rules,
// loaded from YAML by one loader that every tool uses, validated with FILE:LINE:COL errors that
// name the key at fault, with the facts derived from it (a code's dimension and parent, a
// type's weights by dimension, meaning templates) computed once, here.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/fields.hpp"

namespace qda::model {

// Where a rule applies. Empty lists mean "any".
struct Scope {
  std::string speaker = "participant";  // participant | interviewer | any
  std::vector<std::string> source;
  std::vector<std::string> category;
  // The unit's place in its episode (0 = first participant unit, 1 = last; see UnitView):
  // the rule fires only where it falls in [from, to]. The default takes every place.
  double position_from = 0.0, position_to = 1.0;
};

// One term of a NEAR expression: a folded word, or a prefix when written with a trailing '*'.
struct NearTerm {
  std::string word;
  bool prefix = false;
};
struct Near {
  NearTerm a, b;
  int distance = 0;  // at most this many words apart (|index(a) - index(b)| <= distance)
  std::string text;  // as written, for messages
};

struct Rule {
  std::string name;                 // "rule:<code>#<n>"
  std::string code;                 // the code it applies
  std::vector<std::string> words;   // folded, white space squeezed
  std::vector<std::vector<std::string>> stems;  // per phrase: the Snowball stem of each folded word
  std::vector<std::string> regex;   // ICU patterns, letters folded (escapes kept)
  std::vector<Near> near;
  int min_hits = 1;
  bool negation = true;
  Scope scope;
  // Codes that must already be present in the unit's episode (given by the rules to an earlier
  // unit of the same doc and episode, or to this unit by a rule without `after`); empty = always.
  std::vector<std::string> after;
  // Codes that must not yet be in the unit's episode (given by the rules to an earlier unit of
  // the same doc and episode): the rule fires only until the story has told one of them, e.g.
  // a teacher's refusal says whom the advice is for where it first presents them; empty = always.
  std::vector<std::string> until;
  Location where;  // the rule's position in the codebook
};

struct Code {
  std::string id, label, description, memo, color, dimension;
  std::string guid;  // a REFI-QDA codebook's GUID (normalised: lower case, no braces), else 
  // Giorgi's third column for a unit with this code: a sentence where {rol} stands for the
  // participant's role noun ("" when the code has none). The loader accepts no other placeholder.
  std::string meaning;
  std::vector<std::string> include, exclude, examples;
  std::string parent;  // "" at the top level
  int depth = 0;
  int parent_index = -1;     // index into Codebook::codes, -1 at the top level
  int dimension_index = -1;  // index into Codebook::dimensions, -1 when the code names none
  // The code's type: the type that gives it the largest weight (the first on a tie), -1 when
  // no type weights it above 0. What an exclusive dimension's choice leans on (code/select.hpp).
  int type_index = -1;
  std::vector<Rule> rules;
  // Dimensions whose codes a unit does not keep beside this one: where the rules' choices leave
  // this code on a unit, the unit speaks of it and not of them (see select.hpp).
  std::vector<std::string> sets_aside;
};

struct Dimension {
  std::string id, label, description;
  // The dimension's codes are alternatives: the rules give a unit at most one of them (see
  // select.hpp for which one stays).
  bool exclusive = false;
  // The story tells the dimension in one passage, its first or its last: the rules give its
  // codes only in that run of units (see select.hpp). `any` (the default): wherever they fire.
  using Passage = fields::Passage;
  Passage passage = Passage::any;
};

// One (dimension, code, weight) cell of a type, as indices into the codebook, in codebook order.
struct Weight {
  int dimension = 0;
  int code = 0;
  double weight = 0;
};

// A type's profile on the dimensions. The codes listed under one dimension are alternatives
// (the study's table: "a social need or a curriculum change"), so a narrative fulfils a
// dimension with the best code it shows there, not with the sum of them: a secondary code
// (weight 0.3) gives partial credit, and a type that lists more codes is not harder to reach.
struct Type {
  std::string id, label, description, shape, narrative;
  // dimension id -> (code id -> weight), in codebook order
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, double>>>> dimensions;
  // The same cells as indices, codebook order.
  std::vector<Weight> weights;
  // The weight indices grouped by dimension (dimensions in order of first appearance); group g
  // is by_dimension[group_end[g - 1] .. group_end[g]).
  std::vector<std::uint32_t> by_dimension, group_end;
  // Sum over the dimensions of their largest weight: the score of a narrative that shows every
  // dimension with its best code. A narrative's score is its share of this.
  double total = 0;
};

// How the analysis names a participant in the third person: the meaning column's {rol} and the
// third-person rewrite of "yo" when the participant's gender is not known. The study's own words
// (codebook key `roles`), with neutral defaults in the codebook's language (default_roles).
struct Roles {
  std::string f, m, unknown;
  // The grammatical gender of `unknown`, for the pronouns that refer back to it ("la persona
  // participante ... la llamaron"): from its article (el/un/los/unos: masculine, else feminine).
  bool unknown_feminine = true;
};
// The neutral role nouns of a language: "la participante", "el participante", "la persona
// participante" (Spanish, and any codebook that names no language); "the participant" (English).
Roles default_roles(const std::string& language);

// The codebook's names for what the report shows of it ("" = the report's neutral default):
// `typology` names the types in the typology table's caption ("Tipos de acompañamiento"),
// `meaning` heads Giorgi's third column ("Significado para el cuidado").
struct Labels {
  std::string typology, meaning;
};

// The researcher's thresholds for assigning types to narratives (codebook key `assignment`):
// a type is assigned from min_score on and within `relative` of the best score; a narrative
// whose best type leads the second by less than min_margin abstains (0: never for that).
struct Assignment {
  double min_score = 0.3, relative = 0.75, min_margin = 0;
};

// The researcher's settings for a model learnt from the study's codings (codebook key
// `learning`; qda-code --threshold and --veto override). threshold: the model adds a code the
// rules did not give from this probability on; -1 (not set): from the threshold the model found
// best. veto: a rule's code the model finds less probable than this on a unit goes to the unit's
// set_aside; 0 (none, the default): a rule's code stands; kVetoAuto: the model's own level, the
// one at which the units held out of its calibration were coded best (none when no level helped).
struct Learning {
  static constexpr double kVetoAuto = -1;
  double threshold = -1;
  double veto = 0;
  bool lemmas = false;  // a model learnt with this codebook reads the words' lemmas too
};

struct Codebook {
  std::string file;    // as given (the path a tool was told)
  std::string sha256;  // of the file's bytes, for provenance records
  std::string title, language;
  std::vector<Dimension> dimensions;
  std::vector<Code> codes;  // the hierarchy flattened in pre-order (parents before children)
  std::vector<Type> typology;
  Roles roles;
  Labels labels;
  Assignment assignment;
  Learning learning;

  const Code* find_code(const std::string& id) const;
  // Index of a code / dimension / type id, -1 when absent.
  int code_index(const std::string& id) const;
  int dimension_index(const std::string& id) const;
  int type_index(const std::string& id) const;
  std::size_t rule_count() const;

  std::unordered_map<std::string, int> code_ids, dimension_ids, type_ids;
};

// The shapes a narrative arc can take (Reagan et al. 2016), plus "flat".
bool known_shape(const std::string& s);

// Load and validate a codebook. ConfigError (exit 2) with FILE:LINE:COL and the key at fault
// for an unknown key, a duplicate id, a reference to a missing code or dimension, an invalid
// rule (regular expression, NEAR expression, stem), a meaning placeholder other than {rol}, a
// typology weight outside [0, 1] or a wrong type; IoError when unreadable. Every tool that
// reads a codebook reads it here, so a file gets the same verdict whichever tool loads it.
// A `.qdc` or `.qdpx` file is read as a REFI-QDA codebook (codebook_from_refi).
Codebook load_codebook(const std::string& path);
// A REFI-QDA codebook (.qdc, or the codebook of a .qdpx project): codes with their hierarchy,
// names as labels, descriptions, colours and GUIDs, ids derived from the names (refi::flatten);
// no dimensions, rules or typology, so it serves human coding. DataError naming the file when
// it cannot be read as REFI-QDA.
Codebook codebook_from_refi(const std::string& path);
// The codebook as a REFI-QDA codebook file (.qdc): its codes with their hierarchy, labels as
// names (the id when a code has no label), descriptions, colours and GUIDs (derived from the id
// when the code has none: refi::guid_from). Dimensions, rules and typology have no place there.
std::string to_qdc(const Codebook& cb);
// Whether `path` names a REFI-QDA file by its extension (.qdc, .qdpx).
bool is_refi(const std::string& path);
// Same from YAML text (tests); `file` names it in errors.
Codebook parse_codebook(const std::string& yaml_text, const std::string& file);

// The validated model as one JSON object (qda-code --print-codebook): title, language, file and
// sha256; roles (f, m, unknown); labels (typology, meaning); dimensions (id, label, description, exclusive, passage); codes in pre-order (id, label,
// description, guid and color of a REFI-QDA code, parent, depth, dimension, meaning, type, sets_aside, rules: their count); typology
// (id, label, description, shape, narrative, dimensions: {dimension: {code: weight}}, total).
// What scripts read instead of parsing the YAML again.
std::string to_json(const Codebook& cb);

// Fold a pattern of the codebook the way unit text is folded, white space squeezed to one space.
std::string fold_pattern(const std::string& s);

// A veto setting (codebook learning.veto, qda-code --veto): "auto" (Learning::kVetoAuto), "none"
// (0) or a probability strictly between 0 and 1, into `v`; false for anything else.
bool parse_veto(std::string_view s, double& v);

}  // namespace qda::model
