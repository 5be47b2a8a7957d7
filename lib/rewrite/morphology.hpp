// Spanish morphology in process: Apertium spa-cat analysis, generation and post-generation
// through liblttoolbox, and Constraint Grammar disambiguation through libcg3, all cached.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/text.hpp"

namespace qda::rewrite {

// One morpheme of a reading: "decirme" = decir<vblex><inf> + me<prn><enc><p1><mf><sg>.
struct Part {
  std::string lemma;
  std::vector<std::string> tags;  // without the angle brackets, in order
  // The first tag is a verb's (vblex, vbser, vbhaver, vbmod): set as the part is parsed, since
  // the rewrite asks it of every reading of every word.
  bool verb = false;
  bool has(std::string_view tag) const;
  // "lemma<t1><t2>" (the lexical form the generator reads)
  std::string lexical() const;
};

struct Reading {
  std::vector<Part> parts;  // at least one
  const Part& head() const { return parts.front(); }
  std::string lexical() const;  // parts joined by '+'
};

// Analyses of one form; empty readings = unknown to the dictionary.
struct Analysis {
  std::vector<Reading> readings;
};

// What the CG sees of one token: its word form and its analyses.
struct Cohort {
  std::string_view form;
  const Analysis* analysis = nullptr;
  // Whether a reading the grammar removes by a default (as from the word alone) stays in play:
  // for the first-person forms the rewrite chooses among; other words keep the grammar's verdict.
  bool settle = true;
};

// Paths of the four data files below a morphology directory.
struct MorphologyFiles {
  std::string analyser, generator, postgenerator, grammar;
  static MorphologyFiles in(const std::string& dir);
};

// What the grammar leaves of one sentence: per cohort, the indices of the readings it kept, and
// those it removed with the rule that removed each.
struct GrammarRun {
  using Removed = std::vector<std::pair<int, std::uint32_t>>;
  std::vector<std::vector<int>> alive;
  std::vector<Removed> removed;
};

class Morphology {
 public:
  // Loads the transducers, and the grammar unless this process has it already (one applicator
  // serves every Morphology, one thread at a time: libcg3 1.3.9 is not thread-safe; see
  // fork_grammar_processes() for running it on several cores). ConfigError (exit 2) naming the
  // missing file and the Debian package apertium-spa-cat when a file is missing or unreadable.
  static std::unique_ptr<Morphology> load(const std::string& dir);
  ~Morphology();
  Morphology(const Morphology&) = delete;
  Morphology& operator=(const Morphology&) = delete;

  // Analyses of a form as written (the caller lower-cases words). Cached for the life of the
  // object, so the reference stays valid.
  const Analysis& analyse(std::string_view form);
  // The cached analyses of a form, nullptr when this morphology has not met it yet.
  const Analysis* cached(std::string_view form) const {
    auto it = analyses_.find(form);
    return it == analyses_.end() ? nullptr : it->second;
  }
  // Analyse every not-yet-cached form of `forms` in one pass through the transducer (one
  // stream per batch instead of one per word).
  void prefetch(const std::vector<std::string_view>& forms);
  // Surface form of a lexical form such as "revisar<vblex><ifi><p3><pl>" (no ^…$), cached.
  // "" when the generator does not know it. A result may start with '~' (post-generation due).
  const std::string& generate(std::string_view lexical);
  // Share the caches with `other` (the morphologies of one run's worker threads): a form's
  // analyses, a lexical form's surface, a form's default removals, a sentence's verdict and a
  // post-generated line are each worked out once, by whichever thread meets them first, and read
  // by all. Call before any use.
  void share_caches_with(const Morphology& other) { shared_ = other.shared_; }
  // Post-generation of a line of generated words ("~le lo dijo" -> "se lo dijo"), cached.
  std::string postgenerate(std::string_view text);
  // Runs the grammar over one sentence; for each cohort, the sorted indices of its readings
  // still in play: those the grammar kept, plus, for a cohort to settle, those it removed only
  // by a default rule (one that removes them from the word standing alone too). All of them for
  // an unknown word.
  // Cached by the sentence's forms and settle flags (the verdict depends on nothing else).
  std::vector<std::vector<int>> disambiguate(const std::vector<Cohort>& sentence);

  std::size_t cached_forms() const;

  // Runs the grammar in `n` processes forked from this one and in this one, for this morphology
  // and every one that shares its caches: libcg3 1.3.9 lets one thread at a time into a process,
  // so qda-rewrite -j N forks N - 1 and its N worker threads run the grammar at once, one of them
  // here (no pipe to cross). Call from a process with one thread (before any worker is started),
  // after load(). The processes end with the last morphology that shares them; IoError (exit 1)
  // if one of them fails.
  void fork_grammar_processes(int n);

 private:
  Morphology();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  using Hash = text::StringHash;
  // The caches threads may share (the key strings and values never move once in), and this
  // thread's view of them: pointers into the shared ones, found without taking their lock.
  struct Shared;
  std::shared_ptr<Shared> shared_;
  std::unordered_map<std::string_view, const Analysis*, Hash, std::equal_to<>> analyses_;
  std::unordered_map<std::string_view, const std::string*, Hash, std::equal_to<>> generated_;
  using Removed = GrammarRun::Removed;
  using Run = GrammarRun;
  Run run_grammar(const std::vector<Cohort>& sentence);
  std::vector<std::vector<int>> run_and_settle(const std::vector<Cohort>& sentence);
  // The shared caches of sentences already disambiguated (by their length-prefixed forms) and of
  // post-generated lines hold this many entries at most: near 20 MB however large the corpus (a
  // sentence's entry is about a kilobyte); a full cache starts over (its entries are handed out
  // as copies).
  static constexpr std::size_t kMaxCachedSentences = 20000;
  std::string key_;
};

// The analyser alone, for what a word's lemmas are (qda-code's lemma: features): about a tenth
// of a Morphology's memory and load time. One per thread.
class Lemmatizer {
 public:
  // ConfigError (exit 2) naming the file and the Debian package when the analyser is missing.
  static std::unique_ptr<Lemmatizer> load(const std::string& dir);
  ~Lemmatizer();
  Lemmatizer(const Lemmatizer&) = delete;
  Lemmatizer& operator=(const Lemmatizer&) = delete;
  // The distinct lemmas of each form's readings (their first part), in the analyser's order;
  // none for a form it does not know. All the forms go through the transducer in one stream.
  std::vector<std::vector<std::string>> lemmas(const std::vector<std::string>& forms);

 private:
  Lemmatizer();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parse one analysis line of lt-proc ("^form/lf1/lf2$"); exposed for tests.
Analysis parse_analysis(std::string_view lu);

}  // namespace qda::rewrite
