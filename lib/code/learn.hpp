// A model learnt from the study's own codings (qda-code --learn, --model): one logistic
// regression per code over what qda already reads well in a unit — its Snowball stems and stem
// pairs, the codes the codebook's rules gave it, its category, source and speaker, and its place
// in its episode. Deterministic: the same codings and units give the same model, byte for byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "code/codebook.hpp"
#include "code/matcher.hpp"
#include "core/text.hpp"
#include "core/wordtable.hpp"

namespace qda::model {
class Stemmer;
}
namespace qda::rewrite {
class Lemmatizer;
}

namespace qda::code {

// One feature of a unit, named as the model and its explanations name it:
//   word:<stem>          a word of the text, by its folded Snowball stem (the folded word
//                        when the codebook names no language)
//   pair:<stem> <stem>   two words next to each other
//   lemma:<lemma>        a lemma Apertium's analyser gives the word (lower-cased), each one of
//                        an ambiguous word ("fue": ser, ir); only for a model learnt with lemmas
//   rule:<code>          a rule of the codebook gave the unit this code
//   before:<code>  after:<code>   a rule gave it to the unit before (after) it in its episode
//   category:<c>  source:<s>  speaker:<s>
//   place:only|first|middle|last   the unit's place among its episode's participant units
// A text feature (word, pair) keeps its first occurrence, in doc code points.
struct Feature {
  std::string name;
  bool in_text = false;
  std::size_t start = 0, end = 0;
};

class Model;

// Whether Apertium's analyser (Spanish) reads the codebook's language: "es", "es_MX", "es-419".
bool lemmas_for(const std::string& language);

// Whether a feature is a word of the unit's text (word:, pair:, lemma:), not what the unit is
// (its source, speaker, place) nor the rules' codes on it or its neighbours.
inline bool text_feature(std::string_view name) {
  return name.rfind("word:", 0) == 0 || name.rfind("pair:", 0) == 0 || name.rfind("lemma:", 0) == 0;
}

// The features of units, one thread's worth (a stemmer and buffers).
class Featurizer {
 public:
  // `lemmas_from`: the directory of Apertium's Spanish analyser, for lemma: features ("": none).
  explicit Featurizer(const std::string& language, const std::string& lemmas_from = {});
  ~Featurizer();
  Featurizer(const Featurizer&) = delete;
  Featurizer& operator=(const Featurizer&) = delete;

  // The features of `u`, each once, in order of first occurrence. `rules`: the rule applications
  // the unit kept; `place_lo/hi`: its place in its episode as qda-code computes it.
  // `before`, `after`: the applications of the units next to it in its episode (null at its
  // ends); their rules' codes are features too (before:<code>, after:<code>).
  const std::vector<Feature>& extract(const UnitView& u, const std::vector<Application>& rules, double place_lo,
                                      double place_hi, const std::vector<Application>* before = nullptr,
                                      const std::vector<Application>* after = nullptr);

  // The same features as extract() (same order, each once) as `m` knows them: per feature its
  // index in the model + 1, or 0 for one it does not know (Model::scores_known reads them).
  // Builds no feature name for a word or pair seen before: a word form's stem and what the
  // model knows of it and of each pair of stems are kept, per Featurizer, for the model last
  // given.
  const std::vector<std::uint32_t>& known(const Model& m, const UnitView& u, const std::vector<Application>& rules,
                                          double place_lo, double place_hi, const std::vector<Application>* before = nullptr,
                                          const std::vector<Application>* after = nullptr);
  // Where each feature of the last known() call was first found, as extract() says it.
  struct Span {
    bool in_text = false;
    std::size_t start = 0, end = 0;
  };
  const std::vector<Span>& spans() const { return spans_; }

 private:
  std::unique_ptr<model::Stemmer> stemmer_;
  std::unique_ptr<rewrite::Lemmatizer> lemmatizer_;
  // Lemmas by lower-cased word form, kept for the life of the Featurizer (whatever the model):
  // form -> its entry in form_lemmas_ ([first, end) of lemma_flat_, lemma ids); per lemma id its
  // name and what the bound model knows of "lemma:<name>".
  WordTable lemma_forms_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> form_lemmas_;
  std::vector<std::uint32_t> lemma_flat_;
  std::unordered_map<std::string, std::uint32_t> lemma_ids_;
  std::vector<std::string> lemma_names_;
  std::string lower_;
  std::vector<std::string> lemma_todo_, lemma_written_;
  std::uint32_t lemma_id(const std::string& lemma);
  // Analyses, in one pass, the words of `text` whose lemmas are not known yet.
  void prefetch_lemmas(std::string_view text);
  // The lemma ids of a word (prefetched).
  std::pair<const std::uint32_t*, const std::uint32_t*> lemmas_of(std::string_view word);
  std::vector<Feature> out_;
  std::size_t used_ = 0;  // features of the current unit in out_
  Feature& next();
  std::unordered_map<std::string, std::size_t> seen_;
  std::string word_, prev_stem_, buf_;
  // known()'s memory, for the model it was last given (bound_): ids of stems (the model's
  // first, then those seen since), per stem what the model knows of "word:<stem>" and the unit
  // it was last counted in; what the model knows of each pair of stem ids; and word forms ->
  // stem ids (a WordTable: a form seen before costs a hash and a probe or two, no allocation).
  struct Seen {
    std::uint32_t known = 0;
    std::uint64_t unit = 0;
  };
  void bind(const Model& m);
  std::uint32_t stem_id(const std::string& stem);
  std::uint32_t form_id(std::string_view form);
  const Model* bound_ = nullptr;
  std::size_t model_stems_ = 0;  // the first ids: the model's stems
  std::uint64_t unit_ = 0;
  std::unordered_map<std::string, std::uint32_t> stem_ids_;
  std::vector<Seen> stems_;
  std::vector<Seen> lemma_seen_;  // by lemma id (see lemma_forms_)
  std::unordered_map<std::uint64_t, std::uint32_t> pairs_;  // the model's pairs of stem ids
  WordTable forms_;  // word form -> its stem's id
  std::vector<std::uint64_t> unit_pairs_;  // the unit's pairs so far (open addressing, key + 1)
  // Per code, what the model knows of rule:, before: and after: it, and the unit each was last
  // counted in.
  struct CodeSeen {
    Seen rule, before, after;
  };
  std::unordered_map<std::string, CodeSeen> codes_;
  std::string name_;
  std::vector<std::uint32_t> known_;
  std::vector<Span> spans_;
};

// How training goes. The defaults were chosen on development sets (the example study's gold and
// the seven older held-out sets, heldout7 since its first contact), never on a set scored blind.
struct LearnOptions {
  std::string name = "learned";  // applications say by: "model:<name>"
  int epochs = 30;
  double rate = 0.3;   // AdaGrad step
  double l2 = 1e-4;    // weight decay per step
  std::uint64_t seed = 1;
  int min_df = 2;      // a feature counts from this many examples on
  double max_df = 0.5; // and a word up to this share of the units (from 10 units on)
  double balance = 0.75;  // positives weigh (negatives / positives)^balance, in [1, 10]
  int folds = 5;       // for calibration, from 20 coded units on (1: none)
  // The words of the text (word:, pair:, lemma:) scaled per class by (1 - nb_mix) + nb_mix x
  // their naive-Bayes log-count ratio (0: none), its counts smoothed by nb_alpha. Chosen on the
  // development sets heldout6-23 (mixes 0.15-1, alphas 0.1-1, all features or only the words;
  // learning_curve.py, 2 seeds), 25 % coded at random, eight pairs / eighteen single sets: the
  // model alone 0.388 -> 0.423 / 0.245 -> 0.279; rules and model +0.062 -> +0.078 / +0.027 ->
  // +0.031; with --veto auto +0.081 -> +0.101 (pairs); 50 % coded +0.104 -> +0.138 / +0.054 -> +0.078.
  double nb_mix = 0.3;
  double nb_alpha = 0.25;
};

// A training example: its features (indices into the model's features, sorted, each once), and
// per code of the model 1 (has it), 0 (has not) or -1 (not known: a codebook example teaches only
// its own code); training derives the shared classes' labels from these. Units
// of a coded episode that nobody coded are examples too, with every label -1: they teach their
// episode's type (what its coded units were given) and nothing else, and the episode's type is
// read from all its units. `episode` numbers the examples' episodes (-1: a codebook example, in
// none).
struct Example {
  std::vector<std::uint32_t> features;
  std::vector<std::int8_t> labels;
  std::int32_t episode = -1;
};

// Beside one logistic regression per code, the model learns classes its codes share, each with
// more examples than any one code has: "dimension:<id>" (the unit has a code of the dimension)
// and "type:<id>" (the unit is in an episode whose coded units have codes of the type; outside
// one, the unit has a code of the type). A code of a dimension and a type is then also read as
// the unit speaking of its dimension in an episode of its type: the episode's type is the mean of
// its units' type probabilities, normalised, and where a person coded some of its units, mostly
// what their codes say. What few examples of one code cannot teach, the examples of its row and
// its column of the study's table can.
class Model {
 public:
  std::string name;
  std::string language;         // the codebook's, for stemming
  std::string codebook_sha256;  // of the codebook it was trained with (its rules are features)
  bool lemmas = false;          // its features include lemma: (read with Apertium's analyser)
  std::vector<std::string> codes;     // the codes, in codebook order
  std::vector<std::string> shared;    // the shared classes: "dimension:<id>"…, then "type:<id>"…
  // Per code the index in `shared` of its dimension's class and of its type's class, or -1.
  struct Factors {
    int dimension = -1, type = -1;
  };
  std::vector<Factors> factors;
  std::vector<std::uint32_t> types;  // the indices in `shared` of the type classes, in order
  std::vector<std::string> features;  // names, by index
  std::unordered_map<std::string, std::uint32_t> index;  // name -> index
  std::vector<float> weights;  // features.size() rows of classes() weights
  // Per feature its inverse document frequency, 0 for one the model does not know (seen in one
  // example only); a feature not known weighs idf_unknown in a unit's norm, and nothing else.
  std::vector<float> idf;
  float idf_unknown = 1;
  std::vector<float> bias;     // per class
  // Platt's scaling of a code's score into its probability (1, 0: none); for a code with a
  // dimension or a type, p = sigmoid(a * score + b * log(P(dimension) * P(episode's type)) + c).
  double calib_a = 1, calib_b = 0;
  double shared_a = 1, shared_b = 0, shared_c = 0;
  // The threshold at which the calibration's held-out units were coded best (0.5 without
  // calibration): what the model adds from, unless the researcher sets another.
  double threshold = 0.5;
  // The veto level at which those units were coded better still (a rule's code set aside where
  // the model's probability of it is below this), pooled and on four folds in five, and the
  // threshold that went with it; 0 (and `threshold`): a veto did not help. Used with codebook
  // learning.veto "auto".
  double veto = 0, veto_threshold = 0.5;
  // What it was trained on: units, codebook examples, and per code the positive examples.
  long units = 0, examples = 0;
  std::vector<long> positives;
  // The units a person coded, by id: the indices in `codes` of the codes each was given (none:
  // "-"). What they were given says their episode's type where the model codes the others
  // (episode_types()); the file keeps them, so a run with --model codes as the run that learnt.
  std::unordered_map<std::string, std::vector<std::uint32_t>, text::StringHash, std::equal_to<>> coded;
  LearnOptions options;

  std::size_t classes() const { return codes.size() + shared.size(); }

  // The codes, and the classes they share from the codebook's dimensions and types.
  void set_codes(const Codebook& cb);

  // `types` from `shared` (after reading a model file).
  void index_shared();

  // Intern a feature name while collecting training examples.
  std::uint32_t intern(const std::string& feature);

  // Train on `data` (features interned with intern()). Codes with no positive example keep a
  // bias that never reaches a threshold.
  void train(const std::vector<Example>& data, const LearnOptions& o);

  // Each class's score for a unit with these features (names; unknown ones count in the unit's
  // size but weigh nothing), into `s` (classes()).
  void scores(const std::vector<Feature>& fs, std::vector<float>& s) const;
  // The same from what Featurizer::known() says the model knows of them.
  void scores_known(const std::vector<std::uint32_t>& known, std::vector<float>& s) const;
  // What the model knows of a feature: its index + 1, or 0 (not a feature, or seen once).
  std::uint32_t known(const std::string& feature) const {
    auto it = index.find(feature);
    return it == index.end() || idf[it->second] <= 0 ? 0 : it->second + 1;
  }
  // An episode's type from its units' scores: per type class its share, into `q` (types.size()).
  void episode_types(const std::vector<const std::vector<float>*>& units, std::vector<float>& q) const;
  // The same where a person coded units of the episode: `coded`, per type class, how many of
  // them have a code of it (add_coded_types()). What they coded outweighs what the model reads:
  // q = (coded + kCodedTypePrior x q) / (N + kCodedTypePrior), N the sum of `coded`.
  void episode_types(const std::vector<const std::vector<float>*>& units, const std::vector<float>& coded,
                     std::vector<float>& q) const;
  // What a unit a person coded says of its episode's type, added into `coded` (types.size()):
  // 1 for the type of its codes, shared equally where they are of several types, nothing where
  // none has a type. `given`: the indices in `codes` of the codes it was given.
  void add_coded_types(const std::vector<std::uint32_t>& given, std::vector<float>& coded) const;
  // The probability of each code of a unit, from its scores and its episode's type, into `p`.
  void probabilities(const std::vector<float>& s, const std::vector<float>& q, std::vector<float>& p) const;
  // All three for a unit read alone (its episode's type is its own).
  void predict(const std::vector<Feature>& fs, std::vector<float>& p) const;
  // The (up to) `k` features of `fs` that weighed most for code `c`, the heaviest first;
  // only features that raised the probability.
  std::vector<const Feature*> top_features(const std::vector<Feature>& fs, std::size_t c, std::size_t k) const;
  // The same from Featurizer::known(): the positions in `known` of those features.
  // (against: those that weighed most against it, most negative first.)
  std::vector<std::size_t> top_known(const std::vector<std::uint32_t>& known, std::size_t c, std::size_t k,
                                     bool against = false) const;
  // What feature `f` (an index) weighs towards code `c` in a unit, per unit of its value.
  float weighs(std::uint32_t f, std::size_t c) const;

  // JSON Lines: a header record, then one line per feature with its non-zero weights.
  void save(const std::string& path) const;
  // ConfigError naming the file and line for anything that is not a model qda wrote, or a code
  // the codebook does not define.
  static Model load(const std::string& path, const Codebook& cb);
  // The same from the bytes of a model file named `path` in messages.
  static Model parse(std::string_view bytes, const std::string& path, const Codebook& cb);
};

// The N units a researcher should code next: the least certain under the model (the most codes
// it can expect to get wrong), spread over codes and docs (each unit already picked
// from the same doc or for the same code halves the claim of the next). Without a model every
// unit is equally uncertain and only the spread counts; ties go to a hash of the unit id, so the
// choice is fixed and not the input order.
struct Candidate {
  std::string id, doc, text;
  std::size_t code = 0;      // the code it is least certain about (an index of the model's codes)
  double probability = 0;    // of that code
  double uncertainty = 1;    // expected_errors() of its probabilities
  std::string guess;         // the codes the model and the rules give it, space-separated
  // Its words (word:, pair:, lemma: features) as ids, each once, with their weights: as the
  // model weighs them (its idf), or, with no model, 0 until weigh_by_candidates().
  std::vector<std::pair<std::uint32_t, float>> words;
};
// One held-out code of one unit in the model's calibration: the model's probability of it (as
// the fold that did not see the unit scored it), whether the unit has it, whether a rule gave
// it, and the fold.
struct HeldOut {
  float p = 0;
  bool y = false, ruled = false;
  int fold = 0;
};
// The levels the model codes with, chosen on its held-out folds.
struct Levels {
  double threshold = 0.5;       // adds a code from here on, every rule hit standing
  double veto = 0;              // 0: no veto helped
  double veto_threshold = 0.5;  // the threshold that goes with the veto (= threshold without one)
};
// The fewest coded units from which a model chooses a veto level of its own (learning.veto
// "auto"): from fewer, every rule hit stands. Chosen on the development sets heldout6-35: on
// pairs coded 10 % at random (about 55 units) the veto went from +0.018 to +0.025 over the rules,
// and on single sets (about 28 units) from -0.006 to +0.001; from 25 % on, nothing changed.
inline constexpr std::size_t kMinVetoUnits = 60;
// How much the model's reading of an episode's type weighs beside what its coded units say, in
// coded units (Model::episode_types). Chosen on the development sets heldout8-35 (14 pairs, 25 %
// coded at random; 0.2, 0.5, 2): rules and model +0.098, +0.100, +0.096 over the rules.
inline constexpr double kCodedTypePrior = 0.5;
// The threshold at which the held-out codes were coded best (F1 over them all) as qda-code
// combines rules and model; and the veto level (0.01 up to the threshold it goes with) at which
// they were coded better still, pooled and on at least four folds in five of `folds`, or none.
Levels choose_levels(const std::vector<HeldOut>& held, int folds);

// With no model: each word of the candidates weighs its inverse document frequency among them
// (log((N + 1) / (df + 1)) + 1), a word of one candidate only nothing.
void weigh_by_candidates(std::vector<Candidate>& cands);
// How typical each candidate is of the others: the mean cosine similarity of its weighed words
// with every other candidate's, in one pass (the similarity to the sum of the others' unit
// vectors). Information density (Settles and Craven, 2008): uncertainty alone picks outliers.
std::vector<double> typicality(const std::vector<Candidate>& cands);
// The `n` candidates to code next, the most useful first: by (0.05 + uncertainty) x typicality,
// each halved for every candidate of its doc or its code picked before it.
std::vector<std::size_t> pick_suggestions(const std::vector<Candidate>& cands, std::size_t n);
// A unit's uncertainty for --suggest, from the model's probabilities of its codes and the
// positive examples the model had of each (Model::positives): sum of min(p, 1 - p) / (1 + positives).
double expected_errors(const std::vector<float>& probs, const std::vector<long>& positives);

}  // namespace qda::code
