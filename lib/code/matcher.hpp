// Rule-based coding: every word and stem pattern of a codebook compiled into one vectorscan
// database, matched in one pass over the folded text of a unit, then checked (whole words,
// stems, negation, proximity, minimum hits, scope).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "code/codebook.hpp"
#include "core/fields.hpp"

namespace qda::code {

// The fields of a unit record that coding needs. `offset` is unit.span[0]: positions in the
// unit text plus `offset` are positions in the doc text. [position_lo, position_hi] is the
// unit's place in its episode for rules with scope.position: k / (n - 1) for the k-th of the
// episode's n participant units (a point); [0, 1] when it is the only one, or not known.
struct UnitView {
  std::string_view id, doc, speaker, source, category;
  std::size_t offset = 0;
  std::string_view text;
  double position_lo = 0.0, position_hi = 1.0;
};

// One code applied to a unit, by a rule or a person. Span in doc code points.
using Application = fields::CodeApplication;

// The compiled codebook; immutable after construction, shared by every Scanner.
class Matcher {
 public:
  // ConfigError naming the rule when vectorscan rejects a pattern.
  explicit Matcher(const Codebook& cb);
  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  std::size_t pattern_count() const;   // patterns in the vectorscan database
  double compile_ms() const;           // time to build the database and the regexes
  const Codebook& codebook() const { return cb_; }

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  const Codebook& cb_;
  std::unique_ptr<Impl> impl_;
};

// The per-thread half: vectorscan scratch, a stemmer with its cache, and buffers.
class Scanner {
 public:
  explicit Scanner(const Matcher& m);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Append the rule applications of `u` to `out`: one per rule that fires, in codebook order,
  // its span and evidence those of the rule's first hit. `episode`: the codes the rules gave
  // the earlier units of u's episode (sorted); a rule with `after` fires only when one of its
  // codes is there or among the codes u gets from rules without `after` or `until`; a rule with
  // `until` only when none of its codes is there.
  void code(const UnitView& u, std::vector<Application>& out, const std::vector<std::string>* episode = nullptr);
  // False when no rule has `after` or `until`: then code() never reads `episode`.
  bool reads_episode() const;
  // False when no rule has scope.position: then code() never reads the unit's place.
  bool reads_position() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace qda::code
