// The cues of a narrative shift: marker phrases, verb tense and lexical cohesion, and the
// per-language data (markers file) that drives them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/yaml.hpp"
#include "segment/sentences.hpp"

namespace qda::segment {

struct MarkerClass {
  std::string name;
  double weight = 0;
};

// The language data of the markers file.
struct Markers {
  std::vector<MarkerClass> classes;
  struct Phrase {
    std::u32string folded;
    std::size_t cls;
  };
  std::vector<Phrase> phrases;  // longest first, so "a partir de ahí" wins over "a"
  std::vector<std::u32string> fillers;
  std::vector<std::u32string> prompts;
  std::unordered_set<std::u32string> stopwords;  // looked up only, never iterated
  double tense_weight = 0.3;
  double cohesion_weight = 0.4;
  int cohesion_block = 3;
  // Units are "usually one to a few sentences" (Giorgi): past `length_free` sentences, each
  // further sentence in the current unit adds `length_weight` to the next gap's score.
  double length_weight = 0.15;
  int length_free = 2;
  int cohesion_min_words = 4;
};

// Read a markers file; ConfigError with file, line, column and key on anything wrong.
Markers load_markers(const yaml::Doc& d);
// The markers file and abbreviation list built into the binary for `lang` (nullptr if none).
const char* embedded_markers(const std::string& lang);
const char* embedded_abbreviations(const std::string& lang);

// A marker at the start of sentence `s` (after fillers and opening punctuation).
struct MarkerHit {
  std::size_t cls;
  Span where;  // the phrase as written
};
std::optional<MarkerHit> match_marker(const Markers& m, const Text& t, Span s);
// The first episode prompt in `s` (as written), or nullopt.
std::optional<Span> match_prompt(const Markers& m, const Text& t, Span s);

enum class Tense { unknown, imperfect, preterite, present };
const char* tense_name(Tense t);
// The tense most of the recognised verb forms of `s` are in; unknown on none or a tie.
Tense dominant_tense(const Text& t, Span s);

// Content-word stems of `s` (hashed, sorted), for the cohesion comparison.
void content_words(const Markers& m, const Text& t, Span s, std::vector<std::uint64_t>& out);
// TextTiling depth scores of the gaps between consecutive bags: result[i] is the gap before
// bag i (result[0] = -1); -1 where a block has too few words to judge.
std::vector<double> cohesion_depths(const Markers& m, const std::vector<std::vector<std::uint64_t>>& bags);
// Cosine similarity of two sorted bags.
double cosine(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// Number of words (letter/digit runs) in `s`.
std::size_t word_count(const Text& t, Span s);

}  // namespace qda::segment
