// Text of Word (.docx) documents: word/document.xml read through core/zip (size limits), walked with pugixml.
#include "ingest/docx.hpp"

#include "core/error.hpp"
#include "core/zip.hpp"

#include <pugixml.hpp>

#include <cctype>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

namespace qda::ingest {

namespace {

// Element names without their namespace prefix: Word writes "w:", but the prefix is only a
// convention and other producers may bind the namespace to another one.
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// A w:val attribute, whatever the namespace prefix.
std::string_view val_of(const pugi::xml_node& n) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view name = a.name();
    std::size_t colon = name.find(':');
    if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == "val") return a.value();
  }
  return {};
}

pugi::xml_node child_named(const pugi::xml_node& n, std::string_view local) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element) {
      std::string_view name = c.name();
      std::size_t colon = name.find(':');
      if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == local) return c;
    }
  return {};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Outline level 1..9 of an outlineLvl element (w:val 0..8), 0 when absent or body text (9).
int outline_level(const pugi::xml_node& ppr) {
  pugi::xml_node o = child_named(ppr, "outlineLvl");
  if (!o) return 0;
  std::string_view v = val_of(o);
  if (v.size() != 1 || v[0] < '0' || v[0] > '8') return 0;
  return v[0] - '0' + 1;
}

// Heading levels of the paragraph styles: style id -> outline level.
class HeadingStyles {
 public:
  // From word/styles.xml (may be empty: then style ids are read by their usual names).
  void load(const pugi::xml_node& styles) {
    for (pugi::xml_node s = styles.first_child(); s; s = s.next_sibling()) {
      if (s.type() != pugi::node_element || local_name(s) != "style") continue;
      std::string id;
      for (pugi::xml_attribute a = s.first_attribute(); a; a = a.next_attribute()) {
        std::string_view name = a.name();
        std::size_t colon = name.find(':');
        if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == "styleId") id = a.value();
      }
      if (id.empty()) continue;
      Style& st = styles_[id];
      // Built-in styles keep their English name ("heading 2") whatever the interface language.
      std::string name = lower(val_of(child_named(s, "name")));
      if (name == "title") st.level = 1;
      else if (name.rfind("heading ", 0) == 0 && name.size() == 9 && name[8] >= '1' && name[8] <= '9') st.level = name[8] - '0';
      if (pugi::xml_node ppr = child_named(s, "pPr"); ppr && !st.level) st.level = outline_level(ppr);
      if (pugi::xml_node b = child_named(s, "basedOn")) st.based_on = val_of(b);
    }
    loaded_ = !styles_.empty();
  }

  int level(const std::string& id) const {
    if (!loaded_) return by_id(id);
    std::string cur = id;
    for (int hops = 0; hops < 16; ++hops) {  // basedOn chains are short; a cycle stops here
      auto it = styles_.find(cur);
      if (it == styles_.end()) return 0;
      if (it->second.level) return it->second.level;
      if (it->second.based_on.empty()) return 0;
      cur = it->second.based_on;
    }
    return 0;
  }

 private:
  // Without styles.xml: "Heading2", "Ttulo2" (Spanish Word), "Titre2", "berschrift2", "Title".
  static int by_id(const std::string& id) {
    std::string l = lower(id);
    if (l == "title" || l == "titulo" || l == "ttulo") return 1;
    for (std::string_view p : {"heading", "ttulo", "titulo", "titre", "berschrift", "kop"}) {
      if (l.size() == p.size() + 1 && l.rfind(p, 0) == 0 && l.back() >= '1' && l.back() <= '9') return l.back() - '0';
    }
    return 0;
  }

  struct Style {
    int level = 0;
    std::string based_on;
  };
  std::map<std::string, Style> styles_;
  bool loaded_ = false;
};

// Collects the paragraphs of the body in document order.
class Walker {
 public:
  explicit Walker(const HeadingStyles& h) : headings_(h) {}
  std::vector<DocxParagraph> lines;

  // Elements nested deeper than this are not a document Word writes but a stack overflow in
  // waiting (a paragraph inside 200,000 content controls): a DataError.
  static constexpr int kMaxDepth = 512;

  void block(const pugi::xml_node& node, int depth = 0) {
    deeper(depth);
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view n = local_name(c);
      if (n == "p") paragraph(c, depth + 1);
      else if (skipped(c)) continue;
      else if (n == "AlternateContent") block(chosen(c), depth + 1);
      else block(c, depth + 1);  // tables, rows, cells, content controls, custom XML: their paragraphs count
    }
  }

 private:
  // Parts of the tree that are not text of the document as it reads now.
  static bool skipped(const pugi::xml_node& c) {
    std::string_view n = local_name(c);
    return n == "del" || n == "moveFrom" ||                  // tracked deletions and moved-away text
           n == "pPr" || n == "rPr" || n == "sectPr" ||      // properties (w:tabs holds tab stops, not tabs)
           n == "instrText" || n == "delInstrText" ||        // field codes, e.g. HYPERLINK "…"
           n == "fldData";
  }

  // mc:AlternateContent holds the same content twice (modern and fallback): read one copy.
  static pugi::xml_node chosen(const pugi::xml_node& alt) {
    for (pugi::xml_node c = alt.first_child(); c; c = c.next_sibling())
      if (local_name(c) == "Choice") return c;
    for (pugi::xml_node c = alt.first_child(); c; c = c.next_sibling())
      if (local_name(c) == "Fallback") return c;
    return {};
  }

  const HeadingStyles& headings_;

  static void deeper(int depth) {
    if (depth > kMaxDepth)
      throw DataError("word/document.xml nests elements more than " + std::to_string(kMaxDepth) + " deep");
  }

  void paragraph(const pugi::xml_node& p, int depth) {
    DocxParagraph para;
    std::vector<pugi::xml_node> nested;  // text-box paragraphs anchored in this one
    inline_content(p, para.text, nested, depth + 1);
    if (pugi::xml_node ppr = child_named(p, "pPr")) {
      para.heading = outline_level(ppr);
      if (pugi::xml_node st = child_named(ppr, "pStyle"); st && !para.heading) para.heading = headings_.level(std::string(val_of(st)));
    }
    lines.push_back(std::move(para));
    for (const auto& n : nested) paragraph(n, depth + 1);
  }

  void inline_content(const pugi::xml_node& node, std::string& line, std::vector<pugi::xml_node>& nested, int depth) {
    deeper(depth);
    for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || skipped(c)) continue;
      std::string_view n = local_name(c);
      if (n == "t") line += c.text().get();
      else if (n == "tab" || n == "ptab") line += '\t';
      else if (n == "br" || n == "cr") line += '\n';
      else if (n == "noBreakHyphen") line += '-';
      else if (n == "p") nested.push_back(c);
      else if (n == "AlternateContent") inline_content(chosen(c), line, nested, depth + 1);
      else inline_content(c, line, nested, depth + 1);  // runs, hyperlinks, insertions, fields, smart tags
    }
  }
};

Location in_file(const std::string& path) {
  Location l;
  l.file = path;
  return l;
}

}  // namespace

std::vector<DocxParagraph> docx_paragraphs(const std::string& path) {
  zip::Reader z(path, "Word document");
  std::int64_t index = z.locate("word/document.xml");
  if (index < 0) throw DataError("not a Word document (no word/document.xml)", in_file(path));
  std::string xml = z.read(index, "word/document.xml");

  // Heading styles: an unreadable or malformed styles part only costs the headings.
  HeadingStyles headings;
  pugi::xml_document styles_doc;
  std::int64_t styles_index = z.locate("word/styles.xml");
  if (styles_index >= 0) {
    std::string styles_xml = z.read(styles_index, "word/styles.xml");
    if (styles_doc.load_buffer(styles_xml.data(), styles_xml.size(), pugi::parse_default, pugi::encoding_auto))
      headings.load(styles_doc.document_element());
  }

  pugi::xml_document doc;
  // parse_ws_pcdata keeps a run whose whole text is a space (<w:t xml:space="preserve"> </w:t>).
  pugi::xml_parse_result r = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                                             pugi::encoding_auto);
  if (!r) {
    throw DataError(std::string("word/document.xml: ") + r.description() + " at byte " + std::to_string(r.offset),
                    in_file(path));
  }
  pugi::xml_node root = doc.document_element();
  pugi::xml_node body;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling())
    if (local_name(c) == "body") body = c;
  if (local_name(root) != "document" || !body)
    throw DataError("not a Word document (word/document.xml has no document body)", in_file(path));

  Walker w(headings);
  try {
    w.block(body);
  } catch (DataError& e) {
    e.locate(in_file(path));
    throw;
  }
  return std::move(w.lines);
}

std::string docx_text(const std::string& path) {
  std::string out;
  bool first = true;
  for (const auto& p : docx_paragraphs(path)) {
    if (!first) out += '\n';
    first = false;
    out += p.text;
  }
  return out;
}

}  // namespace qda::ingest
