// The researcher's codebook (corpus-schema/codebook.md): codes, dimensions, typology and rules,
// loaded from YAML and validated with FILE:LINE:COL errors that name the key at fault.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace qda::code {

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
  std::string id, label, description, memo, color, dimension, meaning;
  std::vector<std::string> include, exclude, examples;
  std::string parent;  // "" at the top level
  int depth = 0;
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
  enum class Passage { any, first, last } passage = Passage::any;
};

struct Type {
  std::string id, label, description, shape, narrative;
  // dimension id -> (code id -> weight), in codebook order
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, double>>>> dimensions;
};

struct Codebook {
  std::string file;
  std::string title, language;
  std::vector<Dimension> dimensions;
  std::vector<Code> codes;  // the hierarchy flattened in pre-order (parents before children)
  std::vector<Type> typology;

  const Code* find_code(const std::string& id) const;
  std::size_t rule_count() const;
};

// Load and validate a codebook. ConfigError (exit 2) with FILE:LINE:COL and the key at fault
// for an unknown key, a duplicate id, a reference to a missing code or dimension, an invalid
// rule (regular expression, NEAR expression, stem) or a wrong type; IoError when unreadable.
Codebook load_codebook(const std::string& path);
// Same from YAML text (tests); `file` names it in errors.
Codebook parse_codebook(const std::string& yaml_text, const std::string& file);

// Fold a pattern of the codebook the way unit text is folded, white space squeezed to one space.
std::string fold_pattern(const std::string& s);

}  // namespace qda::code
