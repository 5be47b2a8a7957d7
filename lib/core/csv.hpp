// CSV as survey tools and Excel write it: RFC 4180 quoting, cells spanning lines, doubled
// quotes, CRLF, and the delimiter sniffed from the header (',' ';' or tab).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qda::csv {

struct CsvRow {
  std::vector<std::string> cells;
  long line = 0;       // physical line where the row starts (1-based)
  long end_line = 0;   // physical line where it ends (a quoted cell may span lines)
  std::string_view raw;  // the row's bytes as in the input (without the final line break)
  std::string error;   // non-empty when the row is malformed; `error_column` says where
  long error_line = 0;
  long error_column = 0;
};

// Most frequent of tab, ';', ',' outside quotes in the first line (ties: tab, ';', ',').
char sniff_delimiter(std::string_view text);

// Reads rows one at a time from UTF-8 text (the text must outlive the reader). Blank lines
// between rows are skipped. A malformed row (an unterminated quote, a character after a
// closing quote) comes back with `error` set and the reader resynchronised at the next line.
class CsvReader {
 public:
  CsvReader(std::string_view text, char delimiter /* 0 = sniff */);
  bool next(CsvRow& row);
  char delimiter() const { return delim_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  long line_ = 1;
  char delim_;
};

// A header row whose named columns are unique: DataError at the second of two columns with the
// same name (after trimming; empty header cells are not names), naming both, since a column
// chosen by its name would be either of them.
void check_header(const CsvRow& header);

// Parse a whole CSV text into rows (tests and small files).
std::vector<CsvRow> read_csv(std::string_view text, char delimiter = 0);

}  // namespace qda::csv
