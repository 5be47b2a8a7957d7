// Codebook loading: the documented shape is accepted, each kind of error names its position and key.
#include "model/codebook.hpp"

#include <gtest/gtest.h>

namespace c = qda::model;

namespace {
const char* kGood = R"(codebook: "Prueba"
language: es
dimensions:
  - id: proposito
    label: "Propósito"
codes:
  - id: prop_aprendizaje
    label: "Aprendizaje"
    dimension: proposito
    color: "#1f77b4"
    children:
      - id: prop_lectura
        label: "Lectura"
        rules:
          - words: ["comprensión lectora"]
    rules:
      - words: ["aprendizaje"]
        stems: ["aprender", "acompañar"]
        regex: ["\\b\\d+ de \\d+ (alumnos|niños)\\b"]
        near: ["maestra NEAR/5 rechaz*"]
        min_hits: 2
        negation: false
        scope: {speaker: any, source: [C, E], category: [anecdota]}
typology:
  - id: busqueda
    label: "Búsqueda de sentido"
    shape: rise
    dimensions:
      proposito: {prop_aprendizaje: 1.0}
)";

std::string error_of(const std::string& yaml) {
  try {
    c::parse_codebook(yaml, "cb.yaml");
  } catch (const qda::ConfigError& e) {
    return e.describe();
  }
  return "no error";
}
}  // namespace

TEST(Codebook, AcceptsTheDocumentedShape) {
  auto cb = c::parse_codebook(kGood, "cb.yaml");
  ASSERT_EQ(cb.codes.size(), 2u);
  EXPECT_EQ(cb.codes[1].id, "prop_lectura");
  EXPECT_EQ(cb.codes[1].parent, "prop_aprendizaje");
  const auto& r = cb.codes[0].rules.at(0);
  EXPECT_EQ(r.name, "rule:prop_aprendizaje#1");
  EXPECT_EQ(r.stems.at(1).at(0), "acompañ");
  EXPECT_EQ(r.near.at(0).b.word, "rechaz");
  EXPECT_TRUE(r.near.at(0).b.prefix);
  EXPECT_EQ(r.min_hits, 2);
  EXPECT_EQ(r.scope.speaker, "any");
  EXPECT_EQ(cb.codes[1].rules.at(0).words.at(0), "comprension lectora");
  EXPECT_EQ(cb.typology.at(0).dimensions.at(0).second.at(0).first, "prop_aprendizaje");
  EXPECT_FALSE(cb.dimensions.at(0).exclusive);
}

TEST(Codebook, ExclusiveDimension) {
  std::string g = kGood;
  std::string s = g;
  s.replace(s.find("    label: \"Propósito\""), 0, "    exclusive: true\n");
  EXPECT_TRUE(c::parse_codebook(s, "cb.yaml").dimensions.at(0).exclusive);
  s = g;
  s.replace(s.find("    label: \"Propósito\""), 0, "    exclusive: maybe\n");
  EXPECT_EQ(error_of(s), "cb.yaml:5:16: key 'exclusive': must be true or false");
}

TEST(Codebook, DimensionPassage) {
  std::string g = kGood;
  EXPECT_EQ(c::parse_codebook(g, "cb.yaml").dimensions.at(0).passage, c::Dimension::Passage::any);
  for (auto [value, want] : {std::pair{"first", c::Dimension::Passage::first}, {"last", c::Dimension::Passage::last},
                             {"any", c::Dimension::Passage::any}}) {
    std::string s = g;
    s.replace(s.find("    label: \"Propósito\""), 0, std::string("    passage: ") + value + "\n");
    EXPECT_EQ(c::parse_codebook(s, "cb.yaml").dimensions.at(0).passage, want) << value;
  }
  std::string s = g;
  s.replace(s.find("    label: \"Propósito\""), 0, "    passage: middle\n");
  EXPECT_EQ(error_of(s), "cb.yaml:5:14: key 'passage': unknown passage 'middle' (expected one of: first, last, any)");
}

TEST(Codebook, Errors) {
  std::string g = kGood;
  auto with = [&](const std::string& from, const std::string& to) {
    std::string s = g;
    auto at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  EXPECT_EQ(error_of(with("    color:", "    colour:")), "cb.yaml:10:5: key 'colour': unknown key in a code (expected one of: id, label, description, include, exclude, examples, memo, color, dimension, meaning, children, rules, sets_aside)");
  EXPECT_EQ(error_of(with("id: prop_lectura", "id: prop_aprendizaje")),
            "cb.yaml:12:13: key 'id': duplicate code id 'prop_aprendizaje' (first at line 7)");
  EXPECT_EQ(error_of(with("proposito: {prop", "origen: {prop")),
            "cb.yaml:29:7: key 'origen': unknown dimension 'origen' (not among the codebook's dimensions)");
  EXPECT_EQ(error_of(with("{prop_aprendizaje: 1.0}", "{prop_nada: 1.0}")), "cb.yaml:29:19: key 'prop_nada': unknown code 'prop_nada' (not defined under codes)");
  EXPECT_NE(error_of(with("(alumnos|niños)", "(alumnos|niños")).find("cb.yaml:19:17: key 'regex': invalid regular expression"),
            std::string::npos);
  EXPECT_EQ(error_of(with("NEAR/5", "CERCA/5")), "cb.yaml:20:16: key 'near': a near rule is written 'A NEAR/n B', got 'maestra CERCA/5 rechaz*'");
  EXPECT_EQ(error_of(with("speaker: any", "speaker: nadie")), "cb.yaml:23:26: key 'speaker': speaker must be participant, interviewer or any, got 'nadie'");
  EXPECT_EQ(error_of(with("    dimension: proposito", "    dimension: origen")), "cb.yaml:9:16: key 'dimension': unknown dimension 'origen' (not among the codebook's dimensions)");
  EXPECT_EQ(error_of(with("{prop_aprendizaje: 1.0}", "{prop_aprendizaje: .nan}")),
            "cb.yaml:29:37: key 'prop_aprendizaje': a weight is a number from 0 to 1");
  const std::string pos = "cb.yaml:23:79: key 'position': position must be [from, to]: two numbers from 0 to 1, from <= to";
  EXPECT_EQ(error_of(with("category: [anecdota]}", "category: [anecdota], position: [0.6]}")), pos);
  EXPECT_EQ(error_of(with("category: [anecdota]}", "category: [anecdota], position: [0.8, 0.2]}")), pos + ", got 0.8 > 0.2");
  EXPECT_EQ(error_of(with("category: [anecdota]}", "category: [anecdota], position: [0, 1.5]}")),
            "cb.yaml:23:83: key 'position': position must be [from, to]: two numbers from 0 to 1, from <= to, got '1.5'");
  EXPECT_EQ(error_of(with("category: [anecdota]}", "category: [anecdota], position: [0, final]}")),
            "cb.yaml:23:83: key 'position': position must be [from, to]: two numbers from 0 to 1, from <= to, got 'final'");
}

// `after` and `until` name codes of the codebook, defined above or below the rule.
TEST(Codebook, AfterAndUntil) {
  std::string g = kGood;
  auto with = [&](const std::string& keys) {
    std::string s = g;
    s.replace(s.find("        min_hits: 2\n"), 0, keys);
    return s;
  };
  auto cb = c::parse_codebook(with("        after: [prop_lectura]\n        until: [prop_aprendizaje, prop_lectura]\n"), "cb.yaml");
  const auto& r = cb.codes[0].rules.at(0);
  EXPECT_EQ(r.after, std::vector<std::string>{"prop_lectura"});
  EXPECT_EQ(r.until, (std::vector<std::string>{"prop_aprendizaje", "prop_lectura"}));
  EXPECT_TRUE(cb.codes[1].rules.at(0).until.empty());
  EXPECT_EQ(error_of(with("        until: [prop_nada]\n")),
            "cb.yaml:21:17: key 'until': unknown code 'prop_nada' in rule:prop_aprendizaje#1 (not defined under codes)");
  EXPECT_EQ(error_of(with("        after: [prop_nada]\n")),
            "cb.yaml:21:17: key 'after': unknown code 'prop_nada' in rule:prop_aprendizaje#1 (not defined under codes)");
  EXPECT_EQ(error_of(with("        until: []\n")), "cb.yaml:21:16: key 'until': must name at least one code");
}

// sets_aside names dimensions of the codebook.
TEST(Codebook, SetsAside) {
  std::string g = kGood;
  EXPECT_TRUE(c::parse_codebook(g, "cb.yaml").codes[0].sets_aside.empty());
  std::string s = g;
  s.replace(s.find("    color: \"#1f77b4\"\n"), 0, "    sets_aside: [proposito]\n");
  EXPECT_EQ(c::parse_codebook(s, "cb.yaml").codes[0].sets_aside, std::vector<std::string>{"proposito"});
  s = g;
  s.replace(s.find("    color: \"#1f77b4\"\n"), 0, "    sets_aside: [origen]\n");
  EXPECT_EQ(error_of(s), "cb.yaml:10:18: key 'sets_aside': unknown dimension 'origen' (not among the codebook's dimensions)");
}

TEST(Codebook, Position) {
  std::string g = kGood;
  g.replace(g.find("category: [anecdota]}"), 21, "category: [anecdota], position: [0.6, 1]}");
  auto cb = c::parse_codebook(g, "cb.yaml");
  const auto& sc = cb.find_code("prop_aprendizaje")->rules[0].scope;
  EXPECT_DOUBLE_EQ(sc.position_from, 0.6);
  EXPECT_DOUBLE_EQ(sc.position_to, 1.0);
  const auto& other = cb.find_code("prop_lectura")->rules[0].scope;  // no position: every place
  EXPECT_DOUBLE_EQ(other.position_from, 0.0);
  EXPECT_DOUBLE_EQ(other.position_to, 1.0);
}

// The facts every consumer needs are computed by the loader, once.
TEST(Codebook, DerivedFacts) {
  auto cb = c::parse_codebook(kGood, "cb.yaml");
  EXPECT_EQ(cb.code_index("prop_lectura"), 1);
  EXPECT_EQ(cb.code_index("nada"), -1);
  EXPECT_EQ(cb.dimension_index("proposito"), 0);
  EXPECT_EQ(cb.type_index("busqueda"), 0);
  EXPECT_EQ(cb.codes[1].parent_index, 0);
  EXPECT_EQ(cb.codes[0].parent_index, -1);
  EXPECT_EQ(cb.codes[0].dimension_index, 0);
  EXPECT_EQ(cb.codes[1].dimension_index, -1);  // the child names no dimension of its own
  const auto& t = cb.typology.at(0);
  ASSERT_EQ(t.weights.size(), 1u);
  EXPECT_EQ(t.weights[0].code, 0);
  EXPECT_EQ(t.weights[0].dimension, 0);
  EXPECT_DOUBLE_EQ(t.total, 1.0);
  EXPECT_EQ(cb.sha256.size(), 64u);
}

// What the other loaders used to let through is refused here, for every tool.
TEST(Codebook, OneVerdictForWhatOtherLoadersAccepted) {
  std::string neg = kGood;
  neg.replace(neg.find("{prop_aprendizaje: 1.0}"), 23, "{prop_aprendizaje: -0.5}");
  EXPECT_EQ(error_of(neg), "cb.yaml:29:37: key 'prop_aprendizaje': a weight is a number from 0 to 1");
  std::string meaning = kGood;
  meaning.replace(meaning.find("    color:"), 0, "    meaning: \"{asesora} orienta\"\n");
  EXPECT_EQ(error_of(meaning),
            "cb.yaml:10:14: key 'meaning': unknown placeholder '{asesora}' in a meaning template (expected {rol})");
  EXPECT_EQ(error_of(std::string(kGood) + "typology: []\n"),
            "cb.yaml:30:1: key 'typology': duplicate key in the codebook (first at line 24; YAML would keep only one)");
}

// The study's words for the participant and for the report: neutral defaults in the codebook's
// language, the codebook's own when it gives them, and the grammatical gender of the unknown one.
TEST(Codebook, RolesAndLabels) {
  auto plain = c::parse_codebook(kGood, "cb.yaml");
  EXPECT_EQ(plain.roles.f, "la participante");
  EXPECT_EQ(plain.roles.m, "el participante");
  EXPECT_EQ(plain.roles.unknown, "la persona participante");
  EXPECT_TRUE(plain.roles.unknown_feminine);
  EXPECT_EQ(plain.labels.typology, "");
  EXPECT_EQ(plain.labels.meaning, "");

  std::string own = std::string(kGood) +
                    "roles: {f: \"la enfermera\", m: \"el enfermero\", unknown: \"el personal de enfermería\"}\n"
                    "labels: {typology: \"Tipos de cuidado\", meaning: \"Significado para el cuidado\"}\n";
  auto cb = c::parse_codebook(own, "cb.yaml");
  EXPECT_EQ(cb.roles.f, "la enfermera");
  EXPECT_EQ(cb.roles.unknown, "el personal de enfermería");
  EXPECT_FALSE(cb.roles.unknown_feminine);
  EXPECT_EQ(cb.labels.typology, "Tipos de cuidado");
  EXPECT_EQ(cb.labels.meaning, "Significado para el cuidado");

  // Only f given: the others stay neutral.
  auto some = c::parse_codebook(std::string(kGood) + "roles: {f: \"la promotora\"}\n", "cb.yaml");
  EXPECT_EQ(some.roles.f, "la promotora");
  EXPECT_EQ(some.roles.m, "el participante");

  EXPECT_NE(error_of(std::string(kGood) + "roles: {mujer: \"la promotora\"}\n").find("key 'mujer': unknown key in roles"), std::string::npos);
  EXPECT_NE(error_of(std::string(kGood) + "roles: {f: \"  \"}\n").find("key 'f': must not be empty"), std::string::npos);
  EXPECT_NE(error_of(std::string(kGood) + "roles: [la promotora]\n").find("must be a mapping"), std::string::npos);
  EXPECT_NE(error_of(std::string(kGood) + "labels: {types: Tipos}\n").find("key 'types': unknown key in labels"), std::string::npos);
}

// learning: the model's threshold and veto (auto, none or a level); anything else names its key.
TEST(Codebook, Learning) {
  auto load = [](const std::string& learning) { return c::parse_codebook(std::string(kGood) + learning, "cb.yaml"); };
  auto cb = c::parse_codebook(kGood, "cb.yaml");
  EXPECT_EQ(cb.learning.threshold, -1);
  EXPECT_EQ(cb.learning.veto, 0);  // a rule's code stands
  EXPECT_EQ(load("learning: {veto: auto}\n").learning.veto, c::Learning::kVetoAuto);
  EXPECT_EQ(load("learning: {veto: none}\n").learning.veto, 0);
  cb = load("learning: {threshold: 0.4, veto: 0.05}\n");
  EXPECT_DOUBLE_EQ(cb.learning.veto, 0.05);
  EXPECT_DOUBLE_EQ(cb.learning.threshold, 0.4);
  EXPECT_NE(c::to_json(load("learning: {veto: auto}\n")).find(R"("learning":{"threshold":-1,"veto":"auto","lemmas":false})"),
            std::string::npos);
  EXPECT_FALSE(cb.learning.lemmas);
  EXPECT_TRUE(load("learning: {lemmas: true}\n").learning.lemmas);
  EXPECT_EQ(error_of(std::string(kGood) + "learning: {lemmas: sometimes}\n"), "cb.yaml:30:20: key 'lemmas': must be true or false");
  const std::string bad = "must be auto, none or a probability between 0 and 1";
  EXPECT_EQ(error_of(std::string(kGood) + "learning: {veto: 0}\n"), "cb.yaml:30:18: key 'veto': " + bad);
  EXPECT_EQ(error_of(std::string(kGood) + "learning: {veto: 1.5}\n"), "cb.yaml:30:18: key 'veto': " + bad);
  EXPECT_EQ(error_of(std::string(kGood) + "learning: {veto: siempre}\n"), "cb.yaml:30:18: key 'veto': " + bad);
  EXPECT_EQ(error_of(std::string(kGood) + "learning: {veto: [auto]}\n"), "cb.yaml:30:18: key 'veto': " + bad);
  double v = 0;
  EXPECT_TRUE(c::parse_veto("0.02", v));
  EXPECT_DOUBLE_EQ(v, 0.02);
  EXPECT_FALSE(c::parse_veto("0.02x", v));
  EXPECT_FALSE(c::parse_veto("", v));
  EXPECT_FALSE(c::parse_veto("nan", v));
}
