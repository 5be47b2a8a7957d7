// One code per unit for the codebook's exclusive dimensions: when the rules give a unit
// several codes of a dimension whose codes are alternatives (the cells of one row of a
// typology), only one stays, the one that agrees with the narrative.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "code/codebook.hpp"
#include "code/matcher.hpp"

namespace qda::code {

class Selector {
 public:
  explicit Selector(const Codebook& cb);
  // False when no dimension is exclusive or told in one passage and no code sets dimensions
  // aside (nothing to do).
  bool active() const { return active_; }

  // `episode`: the rule applications of each unit of one episode, in order (codes of one unit
  // contiguous or not, in any order). In each unit and exclusive dimension with more than one
  // code, the code kept is the one whose type (the typology type that weights it most) the
  // episode leans to around the unit: the (unit, code) pairs of that type among the episode's
  // rule codes, a pair d units away from this unit counting kLeanEpisode + (1 - kLeanEpisode)
  // * kLeanDecay^d; then the code with more applications in the unit; then the earlier code
  // of the codebook.
  // The others' applications are removed and named in the kept code's first application
  // (`over`). Returns how many applications were removed.
  //
  // Then, for each dimension told in one passage (codebook dimensions[].passage first or last),
  // its rule codes stay only in the first (last) run of the episode's units that have one,
  // units next to each other; the units of another speaker (`participant[i]` false) neither
  // join nor break a run unless they have a code of the dimension. What goes from a unit
  // outside the passage is moved to `aside[i]` (when given).
  //
  // Last, where a code that sets dimensions aside (codebook codes[].sets_aside) is still on a
  // unit, the unit's rule codes of those dimensions are moved to `aside[i]` too, each naming
  // that code (`beside`).
  std::size_t apply(const std::vector<std::vector<Application>*>& episode, const std::vector<bool>* participant = nullptr,
                    const std::vector<std::vector<Application>*>* aside = nullptr) const;

  // How the lean weighs a pair by its distance. Measured on five gold code sets and the gold
  // types: the whole episode alike (decay 1) read a story that moves from one type to another
  // by its larger part; decay alone (share 0) broke the type of a story whose last units read
  // like another type (E11); decay 0.65-0.75 with a share of 0.3-0.4 did best on both.
  static constexpr double kLeanDecay = 0.7;
  static constexpr double kLeanEpisode = 0.35;  // the share every pair keeps, however far

 private:
  struct Info {
    int dimension = -1;           // index of its dimension in the codebook, or -1
    int type = -1;                // index of its type in the typology, or -1
    std::vector<int> sets_aside;  // dimension indices (codes[].sets_aside)
    std::size_t order = 0;
  };
  // Info of a code of an exclusive dimension, else null.
  const Info* exclusive_info(const std::string& code) const;
  const Info* info(const std::string& code) const;

  std::size_t exclusive_apply(const std::vector<std::vector<Application>*>& episode) const;
  std::size_t passage_apply(const std::vector<std::vector<Application>*>& episode, const std::vector<bool>* participant,
                            const std::vector<std::vector<Application>*>* aside) const;
  std::size_t beside_apply(const std::vector<std::vector<Application>*>& episode,
                           const std::vector<std::vector<Application>*>* aside) const;

  bool active_ = false, exclusive_ = false, beside_ = false;
  std::vector<char> exclusive_dims_;  // per dimension of the codebook: exclusive
  std::vector<std::pair<int, Dimension::Passage>> passages_;  // the dimensions told in one passage
  std::size_t types_ = 0;
  std::unordered_map<std::string, Info> codes_;
};

}  // namespace qda::code
