// Unit tests of charset detection and conversion.
#include "core/charset.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

using namespace qda;
using namespace qda::charset;

TEST(Charset, Utf8PassesThroughAndLosesItsBom) {
  auto d = to_utf8("\xEF\xBB\xBFni\xC3\xB1" "as", "auto");
  EXPECT_EQ(d.utf8, "niñas");
  EXPECT_EQ(d.encoding, "UTF-8");
}

TEST(Charset, DetectsWindows1252) {
  // "educación física; niñas “ok” – sí" in windows-1252
  std::string bytes = "educaci\xF3n f\xEDsica; ni\xF1" "as \x93ok\x94 \x96 s\xED\r\n";
  auto d = to_utf8(bytes, "auto");
  EXPECT_EQ(d.encoding, "windows-1252");
  EXPECT_TRUE(d.detected);
  EXPECT_EQ(d.utf8, "educación física; niñas “ok” – sí\r\n");
}

TEST(Charset, ForcedEncodingWins) {
  EXPECT_EQ(to_utf8("a\xF1o", "ISO-8859-1").utf8, "año");
  EXPECT_EQ(to_utf8("a\xF1o", "latin1").utf8, "año");
}

TEST(Charset, InvalidUtf8WhenForcedNamesLineAndColumn) {
  try {
    to_utf8("ok\nmal: a\xF1o\n", "UTF-8");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(e.where().line, 2);
    EXPECT_EQ(e.where().column, 7);
    EXPECT_NE(e.message().find("0xF1"), std::string::npos);
  }
}

TEST(Charset, UnknownEncodingIsAUsageError) {
  EXPECT_FALSE(known_encoding("klingon-8"));
  EXPECT_TRUE(known_encoding("windows-1252"));
  EXPECT_THROW(to_utf8("x", "klingon-8"), UsageError);
}

TEST(Charset, NormalisesToNfc) {
  // "o" + combining acute -> "ó" (one code point)
  EXPECT_EQ(to_utf8("educacio\xCC\x81n", "auto").utf8, "educación");
}

TEST(Charset, Utf16WithBom) {
  std::string le("\xFF\xFE" "a\0\xF1\0", 6);
  EXPECT_EQ(to_utf8(le, "auto").utf8, "añ");
}
