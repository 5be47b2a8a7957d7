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

TEST(Yaml, EntriesRefuseListKeysAndDuplicates) {
  auto d = yaml::parse("a: 1\nb: 2\n", "f.yaml");
  auto es = yaml::entries(d, d.root, "x");
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es[1].key, "b");
  EXPECT_EQ(es[1].value.Scalar(), "2");
  auto list_key = yaml::parse("a: 1\n? [b, c]\n: 2\n", "f.yaml");
  try {
    yaml::check_keys(list_key, list_key.root, {"a"}, "the file");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.describe(), "f.yaml:2:3: a key in the file must be a plain word, not a list or a mapping");
  }
  auto twice = yaml::parse("a: 1\nb: 2\na: 3\n", "f.yaml");
  try {
    yaml::entries(twice, twice.root, "the file");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.describe(), "f.yaml:3:1: key 'a': duplicate key in the file (first at line 1; YAML would keep only one)");
  }
  EXPECT_THROW(yaml::entries(d, d.root["a"], "a"), ConfigError);  // not a mapping
}

TEST(Yaml, DocumentsCarryTheirHash) {
  auto d = yaml::parse("abc", "f.yaml");
  EXPECT_EQ(d.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
