// Meaning units (Giorgi's second step): docs in, units whose boundaries say why they are there.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diag.hpp"
#include "core/io.hpp"
#include "core/record.hpp"
#include "core/step.hpp"
#include "segment/cues.hpp"
#include "segment/sentences.hpp"

namespace qda::segment {

enum class Granularity { sentence, unit, turn };

struct Options {
  std::string lang = "es";
  double threshold = 0.5;
  Granularity granularity = Granularity::unit;
  std::string markers_file;                     // "" = the built-in file of `lang`
  std::vector<std::string> abbreviation_files;  // added to the built-in list
  // The study's own episode prompts (study file `episode_prompts`), added to the markers'.
  std::vector<std::string> episode_prompts;
  // They came from a study file (--study): a study record in the stream adds none.
  bool prompts_given = false;
};

struct Turn {
  std::string speaker, label;
  Span span;
  std::string start;  // the turn's first timestamp as written ("" when the transcript has none)
};
struct EpisodeMark {
  std::string label;
  std::size_t turn = 0, at = 0;
};

// A doc record read and checked: text, turns and explicit episodes.
struct Doc {
  Record rec;
  std::string id, text;
  std::vector<Turn> turns;
  std::vector<EpisodeMark> episodes;
};
// DataError (record and key named) for a doc without text, with invalid UTF-8, or with a
// turn or episode outside its text. A doc without turns is one participant turn.
Doc read_doc(Record rec);
// The same from a record read without its "text" and "turns" and those fields' raw JSON
// (nullopt when absent), read where the line lies: their JSON is never copied whole. The turns'
// JSON must be followed by 64 readable bytes (as a line of io::LineReader is).
Doc read_doc(Record rec, std::optional<std::string_view> raw_text, std::optional<std::string_view> raw_turns);

struct Boundary {
  std::string reason;  // start, turn, episode, marker, tense, cohesion, sentence
  std::string cue;     // what was seen ("" for start)
  std::string cls;     // marker class, for reason marker
  double score = 1;
};
struct Unit {
  std::size_t episode = 0, seq = 0;
  std::string speaker;
  Span span;
  Boundary boundary;
  std::size_t turn = 0;  // the doc's turn the unit is in (its timestamp is the unit's `start`)
};
struct Sentence {
  Span span;
  std::size_t turn;
};

// Segments docs. Holds the ICU objects, language data and buffers for a whole stream: create
// one per stream (and thread), not one per doc. A doc is read a turn at a time, and a long turn
// (a written answer) a window at a time (Text): what a doc costs beyond its text is a few
// bytes per sentence of its longest turn, and offsets stay those of the whole doc.
class Segmenter {
 public:
  // ConfigError/IoError on bad data files or an unknown language.
  explicit Segmenter(const Options& opts);
  // The units of one doc, in text order.
  const std::vector<Unit>& segment(const Doc& d);
  // The participant sentences of the last doc given to segment() (for baselines and tests).
  const std::vector<Sentence>& sentences() const { return sents_; }
  // Segment `d` and append its unit records, one JSON line each, each turn's as soon as it is
  // segmented (the same bytes as segment() then writing every unit). With `direct`, what is
  // appended goes to it (and `out` is emptied) whenever it passes kDirectBytes.
  void write(const Doc& d, std::string& out, io::Output* direct = nullptr);
  static constexpr std::size_t kDirectBytes = 1 << 16;
  // The participant units of the last doc when it is an interview and they are all in
  // episode 0 (no episode was found), else 0.
  std::size_t units_outside_episodes() const { return in_episode_ ? 0 : participant_units_; }
  const Markers& markers() const { return markers_; }
  const Options& options() const { return opts_; }
  // Add episode prompts (a study's) to the markers'.
  void add_prompts(const std::vector<std::string>& prompts);
  // The markers as built from the options, plus `stream_prompts` (a study record's).
  void reset_prompts(const std::vector<std::string>& stream_prompts);

 private:
  // Segment the turns of `d` in order; with `out`, write each turn's units and forget them.
  void turns(const Doc& d, std::string* out, io::Output* direct);
  void start_episodes(const Doc& d);
  void turn_episode(const Doc& d, std::size_t i);
  void participant_turn(const Doc& d, std::size_t turn_idx);
  void number_units(const Doc& d, std::size_t end);
  void write_units(const Doc& d, std::size_t first_unit, std::size_t end, std::string& out, io::Output* direct);
  // A span of the doc in text_'s code points, which start at the doc's code point off_.
  Span local(Span s) const { return Span{s.start - off_, s.end - off_}; }
  Options opts_;
  Markers markers_;
  SentenceSplitter splitter_;
  // Buffers reused from doc to doc, so a stream allocates only while its docs grow.
  Text text_;  // the turn being segmented, and the code point before it
  std::size_t off_ = 0;
  std::vector<Sentence> sents_;
  std::vector<Span> spans_;  // the sentences of the turn being segmented, in text_'s code points
  std::vector<Unit> units_;
  std::size_t numbered_ = 0;  // units_ before it are numbered (and, when writing, written)
  static constexpr std::size_t kUnitsHeld = 256;
  std::string* out_ = nullptr;  // where turns() writes, if it does
  io::Output* direct_ = nullptr;
  std::size_t turn_ep_ = 0;  // episode at the start of the current turn
  Boundary turn_bd_;         // boundary of its first unit
  std::vector<std::pair<std::size_t, Boundary>> mid_turn_;  // explicit episode starts inside it
  std::vector<Tense> tense_;
  Cohesion cohesion_;
  // Episodes turn by turn: the current one, the next explicit mark; whether the doc has
  // interviewer turns, whether a prompt opened the episode and the participant's words since
  // (counted up to 40).
  std::size_t ep_ = 0, next_mark_ = 0, words_ = 0;
  bool interview_ = false, by_prompt_ = false;
  std::size_t seq_ = 0, participant_units_ = 0;
  bool in_episode_ = false;
  // What every unit record of the doc being written copies: its fields' raw JSON, its id.
  std::array<const std::string*, 5> raws_{};
  std::string unit_id_, doc_id_;
  // Scores as json::append_number writes them, by value: a few values recur in every doc.
  struct ScoreText {
    std::uint64_t bits = 0;
    std::uint8_t len = 0;  // 0 = empty
    char text[23];
  };
  mutable std::array<ScoreText, 64> scores_{};
  void append_score(std::string& out, double score) const;
};

// Read records from `in`: docs become units, every other record passes through unchanged
// and in order. Bad docs go to `acc` (which rethrows under --on-error=fail).
// Returns the number of note records written (docs whose participant speech is in no episode).
// jobs > 1: docs are segmented in batches by that many worker threads (each with a segmenter
// made from seg's options) and written in input order: the same bytes as with one job.
std::size_t run(Segmenter& seg, io::LineReader& in, io::Output& out, Accounting& acc, const StepOptions& opts = {},
                int jobs = 1);

}  // namespace qda::segment
