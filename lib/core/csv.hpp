// CSV as survey tools and Excel write it: RFC 4180 quoting, cells spanning lines, doubled
// quotes, CRLF, and the delimiter sniffed from the header (',' ';' or tab).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace qda::csv {

// One row. A cell is a view into the text read (valid until the reader's next call, as `raw`),
// or, when its quotes were doubled or a CRLF in it made LF, its own copy: a row of a million
// cells is the text it was read from and sixteen bytes a cell, not a million strings.
struct CsvRow {
  long line = 0;       // physical line where the row starts (1-based)
  long end_line = 0;   // physical line where it ends (a quoted cell may span lines)
  std::string_view raw;  // the row's bytes as in the input (without the final line break)
  std::string error;   // non-empty when the row is malformed; `error_column` says where
  long error_line = 0;
  long error_column = 0;

  std::size_t size() const { return cells_.size(); }
  std::string_view cell(std::size_t i) const {
    const Cell& c = cells_[i];
    return (c.copied ? std::string_view(data_) : text_).substr(c.begin, c.size);
  }
  // The cells as strings (tests and small tables).
  std::vector<std::string> cells() const;
  // Copy the cells that are views into the row itself, so that it outlives the reader's text
  // (a header kept while the rows after it are read). `raw` is emptied.
  void own();
  // Empty the row, keeping its storage for the next one.
  void clear();

 private:
  friend class CsvReader;
  struct Cell {
    std::uint64_t begin : 63;
    std::uint64_t copied : 1;
    std::uint64_t size;
  };
  std::string_view text_;  // what the cells that are not copies are in
  std::string data_;       // the copies
  std::vector<Cell> cells_;
};

// Most frequent of tab, ';', ',' outside quotes in the first line (ties: tab, ';', ',').
char sniff_delimiter(std::string_view text);

// Reads rows one at a time from UTF-8 text. Blank lines between rows are skipped. A malformed
// row (an unterminated quote, a character after a closing quote) comes back with `error` set and
// the reader resynchronised at the next line.
class CsvReader {
 public:
  // The whole text in memory (it must outlive the reader).
  CsvReader(std::string_view text, char delimiter /* 0 = sniff */);
  // Text a block at a time: `more` appends the next block to its argument and returns false at
  // the end. The reader holds the row being read, not the text before it; a row's `raw` is
  // valid until the next call of next().
  CsvReader(std::function<bool(std::string&)> more, char delimiter /* 0 = sniff */);
  bool next(CsvRow& row);
  char delimiter() const { return delim_; }

 private:
  struct NeedMore {};
  bool has(std::size_t p) const {
    if (p < text_.size()) return true;
    if (eof_) return false;
    throw NeedMore{};
  }
  bool parse(CsvRow& row);
  // Whether the text held holds the whole row that starts at pos_ and what parse() looks at
  // after it: a scan that goes on from where it stopped, so a long row is read once while its
  // blocks arrive. It counts the row's bytes and cells as it goes, to size the row once.
  bool row_held();
  // Read more text: at least as much again as is held unread, so a long row is rescanned a
  // bounded number of times. False at the end of the input.
  bool refill();
  std::function<bool(std::string&)> more_;
  std::string buf_;  // streaming: the text from the last row read on
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t scan_ = 0, scan_cells_ = 0;
  int scan_state_ = 0;
  long line_ = 1;
  bool eof_ = true;
  char delim_;
};

// A header row whose named columns are unique: DataError at the second of two columns with the
// same name (after trimming; empty header cells are not names), naming both, since a column
// chosen by its name would be either of them.
void check_header(const CsvRow& header);

// Parse a whole CSV text into rows (tests and small files).
std::vector<CsvRow> read_csv(std::string_view text, char delimiter = 0);

}  // namespace qda::csv
