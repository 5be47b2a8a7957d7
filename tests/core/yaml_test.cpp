// Unit tests of YAML configuration helpers: positions and key names in errors.
#include "core/yaml.hpp"

#include <gtest/gtest.h>

using namespace qda;

TEST(Yaml, SyntaxErrorsCarryPosition) {
  try {
    yaml::parse("a: [1, 2\nb: 3\n", "study.yaml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.where().file, "study.yaml");
    EXPECT_GT(e.where().line, 0);
  }
}

TEST(Yaml, UnknownKeyNamesKeyAndPosition) {
  auto d = yaml::parse("study: x\nsorces: []\n", "study.yaml");
  try {
    yaml::check_keys(d, d.root, {"study", "sources"}, "the study file");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.describe(), "study.yaml:2:1: key 'sorces': unknown key in the study file (expected one of: study, sources)");
  }
}

TEST(Yaml, TypedGetters) {
  auto d = yaml::parse("a: yes\nn: 12\nl: [x, y]\ns: one\n", "f.yaml");
  EXPECT_TRUE(yaml::opt_bool(d, d.root, "a", false));
  EXPECT_EQ(yaml::opt_int(d, d.root, "n").value(), 12);
  EXPECT_EQ(yaml::string_list(d, d.root["l"], "l").size(), 2u);
  EXPECT_EQ(yaml::string_list(d, d.root["s"], "s").at(0), "one");
  EXPECT_THROW(yaml::opt_int(d, d.root, "s"), ConfigError);
  EXPECT_THROW(yaml::req_string(d, d.root, "missing", "x"), ConfigError);
}
