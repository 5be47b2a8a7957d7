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

namespace {
std::string scratch_file(const std::string& name, const std::string& bytes) {
  std::string path = ::testing::TempDir() + "qda_charset_" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
  return path;
}
}  // namespace

TEST(Charset, FileDecoderGivesWhatToUtf8GivesAtAnyBlockSize) {
  std::string decomposed;  // "educación" with a combining accent, which NFC joins across any cut
  for (int i = 0; i < 40; ++i) decomposed += "educacio\xCC\x81n \xE2\x80\x9C" "a\xCC\x81\xCC\x81" "\"\n";
  const std::pair<std::string, std::string> cases[] = {
      {"utf8", decomposed},
      {"bom", "\xEF\xBB\xBF" + decomposed},
      {"w1252", "Educaci\xF3n f\xEDsica;\x93" "comillas\x94\r\nni\xF1" "as\r\n"},
      {"utf16", std::string("\xFF\xFE" "a\0\xF1\0o\0\n\0", 10)},
      {"empty", ""},
  };
  for (const auto& [name, bytes] : cases) {
    std::string path = scratch_file(name, bytes);
    Decoded whole = to_utf8(bytes, "auto");
    for (std::size_t block : {1, 2, 3, 7, 1 << 20}) {
      FileDecoder dec(path, "auto", name, block);
      std::string got;
      while (dec.read(got)) {
      }
      EXPECT_EQ(got, whole.utf8) << name << " block " << block;
      EXPECT_EQ(dec.encoding(), whole.encoding) << name;
    }
  }
}

TEST(Charset, FileDecoderNamesTheFirstInvalidByteAsToUtf8Does) {
  std::string bytes = "ok\nmal: a\xF1o\n" + std::string(3000, 'x') + "\xFF\n";
  std::string path = scratch_file("invalid", bytes);
  for (std::size_t block : {1, 5, 1 << 20}) {
    try {
      FileDecoder dec(path, "UTF-8", "r.csv", block);
      FAIL();
    } catch (const DataError& e) {
      EXPECT_EQ(e.describe(), "r.csv:2:7: invalid UTF-8 (byte 0xF1); use --encoding to name the file's encoding");
    }
  }
}
