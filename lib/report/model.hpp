// What a report reads from the stream: the fields of each record kind the tables need.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/diag.hpp"
#include "core/note.hpp"
#include "core/provenance.hpp"
#include "core/synthesis.hpp"
#include "model/study.hpp"

namespace qda::report {

// An attribute as the record has it: its key, its JSON type (Integer, Float, Boolean, Text: the
// REFI-QDA variable types it maps onto; arrays and objects are Text) and its value as text.
struct Attr {
  std::string key, type, text;
};

struct Participant {
  std::string id, source, gender, level;  // "" when unknown
  std::optional<long> age;
  std::vector<Attr> attrs;  // every attribute, in the record's order
};

// A doc as qda-ingest wrote it (the coded units keep only their own text).
struct Doc {
  std::string id, participant, source, category, text;
  std::vector<Attr> attrs;
  std::string origin_format, origin_guid, origin_name;  // origin.format; a REFI-QDA source's guid and name
};

struct Application {
  std::string code, by;
  std::size_t start = 0, end = 0;  // its span in the doc
  std::string evidence, memo;      // the passage as coded; a coder's memo
  double probability = -1;         // a model's: its probability (-1: not a model's)
  std::vector<std::string> features;  // a model's: the features that weighed most
};

struct Unit {
  std::string id, doc, participant, source, gender, level, speaker, category, text;
  std::string third_person, meaning;
  std::string question, start;  // the questionnaire's question; the timestamp of the unit's turn
  bool has_third_person = false, has_meaning = false, has_codes = false;
  long episode = 0, seq = 0;
  std::vector<Application> codes;
};

// Narratives and structures as qda-synthesize writes them (one reader, one writer).
using synthesis::Narrative;
using synthesis::Structure;

struct Change {
  std::string unit, doc, code, change;
  std::vector<std::string> by;  // whose applications were gained or lost (one each)
};

// The records of a whole stream, in input order.
struct Stream {
  std::vector<Participant> participants;  // first record of each id
  std::vector<Doc> docs;                  // first record of each id (read_stream with docs)
  std::vector<Unit> units;
  std::vector<Narrative> narratives;
  std::vector<Structure> structures;
  std::vector<Change> changes;
  std::vector<provenance::Provenance> provenance;  // what made the stream, as its records say
  std::optional<model::Study> study;  // the first study record (qda-ingest's), if any
  std::vector<note::Note> notes;      // what the steps could not take into the analysis
  long records = 0;

  const Participant* participant(const std::string& id) const;
  const Unit* unit(const std::string& id) const;
  const Doc* doc(const std::string& id) const;
  std::map<std::string, std::size_t> participant_index, unit_index, doc_index;
};

// Read every record of `inputs` (JSON Lines; none or "-" = standard input). Kinds the report
// does not use are counted and ignored. A line that is not a JSON object, or a known kind with
// a field of the wrong type, goes to `acc` as a DataError with FILE:LINE (stop, or set aside).
// Doc records are read only with `docs` (the tables do not need them; a REFI-QDA project does).
Stream read_stream(const std::vector<std::string>& inputs, Accounting& acc, bool docs = false);

// The same from JSON Lines text (tests); `name` names it in errors.
Stream read_stream_text(const std::string& text, const std::string& name, Accounting& acc, bool docs = false);

}  // namespace qda::report
