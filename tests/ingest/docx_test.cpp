// Unit tests of the .docx reader: small Word documents are built here with libzip.
#include "ingest/docx.hpp"

#include "core/error.hpp"
#include "ingest/transcript.hpp"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace qda::ingest {
namespace {

namespace fs = std::filesystem;

const char* const kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

std::string body_xml(const std::string& body) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"") + kW +
         "\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>" + body +
         "<w:sectPr><w:pgSz w:w=\"12240\" w:h=\"15840\"/></w:sectPr></w:body></w:document>";
}

// A fresh path under the test temporary directory, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& name) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(::testing::TempDir()) / (std::string("qda_docx_") + info->name() + "_" + name);
    fs::remove(path_);
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

// Writes a ZIP archive with the given entries (name, contents).
void write_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  ASSERT_NE(z, nullptr) << "zip_open " << err;
  for (const auto& [name, data] : entries) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    ASSERT_NE(src, nullptr);
    ASSERT_GE(zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0) << zip_strerror(z);
  }
  ASSERT_EQ(zip_close(z), 0);
}

void write_docx(const std::string& path, const std::string& document_xml) {
  write_zip(path, {{"[Content_Types].xml",
                    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"},
                   {"word/document.xml", document_xml}});
}

std::string run(const std::string& text, bool bold = false) {
  return std::string("<w:r>") + (bold ? "<w:rPr><w:b/><w:bCs/></w:rPr>" : "") + "<w:t xml:space=\"preserve\">" + text +
         "</w:t></w:r>";
}

template <class F>
std::pair<std::string, std::string> error_of(F f) {  // (type, describe())
  try {
    f();
  } catch (const DataError& e) {
    return {"data", e.describe()};
  } catch (const IoError& e) {
    return {"io", e.describe()};
  }
  return {"none", ""};
}

TEST(DocxText, ParagraphsRunsTabsBreaksTablesAndTrackedChanges) {
  TempFile f("interview.docx");
  write_docx(f.str(), body_xml(
      // Title paragraph with properties that must not leak (tab stops are w:tab too).
      "<w:p><w:pPr><w:pStyle w:val=\"Title\"/><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>" +
      run("Entrevista E10 – 14 de junio de 2021") + "</w:p>" +
      // Bold label run, the text split over runs (one of them only a space).
      "<w:p>" + run("Entrevistadora:", true) + run(" Buenos ") + run(" ") + run("días,") + run(" maestra.") + "</w:p>" +
      // Tab and line breaks inside one paragraph.
      "<w:p>" + run("Asesora:", true) + "<w:r><w:t>Uno</w:t><w:tab/><w:t>dos</w:t><w:br/><w:t>tres</w:t><w:cr/>"
      "<w:t>cuatro</w:t></w:r></w:p>" +
      // Tracked changes: deletions and moved-away text skipped, insertions kept; field codes skipped.
      "<w:p>" + run("E:", true) + run(" Se ") + "<w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>borró </w:delText></w:r></w:del>"
      "<w:del w:id=\"4\" w:author=\"x\"><w:r><w:t>también borrado </w:t><w:tab/></w:r></w:del>"
      "<w:ins w:id=\"2\" w:author=\"x\"><w:r><w:t>insertó </w:t></w:r></w:ins>"
      "<w:moveFrom w:id=\"3\"><w:r><w:t>movido </w:t></w:r></w:moveFrom>"
      "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> HYPERLINK \"http://x\" </w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + run("enlace") + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
      "<w:hyperlink w:history=\"1\">" + run(" y vínculo") + "</w:hyperlink></w:p>" +
      // An empty paragraph, then a table whose cell holds two paragraphs.
      "<w:p/>"
      "<w:tbl><w:tblPr/><w:tr><w:tc><w:tcPr/><w:p>" + run("celda 1") + "</w:p><w:p>" + run("celda 2") +
      "</w:p></w:tc><w:tc><w:p>" + run("P: en tabla") + "</w:p></w:tc></w:tr></w:tbl>" +
      // Content in a content control and one copy of alternate content.
      "<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent><w:p>" + run("control") + "</w:p></w:sdtContent></w:sdt>"
      "<w:p><mc:AlternateContent><mc:Choice Requires=\"wps\">" + run("caja") + "</mc:Choice><mc:Fallback>" +
      run("caja") + "</mc:Fallback></mc:AlternateContent></w:p>" +
      "<w:p>" + run("a") + "<w:r><w:noBreakHyphen/><w:softHyphen/><w:t>b</w:t></w:r></w:p>"));
  EXPECT_EQ(docx_text(f.str()),
            "Entrevista E10 – 14 de junio de 2021\n"
            "Entrevistadora: Buenos  días, maestra.\n"
            "Asesora:Uno\tdos\ntres\ncuatro\n"
            "E: Se insertó enlace y vínculo\n"
            "\n"
            "celda 1\n"
            "celda 2\n"
            "P: en tabla\n"
            "control\n"
            "caja\n"
            "a-b");
}

TEST(DocxText, FeedsTheTextParser) {
  TempFile f("e.docx");
  write_docx(f.str(), body_xml("<w:p>" + run("Entrevista E11") + "</w:p><w:p>" + run("Entrevistadora:", true) +
                               run(" ¿Cómo ") + run("fue?") + "</w:p><w:p>" + run("[Episodio 1]") + "</w:p><w:p>" +
                               run("Asesor:", true) + run(" Bien.") + "</w:p><w:p>" + run("Sigo.") + "</w:p>"));
  SpeakerConfig cfg;
  cfg.interviewer = {"Entrevistadora"};
  cfg.participant = {"Asesor"};
  Transcript t = parse_text(docx_text(f.str()), cfg, false);
  EXPECT_EQ(t.preamble, "Entrevista E11");
  ASSERT_EQ(t.turns.size(), 2u);
  EXPECT_EQ(t.turns[0].label, "Entrevistadora");
  EXPECT_EQ(t.turns[0].text, "¿Cómo fue?");
  EXPECT_EQ(t.turns[0].line, 2);
  EXPECT_EQ(t.turns[1].role, Role::participant);
  EXPECT_EQ(t.turns[1].text, "Bien.\nSigo.");
  ASSERT_EQ(t.episodes.size(), 1u);
  EXPECT_EQ(t.episodes[0].first_turn, 1u);
  EXPECT_EQ(t.episodes[0].line, 3);
}

TEST(DocxText, AnyNamespacePrefix) {
  TempFile f("prefix.docx");
  write_docx(f.str(), std::string("<doc:document xmlns:doc=\"") + kW +
                          "\"><doc:body><doc:p><doc:r><doc:t>uno</doc:t></doc:r></doc:p>"
                          "<doc:p><doc:r><doc:t>dos</doc:t></doc:r></doc:p></doc:body></doc:document>");
  EXPECT_EQ(docx_text(f.str()), "uno\ndos");
}

TEST(DocxText, EmptyBody) {
  TempFile f("empty.docx");
  write_docx(f.str(), body_xml(""));
  EXPECT_EQ(docx_text(f.str()), "");
}

TEST(DocxText, MissingFileIsAnIoError) {
  TempFile f("missing.docx");
  auto [type, what] = error_of([&] { docx_text(f.str()); });
  EXPECT_EQ(type, "io");
  EXPECT_NE(what.find(f.str() + ": cannot open"), std::string::npos) << what;
}

TEST(DocxText, NotAZipArchive) {
  TempFile f("plain.docx");
  std::ofstream(f.str()) << "Entrevistadora: esto es texto, no un .docx\n";
  auto [type, what] = error_of([&] { docx_text(f.str()); });
  EXPECT_EQ(type, "data");
  EXPECT_NE(what.find(f.str() + ": not a Word document"), std::string::npos) << what;
  std::ofstream(f.str(), std::ios::trunc).close();  // an empty file
  auto [type2, what2] = error_of([&] { docx_text(f.str()); });
  EXPECT_EQ(type2, "data");
  EXPECT_NE(what2.find("not a Word document"), std::string::npos) << what2;
}

TEST(DocxText, ZipWithoutDocumentXml) {
  TempFile f("other.docx");
  write_zip(f.str(), {{"content.xml", "<office:document-content/>"}, {"mimetype", "application/vnd.oasis.opendocument.text"}});
  auto [type, what] = error_of([&] { docx_text(f.str()); });
  EXPECT_EQ(type, "data");
  EXPECT_EQ(what, f.str() + ": not a Word document (no word/document.xml)");
}

TEST(DocxText, MalformedXml) {
  TempFile f("broken.docx");
  write_docx(f.str(), "<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>sin cerrar</w:r></w:p></w:body></w:document>");
  auto [type, what] = error_of([&] { docx_text(f.str()); });
  EXPECT_EQ(type, "data");
  EXPECT_NE(what.find(f.str() + ": word/document.xml: "), std::string::npos) << what;
}

TEST(DocxText, XmlThatIsNotAWordDocument) {
  TempFile f("notword.docx");
  write_docx(f.str(), "<html><body><p>hola</p></body></html>");
  auto [type, what] = error_of([&] { docx_text(f.str()); });
  EXPECT_EQ(type, "data");
  EXPECT_NE(what.find("not a Word document"), std::string::npos) << what;
}

}  // namespace
}  // namespace qda::ingest

namespace qda::ingest {
namespace {

std::string styles_xml(const std::string& styles) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles xmlns:w=\"") + kW + "\">" + styles + "</w:styles>";
}

std::string styled(const std::string& style, const std::string& text) {
  return "<w:p><w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr><w:r><w:t>" + text + "</w:t></w:r></w:p>";
}

// Headings by style, whatever the style's localised id: the built-in English name in
// styles.xml ("heading 2" for Spanish Word's "Ttulo2"), an outline level on the style or on
// the paragraph, a style based on a heading; without styles.xml, the usual ids.
TEST(DocxParagraphs, HeadingsByStyle) {
  TempFile f("headings.docx");
  write_zip(f.str(), {{"word/document.xml",
                       body_xml(styled("Ttulo2", "Episodio 1") + styled("Normal", "texto") + styled("MiTitulo", "Relato") +
                                styled("Esquema", "Parte") +
                                "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>Uno</w:t></w:r></w:p>")},
                      {"word/styles.xml",
                       styles_xml("<w:style w:type=\"paragraph\" w:styleId=\"Ttulo2\"><w:name w:val=\"heading 2\"/></w:style>"
                                  "<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
                                  "<w:style w:type=\"paragraph\" w:styleId=\"MiTitulo\"><w:name w:val=\"Mi título\"/>"
                                  "<w:basedOn w:val=\"Ttulo2\"/></w:style>"
                                  "<w:style w:type=\"paragraph\" w:styleId=\"Esquema\"><w:name w:val=\"Esquema\"/>"
                                  "<w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr></w:style>")}});
  auto ps = docx_paragraphs(f.str());
  ASSERT_EQ(ps.size(), 5u);
  EXPECT_EQ(ps[0].heading, 2);
  EXPECT_EQ(ps[1].heading, 0);
  EXPECT_EQ(ps[2].heading, 2);
  EXPECT_EQ(ps[3].heading, 3);
  EXPECT_EQ(ps[4].heading, 1);
  EXPECT_EQ(docx_text(f.str()), "Episodio 1\ntexto\nRelato\nParte\nUno");

  TempFile g("nostyles.docx");
  write_docx(g.str(), body_xml(styled("Heading1", "A") + styled("Ttulo3", "B") + styled("Cita", "C")));
  auto qs = docx_paragraphs(g.str());
  ASSERT_EQ(qs.size(), 3u);
  EXPECT_EQ(qs[0].heading, 1);
  EXPECT_EQ(qs[1].heading, 3);
  EXPECT_EQ(qs[2].heading, 0);
}

TEST(DocxParagraphs, EpisodeHeadingUsesTheStudysWords) {
  SpeakerConfig cfg = model::default_speakers();
  EXPECT_TRUE(episode_heading("Episodio 2", cfg));
  EXPECT_TRUE(episode_heading("  EPISODIO 2: la visita", cfg));
  EXPECT_FALSE(episode_heading("Relato 2", cfg));
  EXPECT_FALSE(episode_heading("Episodios anteriores", cfg));
  cfg.episode_markers.push_back("Relato");
  EXPECT_TRUE(episode_heading("Relato 2", cfg));
}

}  // namespace
}  // namespace qda::ingest
