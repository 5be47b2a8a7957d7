// Unit tests of the CSV reader: quoting, multi-line cells, delimiters, errors with positions.
#include "core/csv.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

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
  EXPECT_EQ(rows[0].cells(), (std::vector<std::string>{"ID", "Respuesta", "Edad"}));
  EXPECT_EQ(rows[1].cell(1), "Primera línea\nsegunda \"entre comillas\"");
  EXPECT_EQ(rows[1].line, 2);
  EXPECT_EQ(rows[1].end_line, 3);
  EXPECT_EQ(rows[2].cells(), (std::vector<std::string>{"2", "", "38"}));
  EXPECT_EQ(rows[2].line, 5);  // the blank line is skipped but counted
  EXPECT_EQ(rows[2].raw, "2;;38");
}

TEST(Csv, KeepsBareQuotesInsideUnquotedCells) {
  auto rows = read_csv("a,b\nel 5\" ,x\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].cell(0), "el 5\" ");
}

TEST(Csv, CharacterAfterClosingQuoteIsAnErrorAndResyncs) {
  auto rows = read_csv("a,b\n\"x\"y,z\n1,2\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[1].error.empty());
  EXPECT_EQ(rows[1].error_line, 2);
  EXPECT_EQ(rows[1].error_column, 4);
  EXPECT_EQ(rows[1].raw, "\"x\"y,z");
  EXPECT_TRUE(rows[2].error.empty());
  EXPECT_EQ(rows[2].cell(0), "1");
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
  EXPECT_EQ(rows[1].cell(1), "x\ty");
}

TEST(Csv, ReadABlockAtATimeGivesTheSameRows) {
  const std::string texts[] = {
      "\xEF\xBB\xBFID;Respuesta;Edad\r\n1;\"Primera línea\r\nsegunda \"\"entre comillas\"\"\";41\r\n\r\n2;;38\r\n",
      "a,b\n\"x\"y,z\n1,2\n",
      "a,b\n1,\"abierta\n2,3\n",
      "a\tb\n1\t\"x\ty\"\n",
      "a,b\nel 5\" ,x\n\n\n3,4",
      "a,b\r1,2\r\n\"\",\"\"\"\"\r\n\"q\"\r\n",
      "\"a,b\";c\n\"x\"\"\";\"y\"z;w\nñ;ü\n",
      "",
      "\n\n",
  };
  for (const std::string& text : texts) {
    const auto whole = read_csv(text);
    for (std::size_t block : {1, 2, 3, 5, 64}) {
      std::size_t at = 0;
      CsvReader r(
          [&](std::string& s) {
            if (at >= text.size()) return false;
            s.append(text.substr(at, block));
            at += block;
            return true;
          },
          0);
      EXPECT_EQ(r.delimiter(), CsvReader(text, 0).delimiter());
      CsvRow row;
      std::size_t k = 0;
      for (; r.next(row); ++k) {
        SCOPED_TRACE(text + " block " + std::to_string(block) + " row " + std::to_string(k));
        ASSERT_LT(k, whole.size());
        EXPECT_EQ(row.cells(), whole[k].cells());
        EXPECT_EQ(row.line, whole[k].line);
        EXPECT_EQ(row.end_line, whole[k].end_line);
        EXPECT_EQ(row.raw, whole[k].raw);
        EXPECT_EQ(row.error, whole[k].error);
        EXPECT_EQ(row.error_line, whole[k].error_line);
        EXPECT_EQ(row.error_column, whole[k].error_column);
      }
      EXPECT_EQ(k, whole.size());
    }
  }
}

TEST(Csv, HeaderNamesTwiceAtTheFirstRepeat) {
  auto rows = read_csv("a,b, a ,b,,,c\n");
  try {
    check_header(rows[0]);
    FAIL();
  } catch (const qda::DataError& e) {
    EXPECT_EQ(e.message(), "columns 1 and 3 are both named 'a': rename one");
  }
  rows = read_csv("x,b,a,,b,a\n");
  try {
    check_header(rows[0]);
    FAIL();
  } catch (const qda::DataError& e) {
    EXPECT_EQ(e.message(), "columns 2 and 5 are both named 'b': rename one");
  }
  EXPECT_NO_THROW(check_header(read_csv("a,,b,,c\n")[0]));
}
