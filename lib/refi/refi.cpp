// Reading REFI-QDA projects (.qdpx) and codebooks (.qdc): the archive through core/zip (the
// DOCX reader's, with its limits), the XML with pugixml (nesting depth limited).
#include "refi/refi.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>

#include "core/charset.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "core/zip.hpp"

namespace qda::refi {
namespace fs = std::filesystem;

namespace {

// Elements nested deeper than this are no codebook a person made but a stack overflow in waiting.
constexpr int kMaxDepth = 512;

Location in_file(const std::string& path) { return Location{path}; }

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == local) return c;
  return {};
}

template <class F>
void each(const pugi::xml_node& n, std::string_view local, F&& f) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && local_name(c) == local) f(c);
}

std::string attr(const pugi::xml_node& n, const char* name) { return n.attribute(name).value(); }

using Archive = zip::Reader;
using zip::unsafe_path;

// The project's .qde entry: project.qde, else the single *.qde anywhere in the archive.
std::string find_qde(const Archive& a, const std::string& path) {
  std::vector<std::string> qde;
  for (const auto& n : a.names()) {
    std::string l = text::fold(n);
    if (l == "project.qde") return n;
    if (l.size() > 4 && l.compare(l.size() - 4, 4, ".qde") == 0 && l.find("__macosx") == std::string::npos) qde.push_back(n);
  }
  if (qde.size() == 1) return qde[0];
  if (qde.empty()) throw DataError("not a REFI-QDA project (no project.qde in the archive)", in_file(path));
  std::string list;
  for (const auto& q : qde) list += (list.empty() ? "" : ", ") + q;
  throw DataError("the archive holds several .qde files (" + list + "), and none is project.qde", in_file(path));
}

// Parse XML text; errors name `shown` with line and column.
void parse_xml(pugi::xml_document& doc, const std::string& xml, const std::string& shown) {
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype,
                                             pugi::encoding_auto);
  if (!r) {
    auto [line, col] = text::line_column(xml, static_cast<std::size_t>(r.offset));
    throw DataError(std::string("not well-formed XML: ") + r.description(), Location{shown, line, col});
  }
  // pugixml never expands a DTD's entities nor fetches external ones; a DOCTYPE has no place in
  // REFI-QDA, so it is refused rather than half-read.
  for (pugi::xml_node c = doc.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_doctype)
      throw DataError("a DOCTYPE is not allowed in a REFI-QDA file (entities are not expanded)", Location{shown});
}

// Reads the elements of a project or codebook, with positions for messages.
struct Reader {
  const std::string& xml;
  std::string shown;
  // Where each line of `xml` starts, built on first use: every selection and coding records its
  // position, so finding it must not rescan the file from the top each time.
  mutable std::vector<std::size_t> line_starts = {};

  std::pair<long, long> position(std::size_t off) const {
    if (line_starts.empty()) {
      line_starts.push_back(0);
      for (std::size_t i = 0; i < xml.size(); ++i)
        if (xml[i] == '\n') line_starts.push_back(i + 1);
    }
    off = std::min(off, xml.size());
    auto it = std::upper_bound(line_starts.begin(), line_starts.end(), off);
    std::size_t start = *(it - 1);
    long col = text::line_column(std::string_view(xml).substr(start), off - start).second;
    return {static_cast<long>(it - line_starts.begin()), col};
  }

  Location where(const pugi::xml_node& n) const {
    auto [line, col] = position(static_cast<std::size_t>(n.offset_debug()));
    return Location{shown, line, col};
  }

  // A <Coding> element: its code, its user and where it stands.
  Coding coding(const pugi::xml_node& c) const {
    Coding k;
    k.guid = normalize_guid(attr(c, "guid"));
    k.code = guid(child(c, "CodeRef"), "targetGUID");
    k.user = normalize_guid(attr(c, "creatingUser"));
    std::tie(k.line, k.column) = position(static_cast<std::size_t>(c.offset_debug()));
    return k;
  }

  std::string guid(const pugi::xml_node& n, const char* name = "guid") const {
    std::string g = normalize_guid(attr(n, name));
    if (g.empty()) throw DataError(std::string("<") + n.name() + "> has no " + name, where(n));
    return g;
  }

  void codes(const pugi::xml_node& parent, std::vector<Code>& out, int depth) const {
    if (depth > kMaxDepth) throw DataError("codes nested more than " + std::to_string(kMaxDepth) + " deep", where(parent));
    each(parent, "Code", [&](const pugi::xml_node& n) {
      Code c;
      c.guid = guid(n);
      c.name = std::string(text::trim(attr(n, "name")));
      if (c.name.empty()) throw DataError("a code has no name", where(n));
      if (pugi::xml_node d = child(n, "Description")) c.description = std::string(text::trim(d.text().get()));
      c.color = attr(n, "color");
      std::string codable = text::fold(attr(n, "isCodable"));
      c.codable = !(codable == "false" || codable == "0");
      codes(n, c.children, depth + 1);
      out.push_back(std::move(c));
    });
  }

  std::vector<Value> values(const pugi::xml_node& n) const {
    std::vector<Value> out;
    each(n, "VariableValue", [&](const pugi::xml_node& v) {
      Value val;
      val.variable = guid(child(v, "VariableRef"), "targetGUID");
      for (pugi::xml_node c = v.first_child(); c; c = c.next_sibling()) {
        std::string_view ln = local_name(c);
        if (c.type() == pugi::node_element && ln.size() > 5 && ln.substr(ln.size() - 5) == "Value") {
          val.type = std::string(ln.substr(0, ln.size() - 5));
          val.text = std::string(text::trim(c.text().get()));
        }
      }
      out.push_back(std::move(val));
    });
    return out;
  }
};

// ATLAS.ti 8 writes a hierarchy as names joined by "::": make it a tree again.
void unflatten(std::vector<Code>& level) {
  std::vector<Code> kept;
  std::vector<Code> moved;
  for (auto& c : level) {
    unflatten(c.children);
    if (c.name.find("::") == std::string::npos) kept.push_back(std::move(c));
    else moved.push_back(std::move(c));
  }
  for (auto& c : moved) {
    std::vector<std::string> parts;
    std::string_view s = c.name;
    for (std::size_t at; (at = s.find("::")) != std::string_view::npos; s.remove_prefix(at + 2))
      parts.emplace_back(text::trim(s.substr(0, at)));
    parts.emplace_back(text::trim(s));
    parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
    if (parts.empty()) { kept.push_back(std::move(c)); continue; }
    std::vector<Code>* cur = &kept;
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      auto it = std::find_if(cur->begin(), cur->end(), [&](const Code& k) { return k.name == parts[i]; });
      if (it == cur->end()) {
        Code p;
        p.name = parts[i];
        p.codable = false;
        cur->push_back(std::move(p));
        it = cur->end() - 1;
      }
      cur = &it->children;
    }
    c.name = parts.back();
    auto same = std::find_if(cur->begin(), cur->end(), [&](const Code& k) { return k.name == c.name && k.guid.empty(); });
    if (same != cur->end()) {  // a parent made up above, now defined: take its children
      for (auto& ch : same->children) c.children.push_back(std::move(ch));
      *same = std::move(c);
    } else {
      cur->push_back(std::move(c));
    }
  }
  level = std::move(kept);
}

std::string read_disk(const fs::path& p, const std::string& shown) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw DataError("the text of a source is not there: " + p.string(), in_file(shown));
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (s.size() > zip::kMaxEntry) throw DataError(p.string() + " is too large (over 512 MiB)", in_file(shown));
  return s;
}

// Stored bytes as UTF-8: a UTF-8 BOM removed, UTF-16 with a BOM converted, else strict UTF-8.
std::string decode_text(std::string bytes, const std::string& shown) {
  if (bytes.size() >= 3 && bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.erase(0, 3);
  else if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
    return charset::to_utf8(bytes, "auto").utf8;
  if (std::size_t bad = text::first_invalid_utf8(bytes); bad != std::string::npos) {
    auto [line, col] = text::line_column(bytes, bad);
    throw DataError("not UTF-8 (byte 0x" + text::hex_byte(static_cast<unsigned char>(bytes[bad])) + ")",
                    Location{shown, line, col});
  }
  return bytes;
}

}  // namespace

std::string normalize_guid(std::string_view g) {
  g = text::trim(g);
  if (g.size() >= 2 && g.front() == '{' && g.back() == '}') g = g.substr(1, g.size() - 2);
  std::string out(g);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const User* Project::user(const std::string& guid) const {
  for (const auto& u : users)
    if (u.guid == guid) return &u;
  return nullptr;
}
const Variable* Project::variable(const std::string& guid) const {
  for (const auto& v : variables)
    if (v.guid == guid) return &v;
  return nullptr;
}

std::string id_from_name(std::string_view name) {
  std::string f = text::fold(text::trim(name));
  std::string out;
  for (std::size_t i = 0; i < f.size();) {
    char32_t c = text::next_cp(f, i);
    if (c == U'ñ') { out += 'n'; continue; }
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "code" : out;
}

std::vector<CodeEntry> flatten(const std::vector<Code>& codes) {
  std::vector<CodeEntry> out;
  std::set<std::string> taken;
  auto walk = [&](auto& self, const std::vector<Code>& level, const std::string& parent, int depth) -> void {
    for (const auto& c : level) {
      std::string base = id_from_name(c.name), id = base;
      for (int n = 2; taken.count(id); ++n) id = base + "_" + std::to_string(n);
      taken.insert(id);
      out.push_back(CodeEntry{c.guid, id, c.name, c.description, c.color, parent, depth, c.codable});
      self(self, c.children, id, depth + 1);
    }
  };
  walk(walk, codes, "", 0);
  return out;
}

Project read_project(const std::string& path, bool with_text) {
  Archive archive(path, "REFI-QDA project");
  Project p;
  p.file = path;
  p.entry = find_qde(archive, path);
  std::string xml = archive.read(archive.locate(p.entry), p.entry);
  std::string shown = path + "/" + p.entry;
  pugi::xml_document doc;
  parse_xml(doc, xml, shown);
  pugi::xml_node root = doc.document_element();
  if (local_name(root) != "Project")
    throw DataError("not a REFI-QDA project (the root element is <" + std::string(root.name()) + ">, not <Project>)",
                    Location{shown});
  Reader r{xml, shown};
  p.name = attr(root, "name");
  p.origin = attr(root, "origin");
  p.base_path = attr(root, "basePath");
  each(child(root, "Users"), "User", [&](const pugi::xml_node& n) { p.users.push_back(User{r.guid(n), attr(n, "name")}); });
  if (pugi::xml_node cb = child(root, "CodeBook")) r.codes(child(cb, "Codes"), p.codes, 0);
  unflatten(p.codes);
  each(child(root, "Variables"), "Variable", [&](const pugi::xml_node& n) {
    p.variables.push_back(Variable{r.guid(n), std::string(text::trim(attr(n, "name"))), attr(n, "typeOfVariable")});
  });
  each(child(root, "Cases"), "Case", [&](const pugi::xml_node& n) {
    Case c;
    c.guid = r.guid(n);
    c.name = attr(n, "name");
    if (pugi::xml_node d = child(n, "Description")) c.description = d.text().get();
    c.values = r.values(n);
    each(n, "SourceRef", [&](const pugi::xml_node& s) { c.sources.push_back(r.guid(s, "targetGUID")); });
    each(n, "SelectionRef", [&](const pugi::xml_node& s) { c.selections.push_back(r.guid(s, "targetGUID")); });
    p.cases.push_back(std::move(c));
  });
  fs::path base = p.base_path.empty() ? fs::path(path).parent_path() : fs::path(p.base_path);
  for (pugi::xml_node n = child(root, "Sources").first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    std::string_view ln = local_name(n);
    Source s;
    s.guid = r.guid(n);
    s.name = attr(n, "name");
    s.values = r.values(n);
    if (ln != "TextSource") {
      s.kind = ln == "PDFSource" ? "pdf" : ln == "PictureSource" ? "picture" : ln == "AudioSource" ? "audio"
             : ln == "VideoSource" ? "video" : std::string(ln);
      s.path = attr(n, "path");
      long codings = 0;
      for (pugi::xml_node d = n.first_child(); d;) {  // every descendant, without recursion
        if (d.type() == pugi::node_element && local_name(d) == "Coding") ++codings;
        if (d.first_child()) { d = d.first_child(); continue; }
        while (d != n && !d.next_sibling()) d = d.parent();
        if (d == n) break;
        d = d.next_sibling();
      }
      if (codings > 0)
        p.skipped_codings.push_back(std::to_string(codings) + (codings == 1 ? " coding" : " codings") + " of " + s.kind + " source '" +
                                    (s.name.empty() ? s.path : s.name) + "' not read (text selections only)");
      p.skipped.push_back("source '" + (s.name.empty() ? s.path : s.name) + "' is a " + s.kind + " source: not read (text sources only)");
      p.sources.push_back(std::move(s));
      continue;
    }
    s.kind = "text";
    s.path = attr(n, "plainTextPath");
    if (s.name.empty()) s.name = fs::path(s.path).filename().string();
    // Codings on the whole source: a selection of all its text.
    Selection whole;
    whole.guid = s.guid;
    whole.whole = true;
    each(n, "Coding", [&](const pugi::xml_node& c) { whole.codings.push_back(r.coding(c)); });
    if (!whole.codings.empty()) s.selections.push_back(std::move(whole));
    each(n, "PlainTextSelection", [&](const pugi::xml_node& sel) {
      Selection x;
      x.guid = r.guid(sel);
      x.name = attr(sel, "name");
      x.user = normalize_guid(attr(sel, "creatingUser"));
      if (pugi::xml_node d = child(sel, "Description")) x.description = std::string(text::trim(d.text().get()));
      std::tie(x.line, x.column) = r.position(static_cast<std::size_t>(sel.offset_debug()));
      try {
        x.start = std::stoll(attr(sel, "startPosition"));
        x.end = std::stoll(attr(sel, "endPosition"));
      } catch (const std::exception&) {
        throw DataError("a selection's startPosition and endPosition must be whole numbers", r.where(sel));
      }
      if (x.start < 0 || x.end < x.start) throw DataError("a selection ends before it starts", r.where(sel));
      each(sel, "Coding", [&](const pugi::xml_node& c) { x.codings.push_back(r.coding(c)); });
      s.selections.push_back(std::move(x));
    });
    if (with_text) {
      std::string bytes;
      std::string where = shown;
      if (pugi::xml_node content = child(n, "PlainTextContent")) {
        bytes = content.text().get();
      } else {
        std::string ref = s.path;
        if (ref.empty()) throw DataError("text source '" + s.name + "' has neither plainTextPath nor PlainTextContent", r.where(n));
        bool relative = ref.rfind("relative://", 0) == 0, internal = ref.rfind("internal://", 0) == 0;
        std::string name = relative ? ref.substr(11) : internal ? ref.substr(11) : ref.rfind("file://", 0) == 0 ? ref.substr(7) : ref;
        std::int64_t idx = -1;
        if (!relative && ref.rfind("file://", 0) != 0) {
          if (unsafe_path(name)) throw DataError("source path '" + ref + "' leaves the archive", r.where(n));
          for (const char* dir : {"sources/", "Sources/", ""})
            if (idx < 0) idx = archive.locate(dir + name), where = path + "/" + dir + name;
        }
        if (idx >= 0) bytes = archive.read(idx, where.substr(path.size() + 1));
        else if (internal) throw DataError("the text of source '" + s.name + "' is not in the archive (" + ref + ")", r.where(n));
        else {
          fs::path disk = fs::path(name).is_absolute() ? fs::path(name) : base / name;
          bytes = read_disk(disk, shown);
          where = disk.string();
        }
      }
      s.text = decode_text(std::move(bytes), where);
      s.has_text = true;
    }
    p.sources.push_back(std::move(s));
  }
  each(child(root, "Sets"), "Set", [](const pugi::xml_node&) {});  // sets (possibly empty) are not used
  return p;
}

std::vector<Code> read_codebook(const std::string& path, std::string& sha256, std::string& title) {
  std::string ext = text::fold(fs::path(path).extension().string());
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot open", in_file(path));
    std::ostringstream ss;
    ss << in.rdbuf();
    std::string bytes = ss.str();
    sha256 = sha256_hex(bytes);
    if (ext == ".qdc") {
      if (bytes.size() > zip::kMaxEntry) throw DataError("the codebook is too large (over 512 MiB)", in_file(path));
      pugi::xml_document doc;
      parse_xml(doc, bytes, path);
      pugi::xml_node root = doc.document_element();
      if (local_name(root) != "CodeBook")
        throw DataError("not a REFI-QDA codebook (the root element is <" + std::string(root.name()) + ">, not <CodeBook>)",
                        in_file(path));
      Reader r{bytes, path};
      std::vector<Code> codes;
      r.codes(child(root, "Codes"), codes, 0);
      unflatten(codes);
      title = fs::path(path).stem().string();
      return codes;
    }
  }
  Project p = read_project(path, false);
  title = p.name.empty() ? fs::path(path).stem().string() : p.name;
  return std::move(p.codes);
}

const char* describe(Positions p) {
  switch (p) {
    case Positions::code_points: return "Unicode code points (the standard)";
    case Positions::utf16: return "UTF-16 code units";
    case Positions::utf16_crlf: return "UTF-16 code units over CRLF text (as NVivo for Windows counts)";
    case Positions::code_points_lf: return "code points with CRLF counted as one";
  }
  return "";
}

TextMap::TextMap(std::string_view stored) {
  std::u32string cps;
  for (std::size_t i = 0; i < stored.size();) cps += text::next_cp(stored, i);
  std::size_t n = cps.size();
  for (auto& a : at_) a.resize(n + 1);
  doc_of_.resize(n + 1);
  std::int64_t pos[4] = {0, 0, 0, 0};
  std::uint32_t d = 0;
  for (std::size_t k = 0; k < n; ++k) {
    for (int r = 0; r < 4; ++r) at_[r][k] = pos[r];
    doc_of_[k] = d;
    char32_t c = cps[k];
    bool crlf_cr = c == U'\r' && k + 1 < n && cps[k + 1] == U'\n';
    bool bare_lf = c == U'\n' && !(k > 0 && cps[k - 1] == U'\r');
    int u16 = c > 0xFFFF ? 2 : 1;
    pos[0] += 1;
    pos[1] += u16;
    pos[2] += bare_lf ? 2 : u16;
    pos[3] += crlf_cr ? 0 : 1;
    if (crlf_cr) continue;  // the CR of a CRLF is not in the doc text
    text::append_utf8(doc_, c == U'\r' ? U'\n' : c);
    word_.push_back(text::is_word_cp(c));
    ++d;
  }
  for (int r = 0; r < 4; ++r) at_[r][n] = pos[r];
  doc_of_[n] = d;
  n_ = d;
}

bool TextMap::to_doc(Positions p, std::int64_t pos, std::size_t& out) const {
  const auto& a = at_[static_cast<int>(p)];
  if (pos < 0 || pos > a.back()) return false;
  std::size_t k = static_cast<std::size_t>(std::lower_bound(a.begin(), a.end(), pos) - a.begin());
  out = doc_of_[k];
  return true;
}

bool TextMap::boundary(std::size_t i) const {
  if (i == 0 || i >= n_) return true;
  return !(word_[i - 1] && word_[i]);
}

Positions detect_positions(const Project& p, long* score, long* total) {
  std::vector<TextMap> maps;
  std::vector<const Source*> srcs;
  for (const auto& s : p.sources)
    if (s.has_text && !s.selections.empty()) maps.emplace_back(s.text), srcs.push_back(&s);
  Positions best = Positions::code_points;
  long best_out = -1, best_hits = -1, ends = 0;
  for (int r = 0; r < 4; ++r) {
    Positions reading = static_cast<Positions>(r);
    long out = 0, hits = 0;
    ends = 0;
    for (std::size_t i = 0; i < srcs.size(); ++i)
      for (const auto& sel : srcs[i]->selections) {
        if (sel.whole) continue;
        std::size_t a = 0, b = 0;
        ends += 2;
        if (!maps[i].to_doc(reading, sel.start, a) || !maps[i].to_doc(reading, sel.end, b)) { ++out; continue; }
        hits += maps[i].boundary(a) + maps[i].boundary(b);
      }
    if (best_out < 0 || out < best_out || (out == best_out && hits > best_hits)) best = reading, best_out = out, best_hits = hits;
  }
  if (score) *score = best_hits < 0 ? 0 : best_hits;
  if (total) *total = ends;
  return best;
}

Layout layout(const Project& p, const std::string& prefix) {
  Layout l;
  l.doc_id.assign(p.sources.size(), "");
  l.participant_of.assign(p.sources.size(), -1);
  std::map<std::string, int> source_index;
  for (std::size_t i = 0; i < p.sources.size(); ++i) source_index.emplace(p.sources[i].guid, static_cast<int>(i));
  for (std::size_t c = 0; c < p.cases.size(); ++c) {
    l.participants.push_back({prefix + std::to_string(l.participants.size() + 1), static_cast<int>(c), -1});
    for (const auto& g : p.cases[c].sources)
      if (auto it = source_index.find(g); it != source_index.end() && l.participant_of[it->second] < 0 &&
                                          p.sources[it->second].kind == "text")
        l.participant_of[it->second] = static_cast<int>(c);
  }
  // A text source no case names whole, but with a selection a case names (a case made of
  // passages), goes to the first such case.
  std::map<std::string, int> selection_source;
  for (std::size_t i = 0; i < p.sources.size(); ++i)
    for (const auto& x : p.sources[i].selections)
      if (!x.whole) selection_source.emplace(x.guid, static_cast<int>(i));
  for (std::size_t c = 0; c < p.cases.size(); ++c)
    for (const auto& g : p.cases[c].selections)
      if (auto it = selection_source.find(g); it != selection_source.end() && l.participant_of[it->second] < 0 &&
                                              p.sources[it->second].kind == "text")
        l.participant_of[it->second] = static_cast<int>(c);
  for (std::size_t i = 0; i < p.sources.size(); ++i) {
    if (p.sources[i].kind != "text" || l.participant_of[i] >= 0) continue;
    l.participant_of[i] = static_cast<int>(l.participants.size());
    l.participants.push_back({prefix + std::to_string(l.participants.size() + 1), -1, static_cast<int>(i)});
  }
  std::vector<int> count(l.participants.size(), 0), seen(l.participants.size(), 0);
  for (std::size_t i = 0; i < p.sources.size(); ++i)
    if (l.participant_of[i] >= 0) ++count[l.participant_of[i]];
  for (std::size_t i = 0; i < p.sources.size(); ++i) {
    int pi = l.participant_of[i];
    if (pi < 0) continue;
    const std::string& pid = l.participants[pi].id;
    l.doc_id[i] = count[pi] == 1 ? pid : pid + ".s" + std::to_string(++seen[pi]);
  }
  return l;
}

std::string guid_from(std::string_view seed) {
  std::string h = sha256_hex(seed).substr(0, 32);
  h[12] = '5';                                        // version 5 (name-based)
  h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) & 3];  // RFC 4122 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20, 12);
}

std::string code_guid(std::string_view id) { return guid_from("qda code " + std::string(id)); }

}  // namespace qda::refi
