// Narrative arcs (Reagan et al. 2016; Jockers' Syuzhet): per-unit valence from a lexicon with
// negation and intensifiers, low-pass DCT smoothing, and classification into six shapes or flat.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qda::synthesize {

// A valence lexicon: TSV lines "word<TAB>score[<TAB>role]", score in [-1, 1]; a word ending in
// '*' is a stem that matches every word starting with it (the longest entry wins). Matching is
// on folded text (case and accents ignored, ñ kept). '#' starts a comment line. Roles:
//   (none) or "valence"  the word's score counts where it appears; a 0 entry is a word known to
//                        be neutral: it counts nothing but takes a pending negator or intensifier;
//   "negator"            (no, nunca, sin) negates the next lexicon word of its clause within
//                        kNegationWindow words; when it negates nothing its own score counts;
//   "intensifier"        (muy, apenas) scales the next lexicon word within kIntensifierWindow
//                        words by (1 + score): muy 0.5 gives x1.5, apenas -0.5 gives x0.5.
class Lexicon {
 public:
  enum class Role : std::uint8_t { valence, negator, intensifier };
  struct Entry {
    double score = 0;
    Role role = Role::valence;
  };
  static constexpr int kNegationWindow = 3;
  static constexpr int kIntensifierWindow = 2;
  // Negation shifts a score towards the other pole by this much rather than mirroring it
  // (Taboada et al. 2011, SO-CAL: a shift of 4 on their ±5 scale): "no bueno" (0.5) is -0.3,
  // "no pude" (0.2) is -0.6, "sin problemas" (-0.5) is 0.3. Mirroring would make the negation
  // of a mild word mild, yet "no pude" or "no sabía qué hacer" is a clear low point of a story.
  static constexpr double kNegationShift = 0.8;

  // ConfigError naming FILE:LINE for a malformed line, a score out of range, an unknown role.
  static Lexicon load(const std::string& path);
  static Lexicon parse(std::string_view text, const std::string& file);
  // The general lexicon built in for a language (lib/synthesize/data/valence-<lang>.tsv), empty
  // when there is none.
  static Lexicon built_in(const std::string& language);
  // Add the entries of `more`; a word or stem it gives again takes its entry there.
  void add(const Lexicon& more);
  bool empty() const { return words_.empty() && stems_.empty(); }
  std::size_t size() const { return words_.size() + stems_.size(); }
  // The entry of one folded word, null when the lexicon does not know it.
  const Entry* find(std::string_view folded_word) const;
  // Score of one folded word as a valence word, 0 when the lexicon does not know it.
  double score(std::string_view folded_word) const;
  // Valence of a text: the mean of the (negated, intensified) scores of its non-zero lexicon
  // words, 0 when there is none, so a unit's valence does not grow with its length. Clauses end
  // at . , ; : ! ? ¡ ¿ ( ) « » " “ ” — … and a negator or intensifier never crosses one.
  double valence(std::string_view text) const;

 private:
  std::unordered_map<std::string, Entry> words_;  // looked up only, never iterated
  std::vector<std::pair<std::string, Entry>> stems_;  // longest first: the most specific wins
  // The stems by text, and their lengths, longest first: a word's entry is its longest prefix
  // that is a stem, found with one lookup per length rather than a pass over every stem.
  std::unordered_map<std::string, Entry> stem_index_;
  std::vector<std::size_t> stem_lengths_;
  void sort_stems();
};

// The text of the built-in lexicon of a language, nullptr when there is none.
const char* embedded_lexicon(const std::string& language);

struct ArcParams {
  int low_pass = 4;        // DCT coefficients kept: k = 0..3 allows at most two turns
  int points = 20;         // length of the smoothed series
  double flat = 0.1;       // smoothed range below this (valence units) = flat
  double turn = 0.2;       // a movement smaller than this share of the range is not a turn
  int shuffles = 100;      // shuffled orders of the control (its agreement is their mean)
};

// The low-pass DCT-II reconstruction of `series` sampled at `points` evenly spaced positions
// from the first unit to the last. An empty series gives an empty result; one unit, a constant.
std::vector<double> smooth(const std::vector<double>& series, const ArcParams& p);

// The same, with the cosine tables of one series length computed once: the shuffled-order
// control smooths the same length many times.
class Smoother {
 public:
  Smoother(std::size_t n, const ArcParams& p);
  // `series` must have the length given to the constructor; the result goes to `out`.
  void operator()(const std::vector<double>& series, std::vector<double>& out) const;

 private:
  std::size_t n_, k_, points_;
  std::vector<double> analysis_;   // k_ x n_: cos(pi k (2i + 1) / 2n)
  std::vector<double> synthesis_;  // points_ x k_: the inverse weights at each sampled position
};

// rise, fall, fall-rise, rise-fall, rise-fall-rise, fall-rise-fall or flat: flat when the
// smoothed range is below p.flat; otherwise the movements between the turning points of the
// smoothed series, dropping (smallest first) every movement below p.turn x range.
std::string classify(const std::vector<double>& smoothed, const ArcParams& p);

// The shapes classify() can give, in the order the structures report them.
inline constexpr const char* kShapes[] = {"rise", "fall", "fall-rise", "rise-fall", "rise-fall-rise", "fall-rise-fall", "flat"};
inline constexpr std::size_t kFlatShape = 6;
// The index in kShapes of a shape's name; kFlatShape for a name that is not there.
std::size_t shape_index(std::string_view shape);
// shape_index(classify(smoothed, p)) without building the name or allocating: for the shuffled
// orders of the control, a hundred per narrative.
std::size_t classify_index(const std::vector<double>& smoothed, const ArcParams& p);

// Deterministic Fisher–Yates shuffle (splitmix64), the same on every platform, unlike
// std::shuffle whose distribution is implementation-defined.
void shuffle(std::vector<double>& v, std::uint64_t seed);

}  // namespace qda::synthesize
