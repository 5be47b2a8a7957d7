// Classes of verbs by how a first-person pronoun beside them is rewritten: language data
// (lib/rewrite/data/verbs-es.txt, compiled in), not code and not a study's words.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace qda::rewrite {

enum class VerbClass { accusative, dative, transfer, reflexive_infinitive, psych, saying, pronominal };
inline constexpr std::size_t kVerbClasses = 7;

class Verbs {
 public:
  // Lines "[class]" start a class ("reflexive-infinitive" for reflexive_infinitive), other lines
  // hold lemmas separated by blanks; '#' starts a comment. Throws qda::Error naming `origin` and
  // the line on an unknown class or a lemma before any class.
  static Verbs parse(std::string_view text, const std::string& origin);
  bool has(VerbClass c, std::string_view lemma) const;
  const std::vector<std::string>& lemmas(VerbClass c) const { return sets_[static_cast<std::size_t>(c)]; }

 private:
  std::array<std::vector<std::string>, kVerbClasses> sets_;  // each sorted, unique
};

// The built-in Spanish classes, parsed once.
const Verbs& builtin_verbs();

}  // namespace qda::rewrite
