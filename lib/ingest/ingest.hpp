// qda-ingest's library: questionnaire tables and transcripts in, participant and doc records out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/diag.hpp"
#include "core/io.hpp"
#include "ingest/attrs.hpp"
#include "ingest/pseudonym.hpp"
#include "ingest/transcript.hpp"
#include "model/study.hpp"

namespace qda::ingest {

// The study file's model, which qda-ingest reads data by.
using model::AttrColumn;
using model::Category;
using model::default_speakers;
using model::load_study;
using model::ParticipantsTable;
using model::Question;
using model::SourceSpec;
using model::Study;

struct ParticipantRec {
  std::string id, source;
  Attrs attrs;
};

struct TurnRec {
  Role role;
  std::string label, start, end;
  std::size_t begin = 0, end_cp = 0;  // span in code points
};

struct EpisodeRec {
  std::string label;
  std::size_t turn = 0, at = 0;  // first turn index and its code point offset
};

struct DocRec {
  std::string id, participant, source;
  Attrs attrs;
  std::string category, question, text, preamble;
  std::vector<TurnRec> turns;
  std::vector<EpisodeRec> episodes;
  std::string origin_file, origin_format, origin_column;
  std::string origin_guid, origin_name;  // a REFI-QDA source's GUID and name
  long origin_line = 0;
};

// What to read and how, shared by study mode and ad hoc mode.
struct Context {
  std::vector<Level> levels;
  std::vector<Category> categories;
  SpeakerConfig speakers;
  Pseudonymizer pseudonyms;
};

// Where the readers put what they read: a participant, then its docs in the order of their
// natural ids (C3.q2 before C3.q10), then the next participant.
class Sink {
 public:
  virtual ~Sink() = default;
  virtual void participant(ParticipantRec p) = 0;
  // A doc of the last participant given.
  virtual void doc(const DocRec& d) = 0;
  // Whether a table on disk may give its participants without their docs, through
  // table_participant(): the sink reads the docs again when it needs them.
  virtual bool defers_tables() const { return false; }
  // The participant of row `row` (counted as TableFile counts: 1 = the row after the header) of
  // file `file` of `src`, whose docs are that row's. `src` and `ctx` outlive the sink's use.
  virtual void table_participant(ParticipantRec p, const SourceSpec& src, const Context& ctx, std::size_t file, long row) {
    (void)src, (void)ctx, (void)file, (void)row;
    participant(std::move(p));
  }
};

// Everything read, kept in memory (tests, and small inputs).
struct Corpus : Sink {
  std::vector<ParticipantRec> participants;
  std::vector<DocRec> docs;
  void participant(ParticipantRec p) override { participants.push_back(std::move(p)); }
  void doc(const DocRec& d) override { docs.push_back(d); }
  // Sort (participants by source then natural id; docs likewise, then natural doc id) and
  // check that ids are unique (DataError naming the id otherwise).
  void finish();
};

// What qda-ingest writes through: the participants in memory (ids and attributes: small), so
// memory does not grow with the texts. A table on disk is read twice: first for its
// participants (the rows checked, rejected rows set aside), then, once the participants are
// written, again for its docs, written as each row is read. Other docs (transcripts, a
// project, a table on standard input) go as JSON lines to an unnamed temporary file as they
// are read. write() puts out the same bytes, in the same order, as a Corpus finished and
// written whole would. IoError naming the temporary directory when it cannot be written, and
// naming a table that changed between its two readings.
class Spool : public Sink {
 public:
  Spool();
  ~Spool() override;
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  void participant(ParticipantRec p) override;
  void doc(const DocRec& d) override;
  bool defers_tables() const override { return true; }
  void table_participant(ParticipantRec p, const SourceSpec& src, const Context& ctx, std::size_t file, long row) override;
  // The provenance record, the study record when given (model::to_record), the participants
  // sorted as Corpus::finish() sorts them (DataError, before anything is written, for an id
  // given twice), then their docs in the same order.
  void write(io::Output& out, const std::string& study_record = {});
  std::size_t participants() const { return people_.size(); }
  std::size_t docs() const { return docs_; }

 private:
  struct Entry {
    ParticipantRec p;
    std::uint64_t begin = 0, end = 0;  // its docs' lines in the temporary file
    // or, for a table's row: where it is (src == nullptr otherwise)
    const SourceSpec* src = nullptr;
    const Context* ctx = nullptr;
    std::size_t file = 0;
    long row = 0;
  };
  void flush();
  void close_last();
  std::vector<Entry> people_;
  std::string dir_;
  int fd_ = -1;
  std::string buf_;
  std::uint64_t written_ = 0;
  std::size_t docs_ = 0;
};


// A questionnaire table: one participant per row, one doc per non-empty answer cell.
// Bad rows go through `acc` (stop, or set aside under --on-error=skip).
void ingest_table(const SourceSpec& src, const Context& ctx, Accounting& acc, Sink& out);
// Transcripts: one participant and one doc per file; attributes from the participants table.
void ingest_transcripts(const SourceSpec& src, const Context& ctx, Accounting& acc, Sink& out);
// A REFI-QDA project (.qdpx, src.files[0]; see corpus-schema/refi-qda.md): a participant per
// Case (its Variables as typed attributes) and per text source outside every case, a doc per
// text source (ids by refi::layout with src.source as the prefix). Sources that are not text,
// and empty ones, are left out with a note on stderr. DataError naming the file otherwise.
void ingest_qdpx(const SourceSpec& src, const Context& ctx, Accounting& acc, Sink& out);
// Every source of a study file.
void ingest_study(const Study& study, const Context& ctx, Accounting& acc, Sink& out);

// The format of a transcript or table from its extension ("txt", "md", "vtt", "srt",
// "docx", "csv"); DataError when the extension says nothing known.
std::string format_from_extension(const std::string& path);
// Whether a file is a REFI-QDA project by its extension (.qdpx, any case).
bool is_qdpx(const std::string& path);

// Serialise records (one JSON object, no newline).
std::string participant_json(const ParticipantRec& p);
std::string doc_json(const DocRec& d);

}  // namespace qda::ingest
