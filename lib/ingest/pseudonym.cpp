// Longest-match, whole-word, fold-insensitive name replacement over code points.
#include "ingest/pseudonym.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "core/yaml.hpp"

namespace qda::ingest {

Pseudonymizer Pseudonymizer::load(const std::string& path) {
  yaml::Doc d = yaml::load(path);
  Pseudonymizer p;
  if (d.root.IsMap()) {
    for (const auto& [name, key_node, pseudonym] : yaml::entries(d, d.root, "a pseudonym key")) {
      if (!pseudonym.IsScalar()) throw ConfigError("a pseudonym must be a string", yaml::at(d, pseudonym, name));
      p.add(name, pseudonym.Scalar());
    }
  } else if (d.root.IsSequence()) {
    for (const auto& item : d.root) {
      yaml::check_keys(d, item, {"name", "pseudonym"}, "a pseudonym entry");
      p.add(yaml::req_string(d, item, "name", "a pseudonym entry"), yaml::req_string(d, item, "pseudonym", "a pseudonym entry"));
    }
  } else if (!d.root.IsNull()) {
    throw ConfigError("a pseudonym key is a mapping 'name: pseudonym' or a list of {name, pseudonym}", yaml::at(d, d.root));
  }
  return p;
}

void Pseudonymizer::add(std::string_view name, std::string_view pseudonym) {
  std::u32string f = text::fold32(text::squeeze_spaces(name));
  if (f.empty()) return;
  names_.push_back({std::move(f), std::string(pseudonym)});
  std::stable_sort(names_.begin(), names_.end(), [](const Entry& a, const Entry& b) { return a.folded.size() > b.folded.size(); });
  by_first_.clear();
  for (std::size_t i = 0; i < names_.size(); ++i) by_first_[names_[i].folded[0]].push_back(i);
}

std::string Pseudonymizer::apply(std::string_view input, long* count) const {
  if (names_.empty()) return std::string(input);
  // decode once: code points, their folded form, and byte offsets
  std::u32string folded;
  std::vector<std::size_t> byte_at;
  folded.reserve(input.size());
  byte_at.reserve(input.size() + 1);
  for (std::size_t i = 0; i < input.size();) {
    byte_at.push_back(i);
    folded += text::fold_cp(text::next_cp(input, i));
  }
  byte_at.push_back(input.size());
  auto is_space = [](char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0xA0; };
  std::string out;
  out.reserve(input.size());
  std::size_t copied = 0;  // code point index copied up to
  const std::size_t n = folded.size();
  for (std::size_t i = 0; i < n;) {
    if (i > 0 && text::is_word_cp(folded[i - 1])) { ++i; continue; }
    auto it = by_first_.find(folded[i]);
    std::size_t matched_end = 0;
    const Entry* hit = nullptr;
    if (it != by_first_.end()) {
      for (std::size_t idx : it->second) {
        const auto& e = names_[idx];
        std::size_t j = i, k = 0;
        while (k < e.folded.size() && j < n) {
          if (e.folded[k] == U' ') {  // a space in the name matches any run of white space
            if (!is_space(folded[j])) break;
            while (j < n && is_space(folded[j])) ++j;
            ++k;
            continue;
          }
          if (folded[j] != e.folded[k]) break;
          ++j; ++k;
        }
        if (k == e.folded.size() && (j == n || !text::is_word_cp(folded[j]))) { hit = &e; matched_end = j; break; }
      }
    }
    if (!hit) { ++i; continue; }
    out.append(input.substr(byte_at[copied], byte_at[i] - byte_at[copied]));
    out += hit->pseudonym;
    copied = matched_end;
    i = matched_end;
    if (count) ++*count;
  }
  out.append(input.substr(byte_at[copied]));
  return out;
}

}  // namespace qda::ingest
