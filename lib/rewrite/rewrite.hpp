// Giorgi's second column: a first-person unit rewritten in the third person singular/plural,
// with every change listed, quoted speech left as said.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/codebook.hpp"
#include "rewrite/morphology.hpp"

namespace qda::rewrite {

enum class Gender { f, m, unknown };
// "f" / "m" -> f / m; anything else (absent, "x") -> unknown: the tool never guesses.
Gender gender_from(std::string_view attr);

struct Change {
  std::size_t start = 0, end = 0;  // code points in the unit text (the caller adds unit.span[0])
  std::string from, to, rule;
  bool ambiguous = false;  // a choice was made between readings the analysis left open
};

// Unambiguous finite verbs of a stretch of text, by tense: the context that settles a
// "revisamos" (present or preterite) the grammar could not.
struct Tally {
  int past = 0, present = 0;
  Tally& operator+=(const Tally& o) { past += o.past; present += o.present; return *this; }
};

struct Token;

// A unit analysed and disambiguated, waiting for the tense context of its episode.
struct Prepared {
  Prepared();
  ~Prepared();
  Prepared(Prepared&&) noexcept;
  Prepared& operator=(Prepared&&) noexcept;
  std::string text;
  Gender gender = Gender::unknown;
  std::vector<Token> tokens;
  bool pending_tense = false;  // a p1 plural present/preterite choice is left to the context
  Tally tally;                 // this unit's own tally (computed by prepare() only when pending_tense,
                               // else by the first Rewriter::tally(); finish() reads it only when pending)
  bool tallied = false;
};

struct Result {
  std::string third_person;
  std::vector<Change> changes;
};

// When the Constraint Grammar runs. needed: over the first-person forms whose readings the
// words around them do not settle (readings that differ only in tense, which the rewrite's own
// context rules choose among, and a noun-or-verb form right after an article, a preposition, "no"
// or a clitic are settled without it), reading four words either side of each; always: over
// every sentence holding a form whose readings rewrite differently, as before (three to four
// times slower on varied text; the same rewrite on the linguist's gold, and on both example
// studies but one word).
enum class Grammar { needed, always };

class Rewriter {
 public:
  // `roles`: the noun phrase that stands for a participant of unknown gender (roles.unknown).
  explicit Rewriter(Morphology& m, model::Roles roles = model::default_roles("es"), Grammar g = Grammar::needed)
      : m_(m), roles_(std::move(roles)), grammar_(g) {}

  // Phase 1: words, quotes, analyses, CG. Never throws on odd text: unknown words pass.
  Prepared prepare(std::string_view text, Gender g);
  // The tally of a unit's text (for the episode around a pending choice).
  Tally tally(const Prepared& p);
  // Whether finish() will read the episode's tally for this unit: a tense is pending and the
  // unit's own verbs do not settle it (as many past as present).
  static bool needs_episode(const Prepared& p);
  // Phase 2: the remaining choices (tense from the unit's tally, else `episode`, else the
  // preterite of a told experience), generation, the rewritten text and its change list.
  Result finish(Prepared& p, const Tally& episode);
  // Both phases with no episode context.
  Result rewrite(std::string_view text, Gender g);

 private:
  Morphology& m_;
  model::Roles roles_;
  Grammar grammar_;
  // Per analysed form, what its readings make of it before the grammar runs: the reading
  // rewritten when all agree, else kOpen (the grammar decides) or kNoFirstPerson.
  static constexpr int kNoFirstPerson = -2, kOpen = -1;
  std::unordered_map<const Analysis*, int> first_person_;
};

}  // namespace qda::rewrite
