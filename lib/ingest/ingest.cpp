// Reading questionnaire tables and transcripts into participant and doc records.
#include "ingest/ingest.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

#include "core/json.hpp"
#include "core/provenance.hpp"
#include "core/text.hpp"
#include "core/charset.hpp"
#include "core/csv.hpp"
#include "ingest/docx.hpp"

namespace qda::ingest {
namespace fs = std::filesystem;
using charset::FileDecoder;
using charset::nfc;
using charset::to_utf8;
using csv::CsvReader;
using csv::CsvRow;

namespace {

std::string header_key(std::string_view h) { return text::squeeze_spaces(text::fold(h)); }

// Index of the column whose header matches `name` (exactly after trimming, else folded).
long find_column(const CsvRow& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (text::trim(header.cell(i)) == text::trim(name)) return static_cast<long>(i);
  std::string k = header_key(name);
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header_key(header.cell(i)) == k) return static_cast<long>(i);
  return -1;
}

// Run `f`, naming `file` in the error it throws.
template <class F>
void located(const std::string& file, F&& f) {
  try {
    f();
  } catch (Error& e) {
    e.locate(Location{file});
    throw;
  }
}

ConfigError missing_column(const std::string& column, const std::string& file, const CsvRow& header, const Location& where) {
  std::string cols;
  for (std::size_t i = 0; i < header.size(); ++i) cols += (cols.empty() ? "'" : ", '") + text::squeeze_spaces(header.cell(i)) + "'";
  return ConfigError("column '" + column + "' not found in " + file + " (its columns: " + cols + ")", where);
}

// The participant id a row or a file gives, prefixed by the source when it is a bare number.
std::string make_id(const std::string& source, std::string_view value) {
  std::string v(text::trim(value));
  if (!v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) return source + v;
  return v;
}

bool valid_id(const std::string& source, const std::string& id) {
  if (id.rfind(source, 0) != 0 || id.size() == source.size()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

std::string clean_text(std::string_view cell, const Context& ctx) {
  return ctx.pseudonyms.apply(text::trim(cell));
}

// Attributes of the participants table by id, for transcripts.
std::map<std::string, Attrs> read_participants(const SourceSpec& src, const Context& ctx, Accounting& acc,
                                               std::map<std::string, long>& line_of) {
  std::map<std::string, Attrs> out;
  const ParticipantsTable& pt = src.participants;
  if (pt.file.empty()) return out;
  FileDecoder dec(pt.file, pt.encoding, pt.display);
  CsvReader reader([&dec](std::string& s) { return dec.read(s); }, 0);
  CsvRow row;
  if (!reader.next(row)) throw DataError("the participants table is empty", Location{pt.display});
  if (!row.error.empty()) throw DataError(row.error, Location{pt.display, row.error_line, row.error_column});
  located(pt.display, [&] { csv::check_header(row); });
  CsvRow header = std::move(row);
  header.own();  // kept while the rows are read
  long id_col = 0;
  if (!pt.id_column.empty()) {
    id_col = find_column(header, pt.id_column);
    if (id_col < 0) throw missing_column(pt.id_column, pt.display, header, pt.where);
  } else if (long c = find_column(header, "ID"); c >= 0) {
    id_col = c;
  }
  // attribute columns: configured, or recognised by their usual headers
  std::vector<std::pair<std::string, long>> attr_cols;
  if (!pt.attrs.empty()) {
    for (const auto& a : pt.attrs) {
      long c = find_column(header, a.column);
      if (c < 0) throw missing_column(a.column, pt.display, header, a.where);
      attr_cols.emplace_back(a.key, c);
    }
  } else {
    static const std::pair<const char*, std::vector<const char*>> known[] = {
        {"gender", {"Sexo", "Género", "Gender"}}, {"age", {"Edad", "Age"}}, {"level", {"Nivel", "Servicio", "Nivel o servicio educativo", "Level"}}};
    std::set<long> used{id_col};
    for (const auto& [key, names] : known)
      for (const char* n : names)
        if (long c = find_column(header, n); c >= 0 && !used.count(c)) { attr_cols.emplace_back(key, c); used.insert(c); break; }
    for (long c = 0; c < static_cast<long>(header.size()); ++c)
      if (!used.count(c)) attr_cols.emplace_back(std::string(text::trim(header.cell(c))), c);
  }
  while (reader.next(row)) {
    acc.count_in();
    try {
      if (!row.error.empty()) throw DataError(row.error, Location{pt.display, row.error_line, row.error_column});
      if (row.size() != header.size())
        throw DataError("row has " + std::to_string(row.size()) + " cells, the header has " + std::to_string(header.size()),
                        Location{pt.display, row.line});
      std::string id = make_id(src.source, row.cell(id_col));
      if (!valid_id(src.source, id))
        throw DataError("'" + id + "' is not a participant id of source " + src.source + " (expected e.g. " + src.source + "8)", Location{pt.display, row.line});
      if (out.count(id)) throw DataError("participant " + id + " is listed twice", Location{pt.display, row.line});
      Attrs attrs;
      for (const auto& [key, c] : attr_cols) {
        try {
          add_attr(attrs, key, row.cell(c), ctx.levels);
        } catch (Error& e) {
          throw DataError("column '" + text::squeeze_spaces(header.cell(c)) + "': " + e.message(), Location{pt.display, row.line, 0, id});
        }
      }
      out[id] = std::move(attrs);
      line_of[id] = row.line;
      acc.count_out();
    } catch (const Error& e) {
      acc.reject(e, row.raw);
    }
  }
  return out;
}

// Code point spans of turns joined by "\n\n".
void assemble(DocRec& d, std::vector<Turn>& turns, const std::vector<EpisodeMark>& marks, const Context& ctx) {
  std::vector<long> new_index(turns.size() + 1, -1);
  std::size_t cp = 0;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < turns.size(); ++i) {
    std::string t = ctx.pseudonyms.apply(text::trim(turns[i].text));
    if (t.empty()) continue;
    new_index[i] = static_cast<long>(kept++);
    if (!d.text.empty()) { d.text += "\n\n"; cp += 2; }
    TurnRec tr{turns[i].role, ctx.pseudonyms.apply(turns[i].label), turns[i].start, turns[i].end, cp, 0};
    cp += text::cp_length(t);
    tr.end_cp = cp;
    d.text += t;
    d.turns.push_back(std::move(tr));
  }
  new_index[turns.size()] = static_cast<long>(kept);
  for (const auto& m : marks) {
    // an episode starts at the first kept turn at or after its marker
    std::size_t i = m.first_turn;
    while (i < turns.size() && new_index[i] < 0) ++i;
    long idx = new_index[std::min(i, turns.size())];
    if (idx >= static_cast<long>(d.turns.size())) continue;  // a marker after the last turn marks nothing
    d.episodes.push_back({ctx.pseudonyms.apply(m.label), static_cast<std::size_t>(idx), d.turns[idx].begin});
  }
}

}  // namespace

std::string format_from_extension(const std::string& path) {
  std::string ext = text::fold(fs::path(path).extension().string());
  if (ext == ".txt" || ext == ".text") return "txt";
  if (ext == ".md" || ext == ".markdown") return "md";
  if (ext == ".vtt") return "vtt";
  if (ext == ".srt") return "srt";
  if (ext == ".docx") return "docx";
  if (ext == ".csv" || ext == ".tsv") return "csv";
  if (ext == ".qdpx") return "qdpx";
  throw DataError("cannot tell the format from the extension '" + ext + "' (use --format txt|md|vtt|srt|docx|csv|qdpx)", Location{path});
}

bool is_qdpx(const std::string& path) { return text::fold(fs::path(path).extension().string()) == ".qdpx"; }

namespace {
// A questionnaire table open for reading: its header checked and its columns placed, then its
// rows one at a time. ConfigError/DataError naming the file for a header or a column at fault.
class TableFile {
 public:
  // `quiet`: the table is being read a second time (its docs), so nothing is logged again.
  TableFile(const SourceSpec& src, std::size_t f, bool quiet = false)
      : src_(src), shown_(src.display[f]), dec_(src.files[f], src.encoding, shown_),
        reader_([this](std::string& s) { return dec_.read(s); }, 0) {
    const std::string& shown = shown_;
    if (!quiet)
      spdlog::debug("{}: {}{}, delimiter '{}'", shown, dec_.encoding(), dec_.detected() ? " (detected)" : "",
                    reader_.delimiter() == '\t' ? std::string("\\t") : std::string(1, reader_.delimiter()));
    CsvRow& row = row_;
    if (!reader_.next(row)) throw DataError("the table is empty (no header row)", Location{shown});
    if (!row.error.empty()) throw DataError(row.error, Location{shown, row.error_line, row.error_column});
    located(shown, [&] { csv::check_header(row); });
    header_ = std::move(row);
    header_.own();  // kept while the rows are read
    const CsvRow& header = header_;
    if (header.size() > std::numeric_limits<std::uint32_t>::max())
      throw DataError("the header has more than 2^32 columns", Location{shown, header.line});

    std::set<long> taken;
    if (!src.id_column.empty()) {
      id_col_ = find_column(header, src.id_column);
      if (id_col_ < 0) throw missing_column(src.id_column, shown, header, src.where);
      taken.insert(id_col_);
    }
    for (const auto& a : src.attrs) {
      long c = find_column(header, a.column);
      if (c < 0) throw missing_column(a.column, shown, header, a.where);
      attr_cols_.emplace_back(a.key, c);
      taken.insert(c);
    }
    for (const auto& name : src.ignore) {
      long c = find_column(header, name);
      if (c < 0) throw missing_column(name, shown, header, src.where);
      taken.insert(c);
    }
    for (const auto& q : src.questions) {
      long c = find_column(header, q.column);
      if (c < 0) throw missing_column(q.column, shown, header, q.where);
      by_col_[c] = &q;
    }
    doc_cols_.reserve(header.size() - taken.size());
    bool named = false;
    for (std::uint32_t c = 0, ordinal = 0; c < header.size(); ++c) {
      if (taken.count(c)) continue;
      doc_cols_.push_back({c, ++ordinal});
      if (auto it = by_col_.find(c); it != by_col_.end() && !it->second->id.empty()) named = true;
    }
    // A participant's docs go out in the order of their natural ids; with the study's own
    // question ids that is not the columns' order, so the columns are put in that order once.
    if (named) {
      std::vector<std::string> ids;
      ids.reserve(doc_cols_.size());
      for (const auto& dc : doc_cols_) ids.push_back(qid_of(dc));
      std::vector<std::size_t> order(doc_cols_.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return text::natural_less(ids[a], ids[b]); });
      std::vector<DocCol> sorted;
      sorted.reserve(doc_cols_.size());
      for (std::size_t i : order) sorted.push_back(doc_cols_[i]);
      doc_cols_ = std::move(sorted);
    }
  }
  TableFile(const TableFile&) = delete;
  TableFile& operator=(const TableFile&) = delete;

  // The next row (valid until the next call), false at the end.
  bool next() {
    if (!reader_.next(row_)) return false;
    ++row_no_;
    return true;
  }
  const CsvRow& row() const { return row_; }
  long row_no() const { return row_no_; }

  // The participant of the current row: DataError (file, line, record) for a malformed row, a
  // bad id or a bad attribute.
  ParticipantRec participant(const Context& ctx) const {
    const CsvRow& row = row_;
    const CsvRow& header = header_;
    const std::string& shown = shown_;
    std::string pid = src_.source + std::to_string(row_no_);
    std::string rec = id_col_ < 0 ? pid : std::string();
    if (!row.error.empty()) throw DataError(row.error, Location{shown, row.error_line, row.error_column, rec});
    if (row.size() != header.size())
      throw DataError("row " + std::to_string(row_no_) + " has " + std::to_string(row.size()) + " cells, the header has " +
                          std::to_string(header.size()),
                      Location{shown, row.line, 0, rec});
    if (id_col_ >= 0) {
      pid = make_id(src_.source, row.cell(id_col_));
      if (!valid_id(src_.source, pid))
        throw DataError("'" + pid + "' is not a participant id of source " + src_.source, Location{shown, row.line});
    }
    ParticipantRec p{pid, src_.source, {}};
    for (const auto& [key, c] : attr_cols_) {
      try {
        add_attr(p.attrs, key, row.cell(c), ctx.levels);
      } catch (Error& e) {
        throw DataError("row " + std::to_string(row_no_) + ", column '" + text::squeeze_spaces(header.cell(c)) + "': " + e.message(),
                        Location{shown, row.line, 0, pid});
      }
    }
    return p;
  }

  // The docs of the current row, participant `p`, in the order of their natural ids.
  template <class Emit>
  void docs(const ParticipantRec& p, const Context& ctx, Emit&& emit) {
    DocRec& d = doc_;  // reused from doc to doc
    for (const auto& dc : doc_cols_) {
      std::string t = clean_text(row_.cell(dc.col), ctx);
      if (t.empty()) continue;
      auto q = by_col_.find(dc.col);
      d.question = qid_of(dc);
      d.id = p.id + "." + d.question;
      d.participant = p.id;
      d.source = src_.source;
      d.attrs = p.attrs;
      d.origin_column = text::squeeze_spaces(header_.cell(dc.col));
      d.category = q != by_col_.end() && !q->second->category.empty() ? q->second->category : d.origin_column;
      d.turns.assign(1, TurnRec{Role::participant, "", "", "", 0, text::cp_length(t)});
      d.text = std::move(t);
      d.origin_file = shown_;
      d.origin_line = row_.line;
      emit(static_cast<const DocRec&>(d));
    }
  }

 private:
  // An answer column: its index and its ordinal among answer columns (q1, q2, … unless the
  // study names the question). Eight bytes a column, for tables a million columns wide.
  struct DocCol { std::uint32_t col, ordinal; };
  std::string qid_of(const DocCol& dc) const {
    if (auto it = by_col_.find(dc.col); it != by_col_.end() && !it->second->id.empty()) return it->second->id;
    std::string qid = "q";  // built in two steps: GCC 12 warns (-Wrestrict) on "q" + to_string
    qid += std::to_string(dc.ordinal);
    return qid;
  }

  const SourceSpec& src_;
  const std::string& shown_;
  FileDecoder dec_;  // the table is read a block at a time: memory follows its longest row
  CsvReader reader_;
  CsvRow header_, row_;
  long row_no_ = 0;
  long id_col_ = -1;
  std::vector<std::pair<std::string, long>> attr_cols_;
  std::map<long, const Question*> by_col_;
  std::vector<DocCol> doc_cols_;
  DocRec doc_;
};
}  // namespace

void ingest_table(const SourceSpec& src, const Context& ctx, Accounting& acc, Sink& out) {
  for (std::size_t f = 0; f < src.files.size(); ++f) {
    TableFile table(src, f);
    // A table on disk can be read again: its docs are then read when they are written.
    const bool defer = out.defers_tables() && src.files[f] != "-";
    while (table.next()) {
      acc.count_in();
      try {
        ParticipantRec p = table.participant(ctx);
        if (defer) {
          out.table_participant(std::move(p), src, ctx, f, table.row_no());
        } else {
          out.participant(p);
          table.docs(p, ctx, [&](const DocRec& d) { out.doc(d); });
        }
        acc.count_out();
      } catch (const Error& e) {
        acc.reject(e, table.row().raw);
      }
    }
  }
}

void ingest_transcripts(const SourceSpec& src, const Context& ctx, Accounting& acc, Sink& out) {
  std::map<std::string, long> table_line;
  std::map<std::string, Attrs> attrs = read_participants(src, ctx, acc, table_line);
  std::set<std::string> seen;
  for (std::size_t f = 0; f < src.files.size(); ++f) {
    const std::string& path = src.files[f];
    const std::string& shown = src.display[f];
    acc.count_in();
    std::string input_line;  // the offending line, for the rejects file
    try {
      std::string format = src.format == "auto" ? format_from_extension(path) : src.format;
      if (format == "csv") throw DataError("a table is not a transcript (use a questionnaire source for it)", Location{shown});
      std::string pid = make_id(src.source, fs::path(path).stem().string());
      if (!valid_id(src.source, pid))
        throw DataError("the file name does not give a participant id (expected " + src.source + "<number>, e.g. " + src.source + "8." + format + ")", Location{shown});
      if (!seen.insert(pid).second) throw DataError("a second transcript for participant " + pid, Location{shown});
      Transcript tr;
      std::string utf8;
      try {
        if (format == "docx") {
          // A heading that names an episode ("Episodio 2" in a heading style) is a marker line.
          std::string text;
          bool first = true;
          for (const auto& p : docx_paragraphs(path)) {
            if (!first) text += '\n';
            first = false;
            if (p.heading && episode_heading(p.text, ctx.speakers)) text += "## ";
            text += p.text;
          }
          utf8 = nfc(text);
        } else {
          utf8 = to_utf8(io::read_file(path), src.encoding).utf8;
        }
        if (format == "vtt") tr = parse_vtt(utf8, ctx.speakers);
        else if (format == "srt") tr = parse_srt(utf8, ctx.speakers);
        else tr = parse_text(utf8, ctx.speakers, format == "md");
      } catch (Error& e) {
        e.locate(Location{shown});
        if (e.where().line > 0 && !utf8.empty()) {
          auto lines = text::split(utf8, '\n');
          if (e.where().line <= static_cast<long>(lines.size())) input_line = std::string(lines[e.where().line - 1]);
        }
        throw;
      }
      if (src.require_speakers && !tr.labelled)
        throw DataError("no speaker labels found, and the study requires them (e.g. 'Entrevistadora:' / 'Participante:' at the start of a line)", Location{shown});
      DocRec d;
      d.id = pid;
      d.participant = pid;
      d.source = src.source;
      if (auto it = attrs.find(pid); it != attrs.end()) d.attrs = it->second;
      else if (!src.participants.file.empty()) spdlog::warn("{}: participant {} is not in {}", shown, pid, src.participants.display);
      d.category = src.category;
      d.preamble = ctx.pseudonyms.apply(tr.preamble);
      d.origin_file = shown;
      d.origin_format = format;
      assemble(d, tr.turns, tr.episodes, ctx);
      out.participant(ParticipantRec{pid, src.source, d.attrs});
      out.doc(d);
      acc.count_out();
    } catch (const Error& e) {
      acc.reject(e, input_line.empty() ? shown : input_line);
    }
  }
  for (const auto& [id, line] : table_line)
    if (!seen.count(id)) spdlog::warn("{}:{}: participant {} has no transcript", src.participants.display, line, id);
}

void ingest_study(const Study& study, const Context& ctx, Accounting& acc, Sink& out) {
  for (const auto& src : study.sources) {
    bool table = src.format == "csv" ||
                 (src.format == "auto" && !src.files.empty() && format_from_extension(src.files.front()) == "csv");
    if (table) ingest_table(src, ctx, acc, out);
    else if (src.format == "qdpx" || (src.format == "auto" && !src.files.empty() && format_from_extension(src.files.front()) == "qdpx"))
      ingest_qdpx(src, ctx, acc, out);
    else ingest_transcripts(src, ctx, acc, out);
  }
}

void Corpus::finish() {
  auto by_id = [](const auto& a, const auto& b) {
    if (a.source != b.source) return a.source < b.source;
    return text::natural_less(a.id, b.id);
  };
  std::stable_sort(participants.begin(), participants.end(), by_id);
  std::stable_sort(docs.begin(), docs.end(), [](const DocRec& a, const DocRec& b) {
    if (a.source != b.source) return a.source < b.source;
    if (a.participant != b.participant) return text::natural_less(a.participant, b.participant);
    return text::natural_less(a.id, b.id);
  });
  for (std::size_t i = 1; i < participants.size(); ++i)
    if (participants[i].id == participants[i - 1].id) throw DataError("participant id " + participants[i].id + " appears twice");
}

namespace {
void write_attrs(json::Writer& w, const Attrs& attrs) {
  w.key("attrs").begin_object();
  for (const auto& [k, v] : attrs) w.key(k).raw(v);
  w.end_object();
}
}  // namespace

std::string participant_json(const ParticipantRec& p) {
  std::string s;
  json::Writer w(s);
  w.begin_object().field("kind", "participant").field("id", p.id).field("source", p.source);
  write_attrs(w, p.attrs);
  w.end_object();
  return s;
}

namespace {
// Append a doc's JSON (no newline) to `s`.
void append_doc_json(std::string& s, const DocRec& d) {
  json::Writer w(s);
  w.begin_object().field("kind", "doc").field("id", d.id).field("participant", d.participant).field("source", d.source);
  write_attrs(w, d.attrs);
  if (!d.category.empty()) w.field("category", d.category);
  if (!d.question.empty()) w.field("question", d.question);
  w.field("text", d.text);
  w.key("turns").begin_array();
  for (const auto& t : d.turns) {
    w.begin_object().field("speaker", role_name(t.role));
    if (!t.label.empty()) w.field("label", t.label);
    w.key("span").span(t.begin, t.end_cp);
    if (!t.start.empty()) w.field("start", t.start);
    if (!t.end.empty()) w.field("end", t.end);
    w.end_object();
  }
  w.end_array();
  if (!d.episodes.empty()) {
    w.key("episodes").begin_array();
    for (const auto& e : d.episodes) w.begin_object().field("label", e.label).field("turn", e.turn).field("at", e.at).end_object();
    w.end_array();
  }
  if (!d.preamble.empty()) w.field("preamble", d.preamble);
  w.key("origin").begin_object().field("file", d.origin_file);
  if (!d.origin_format.empty()) w.field("format", d.origin_format);
  if (d.origin_line > 0) w.field("line", static_cast<std::int64_t>(d.origin_line));
  if (!d.origin_column.empty()) w.field("column", d.origin_column);
  if (!d.origin_guid.empty()) w.field("guid", d.origin_guid);
  if (!d.origin_name.empty()) w.field("name", d.origin_name);
  w.end_object();
  w.end_object();
}
}  // namespace

std::string doc_json(const DocRec& d) {
  std::string s;
  append_doc_json(s, d);
  return s;
}

Spool::Spool() {
  const char* tmp = std::getenv("TMPDIR");
  dir_ = tmp && *tmp ? tmp : "/tmp";
  std::string name = dir_ + "/qda-ingest.XXXXXX";
  std::vector<char> path(name.begin(), name.end());
  path.push_back('\0');
  fd_ = ::mkstemp(path.data());
  if (fd_ < 0) throw IoError(std::string("cannot create a temporary file: ") + std::strerror(errno), Location{dir_});
  ::unlink(path.data());  // nameless: gone when the process ends, however it ends
  buf_.reserve((std::size_t{1} << 20) + (1 << 16));
}

Spool::~Spool() {
  if (fd_ >= 0) ::close(fd_);
}

void Spool::close_last() {
  if (!people_.empty() && !people_.back().src) people_.back().end = written_ + buf_.size();
}

void Spool::participant(ParticipantRec p) {
  close_last();
  std::uint64_t at = written_ + buf_.size();
  people_.push_back(Entry{std::move(p), at, at});
}

void Spool::table_participant(ParticipantRec p, const SourceSpec& src, const Context& ctx, std::size_t file, long row) {
  close_last();
  Entry e{std::move(p)};
  e.src = &src;
  e.ctx = &ctx;
  e.file = file;
  e.row = row;
  people_.push_back(std::move(e));
}

void Spool::doc(const DocRec& d) {
  append_doc_json(buf_, d);
  buf_ += '\n';
  ++docs_;
  if (buf_.size() >= (std::size_t{1} << 20)) flush();
}

void Spool::flush() {
  std::size_t off = 0;
  while (off < buf_.size()) {
    ssize_t n = ::write(fd_, buf_.data() + off, buf_.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(std::string("cannot write a temporary file: ") + std::strerror(errno), Location{dir_});
    }
    off += static_cast<std::size_t>(n);
  }
  written_ += buf_.size();
  buf_.clear();
}

namespace {
// A table read again for its docs, a row at a time. IoError when it no longer has the row read
// the first time, or that row's participant.
struct TableAgain {
  std::unique_ptr<TableFile> table;
  // Move to row `row` (never back) and check that it is still participant `id`.
  void seek(const SourceSpec& src, std::size_t file, const Context& ctx, long row, const std::string& id) {
    if (!table) table = std::make_unique<TableFile>(src, file, true);
    while (table->row_no() < row)
      if (!table->next()) break;
    if (table->row_no() != row || table->participant(ctx).id != id)
      throw IoError("the table changed while it was read (row " + std::to_string(row) + " is no longer participant " + id + ")",
                    Location{src.display[file]});
  }
};
}  // namespace

void Spool::write(io::Output& out, const std::string& study_record) {
  close_last();
  // Corpus::finish()'s order: participants by source, then natural id (a stable sort); each
  // participant's docs follow in their own order, which is that of the sorted docs since a
  // doc's source is its participant's and ids are unique.
  std::vector<std::uint32_t> order(people_.size());
  std::iota(order.begin(), order.end(), std::uint32_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t i, std::uint32_t j) {
    const ParticipantRec& a = people_[i].p;
    const ParticipantRec& b = people_[j].p;
    if (a.source != b.source) return a.source < b.source;
    return text::natural_less(a.id, b.id);
  });
  for (std::size_t i = 1; i < order.size(); ++i)
    if (people_[order[i]].p.id == people_[order[i - 1]].p.id)
      throw DataError("participant id " + people_[order[i]].p.id + " appears twice");
  // A table whose rows that order visits out of row order (ids not rising down the table) is
  // read again now, its docs to the temporary file; the others are read as they are written.
  using Key = std::pair<const SourceSpec*, std::size_t>;
  std::map<Key, long> last;
  std::set<Key> unordered;
  for (std::uint32_t i : order) {
    const Entry& e = people_[i];
    if (!e.src) continue;
    Key k{e.src, e.file};
    if (auto it = last.find(k); it != last.end() && e.row <= it->second) unordered.insert(k);
    last[k] = e.row;
  }
  for (const Key& k : unordered) {
    TableAgain again;
    for (Entry& e : people_) {  // in row order
      if (e.src != k.first || e.file != k.second) continue;
      again.seek(*e.src, e.file, *e.ctx, e.row, e.p.id);
      e.begin = written_ + buf_.size();
      again.table->docs(e.p, *e.ctx, [&](const DocRec& d) { doc(d); });
      e.end = written_ + buf_.size();
      e.src = nullptr;
    }
  }
  flush();
  out.line(provenance::to_json(provenance::self()));
  if (!study_record.empty()) out.line(study_record);
  for (std::uint32_t i : order) out.line(participant_json(people_[i].p));
  std::map<Key, TableAgain> tables;
  std::string line;
  std::vector<char> block(std::size_t{1} << 20);
  for (std::uint32_t i : order) {
    const Entry& e = people_[i];
    if (e.src) {
      TableAgain& again = tables[Key{e.src, e.file}];
      again.seek(*e.src, e.file, *e.ctx, e.row, e.p.id);
      again.table->docs(e.p, *e.ctx, [&](const DocRec& d) {
        ++docs_;
        line.clear();
        append_doc_json(line, d);
        out.line(line);
      });
      continue;
    }
    for (std::uint64_t at = e.begin; at < e.end;) {
      std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), e.end - at));
      ssize_t n = ::pread(fd_, block.data(), want, static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw IoError(std::string("cannot read a temporary file: ") + (n < 0 ? std::strerror(errno) : "it is shorter than written"), Location{dir_});
      out.write(std::string_view(block.data(), static_cast<std::size_t>(n)));
      at += static_cast<std::uint64_t>(n);
    }
  }
}

}  // namespace qda::ingest
