// Unit tests of the study file: a valid file loads; each mistake names file, line, column, key.
#include "model/study.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace qda;
using namespace qda::model;
namespace fs = std::filesystem;

namespace {
struct TempStudy {
  fs::path dir;
  explicit TempStudy(const std::string& yaml) {
    dir = fs::temp_directory_path() / ("qda_study_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::create_directories(dir / "ent");
    std::ofstream(dir / "c.csv") << "Sexo;Edad;P1\nMujer;30;hola\n";
    std::ofstream(dir / "ent" / "E1.txt") << "E: hola\nP: adiós\n";
    std::ofstream(dir / "ent" / "E10.txt") << "E: hola\nP: adiós\n";
    std::ofstream(dir / "ent" / "E2.txt") << "E: hola\nP: adiós\n";
    std::ofstream(dir / "study.yaml") << yaml;
  }
  ~TempStudy() { fs::remove_all(dir); }
  std::string path() const { return (dir / "study.yaml").string(); }
  static int& counter() { static int c = 0; return c; }
};

ConfigError load_error(const std::string& yaml) {
  TempStudy t(yaml);
  try {
    load_study(t.path());
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << yaml;
  return ConfigError("none");
}
}  // namespace

TEST(Study, LoadsSourcesCategoriesAndLevels) {
  TempStudy t(
      "study: prueba\npopulation: {C: 123}\ncategories:\n  - {id: anecdota, label: Anécdota}\n"
      "levels:\n  - {id: primaria, match: [Primaria general]}\n"
      "sources:\n  - source: C\n    file: c.csv\n    attrs: {gender: Sexo, age: Edad}\n"
      "    questions:\n      - {column: P1, id: q4, category: anecdota}\n"
      "  - source: E\n    files: ent/E*.txt\n    category: anecdota\n");
  Study s = load_study(t.path());
  EXPECT_EQ(s.population.at("C"), 123);
  ASSERT_EQ(s.sources.size(), 2u);
  EXPECT_EQ(s.sources[0].attrs.size(), 2u);
  EXPECT_EQ(s.sources[0].questions[0].id, "q4");
  ASSERT_EQ(s.sources[1].display.size(), 3u);
  EXPECT_EQ(s.sources[1].display[0], "ent/E1.txt");
  EXPECT_EQ(s.sources[1].display[1], "ent/E2.txt");   // natural order: E2 before E10
  EXPECT_EQ(s.sources[1].display[2], "ent/E10.txt");
  EXPECT_FALSE(s.speakers.interviewer.empty());
}

TEST(Study, UnknownKeyNamesPosition) {
  auto e = load_error("sources:\n  - source: C\n    file: c.csv\n    atrs: {gender: Sexo}\n");
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().column, 5);
  EXPECT_EQ(e.where().key, "atrs");
}

TEST(Study, UnknownCategoryAndDuplicateIds) {
  auto e = load_error("categories: [{id: a}]\nsources:\n  - source: C\n    file: c.csv\n    questions:\n      - {column: P1, category: b}\n");
  EXPECT_NE(e.message().find("unknown category 'b'"), std::string::npos);
  EXPECT_EQ(e.where().line, 6);
  auto d = load_error("categories: [{id: a}, {id: a}]\nsources: [{source: C, file: c.csv}]\n");
  EXPECT_NE(d.message().find("duplicate category id"), std::string::npos);
}

TEST(Study, MissingFilesAndBadSource) {
  auto e = load_error("sources:\n  - source: C\n    file: nada.csv\n");
  EXPECT_NE(e.message().find("matches no file"), std::string::npos);
  EXPECT_EQ(e.where().line, 3);
  auto s = load_error("sources:\n  - source: c\n    file: c.csv\n");
  EXPECT_EQ(s.where().key, "source");
  auto f = load_error("sources:\n  - source: C\n    file: c.csv\n    format: xls\n");
  EXPECT_NE(f.message().find("unknown format"), std::string::npos);
}

TEST(Study, SyntaxErrorIsAConfigError) {
  auto e = load_error("sources: [\n");
  EXPECT_GT(e.where().line, 0);
}

// The study's own words: labels, episode prompts and marker words; neutral built-in speakers.
TEST(Study, LabelsPromptsAndMarkers) {
  TempStudy t(
      "study: prueba\nlabels: {level: \"Tipo de comunidad\", typ.title: \"Tipos de cuidado\"}\n"
      "episode_prompts: [\"Platíqueme de la visita\"]\nepisode_markers: [Relato]\n"
      "sources:\n  - source: E\n    files: ent/E*.txt\n");
  Study s = load_study(t.path());
  EXPECT_EQ(s.labels.at("level"), "Tipo de comunidad");
  EXPECT_EQ(s.labels.at("typ.title"), "Tipos de cuidado");
  EXPECT_EQ(s.label_where.at("level").line, 2);
  ASSERT_EQ(s.episode_prompts.size(), 1u);
  EXPECT_EQ(s.speakers.episode_markers, (std::vector<std::string>{"episodio", "relato"}));
  auto e = load_error("labels: {level: \"\"}\nsources:\n  - source: E\n    files: ent/E*.txt\n");
  EXPECT_EQ(e.where().key, "level");
  auto p = load_error("episode_prompts: [\"ok\", \" \"]\nsources:\n  - source: E\n    files: ent/E*.txt\n");
  EXPECT_EQ(p.where().key, "episode_prompts");
}

// No study's words among the built-in speaker labels: a study names its own.
TEST(Study, DefaultSpeakersAreNeutral) {
  for (const auto& lang : {"es", "en"}) {
    SpeakerConfig d = default_speakers(lang);
    for (const auto& l : d.participant)
      for (const char* w : {"Asesor", "Asesora", "ATP", "Docente"}) EXPECT_NE(l, w) << lang;
    EXPECT_FALSE(d.episode_markers.empty());
  }
}
