// REFI-QDA reading: GUIDs, code ids, position readings, layout, and the three real exports.
#include "refi/refi.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.hpp"

using namespace qda;
using namespace qda::refi;

namespace {
const std::string kSamples = std::string(QDA_SOURCE_DIR) + "/tests/refi/samples/";
}

TEST(Refi, NormalizeGuid) {
  EXPECT_EQ(normalize_guid(" {0A1B2C3D-0000-4000-8000-00000000000F} "), "0a1b2c3d-0000-4000-8000-00000000000f");
  EXPECT_EQ(normalize_guid("abc"), "abc");
}

TEST(Refi, IdFromName) {
  EXPECT_EQ(id_from_name("Apoyo emocional"), "apoyo_emocional");
  EXPECT_EQ(id_from_name("  Señal: ¡práctica!  "), "senal_practica");
  EXPECT_EQ(id_from_name("2022-05-10T02:05:59Z 19e4dce"), "2022_05_10t02_05_59z_19e4dce");
  EXPECT_EQ(id_from_name("¿?"), "code");
}

TEST(Refi, FlattenMakesIdsUnique) {
  std::vector<Code> codes(2);
  codes[0].name = "Apoyo";
  codes[0].children.resize(1);
  codes[0].children[0].name = "apoyo";
  codes[1].name = "APOYO";
  auto f = flatten(codes);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].id, "apoyo");
  EXPECT_EQ(f[1].id, "apoyo_2");
  EXPECT_EQ(f[1].parent, "apoyo");
  EXPECT_EQ(f[1].depth, 1);
  EXPECT_EQ(f[2].id, "apoyo_3");
}

TEST(Refi, TextMapReadings) {
  // "a😀\r\nb": code points a,😀,CR,LF,b; the doc text drops the CR.
  TextMap m("a\xF0\x9F\x98\x80\r\nb");
  EXPECT_EQ(m.doc_text(), "a\xF0\x9F\x98\x80\nb");
  EXPECT_EQ(m.size(), 4u);
  std::size_t d = 0;
  ASSERT_TRUE(m.to_doc(Positions::code_points, 4, d));  // b
  EXPECT_EQ(d, 3u);
  ASSERT_TRUE(m.to_doc(Positions::utf16, 5, d));  // b: a, two units, CR, LF
  EXPECT_EQ(d, 3u);
  ASSERT_TRUE(m.to_doc(Positions::code_points_lf, 3, d));  // b: CRLF counted once
  EXPECT_EQ(d, 3u);
  EXPECT_FALSE(m.to_doc(Positions::code_points, 6, d));
  TextMap lf("a\nb");
  ASSERT_TRUE(lf.to_doc(Positions::utf16_crlf, 3, d));  // b: the LF counted as CRLF
  EXPECT_EQ(d, 2u);
}

TEST(Refi, DetectsUtf16OverCrlf) {
  Project p;
  Source s;
  s.kind = "text";
  s.has_text = true;
  s.text = "Hola \xF0\x9F\x98\x80 dijo.\r\nEl apoyo \xF0\x9F\x98\x80 lleg\xC3\xB3 pronto.\r\n";
  // "apoyo 😀 llegó" in UTF-16 units: "Hola " 5 + 2 + " dijo." 6 + CRLF 2 + "El " 3 = 18; length 14.
  Selection a;
  a.start = 18, a.end = 32;
  s.selections.push_back(a);
  p.sources.push_back(s);
  long score = 0, total = 0;
  EXPECT_EQ(detect_positions(p, &score, &total), Positions::utf16);
  EXPECT_EQ(score, 2);
  EXPECT_EQ(total, 2);
}

TEST(Refi, LayoutNumbersCasesThenLoneSources) {
  Project p;
  for (const char* g : {"s1", "s2", "s3", "s4"}) {
    Source s;
    s.guid = g;
    s.kind = std::string(g) == "s3" ? "pdf" : "text";
    p.sources.push_back(s);
  }
  Case c;
  c.sources = {"s2", "s1"};
  p.cases.push_back(c);
  Layout l = layout(p, "E");
  ASSERT_EQ(l.participants.size(), 2u);
  EXPECT_EQ(l.doc_id[0], "E1.s1");
  EXPECT_EQ(l.doc_id[1], "E1.s2");
  EXPECT_EQ(l.doc_id[2], "");
  EXPECT_EQ(l.doc_id[3], "E2");
}

// The three real exports of samples/README.md.
TEST(RefiSamples, QcDemo) {
  Project p = read_project(kSamples + "qc1.3.2_demo.qdpx");
  EXPECT_EQ(p.origin, "qc 1.3.2");
  EXPECT_EQ(p.sources.size(), 2u);
  EXPECT_EQ(flatten(p.codes).size(), 262u);
  std::size_t selections = 0, codings = 0;
  for (const auto& s : p.sources) {
    selections += s.selections.size();
    for (const auto& sel : s.selections) codings += sel.codings.size();
  }
  EXPECT_EQ(selections, 158u);
  EXPECT_EQ(codings, 205u);
  EXPECT_EQ(detect_positions(p), Positions::code_points);
  // qc names each selection "line:N" and selects the whole line N, counted from 0, with its
  // '\n': the text at the selection's positions is that line of the source (checked against
  // Python's slicing by code points too).
  long checked = 0;
  for (const auto& s : p.sources) {
    TextMap m(s.text);
    std::vector<std::string> lines;
    std::istringstream in(m.doc_text());
    for (std::string line; std::getline(in, line);) lines.push_back(line + "\n");
    for (const auto& sel : s.selections) {
      ASSERT_EQ(sel.name.rfind("line:", 0), 0u);
      std::size_t n = std::stoul(sel.name.substr(5)), a = 0, b = 0;
      ASSERT_TRUE(m.to_doc(Positions::code_points, sel.start, a));
      ASSERT_TRUE(m.to_doc(Positions::code_points, sel.end, b));
      ASSERT_LT(n, lines.size());
      std::string text = m.doc_text();
      // code points to bytes
      auto byte = [&](std::size_t cp) {
        std::size_t i = 0;
        for (std::size_t k = 0; k < cp; ++k) {
          unsigned char c = static_cast<unsigned char>(text[i]);
          i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        }
        return i;
      };
      EXPECT_EQ(text.substr(byte(a), byte(b) - byte(a)), lines[n]) << sel.name;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 158);
}

TEST(RefiSamples, NvivoMac) {
  Project p = read_project(kSamples + "nvivo15mac_qc_nvivo_project.qdpx");
  EXPECT_EQ(p.origin, "NVivo for Mac 15.0.0");
  EXPECT_EQ(p.sources.size(), 2u);
  EXPECT_EQ(flatten(p.codes).size(), 262u);
  EXPECT_EQ(p.users.size(), 2u);
  for (const auto& s : p.sources) EXPECT_TRUE(s.has_text);  // one line break each
}

TEST(RefiSamples, AtlasTi) {
  Project p = read_project(kSamples + "atlasti23.2win_target-atlas-project.qdpx");
  EXPECT_EQ(p.sources.size(), 0u);
  auto codes = flatten(p.codes);
  ASSERT_EQ(codes.size(), 3u);
  EXPECT_EQ(codes[0].guid, "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6");  // upper case in the file
  EXPECT_EQ(codes[1].parent, "commits");
  std::string sha, title;
  EXPECT_EQ(read_codebook(kSamples + "atlasti23.2win_target-atlas-project.qdpx", sha, title).size(), 1u);
  EXPECT_EQ(title, "target-atlas-project");
}

TEST(RefiSamples, RefusesWhatIsNoProject) {
  EXPECT_THROW(read_project(kSamples + "README.md"), DataError);
  EXPECT_THROW(read_project(kSamples + "absent.qdpx"), IoError);
}

namespace {
Project small_project() {
  Project p;
  p.name = "Estudio & co";
  p.origin = "qda test";
  p.users = {{"00000000-0000-4000-8000-0000000000a1", "ana"}, {"00000000-0000-4000-8000-0000000000a2", "qda"}};
  Code parent;
  parent.guid = "00000000-0000-4000-8000-0000000000c1";
  parent.name = "Apoyo <todo>";
  parent.description = "línea 1\nlínea 2";
  parent.color = "#00aa00";
  parent.notes = {"00000000-0000-4000-8000-0000000000e1"};
  Code child;
  child.guid = "00000000-0000-4000-8000-0000000000c2";
  child.name = "Emocional";
  parent.children.push_back(child);
  p.codes.push_back(parent);
  p.notes.push_back({"00000000-0000-4000-8000-0000000000e1", "memo", "una nota"});
  p.variables = {{"00000000-0000-4000-8000-0000000000d1", "edad", "Integer"}};
  Case c;
  c.guid = "00000000-0000-4000-8000-0000000000f1";
  c.name = "E1";
  c.values = {{"00000000-0000-4000-8000-0000000000d1", "Integer", "41"}};
  c.sources = {"00000000-0000-4000-8000-0000000000b1"};
  p.cases.push_back(c);
  Source s;
  s.guid = "00000000-0000-4000-8000-0000000000b1";
  s.name = "E1";
  s.kind = "text";
  s.has_text = true;
  s.text = "Hola 😀 dijo.\nEl apoyo llegó.\n";
  Selection x;
  x.guid = "00000000-0000-4000-8000-000000000011";
  x.start = 16;  // "apoyo", after an emoji (one code point, two UTF-16 units)
  x.end = 21;
  x.user = p.users[0].guid;
  x.description = "rule:apoyo#1: apoyo";
  x.codings.push_back({"00000000-0000-4000-8000-000000000012", child.guid, p.users[0].guid});
  s.selections.push_back(x);
  p.sources.push_back(s);
  return p;
}
}  // namespace

TEST(RefiWrite, ProjectReadBackTheSame) {
  Project p = small_project();
  std::string path = ::testing::TempDir() + "refi_write_test.qdpx";
  std::ofstream(path, std::ios::binary) << write_project(p, 0);
  Project q = read_project(path);
  EXPECT_EQ(q.name, p.name);
  ASSERT_EQ(q.users.size(), 2u);
  EXPECT_EQ(q.users[1].name, "qda");
  auto codes = flatten(q.codes);
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0].name, "Apoyo <todo>");
  EXPECT_EQ(codes[0].description, "línea 1\nlínea 2");
  EXPECT_EQ(codes[0].color, "#00aa00");
  EXPECT_EQ(codes[1].parent, codes[0].id);
  ASSERT_EQ(q.cases.size(), 1u);
  EXPECT_EQ(q.cases[0].sources, p.cases[0].sources);
  ASSERT_EQ(q.cases[0].values.size(), 1u);
  EXPECT_EQ(q.cases[0].values[0].type, "Integer");
  EXPECT_EQ(q.cases[0].values[0].text, "41");
  ASSERT_EQ(q.sources.size(), 1u);
  EXPECT_EQ(q.sources[0].text, p.sources[0].text);
  EXPECT_EQ(q.sources[0].path, "internal://00000000-0000-4000-8000-0000000000b1.txt");
  ASSERT_EQ(q.sources[0].selections.size(), 1u);
  const Selection& x = q.sources[0].selections[0];
  EXPECT_EQ(x.start, 16);
  EXPECT_EQ(x.end, 21);
  EXPECT_EQ(x.description, "rule:apoyo#1: apoyo");
  ASSERT_EQ(x.codings.size(), 1u);
  EXPECT_EQ(x.codings[0].code, "00000000-0000-4000-8000-0000000000c2");
  EXPECT_EQ(detect_positions(q), Positions::code_points);
  std::remove(path.c_str());
}

TEST(RefiWrite, SameProjectSameBytes) {
  EXPECT_EQ(write_project(small_project(), 0), write_project(small_project(), 0));
  std::string xml = write_project_xml(small_project());
  EXPECT_NE(xml.find("name=\"Estudio &amp; co\""), std::string::npos);
  EXPECT_NE(xml.find("<NoteRef targetGUID=\"00000000-0000-4000-8000-0000000000e1\"/>"), std::string::npos);
  EXPECT_EQ(xml.find("creationDateTime"), std::string::npos);  // no date unless one is given
}

TEST(RefiLayout, ACaseMadeOfSelectionsTakesTheirSource) {
  Project p = small_project();
  p.cases[0].sources.clear();
  p.cases[0].selections = {"00000000-0000-4000-8000-000000000011"};
  Layout l = layout(p, "E");
  ASSERT_EQ(l.participants.size(), 1u);
  EXPECT_EQ(l.participant_of[0], 0);
  EXPECT_EQ(l.doc_id[0], "E1");
}
