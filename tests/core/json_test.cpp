// Unit tests of the JSON writer: escaping, numbers, commas.
#include "core/json.hpp"

#include <gtest/gtest.h>

using namespace qda;

TEST(Json, EscapesOnlyWhatMustBeEscaped) {
  EXPECT_EQ(json::quote("dijo: \"no\"\n\tniñas\\"), R"("dijo: \"no\"\n\tniñas\\")");
  EXPECT_EQ(json::quote(std::string("\x01", 1)), R"("\u0001")");
}

TEST(Json, WritesNestedObjects) {
  std::string s;
  json::Writer w(s);
  w.begin_object().field("kind", "doc").key("span").span(0, 57).key("a").begin_array().value(1).value(true).null().end_array();
  w.field("x", 0.25).end_object();
  EXPECT_EQ(s, R"({"kind":"doc","span":[0,57],"a":[1,true,null],"x":0.25})");
}

TEST(Json, NumbersAreDeterministic) {
  std::string s;
  json::append_number(s, 3.0);
  s += ' ';
  json::append_number(s, 0.1);
  EXPECT_EQ(s, "3 0.1");
}

TEST(Json, UnescapeReadsAStringWhereItLies) {
  std::string out;
  EXPECT_TRUE(json::unescape(R"("a\"b\\c\/d\b\f\n\r\t \u00e9 \ud83d\ude00 ñ")", &out));
  EXPECT_EQ(out, "a\"b\\c/d\b\f\n\r\t é 😀 ñ");
  EXPECT_TRUE(json::unescape(R"("")", &out));
  EXPECT_EQ(out, "");
  // Checked only, with no output; what it does not read is false (a full parser says why).
  EXPECT_TRUE(json::unescape(R"("\u00E9")", nullptr));
  for (const char* bad : {R"("\x")", R"("\ud800")", R"("\udc00 x")", R"("\ud800\u0041")", R"("\u12")", R"("a\")",
                          R"(abc)", R"(")"})
    EXPECT_FALSE(json::unescape(bad, nullptr)) << bad;
}
