// Pseudonymisation: listed names of people, schools and places replaced before anything is written.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qda::ingest {

// A key of names and their pseudonyms. Matching is on whole words, case- and
// accent-insensitive (ñ stays distinct), longest name first, never overlapping.
class Pseudonymizer {
 public:
  Pseudonymizer() = default;
  // Key file: a YAML mapping "name: pseudonym", or a list of {name, pseudonym}.
  // ConfigError with position for anything else.
  static Pseudonymizer load(const std::string& path);
  void add(std::string_view name, std::string_view pseudonym);
  bool empty() const { return names_.empty(); }
  // `text` with every listed name replaced. Counts replacements in `count` when given.
  std::string apply(std::string_view text, long* count = nullptr) const;

 private:
  struct Entry {
    std::u32string folded;  // squeezed, folded name
    std::string pseudonym;
  };
  std::vector<Entry> names_;                                   // longest first
  std::unordered_map<char32_t, std::vector<std::size_t>> by_first_;  // first folded char -> entries
};

}  // namespace qda::ingest
