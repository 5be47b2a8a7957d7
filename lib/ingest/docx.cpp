// Text of Word (.docx) documents: word/document.xml read with libzip, walked with pugixml.
#include "ingest/docx.hpp"

#include "core/error.hpp"

#include <pugixml.hpp>
#include <zip.h>

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

// Collects the paragraphs of the body in document order.
class Walker {
 public:
  std::vector<std::string> lines;

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

  static void deeper(int depth) {
    if (depth > kMaxDepth)
      throw DataError("word/document.xml nests elements more than " + std::to_string(kMaxDepth) + " deep");
  }

  void paragraph(const pugi::xml_node& p, int depth) {
    std::string line;
    std::vector<pugi::xml_node> nested;  // text-box paragraphs anchored in this one
    inline_content(p, line, nested, depth + 1);
    lines.push_back(std::move(line));
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

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

std::string zip_error_text(int code) {
  zip_error_t e;
  zip_error_init_with_code(&e, code);
  std::string s = zip_error_strerror(&e);
  zip_error_fini(&e);
  return s;
}

std::string read_entry(zip_t* z, zip_int64_t index, const std::string& path) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z, static_cast<zip_uint64_t>(index), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    throw DataError("not a Word document (cannot read word/document.xml)", in_file(path));
  // The size comes from the archive's own header: a damaged or hostile one must not make us
  // allocate gigabytes. Real interview documents are a few megabytes at most.
  constexpr zip_uint64_t kMaxBytes = 512ull << 20;
  if (st.size > kMaxBytes) throw DataError("word/document.xml is too large (over 512 MiB)", in_file(path));
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen_index(z, static_cast<zip_uint64_t>(index), 0), zip_fclose);
  if (!f) throw DataError(std::string("not a Word document (word/document.xml: ") + zip_strerror(z) + ")", in_file(path));
  std::string data;
  data.resize(static_cast<std::size_t>(st.size));
  zip_int64_t got = 0;
  while (got < static_cast<zip_int64_t>(data.size())) {
    zip_int64_t n = zip_fread(f.get(), data.data() + got, data.size() - static_cast<std::size_t>(got));
    if (n < 0) throw DataError(std::string("damaged Word document (") + zip_file_strerror(f.get()) + ")", in_file(path));
    if (n == 0) break;
    got += n;
  }
  data.resize(static_cast<std::size_t>(got));
  return data;
}

}  // namespace

std::string docx_text(const std::string& path) {
  int err = 0;
  Zip z(zip_open(path.c_str(), ZIP_RDONLY, &err));
  if (!z) {
    // A file that is there but is no ZIP archive is bad data; one we cannot read is I/O.
    if (err == ZIP_ER_NOZIP || err == ZIP_ER_INCONS)
      throw DataError("not a Word document (not a ZIP archive)", in_file(path));
    throw IoError("cannot open: " + zip_error_text(err), in_file(path));
  }
  zip_int64_t index = zip_name_locate(z.get(), "word/document.xml", 0);
  if (index < 0) index = zip_name_locate(z.get(), "word/document.xml", ZIP_FL_NOCASE);
  if (index < 0) throw DataError("not a Word document (no word/document.xml)", in_file(path));
  std::string xml = read_entry(z.get(), index, path);

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

  Walker w;
  try {
    w.block(body);
  } catch (DataError& e) {
    e.locate(in_file(path));
    throw;
  }
  std::string out;
  for (std::size_t i = 0; i < w.lines.size(); ++i) {
    if (i) out += '\n';
    out += w.lines[i];
  }
  return out;
}

}  // namespace qda::ingest
