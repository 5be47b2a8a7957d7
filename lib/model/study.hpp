// The study file (study.yaml): where the data are and how to read them, loaded by one loader
// that every tool uses (qda-ingest for the data, qda-report for populations, levels, language).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace qda::model {

// A level (service) of the study file: canonical id and the spellings that mean it.
struct Level {
  std::string id, label, group;
  std::vector<std::string> match;
};

// How transcripts are read: which speaker labels mean whom, and which words open an explicit
// episode marker. Labels are compared folded (case- and accent-insensitive, spaces squeezed, a
// trailing '.' ignored).
struct SpeakerConfig {
  std::vector<std::string> interviewer;  // e.g. Entrevistador, Entrevistadora, E, Elena Ruiz
  std::vector<std::string> participant;  // e.g. Participante, P, R
  // A line "## Episodio 2", "[Episodio 2]", "**Episodio 2**" or a Word heading "Episodio 2"
  // opens an episode when its first word is one of these (folded: "episodio", "relato").
  std::vector<std::string> episode_markers;
};

struct Category {
  std::string id, label;
};

// attribute key -> column header, with where the study file says so (for errors).
struct AttrColumn {
  std::string key, column;
  Location where;
};

struct Question {
  std::string column, id, category;
  Location where;
};

struct ParticipantsTable {
  std::string file;  // path as usable from the working directory
  std::string display;  // path as written in the study file
  std::string id_column;
  std::string encoding = "auto";
  std::vector<AttrColumn> attrs;
  Location where;
};

struct SourceSpec {
  std::string source;            // "C", "E", …
  std::string format = "auto";   // csv, txt, md, vtt, srt, docx, auto
  std::vector<std::string> files;     // usable paths (globs expanded, sorted naturally)
  std::vector<std::string> display;   // the same, relative to the study file, for "origin"
  std::string encoding = "auto";
  std::string id_column;               // "" = C1, C2, … in row order
  std::vector<AttrColumn> attrs;
  std::vector<std::string> ignore;
  std::vector<Question> questions;
  std::string category;                // transcripts: the category of the doc
  bool require_speakers = false;
  ParticipantsTable participants;      // transcripts: attributes by id
  Location where;
};

struct Study {
  std::string file, dir;
  std::string sha256;  // of the file's bytes, for provenance records
  std::string title, language = "es", number_format = "68.5 %";
  std::map<std::string, long> population;
  std::vector<Category> categories;
  std::vector<Level> levels;
  std::map<std::string, std::string> groups;
  SpeakerConfig speakers;
  // The interviewer's requests that open a narrated episode in this study's protocol, beside
  // qda-segment's general ones (qda-segment --study).
  std::vector<std::string> episode_prompts;
  // The study's names for what reports show (`labels:`): an attribute key ("level") or a report
  // label key ("typ.title") -> the text; where each was written, for errors about it.
  std::map<std::string, std::string> labels;
  std::map<std::string, Location> label_where;
  std::string pseudonyms;  // usable path or ""
  std::vector<SourceSpec> sources;
};

// Built-in speaker labels and episode marker words of a language ("es", "en"), used when a
// study file names none and in ad hoc mode: neutral ones (Entrevistadora, Participante, P, R…).
SpeakerConfig default_speakers(const std::string& language = "es");

// The study as a record of the stream, {"kind":"study"} (corpus-schema/study_record.schema.json):
// what the later steps need of the study file — its title, language, number format, population,
// sources in order, categories, levels, groups, labels, episode prompts and marker words — so a
// pipeline needs the study file only at its head (qda-ingest writes it; qda-segment takes its
// episode prompts, qda-report the rest when it is given no --study).
std::string to_record(const Study& s);
// Read a study record back (the fields above; sources without their files). DataError naming
// the field on a wrong type.
Study study_from_record(std::string_view line);

// Load and validate a study file. ConfigError with file, line, column and key for unknown
// keys, missing required keys, wrong types, unknown categories, duplicate ids, and file
// patterns that match nothing.
Study load_study(const std::string& path);

}  // namespace qda::model
