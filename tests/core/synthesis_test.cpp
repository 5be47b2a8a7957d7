// Narrative and structure records: what qda-synthesize writes, qda-report reads back unchanged.
#include "core/synthesis.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

using namespace qda;
using namespace qda::synthesis;

TEST(Synthesis, NarrativeRoundTrip) {
  Narrative n;
  n.id = "E8#2", n.doc = "E8", n.episode = 2, n.participant = "E8", n.source = "E";
  n.attrs = R"({"gender":"f"})";
  n.units = {"E8.u003", "E8.u004"};
  n.types = {TypeScore{"busqueda", 0.75, {Contribution{"prop_a", "proposito", 1, {"E8.u003"}}}}, TypeScore{"otro", 0, {}}};
  n.assigned = {"busqueda"};
  n.arc = NarrativeArc{{0.5, -0.25}, {0.4, -0.1}, "fall", std::string("rise"), false, "rise", true};
  std::string line = to_json(n);
  const std::string head = R"({"kind":"narrative","id":"E8#2","doc":"E8","episode":2,"participant":"E8","source":"E","attrs":{"gender":"f"})";
  EXPECT_EQ(line.substr(0, head.size()), head);
  EXPECT_EQ(to_json(read_narrative(line)), line);
  Narrative bare;
  bare.id = "C1.q4#1";
  std::string b = to_json(bare);
  EXPECT_NE(b.find(R"("arc":null)"), std::string::npos);
  EXPECT_EQ(to_json(read_narrative(b)), b);
}

TEST(Synthesis, StructureRoundTrip) {
  Structure s;
  s.id = s.type = "busqueda", s.label = "Búsqueda", s.status = "supported", s.min_participants = 3;
  s.narratives = {"E8#2"}, s.participants = {"E8"}, s.n_participants = 1, s.sources = {{"E", 1}};
  s.dimensions = {DimensionCodes{"proposito", "Propósito", {CodeSupport{"prop_a", "A", 1, 2, 1}}}};
  s.variation = Variation{0.5, 3, "essential when …", {Feature{"code", "prop_a", 1, 0, 1, 0, 1, 0, true, "essential"}}};
  s.exemplars = {Exemplar{"E8.u003", "E8", "(E8)", "E8#2", fields::Span{10, 20}, 1.3, {"prop_a"}, "«texto»"}};
  s.arc = StructureArc{std::string("rise"), "", {{"rise", 1}, {"flat", 0}}, 1.0, std::nullopt, {0.1, 0.2}, std::string("rise")};
  std::string line = to_json(s);
  Structure back = read_structure(line);
  EXPECT_EQ(to_json(back), line);
  EXPECT_TRUE(back.supported());
  EXPECT_EQ(back.variation.features.at(0).verdict, "essential");
  EXPECT_FALSE(back.arc->control_agreement.has_value());
}

TEST(Synthesis, ReadErrorsNameThePath) {
  try {
    read_structure(R"({"kind":"structure","variation":{"features":[{"lost_share":"x"}]}})");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.describe(), "'variation.features[0].lost_share' of a structure record must be a number");
  }
  try {
    read_narrative(R"({"kind":"narrative","units":["a",2]})");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.describe(), "'units[1]' of a narrative record must be a string");
  }
  EXPECT_THROW(read_narrative(R"({"kind":"narrative","episode":1.5})"), DataError);
  EXPECT_THROW(read_narrative("[1]"), DataError);
}
