// The cues of a narrative shift: marker phrases, verb tense and lexical cohesion, and the
// per-language data (markers file) that drives them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/yaml.hpp"
#include "segment/sentences.hpp"

namespace qda::segment {

// A set of short code point strings for look-ups on a hot path (open addressing).
class WordSet {
 public:
  // Adds `w` unless present; returns its index (order of first insertion).
  std::size_t insert(std::u32string_view w);
  // Index of w[0, n), or -1 when absent.
  long find(const char32_t* w, std::size_t n) const {
    return find(w, n, [](char32_t c) { return c; });
  }
  // Index of the word map(w[0]) … map(w[n-1]), or -1 when absent; `map` is applied only to
  // the code points compared.
  template <class Map>
  long find(const char32_t* w, std::size_t n, Map&& map) const {
    if (n > max_len_ || n == 0) return -1;
    const char32_t first = map(w[0]), last = map(w[n - 1]);
    if (n < kFiltered) {
      unsigned bit = filter_bit(first, last);
      if (!((filter_[n][bit / 64] >> (bit % 64)) & 1)) return -1;
    }
    return probe(w, n, first, last, map);
  }
  std::size_t size() const { return words_.size(); }

 private:
  // The hash looks at the length and three code points only: the words are short and few.
  static std::size_t slot(char32_t first, char32_t second, char32_t last, std::size_t n) {
    std::uint64_t h = (first * 0x9E3779B97F4A7C15ull) ^ (second * 0xC2B2AE3D27D4EB4Full) ^ (last * 0x165667B19E3779F9ull) ^ n;
    return static_cast<std::size_t>(h ^ (h >> 29) ^ (h >> 47));
  }
  // Most words looked up are absent: a bit per (length, first and last code point) answers
  // most of them before the table is read.
  static constexpr std::size_t kFiltered = 32;
  static unsigned filter_bit(char32_t first, char32_t last) { return (first * 131u + last) & 255u; }
  template <class Map>
  [[gnu::noinline]] long probe(const char32_t* w, std::size_t n, char32_t first, char32_t last, Map&& map) const {
    std::size_t mask = slots_.size() - 1;
    for (std::size_t at = slot(first, n > 1 ? map(w[1]) : 0, last, n) & mask;; at = (at + 1) & mask) {
      std::uint32_t v = slots_[at];
      if (!v) return -1;
      const auto& x = words_[v - 1];
      if (x.size() != n) continue;
      std::size_t i = 0;
      while (i < n && x[i] == map(w[i])) ++i;
      if (i == n) return static_cast<long>(v - 1);
    }
  }
  void place(std::size_t i);
  std::uint64_t filter_[kFiltered][4] = {};
  std::vector<std::u32string> words_;
  std::vector<std::uint32_t> slots_;  // word index + 1; 0 = free
  std::size_t max_len_ = 0;
};

struct MarkerClass {
  std::string name;
  double weight = 0;
  // A fronted time phrase: one of `words` (folded) among the first `within` words of the
  // sentence (after fillers), before any verb form ("A las pocas semanas…", "Para marzo…").
  std::vector<std::u32string> words;
  int within = 0;
  WordSet word_set;
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
  // The general form of a prompt: a verb of telling ("cuénteme", "¿cómo fue…?") followed within
  // `within` words by a word that points at one event ("una", "vez", "cuando", "primera").
  struct Request {
    std::vector<std::u32string> verbs, objects;
    int within = 6;
  };
  std::vector<Request> requests;
  // Looked up only; iterated only into stopword_set, whose answers do not depend on order.
  std::unordered_set<std::u32string> stopwords;
  // A change of dominant tense between sentences: into a new event (imperfect -> preterite)
  // or between the narrated past and the present of the telling scores `tense_weight`; from
  // an event into its backdrop (preterite -> imperfect), `tense_background_weight`.
  double tense_weight = 0.3;
  double tense_background_weight = 0.3;
  double cohesion_weight = 0.4;
  int cohesion_block = 3;
  // Units are "usually one to a few sentences" (Giorgi): past `length_free` sentences, each
  // further sentence in the current unit adds `length_weight` to the next gap's score.
  double length_weight = 0.15;
  int length_free = 2;
  int cohesion_min_words = 4;

  // Look-up tables over the lists above, built by load_markers; call index() after editing
  // the lists by hand. Entries are (first code point, list index), sorted, so a position is
  // compared only with the phrases that can start there, still in list order.
  using FirstIndex = std::vector<std::pair<char32_t, std::uint32_t>>;
  FirstIndex phrase_index, filler_index, prompt_index;
  WordSet stopword_set;
  void index();
};

// Read a markers file; ConfigError with file, line, column and key on anything wrong.
Markers load_markers(const yaml::Doc& d);
// The markers file and abbreviation list built into the binary for `lang` (nullptr if none).
const char* embedded_markers(const std::string& lang);
const char* embedded_abbreviations(const std::string& lang);

// A marker at the start of sentence `s` (after fillers, opening punctuation and bracketed
// transcription notes such as "[risas]" or "[…]"): a phrase of any class, else a fronted
// time phrase of a class with `words`. Of stacked connectives ("Pero luego", "Pero, al final")
// the later one names the class when it weighs more, and `where` spans both.
struct MarkerHit {
  std::size_t cls;
  Span where;  // the phrase as written
};
std::optional<MarkerHit> match_marker(const Markers& m, const Text& t, Span s);
// The first episode prompt in `s` (as written), or nullopt: one of the listed prompts, else the
// first request (a verb of telling and the event it asks for).
std::optional<Span> match_prompt(const Markers& m, const Text& t, Span s);
// The first of the listed prompts only.
std::optional<Span> match_phrase_prompt(const Markers& m, const Text& t, Span s);

enum class Tense { unknown, imperfect, preterite, present };
const char* tense_name(Tense t);
// The tense most of the recognised verb forms of `s` outside quotations («…», “…”, "…") are
// in: the narrator's tense, not that of the speech they quote. Unknown on none or a tie.
Tense dominant_tense(const Text& t, Span s);

// Content-word stems of `s` (hashed, sorted), for the cohesion comparison.
void content_words(const Markers& m, const Text& t, Span s, std::vector<std::uint64_t>& out);
// TextTiling depth scores of the gaps between consecutive bags: result[i] is the gap before
// bag i (result[0] = -1); -1 where a block has too few words to judge.
std::vector<double> cohesion_depths(const Markers& m, const std::vector<std::vector<std::uint64_t>>& bags);
// Cosine similarity of two sorted bags.
double cosine(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

// content_words and cohesion_depths for the sentences of one turn at a time, with the
// buffers kept from turn to turn: the same depths, without a bag per sentence. The similarity
// at a gap is taken as soon as the blocks either side of it are added, and the stems of the
// sentences no block will hold again are let go: a long answer costs its similarities and the
// stems of a few sentences, not all its stems.
class Cohesion {
 public:
  // Forget the last turn's sentences; the blocks and the words they need are m's.
  void clear(const Markers& m);
  // Add the content words of the next sentence.
  void add(const Markers& m, const Text& t, Span s);
  // add(m, t, s) and return dominant_tense(t, s), reading the words once.
  Tense add_and_tense(const Markers& m, const Text& t, Span s);
  // Add a bag of stem hashes as the next sentence.
  void add(const std::vector<std::uint64_t>& bag);
  // The similarities of the last gaps, once every sentence is added; then depth() answers.
  void finish();
  // depths()[g], after finish(), read from the similarities where it is asked.
  double depth(std::size_t g) const;
  // The depths of cohesion_depths over the sentences added since clear().
  const std::vector<double>& depths();

 private:
  void intern(std::uint64_t h);  // append the stem's id to ids_
  void added();                  // a sentence is complete: the gaps it completes
  void gap(std::size_t g, std::size_t to);  // the similarity of blocks [g - w, g) and [g, to)
  std::size_t w_ = 3, min_words_ = 4;
  std::vector<std::uint32_t> ids_;    // stem ids (equal hash, equal id) of the turn from base_ on
  std::size_t base_ = 0, total_ = 0;  // the turn's stems before ids_[0], and in all
  // Where each sentence's stems begin in the turn's, from sentence first_ on (those before
  // it are let go), and the turn's sentences.
  std::vector<std::size_t> start_;
  std::size_t first_ = 0, n_ = 0;
  // Interning table: a slot is in use when its stamp is the current turn's.
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t stamp = 0, id = 0;
  };
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> keys_;  // the current turn's stems by id, to grow the table
  std::uint32_t turn_ = 0;
  // The blocks either side of the next gap: occurrences per id, sentences [lo, hi), sums.
  std::vector<std::uint32_t> left_, right_;
  std::size_t lo_l_ = 0, hi_l_ = 0, lo_r_ = 0, hi_r_ = 0, next_gap_ = 1;
  std::uint64_t dot_ = 0, sq_left_ = 0, sq_right_ = 0;
  std::size_t words_left_ = 0, words_right_ = 0;
  std::vector<double> sim_, depth_;
};

// Number of words (letter/digit runs) in `s`; with `limit`, counting stops there.
std::size_t word_count(const Text& t, Span s);
std::size_t word_count(const Text& t, Span s, std::size_t limit);

}  // namespace qda::segment
