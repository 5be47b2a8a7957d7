// The stream as a REFI-QDA project (report/qdpx): what becomes a case, a variable, a selection.
#include "report/qdpx.hpp"

#include <gtest/gtest.h>

#include "core/diag.hpp"
#include "core/error.hpp"

using namespace qda;
using namespace qda::report;

namespace {
// Two participants (`puntaje` an integer, then a decimal; `grupo` a number, then a string), a doc each,
// units coded by a rule and by a person; the rule's application of `apoyo` is on two units.
const char* kStream =
    R"({"kind":"participant","id":"E1","source":"E","attrs":{"gender":"f","age":41,"grupo":3,"puntaje":7}})" "\n"
    R"({"kind":"participant","id":"E2","source":"E","attrs":{"age":37,"grupo":"b","rural":true,"puntaje":7.5}})" "\n"
    R"({"kind":"doc","id":"E1","participant":"E1","source":"E","attrs":{"gender":"f","age":41,"grupo":3,"turno":"tarde"},"text":"Me ayudó mucho. Luego no.","turns":[],"origin":{"file":"E1.txt"}})" "\n"
    R"({"kind":"doc","id":"E2","participant":"E2","source":"E","attrs":{},"text":"Nada.","turns":[],"origin":{"file":"x.qdpx","format":"qdpx","guid":"aa000000-0000-4000-8000-000000000001","name":"Entrevista 2"}})" "\n"
    R"({"kind":"unit","id":"E1.u001","doc":"E1","span":[0,15],"text":"Me ayudó mucho.","codes":[{"code":"apoyo","by":"rule:apoyo#1","span":[3,8],"evidence":"ayudó"},{"code":"apoyo","by":"coder:ana","span":[0,15],"evidence":"Me ayudó mucho.","memo":"claro"},{"code":"extra","by":"coder:ana","span":[0,15],"evidence":"Me ayudó mucho."}]})" "\n"
    R"({"kind":"unit","id":"E1.u002","doc":"E1","span":[16,25],"text":"Luego no.","codes":[{"code":"apoyo","by":"rule:apoyo#1","span":[3,8],"evidence":"ayudó"}]})" "\n";

Stream stream(const std::string& text = kStream) {
  Accounting acc(OnError::fail, "");
  return read_stream_text(text, "s.jsonl", acc, true);
}
}  // namespace

TEST(Qdpx, CasesVariablesSourcesSelections) {
  std::vector<std::string> warnings;
  refi::Project p = to_refi_project(stream(), nullptr, nullptr, QdpxOptions{}, warnings);
  ASSERT_EQ(p.variables.size(), 6u);
  EXPECT_EQ(p.variables[0].name, "gender");
  EXPECT_EQ(p.variables[1].type, "Integer");  // age
  EXPECT_EQ(p.variables[2].type, "Text");     // grupo: 3 and "b"
  EXPECT_EQ(p.variables[3].type, "Float");    // puntaje: 7 and 7.5
  EXPECT_EQ(p.variables[4].type, "Boolean");
  EXPECT_EQ(p.variables[5].name, "turno");    // the doc's own attribute
  ASSERT_EQ(p.cases.size(), 2u);
  EXPECT_EQ(p.cases[0].name, "E1");
  ASSERT_EQ(p.cases[0].values.size(), 4u);
  EXPECT_EQ(p.cases[0].values[2].type, "Text");
  EXPECT_EQ(p.cases[0].values[2].text, "3");
  ASSERT_EQ(p.sources.size(), 2u);
  EXPECT_EQ(p.sources[0].name, "E1");
  EXPECT_EQ(p.sources[0].values.size(), 1u);  // turno: tarde
  EXPECT_EQ(p.sources[1].guid, "aa000000-0000-4000-8000-000000000001");  // kept from its project
  EXPECT_EQ(p.sources[1].name, "Entrevista 2");
  EXPECT_EQ(p.cases[1].sources, std::vector<std::string>{p.sources[1].guid});
  // The rule's application once (it is on two units); ana's two codes of one passage on two
  // selections, as one has a memo (a selection's description) and the other none.
  const auto& sel = p.sources[0].selections;
  ASSERT_EQ(sel.size(), 3u);
  EXPECT_EQ(sel[0].start, 0);
  EXPECT_EQ(sel[0].description, "claro");
  EXPECT_EQ(sel[0].codings.size(), 1u);
  EXPECT_EQ(sel[1].start, 0);
  EXPECT_EQ(sel[1].description, "");
  EXPECT_EQ(sel[2].start, 3);
  EXPECT_EQ(sel[2].end, 8);
  EXPECT_EQ(sel[2].description, "rule:apoyo#1: ayudó");
  EXPECT_EQ(sel[2].codings.size(), 1u);
  ASSERT_EQ(p.users.size(), 2u);
  EXPECT_EQ(p.users[0].name, "ana");
  EXPECT_EQ(p.users[1].name, "qda");
  EXPECT_EQ(sel[2].user, p.users[1].guid);
  // Without a codebook the applied codes are written by id, with a warning.
  ASSERT_EQ(p.codes.size(), 2u);
  EXPECT_EQ(p.codes[0].name, "apoyo");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("apoyo, extra"), std::string::npos) << warnings[0];
  // The same stream, the same project.
  std::vector<std::string> w2;
  EXPECT_EQ(refi::write_project_xml(p), refi::write_project_xml(to_refi_project(stream(), nullptr, nullptr, QdpxOptions{}, w2)));
}

TEST(Qdpx, RefusesUnitsWithoutTheirDocsOrOfAnotherText) {
  std::vector<std::string> warnings;
  std::string text = kStream;
  std::string no_doc = text.substr(0, text.find(R"({"kind":"doc","id":"E1")")) + text.substr(text.find(R"({"kind":"doc","id":"E2")"));
  EXPECT_THROW(to_refi_project(stream(no_doc), nullptr, nullptr, QdpxOptions{}, warnings), DataError);
  std::string other = text;
  other.replace(other.find("Me ayudó mucho. Luego"), 5, "Nos a");
  EXPECT_THROW(to_refi_project(stream(other), nullptr, nullptr, QdpxOptions{}, warnings), DataError);
}
