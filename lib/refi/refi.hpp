// REFI-QDA exchange files (corpus-schema/refi-qda.md): a project (.qdpx, a zip holding
// project.qde and the sources) or a codebook (.qdc) read into plain structs, tolerant of what
// vendors really write, with the zip and XML limits of the DOCX reader.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace qda::refi {

// A code of the codebook, as the file nests it. ATLAS.ti's "A::B" names are already split into
// a hierarchy (a parent that the file does not define gets an empty guid and is not codable).
struct Code {
  std::string guid, name, description, color;
  bool codable = true;
  std::vector<Code> children;
  std::vector<std::string> notes;  // NoteRef targets (written, not read)
};

// The codebook flattened in pre-order with the ids qda uses: the name folded to [a-z0-9_]
// (accents off, other characters '_'), made unique by _2, _3, … in pre-order.
struct CodeEntry {
  std::string guid, id, name, description, color, parent;  // parent: its id, "" at the top
  int depth = 0;
  bool codable = true;
};
std::vector<CodeEntry> flatten(const std::vector<Code>& codes);
// A name as a code id ("Apoyo emocional" -> "apoyo_emocional"; "" -> "code").
std::string id_from_name(std::string_view name);

struct Variable {
  std::string guid, name, type;  // type: Text, Boolean, Integer, Float, Date, DateTime
};

// A VariableValue: the variable's guid and the value as written, with its element's type.
struct Value {
  std::string variable, type, text;
};

struct Coding {
  std::string guid, code, user;  // code: the CodeRef's target guid; user: creatingUser guid
  long line = 0, column = 0;     // of the Coding element in the .qde
};

struct Selection {
  std::string guid, name, user, description;
  std::int64_t start = 0, end = 0;
  bool whole = false;  // codings on the whole source (<Coding> directly in a TextSource)
  std::vector<Coding> codings;
  long line = 0, column = 0;
};

struct Source {
  std::string guid, name, kind;  // kind: text, pdf, picture, audio, video
  std::string description;
  std::vector<std::string> notes;  // NoteRef targets (written, not read)
  std::string path;              // plainTextPath (text) or path (others), as written
  bool has_text = false;
  std::string text;              // text sources: the plain text as stored, BOM removed (UTF-8)
  std::vector<Selection> selections;
  std::vector<Value> values;
};

struct Case {
  std::string guid, name, description;
  std::vector<Value> values;
  std::vector<std::string> sources;     // SourceRef target guids
  std::vector<std::string> selections;  // SelectionRef target guids
};

struct User {
  std::string guid, name;
};

// A note (memo): a text of its own, referred to by NoteRefs (written, not read).
struct Note {
  std::string guid, name, text;
};

struct Project {
  std::string file;   // as given
  std::string entry;  // the .qde entry read (e.g. "project.qde")
  std::string name, origin, base_path;
  std::vector<User> users;
  std::vector<Code> codes;
  std::vector<Variable> variables;
  std::vector<Case> cases;
  std::vector<Source> sources;
  std::vector<Note> notes;
  std::vector<std::string> note_refs;  // notes on the project as a whole (written, not read)
  std::string date;                    // creationDateTime written on everything; "" = none
  // Not-text sources and other things left out, one sentence each (for a note on stderr).
  std::vector<std::string> skipped;
  // Codings that are not read (on PDF, picture, audio or video sources), one sentence each.
  std::vector<std::string> skipped_codings;

  const User* user(const std::string& guid) const;
  const Variable* variable(const std::string& guid) const;
};

// A GUID as compared: trimmed, braces removed, lower case.
std::string normalize_guid(std::string_view g);

// Read a .qdpx: the single project.qde (or the single *.qde) and the text of every
// TextSource (PlainTextContent, or plainTextPath as internal://NAME in sources/ or Sources/,
// relative://PATH under basePath or the project's folder, or a bare file name). With
// `with_text` false the sources' text is not read (codebook only). IoError when the file cannot
// be opened; DataError naming the file (and FILE/ENTRY:LINE:COL inside it) for anything else:
// not a zip, no or several .qde, an entry over 512 MiB or more than 1 GiB in all (a zip bomb), a
// path leaving the archive, a DOCTYPE (entities are never expanded), elements nested over 512
// deep, a missing text, a GUID that is not one.
Project read_project(const std::string& path, bool with_text = true);

// The codes of a .qdc (root CodeBook) or a .qdpx. `sha256` receives the hash of the file's bytes.
std::vector<Code> read_codebook(const std::string& path, std::string& sha256, std::string& title);

// How an exporter counted selection positions.
enum class Positions {
  code_points,     // Unicode code points over the text as stored (the standard)
  utf16,           // UTF-16 code units over the text as stored
  utf16_crlf,      // UTF-16 code units with each line break counted as CRLF (NVivo for Windows)
  code_points_lf,  // code points with each CRLF counted as one (text stored with CRLF)
};
const char* describe(Positions p);

// The doc text qda writes for a source's stored text (CRLF and lone CR become LF), and the map
// from the exporter's positions to code points of it.
class TextMap {
 public:
  explicit TextMap(std::string_view stored);
  const std::string& doc_text() const { return doc_; }
  std::size_t size() const { return n_; }  // code points of the doc text
  // The doc position of exporter position `pos` under reading `p` (the first character at or
  // after it); false when it lies beyond the text.
  bool to_doc(Positions p, std::int64_t pos, std::size_t& out) const;
  // Whether doc position `i` is a word boundary (start, end, or not between two word characters).
  bool boundary(std::size_t i) const;

 private:
  std::string doc_;
  std::size_t n_ = 0;
  std::vector<std::int64_t> at_[4];   // per reading: the exporter's position of each stored cp
  std::vector<std::uint32_t> doc_of_;  // stored cp -> doc cp
  std::vector<bool> word_;             // per doc cp: a word character
};

// The reading under which the project's selections line up best with their sources' text
// (every selection inside its text, and then most boundaries on word boundaries); the
// standard's on a tie. `score` receives how many selection ends line up under it.
Positions detect_positions(const Project& p, long* score = nullptr, long* total = nullptr);

// Participant and doc ids of a project for source prefix `prefix`: cases numbered in document
// order (prefix + 1, 2, …); a text source belongs to the first case with a SourceRef to it, else
// to the first case with a SelectionRef to one of its selections; then each text source outside
// every case is its own participant;
// a participant's doc is its id when it has one text source, else id.s1, id.s2, … in source order.
struct Layout {
  struct Participant {
    std::string id;
    int case_index = -1;    // into Project::cases, or -1
    int source_index = -1;  // a lone source's index, or -1
  };
  std::vector<Participant> participants;
  std::vector<std::string> doc_id;       // per source ("" for a source that is no doc)
  std::vector<int> participant_of;       // per source, index into participants (-1: none)
};
Layout layout(const Project& p, const std::string& prefix);

// A REFI-QDA codebook file (.qdc, Codebook.xsd 1.0) of `codes` in pre-order (parents before
// their children): each code with its GUID (or, when it has none, one derived from its id, so
// the same codebook always gives the same file), name, colour (#rgb or #rrggbb, else left out)
// and description. `origin` names the writer.
std::string write_codebook(const std::vector<CodeEntry>& codes, const std::string& origin);
// A project file (project.qde, Project.xsd 1.0): users, the codebook, variables, cases (their
// values, SourceRefs and SelectionRefs), text sources with their selections and codings, notes.
// A text source is written with plainTextPath `internal://<guid>.txt` unless it has a path. The
// order of every list is kept, so the same Project gives the same bytes.
std::string write_project_xml(const Project& p);
// A .qdpx archive: project.qde and, for each text source with its text, Sources/<guid>.txt
// (UTF-8, no BOM), every entry dated `mtime`. DataError when the archive cannot be made.
std::string write_project(const Project& p, std::time_t mtime);

// What a project holds, for a summary line: text sources, cases, codes (at every depth),
// selections, codings, users and notes.
struct Counts {
  long sources = 0, cases = 0, codes = 0, selections = 0, codings = 0, users = 0, notes = 0;
};
Counts count(const Project& p);

// A GUID derived from `seed` (its SHA-256 in the 8-4-4-4-12 form, version 5 bits set).
std::string guid_from(std::string_view seed);
// The GUID qda gives a code that has none of its own (exports and reading codings back agree).
std::string code_guid(std::string_view id);

}  // namespace qda::refi
