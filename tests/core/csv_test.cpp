// Unit tests of the CSV reader: quoting, multi-line cells, delimiters, errors with positions.
#include "core/csv.hpp"

#include <gtest/gtest.h>

using namespace qda::csv;

TEST(Csv, SniffsTheDelimiterOutsideQuotes) {
  EXPECT_EQ(sniff_delimiter("a;b;\"c,d,e\"\n1;2;3"), ';');
  EXPECT_EQ(sniff_delimiter("a,b,c"), ',');
  EXPECT_EQ(sniff_delimiter("a\tb\tc;d"), '\t');
  EXPECT_EQ(sniff_delimiter("2. Para usted, ¿qué es?;Edad;Sexo"), ';');
}

TEST(Csv, ReadsExcelStyleRows) {
  std::string text = "\xEF\xBB\xBFID;Respuesta;Edad\r\n"
                     "1;\"Primera línea\r\nsegunda \"\"entre comillas\"\"\";41\r\n"
                     "\r\n"
                     "2;;38\r\n";
  auto rows = read_csv(text);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].cells, (std::vector<std::string>{"ID", "Respuesta", "Edad"}));
  EXPECT_EQ(rows[1].cells[1], "Primera línea\nsegunda \"entre comillas\"");
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[1].end_line, 3);
  EXPECT_EQ(rows[2].cells, (std::vector<std::string>{"2", "", "38"}));
  EXPECT_EQ(rows[2].line, 5);  // the blank line is skipped but counted
  EXPECT_EQ(rows[2].raw, "2;;38");
}

TEST(Csv, KeepsBareQuotesInsideUnquotedCells) {
  auto rows = read_csv("a,b\nel 5\" ,x\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].cells[0], "el 5\" ");
}

TEST(Csv, CharacterAfterClosingQuoteIsAnErrorAndResyncs) {
  auto rows = read_csv("a,b\n\"x\"y,z\n1,2\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[1].error.empty());
  EXPECT_EQ(rows[1].error_line, 2);
  EXPECT_EQ(rows[1].error_column, 4);
  EXPECT_EQ(rows[1].raw, "\"x\"y,z");
  EXPECT_TRUE(rows[2].error.empty());
  EXPECT_EQ(rows[2].cells[0], "1");
}

TEST(Csv, UnterminatedQuoteNamesWhereItOpened) {
  auto rows = read_csv("a,b\n1,\"abierta\n2,3\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[1].error.find("unterminated"), std::string::npos);
  EXPECT_EQ(rows[1].error_line, 2);
  EXPECT_EQ(rows[1].error_column, 3);
}

TEST(Csv, TabDelimited) {
  auto rows = read_csv("a\tb\n1\t\"x\ty\"\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].cells[1], "x\ty");
}
