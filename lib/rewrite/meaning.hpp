// Giorgi's third column from the codebook: the `meaning` template of each code on a unit,
// with {rol} = the participant's role noun.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/codebook.hpp"
#include "rewrite/rewrite.hpp"

namespace qda::rewrite {

class Meanings {
 public:
  Meanings() = default;
  // The `meaning` of every code of a codebook (its loader has checked the placeholders).
  static Meanings from(const model::Codebook& cb);
  void add(std::string code, std::string templ) { templates_[std::move(code)] = std::move(templ); }
  // The templates of `codes` (in order, each code once) joined by a space; "" when none has one.
  std::string render(const std::vector<std::string>& codes, Gender g) const;
  bool empty() const { return templates_.empty(); }

 private:
  std::map<std::string, std::string> templates_;
};

// The role noun of the meaning column by gender. Still the example study's words (issue 19: they
// belong in the study file or the codebook, with a neutral default).
std::string_view role_noun(Gender g);

}  // namespace qda::rewrite
