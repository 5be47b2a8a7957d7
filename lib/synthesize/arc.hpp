// Narrative arcs (Reagan et al. 2016; Jockers' Syuzhet): per-unit valence from a lexicon,
// low-pass DCT smoothing, and classification into six shapes or flat.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qda::synthesize {

// A valence lexicon: TSV lines "word<TAB>score", score in [-1, 1]; a word ending in '*' is a
// stem that matches every word starting with it. Matching is on folded text (case and
// accents ignored, ñ kept). '#' starts a comment line.
class Lexicon {
 public:
  // ConfigError naming FILE:LINE for a malformed line or a score out of range.
  static Lexicon load(const std::string& path);
  static Lexicon parse(std::string_view text, const std::string& file);
  bool empty() const { return words_.empty() && stems_.empty(); }
  std::size_t size() const { return words_.size() + stems_.size(); }
  // Score of one folded word, 0 when the lexicon does not know it.
  double score(std::string_view folded_word) const;
  // Valence of a text: the mean score of its lexicon words (0 when there is none), so a unit's
  // valence does not grow with its length.
  double valence(std::string_view text) const;

 private:
  std::unordered_map<std::string, double> words_;  // looked up only, never iterated
  std::vector<std::pair<std::string, double>> stems_;  // longest first: the most specific wins
};

struct ArcParams {
  int low_pass = 4;        // DCT coefficients kept: k = 0..3 allows at most two turns
  int points = 20;         // length of the smoothed series
  double flat = 0.1;       // smoothed range below this (valence units) = flat
  double turn = 0.2;       // a movement smaller than this share of the range is not a turn
};

// The low-pass DCT-II reconstruction of `series` sampled at `points` evenly spaced positions
// from the first unit to the last. An empty series gives an empty result; one unit, a constant.
std::vector<double> smooth(const std::vector<double>& series, const ArcParams& p);

// rise, fall, fall-rise, rise-fall, rise-fall-rise, fall-rise-fall or flat.
std::string classify(const std::vector<double>& smoothed, const ArcParams& p);

// Deterministic Fisher–Yates shuffle (splitmix64), the same on every platform, unlike
// std::shuffle whose distribution is implementation-defined.
void shuffle(std::vector<double>& v, std::uint64_t seed);

}  // namespace qda::synthesize
