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

TEST(Yaml, RefusesTextThatIsNotUtf8) {
  // "ñ" as windows-1252 writes it (0xF1), column 21 of line 2: "é" before it is two bytes of UTF-8 and one column.
  try {
    yaml::parse("codes:\n  - label: \"\xC3\xA9 acompa\xF1" "ar\"\n", "codebook.yaml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.describe(), "codebook.yaml:2:21: not UTF-8 (byte 0xF1): save the file as UTF-8 (an editor's "
                            "'ANSI' or 'Western' is windows-1252)");
  }
  // A BOM and CRLF line ends are UTF-8 and read as usual.
  auto d = yaml::parse("\xEF\xBB\xBF" "a: \xC3\xB1\r\nb: 2\r\n", "f.yaml");
  EXPECT_EQ(d.root["a"].as<std::string>(), "\xC3\xB1");
  EXPECT_EQ(d.root["b"].as<int>(), 2);
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
