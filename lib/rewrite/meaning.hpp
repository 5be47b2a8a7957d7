// Giorgi's third column from the codebook: the `meaning` template of each code on a unit,
// with {rol} = the participant's role noun (the codebook's `roles`).
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
  // The role noun that {rol} stands for, by gender: the codebook's `roles`, else the neutral
  // default of its language.
  const std::string& role_noun(Gender g) const;
  const model::Roles& roles() const { return roles_; }
  void set_roles(model::Roles r) { roles_ = std::move(r); }

 private:
  std::map<std::string, std::string> templates_;
  model::Roles roles_ = model::default_roles("es");
};

}  // namespace qda::rewrite
