// Unit tests of the record model: unknown fields survive in order, typed access, errors.
#include "core/record.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

using namespace qda;

TEST(Record, KeepsUnknownFieldsByteForByte) {
  std::string line = R"({"kind":"unit","mine":{"a": [1, 2.50, "x\u00e9"]},"id":"E8.u017","n":1.0e3})";
  Record r = Record::parse(line);
  EXPECT_EQ(r.kind(), "unit");
  ASSERT_NE(r.raw("mine"), nullptr);
  EXPECT_EQ(*r.raw("mine"), R"({"a": [1, 2.50, "x\u00e9"]})");
  EXPECT_EQ(*r.raw("n"), "1.0e3");
  EXPECT_EQ(r.serialize(), line);
}

TEST(Record, SetsAndErasesFieldsInPlace) {
  Record r = Record::parse(R"({"kind":"doc","id":"C1.q1","text":"hola"})");
  r.set_string("id", "C2.q1");
  r.set_int("seq", 3);
  r.erase("text");
  EXPECT_EQ(r.serialize(), R"({"kind":"doc","id":"C2.q1","seq":3})");
  EXPECT_EQ(r.get_string("id").value(), "C2.q1");
  EXPECT_EQ(r.get_int("seq").value(), 3);
  EXPECT_FALSE(r.get_string("nope").has_value());
}

TEST(Record, TypeErrorsNameTheKey) {
  Record r = Record::parse(R"({"kind":"doc","seq":"3"})");
  try {
    (void)r.get_int("seq");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(e.message().find("'seq'"), std::string::npos);
  }
}

TEST(Record, RejectsNonObjectsAndBrokenJson) {
  EXPECT_THROW(Record::parse("[1,2]"), DataError);
  EXPECT_THROW(Record::parse(R"({"kind":"doc",)"), DataError);
  EXPECT_THROW(Record::parse(R"({"kind":"doc"} x)"), DataError);
  EXPECT_THROW(Record::parse("{\"kind\":\"do\xC3\"}"), DataError);  // invalid UTF-8
}

// A malformed value nested inside a record, or a key given twice, is an error of the record
// layer: no tool copies it into its output.
TEST(FieldParser, ChecksNestedValuesAndRepeatedKeys) {
  qda::FieldParser p;
  for (const char* bad : {R"({"kind":"memo","b":nul})", R"({"kind":"memo","b":[tru]})", R"({"b":{"c":[1,{"d":NaN}]}})",
                          R"({"b":["\ud800"]})", R"({"b":[1,]})", R"({"a":1,"a":2})"})
    EXPECT_THROW(p.parse(bad), qda::DataError) << bad;
  // A record of many keys takes the hash-set path of the same check.
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  EXPECT_EQ(p.parse(many + "\"last\":1}").size(), 41u);
  EXPECT_THROW(p.parse(many + "\"k7\":1}"), qda::DataError);
  // The raw text of a nested value is kept as written, spaces inside it included.
  const auto& fs = p.parse(R"({"kind":"memo", "b" : [1, {"c": null} ] , "z":{}})");
  ASSERT_EQ(fs.size(), 3u);
  EXPECT_EQ(fs[1].raw, R"([1, {"c": null} ])");
  EXPECT_EQ(fs[2].raw, "{}");
}
