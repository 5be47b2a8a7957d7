// Unit tests of the UTF-8 helpers: validation, code points, folding, natural order.
#include "core/text.hpp"

#include <gtest/gtest.h>

using namespace qda::text;

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(valid_utf8("educación física, niñas"));
  EXPECT_FALSE(valid_utf8("educaci\xF3n"));           // windows-1252 ó
  EXPECT_EQ(first_invalid_utf8("ab\xC3"), 2u);          // truncated sequence
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));                 // overlong
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));             // surrogate
}

TEST(Text, CountsCodePoints) {
  EXPECT_EQ(cp_length("niñas"), 5u);
  EXPECT_EQ(cp_length("«sí» …"), 6u);
  CpIndex idx("aña«b»");
  EXPECT_EQ(idx.size_cp(), 6u);
  EXPECT_EQ(idx.slice("aña«b»", 1, 5), "ña«b");
}

TEST(Text, FoldsCaseAndAccentsButKeepsEnye) {
  EXPECT_EQ(fold("Educación FÍSICA"), "educacion fisica");
  EXPECT_EQ(fold("AÑO"), "año");
  EXPECT_NE(fold("año"), fold("ano"));
  EXPECT_EQ(fold("Pingüino"), "pinguino");
  EXPECT_EQ(fold32("Ñu").size(), 2u);
}

TEST(Text, TrimsUnicodeSpace) {
  EXPECT_EQ(trim("\xC2\xA0 mujer \t"), "mujer");
  EXPECT_EQ(squeeze_spaces("  a \n  b  "), "a b");
}

TEST(Text, NaturalOrder) {
  EXPECT_TRUE(natural_less("C2", "C10"));
  EXPECT_FALSE(natural_less("C10", "C2"));
  EXPECT_TRUE(natural_less("C36.q4", "C36.q10"));
  EXPECT_TRUE(natural_less("C9", "E1"));
  EXPECT_FALSE(natural_less("E8", "E8"));
}

TEST(Text, Splits) {
  auto p = split("a;;b", ';');
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[1], "");
}

TEST(Text, LanguageTagsInAnyRegionOrVariant) {
  for (const char* t : {"es", "es_MX", "es-419", "es@ss=standard"}) EXPECT_TRUE(language_is(t, "es")) << t;
  for (const char* t : {"", "e", "en", "est", "spa", "eses"}) EXPECT_FALSE(language_is(t, "es")) << t;
}
