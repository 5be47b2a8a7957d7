// Writing REFI-QDA files: a codebook (.qdc) and a project (.qdpx: project.qde and the sources'
// text), as plain text built in a fixed order so that the same input gives the same bytes.
#include "refi/refi.hpp"

#include <algorithm>
#include <cctype>

#include "core/zip.hpp"

namespace qda::refi {

namespace {
// Text for XML 1.0: markup escaped; a carriage return kept as a reference (a parser would make
// it a line feed); other control characters, which XML 1.0 cannot hold, left out. In an
// attribute, line feeds and tabs are references too, so that they survive its normalisation.
std::string xml_escape(std::string_view s, bool attribute = false) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\r': out += "&#13;"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) break;
        out += c;
    }
  }
  return out;
}
std::string attr_escape(std::string_view s) { return xml_escape(s, true); }

bool rgb(std::string_view c) {
  if (c.size() != 7 && c.size() != 4) return false;
  if (c[0] != '#') return false;
  return std::all_of(c.begin() + 1, c.end(), [](char x) { return std::isxdigit(static_cast<unsigned char>(x)); });
}
}  // namespace

std::string write_codebook(const std::vector<CodeEntry>& codes, const std::string& origin) {
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"" +
                    attr_escape(origin) + "\">\n  <Codes>\n";
  // Children follow their parent in pre-order: close a code when the next one is not below it.
  std::vector<std::string> open;  // ids of the codes still open, outermost first
  auto close_to = [&](std::size_t depth) {
    while (open.size() > depth) {
      open.pop_back();
      out += std::string(4 + 2 * open.size(), ' ') + "</Code>\n";
    }
  };
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const CodeEntry& c = codes[i];
    std::size_t depth = 0;
    for (std::size_t k = 0; k < open.size(); ++k)
      if (open[k] == c.parent) depth = k + 1;
    close_to(c.parent.empty() ? 0 : depth);
    std::string indent(4 + 2 * open.size(), ' ');
    out += indent + "<Code guid=\"" + (c.guid.empty() ? code_guid(c.id) : c.guid) + "\" name=\"" +
           attr_escape(c.name.empty() ? c.id : c.name) + "\" isCodable=\"" + (c.codable ? "true" : "false") + "\"";
    if (rgb(c.color)) out += " color=\"" + c.color + "\"";
    bool children = i + 1 < codes.size() && codes[i + 1].parent == c.id;
    if (!children && c.description.empty()) {
      out += "/>\n";
      continue;
    }
    out += ">\n";
    if (!c.description.empty()) out += indent + "  <Description>" + xml_escape(c.description) + "</Description>\n";
    open.push_back(c.id);
  }
  close_to(0);
  out += "  </Codes>\n</CodeBook>\n";
  return out;
}


namespace {

std::string ref(const char* element, const std::string& guid) {
  return std::string("<") + element + " targetGUID=\"" + guid + "\"/>";
}

struct ProjectWriter {
  const Project& p;
  std::string out;

  std::string dated() const { return p.date.empty() ? "" : " creationDateTime=\"" + p.date + "\""; }
  std::string user(const std::string& guid) const { return guid.empty() ? "" : " creatingUser=\"" + guid + "\""; }
  void line(int indent, const std::string& s) { out += std::string(2 * indent, ' ') + s + "\n"; }

  void description(int indent, const std::string& d) {
    if (!d.empty()) line(indent, "<Description>" + xml_escape(d) + "</Description>");
  }
  void notes(int indent, const std::vector<std::string>& refs) {
    for (const auto& n : refs) line(indent, ref("NoteRef", n));
  }

  void code(const Code& c, int indent) {
    std::string open = "<Code guid=\"" + c.guid + "\" name=\"" + attr_escape(c.name) + "\" isCodable=\"" +
                       (c.codable ? "true" : "false") + "\"" + (rgb(c.color) ? " color=\"" + c.color + "\"" : "");
    if (c.description.empty() && c.notes.empty() && c.children.empty()) return line(indent, open + "/>");
    line(indent, open + ">");
    description(indent + 1, c.description);
    notes(indent + 1, c.notes);
    for (const auto& k : c.children) code(k, indent + 1);
    line(indent, "</Code>");
  }

  void values(const std::vector<Value>& vs, int indent) {
    for (const auto& v : vs) {
      line(indent, "<VariableValue>");
      line(indent + 1, ref("VariableRef", v.variable));
      line(indent + 1, "<" + v.type + "Value>" + xml_escape(v.text) + "</" + v.type + "Value>");
      line(indent, "</VariableValue>");
    }
  }

  void coding(const Coding& k, int indent) {
    line(indent, "<Coding guid=\"" + k.guid + "\"" + user(k.user) + dated() + ">");
    line(indent + 1, ref("CodeRef", k.code));
    line(indent, "</Coding>");
  }

  void source(const Source& s) {
    std::string path = s.path.empty() ? "internal://" + s.guid + ".txt" : s.path;
    out += "    <TextSource guid=\"" + s.guid + "\" name=\"" + attr_escape(s.name) + "\" plainTextPath=\"" + attr_escape(path) +
                "\"" + dated();
    if (s.description.empty() && s.selections.empty() && s.notes.empty() && s.values.empty()) {
      out += "/>\n";
      return;
    }
    out += ">\n";
    description(3, s.description);
    for (const auto& x : s.selections) {
      if (x.whole) continue;  // written below, as codings of the source itself
      std::string open = "<PlainTextSelection guid=\"" + x.guid + "\"" +
                         (x.name.empty() ? "" : " name=\"" + attr_escape(x.name) + "\"") + " startPosition=\"" +
                         std::to_string(x.start) + "\" endPosition=\"" + std::to_string(x.end) + "\"" + user(x.user) + dated();
      if (x.description.empty() && x.codings.empty()) {
        line(3, open + "/>");
        continue;
      }
      line(3, open + ">");
      description(4, x.description);
      for (const auto& k : x.codings) coding(k, 4);
      line(3, "</PlainTextSelection>");
    }
    for (const auto& x : s.selections)
      if (x.whole)
        for (const auto& k : x.codings) coding(k, 3);
    notes(3, s.notes);
    values(s.values, 3);
    line(2, "</TextSource>");
  }

  void write() {
    out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"" +
          attr_escape(p.name) + "\" origin=\"" + attr_escape(p.origin) + "\"" + dated() + ">\n";
    if (!p.users.empty()) {
      line(1, "<Users>");
      for (const auto& u : p.users) line(2, "<User guid=\"" + u.guid + "\" name=\"" + attr_escape(u.name) + "\"/>");
      line(1, "</Users>");
    }
    if (!p.codes.empty()) {
      line(1, "<CodeBook>");
      line(2, "<Codes>");
      for (const auto& c : p.codes) code(c, 3);
      line(2, "</Codes>");
      line(1, "</CodeBook>");
    }
    if (!p.variables.empty()) {
      line(1, "<Variables>");
      for (const auto& v : p.variables)
        line(2, "<Variable guid=\"" + v.guid + "\" name=\"" + attr_escape(v.name) + "\" typeOfVariable=\"" + v.type + "\"/>");
      line(1, "</Variables>");
    }
    if (!p.cases.empty()) {
      line(1, "<Cases>");
      for (const auto& c : p.cases) {
        line(2, "<Case guid=\"" + c.guid + "\" name=\"" + attr_escape(c.name) + "\">");
        description(3, c.description);
        values(c.values, 3);
        for (const auto& s : c.sources) line(3, ref("SourceRef", s));
        for (const auto& s : c.selections) line(3, ref("SelectionRef", s));
        line(2, "</Case>");
      }
      line(1, "</Cases>");
    }
    bool text_sources = std::any_of(p.sources.begin(), p.sources.end(), [](const Source& s) { return s.kind == "text"; });
    if (text_sources) {
      line(1, "<Sources>");
      for (const auto& s : p.sources)
        if (s.kind == "text") source(s);
      line(1, "</Sources>");
    }
    if (!p.notes.empty()) {
      line(1, "<Notes>");
      for (const auto& n : p.notes) {
        line(2, "<Note guid=\"" + n.guid + "\" name=\"" + attr_escape(n.name) + "\"" + dated() + ">");
        line(3, "<PlainTextContent>" + xml_escape(n.text) + "</PlainTextContent>");
        line(2, "</Note>");
      }
      line(1, "</Notes>");
    }
    notes(1, p.note_refs);
    out += "</Project>\n";
  }
};

}  // namespace

std::string write_project_xml(const Project& p) {
  ProjectWriter w{p, {}};
  w.write();
  return w.out;
}

Counts count(const Project& p) {
  Counts n;
  auto codes = [&](auto& self, const std::vector<Code>& level) -> void {
    for (const auto& c : level) ++n.codes, self(self, c.children);
  };
  codes(codes, p.codes);
  for (const auto& s : p.sources) {
    if (s.kind != "text") continue;
    ++n.sources;
    for (const auto& x : s.selections) n.selections += !x.whole, n.codings += static_cast<long>(x.codings.size());
  }
  n.cases = static_cast<long>(p.cases.size());
  n.users = static_cast<long>(p.users.size());
  n.notes = static_cast<long>(p.notes.size());
  return n;
}

std::string write_project(const Project& p, std::time_t mtime) {
  std::vector<zip::Entry> entries{{"project.qde", write_project_xml(p)}};
  for (const auto& s : p.sources)
    if (s.kind == "text" && s.has_text && s.path.empty()) entries.push_back({"Sources/" + s.guid + ".txt", s.text});
  return zip::write(entries, mtime);
}

}  // namespace qda::refi
