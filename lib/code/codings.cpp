// Human codings: parsing, and re-anchoring that survives re-segmentation and small edits.
#include "code/codings.hpp"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "core/fields.hpp"
#include "core/record.hpp"
#include "core/text.hpp"
#include "core/charset.hpp"
#include "core/csv.hpp"
#include "refi/refi.hpp"

namespace qda::code {

namespace {
bool parse_span(std::string_view raw, std::size_t& a, std::size_t& b) {
  fields::Span s;
  if (!fields::parse_span(raw, s)) return false;
  a = s.start, b = s.end;
  return true;
}

bool parse_dash_span(std::string_view s, std::size_t& a, std::size_t& b) {
  s = text::trim(s);
  if (s.empty()) return false;
  if (s.front() == '[') return parse_span(s, a, b);
  auto dash = s.find('-');
  if (dash == std::string_view::npos) return false;
  // Built in steps: `"[" + std::string(...)` makes g++ 12 print a false -Wrestrict warning.
  std::string json(1, '[');
  json.append(s.substr(0, dash)).append(1, ',').append(s.substr(dash + 1)).append(1, ']');
  return parse_span(json, a, b);
}

// A CSV header cell as the column it names: folded (case and accents off), and the study
// language's names taken as the contract's ("Código" is code, "Cita" is quote).
std::string column_name(std::string_view cell) {
  static const std::pair<std::string_view, std::string_view> kAliases[] = {
      {"codificador", "coder"}, {"codificadora", "coder"}, {"documento", "doc"}, {"tramo", "span"},
      {"unidad", "unit"},       {"cita", "quote"},          {"codigo", "code"},  {"nota", "memo"}};
  std::string h = text::fold(text::trim(cell));
  for (auto [alias, name] : kAliases)
    if (h == alias) return std::string(name);
  return h;
}

void check(Coding& c, const Codebook& cb) {
  if (c.doc.empty()) throw DataError("a coding needs a 'doc'", c.where);
  if (c.codes.empty()) throw DataError("a coding needs a 'code'", c.where);
  for (const auto& code : c.codes) {
    if (code == kNoCode) {
      if (c.codes.size() > 1) throw DataError("code '-' (reviewed, no code applies) cannot go with other codes", c.where);
      continue;
    }
    if (!cb.find_code(code)) throw DataError("unknown code '" + code + "' (not in the codebook)", c.where);
  }
  if (!c.has_span && c.unit.empty() && c.quote.empty())
    throw DataError("a coding needs a 'span', a 'unit' or a 'quote' to anchor it", c.where);
}

Coding from_json(std::string_view line, Location where, const std::string& coder) {
  Coding c;
  c.where = where;
  Record r = Record::parse(line);
  c.coder = r.get_string("coder").value_or(coder);
  c.doc = r.get_string("doc").value_or("");
  c.unit = r.get_string("unit").value_or("");
  c.quote = r.get_string("quote").value_or("");
  c.memo = r.get_string("memo").value_or("");
  if (auto code = r.get_string("code")) c.codes.push_back(*code);
  if (const std::string* raw = r.raw("codes")) {
    simdjson::dom::parser p;
    simdjson::dom::element e;
    simdjson::dom::array arr;
    if (p.parse(*raw).get(e) || e.get_array().get(arr)) throw DataError("'codes' must be a list of code ids", where);
    for (auto item : arr) {
      std::string_view s;
      if (item.get_string().get(s)) throw DataError("'codes' must be a list of code ids", where);
      c.codes.emplace_back(s);
    }
  }
  if (const std::string* span = r.raw("span")) {
    if (!parse_span(*span, c.start, c.end)) throw DataError("'span' must be [start, end]", where);
    c.has_span = true;
  }
  return c;
}
}  // namespace

namespace {
// The codings of a REFI-QDA project (see load_codings).
std::vector<Coding> load_refi_codings(const std::string& path, const Codebook& cb, Accounting& acc,
                                      const std::string& prefix) {
  std::vector<Coding> out;
  refi::Project p;
  try {
    p = refi::read_project(path);
  } catch (Error& e) {
    e.locate(Location{path});
    throw;
  }
  refi::Layout l = refi::layout(p, prefix);
  std::unordered_map<std::string, std::string> by_guid, own_ids;  // guid -> code id in cb / in the project
  // A code with no GUID of its own has the one qda-report -f qdpx/qdc gives it (from its id), so
  // a project exported with this codebook and recoded in a GUI tool comes back to it.
  for (const auto& c : cb.codes) by_guid.emplace(c.guid.empty() ? refi::code_guid(c.id) : c.guid, c.id);
  std::unordered_map<std::string, std::string> names;
  for (const auto& e : refi::flatten(p.codes)) own_ids.emplace(e.guid, e.id), names.emplace(e.guid, e.name);
  long score = 0, ends = 0;
  refi::Positions reading = refi::detect_positions(p, &score, &ends);
  if (ends > 0)
    spdlog::debug("{}: selection positions read as {} ({} of {} selection ends on a word boundary)", path,
                  refi::describe(reading), score, ends);
  for (const auto& why : p.skipped_codings) spdlog::warn("{}: {}", path, why);
  std::string file_coder = std::filesystem::path(path).stem().string();
  std::string shown = path + "/" + p.entry;
  for (std::size_t i = 0; i < p.sources.size(); ++i) {
    const refi::Source& s = p.sources[i];
    if (s.selections.empty()) continue;
    refi::TextMap map(s.text);
    for (const auto& sel : s.selections)
      for (const auto& k : sel.codings) {
        acc.count_in();
        Location where{shown, k.line, k.column};
        std::string input = sel.whole ? "<TextSource guid=\"" + s.guid + "\"><Coding guid=\"" + k.guid + "\">"
                                      : "<PlainTextSelection guid=\"" + sel.guid + "\" startPosition=\"" + std::to_string(sel.start) +
                                            "\" endPosition=\"" + std::to_string(sel.end) + "\"><Coding guid=\"" + k.guid + "\">";
        try {
          Coding c;
          c.where = where;
          c.input = input;
          const refi::User* u = p.user(k.user.empty() ? sel.user : k.user);
          if (!u && !sel.user.empty()) u = p.user(sel.user);
          c.coder = u && !u->name.empty() ? u->name : file_coder;
          c.doc = l.doc_id[i];
          if (c.doc.empty() || map.size() == 0) throw DataError("source '" + s.name + "' gives no doc (it has no text)");
          std::string id;
          if (auto it = by_guid.find(k.code); it != by_guid.end()) id = it->second;
          else if (auto own = own_ids.find(k.code); own != own_ids.end() && cb.find_code(own->second)) id = own->second;
          if (id.empty()) {
            auto n = names.find(k.code);
            throw DataError("code " + (n == names.end() ? k.code + " (not in the project's codebook)" : "'" + n->second + "'") +
                            " is not in the codebook");
          }
          c.codes.push_back(id);
          if (sel.whole) c.start = 0, c.end = map.size();
          else if (!map.to_doc(reading, sel.start, c.start) || !map.to_doc(reading, sel.end, c.end))
            throw DataError("selection [" + std::to_string(sel.start) + ", " + std::to_string(sel.end) + "] lies beyond the text of source '" +
                            s.name + "' (" + std::to_string(map.size()) + " characters)");
          if (c.end <= c.start) throw DataError("the selection is empty");
          c.has_span = true;
          c.memo = sel.description;
          out.push_back(std::move(c));
        } catch (DataError& e) {
          e.locate(where);
          acc.reject(e, input);
        }
      }
  }
  return out;
}
}  // namespace

std::vector<Coding> load_codings(const std::string& path, const Codebook& cb, Accounting& acc, const std::string& refi_source) {
  if (text::fold(std::filesystem::path(path).extension().string()) == ".qdpx") return load_refi_codings(path, cb, acc, refi_source);
  std::string coder = std::filesystem::path(path).stem().string();
  // As qda-ingest reads a table: a BOM wins, then strict UTF-8, else what Excel writes
  // (windows-1252); NFC, so a quote typed on any keyboard matches the unit's text.
  std::string data = charset::read_utf8(path, "auto", path).utf8;
  std::vector<Coding> out;
  bool csv = std::filesystem::path(path).extension() == ".csv";
  std::string_view body = text::trim(data);
  if (!csv && !body.empty() && body.front() != '{') csv = true;
  if (!csv) {
    long line_no = 0;
    for (std::string_view line : text::split(data, '\n')) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (text::trim(line).empty()) continue;
      acc.count_in();
      Location where{path, line_no};
      try {
        Coding c = from_json(line, where, coder);
        c.input = std::string(line);
        check(c, cb);
        out.push_back(std::move(c));
      } catch (DataError& e) {
        e.locate(where);
        acc.reject(e, line);
      }
    }
    return out;
  }
  csv::CsvReader reader(data, 0);
  csv::CsvRow row;
  std::vector<std::string> header;
  while (reader.next(row)) {
    Location where{path, row.line};
    if (!row.error.empty()) {
      if (header.empty()) throw DataError(row.error, Location{path, row.error_line, row.error_column});
      acc.count_in();
      acc.reject(DataError(row.error, Location{path, row.error_line, row.error_column}), row.raw);
      continue;
    }
    if (header.empty()) {
      try {
        csv::check_header(row);
      } catch (Error& e) {
        e.locate(Location{path});
        throw;
      }
      for (std::size_t i = 0; i < row.size(); ++i) header.push_back(column_name(row.cell(i)));
      if (std::find(header.begin(), header.end(), "code") == header.end())
        throw DataError("a codings CSV needs a 'code' column", where);
      continue;
    }
    acc.count_in();
    try {
      Coding c;
      c.where = where;
      c.coder = coder;
      c.input = std::string(row.raw);
      for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) {
        std::string v(text::trim(row.cell(i)));
        const std::string& h = header[i];
        if (h == "coder" && !v.empty()) c.coder = v;
        else if (h == "doc") c.doc = v;
        else if (h == "unit") c.unit = v;
        else if (h == "quote") c.quote = v;
        else if (h == "memo") c.memo = v;
        else if (h == "code" && !v.empty()) c.codes.push_back(v);
        else if (h == "span" && !v.empty()) {
          if (!parse_dash_span(v, c.start, c.end)) throw DataError("'span' must be [start, end] or start-end", where);
          c.has_span = true;
        }
      }
      check(c, cb);
      out.push_back(std::move(c));
    } catch (DataError& e) {
      e.locate(where);
      acc.reject(e, row.raw);
    }
  }
  return out;
}

namespace {
// The doc's text as far as its units show it, folded and with white space squeezed, each
// character keeping its doc position; a gap between units is a character no quote contains.
struct Recon {
  std::u32string chars;
  std::vector<std::size_t> pos;
};

constexpr char32_t kGap = 0xFFFF;

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0xA0 || c == 0x2009; }

void push_folded(std::u32string& chars, std::vector<std::size_t>* pos, std::string_view s, std::size_t p0) {
  std::size_t p = p0;
  for (std::size_t i = 0; i < s.size(); ++p) {
    char32_t c = text::fold_cp(text::next_cp(s, i));
    if (is_space(c)) {
      if (chars.empty() || chars.back() == U' ' || chars.back() == kGap) continue;
      c = U' ';
    }
    chars += c;
    if (pos) pos->push_back(p);
  }
}

Recon reconstruct(const std::vector<Slot>& units) {
  std::vector<const Unit*> us;
  for (const auto& s : units) us.push_back(s.unit);
  std::sort(us.begin(), us.end(), [](const Unit* a, const Unit* b) { return a->start < b->start; });
  Recon r;
  std::size_t last_end = 0;
  for (const Unit* u : us) {
    if (!r.chars.empty() && u->start != last_end) { r.chars += kGap; r.pos.push_back(u->start); }
    push_folded(r.chars, &r.pos, u->text, u->start);
    last_end = u->end;
  }
  return r;
}

std::u32string fold_quote(std::string_view q) {
  std::u32string out;
  push_folded(out, nullptr, q, 0);
  while (!out.empty() && out.back() == U' ') out.pop_back();
  return out;
}

// Doc span [s, e) of the quote's occurrence nearest to `near`; false when not found.
bool find_quote(const Recon& r, const std::u32string& q, std::size_t near, std::size_t& s, std::size_t& e) {
  if (q.empty()) return false;
  bool found = false;
  std::size_t best = 0;
  auto consider = [&](std::size_t i, std::size_t j) {  // chars [i, j)
    std::size_t ps = r.pos[i], pe = r.pos[j - 1] + 1;
    std::size_t d = ps > near ? ps - near : near - ps;
    if (!found || d < best) found = true, best = d, s = ps, e = pe;
  };
  for (std::size_t i = r.chars.find(q); i != std::u32string::npos; i = r.chars.find(q, i + 1)) consider(i, i + q.size());
  if (found || q.size() < 24) return found;
  // Small edits inside the quote: anchor by its head and its tail, in order, with a length
  // close to the quote's.
  std::size_t k = q.size() / 3;
  std::u32string head = q.substr(0, k), tail = q.substr(q.size() - k);
  for (std::size_t i = r.chars.find(head); i != std::u32string::npos; i = r.chars.find(head, i + 1)) {
    std::size_t j = r.chars.find(tail, i + k);
    if (j == std::u32string::npos) break;
    std::size_t len = j + k - i;
    if (len * 5 >= q.size() * 4 && len * 5 <= q.size() * 6 &&
        r.chars.substr(i, len).find(kGap) == std::u32string::npos)
      consider(i, j + k);
  }
  return found;
}
}  // namespace

void anchor(std::vector<Coding*>& codings, std::vector<Slot>& units) {
  if (codings.empty() || units.empty()) return;
  Recon recon;
  bool built = false;
  for (Coding* c : codings) {
    std::size_t ts = 0, te = 0;
    const Slot* named = nullptr;
    if (!c->unit.empty())
      for (const auto& s : units)
        if (s.unit->id == c->unit) named = &s;
    if (!c->quote.empty()) {
      if (!built) recon = reconstruct(units), built = true;
      std::size_t near = c->has_span ? c->start : named ? named->unit->start : 0;
      if (!find_quote(recon, fold_quote(c->quote), near, ts, te)) {
        c->failure = "the quoted text is no longer in doc '" + c->doc + "'";
        continue;
      }
    } else if (!c->unit.empty()) {
      if (!named) { c->failure = "unit '" + c->unit + "' is not in the input"; continue; }
      ts = named->unit->start, te = named->unit->end;
    } else {
      ts = c->start, te = c->end;
    }
    // Units to attach to: those holding half of the coding or half covered by it.
    std::vector<const Slot*> chosen;
    const Slot* most = nullptr;
    std::size_t most_ov = 0;
    for (const auto& s : units) {
      std::size_t us = s.unit->start, ue = s.unit->end;
      std::size_t lo = std::max(ts, us), hi = std::min(te, ue);
      if (hi <= lo) continue;
      std::size_t ov = hi - lo;
      if (ov * 2 >= ue - us || ov * 2 >= te - ts) chosen.push_back(&s);
      if (ov > most_ov) most_ov = ov, most = &s;
    }
    if (chosen.empty() && most) chosen.push_back(most);
    if (chosen.empty()) {
      c->failure = "span [" + std::to_string(ts) + ", " + std::to_string(te) + "] overlaps no unit of doc '" + c->doc + "'";
      continue;
    }
    for (const Slot* s : chosen) {
      const Unit& u = *s->unit;
      std::size_t lo = std::max(ts, u.start), hi = std::min(te, u.end);
      text::CpIndex idx(u.text);
      std::string ev(idx.slice(u.text, lo - u.start, hi - u.start));
      for (const auto& code : c->codes)
        s->apps->push_back(Application{code, "coder:" + c->coder, lo, hi, ev, c->memo, {}, {}, {}, {}, -1, {}});
    }
    ++c->anchored;
  }
}

}  // namespace qda::code
