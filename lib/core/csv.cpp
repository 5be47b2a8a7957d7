// A hand-written RFC 4180 reader that tracks physical lines for error messages, over a text in
// memory or one read a block at a time.
#include "core/csv.hpp"

#include <algorithm>
#include <cstdint>

#include "core/error.hpp"
#include "core/text.hpp"

namespace qda::csv {

namespace {
// Where the first line ends (a line break outside quotes), or npos when the text has none.
std::size_t first_line_end(std::string_view text) {
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r')) return i;
  }
  return std::string_view::npos;
}
}  // namespace

std::vector<std::string> CsvRow::cells() const {
  std::vector<std::string> out;
  out.reserve(size());
  for (std::size_t i = 0; i < size(); ++i) out.emplace_back(cell(i));
  return out;
}

void CsvRow::own() {
  std::size_t extra = 0;
  for (const Cell& c : cells_)
    if (!c.copied) extra += c.size;
  data_.reserve(data_.size() + extra);
  for (Cell& c : cells_)
    if (!c.copied) {
      std::size_t at = data_.size();
      data_.append(text_.substr(c.begin, c.size));
      c.begin = at;
      c.copied = 1;
    }
  text_ = {};
  raw = {};
}

void CsvRow::clear() {
  line = end_line = error_line = error_column = 0;
  raw = {};
  error.clear();
  text_ = {};
  data_.clear();
  cells_.clear();
}

char sniff_delimiter(std::string_view text) {
  long tabs = 0, semis = 0, commas = 0;
  text = text.substr(0, std::min(text.size(), first_line_end(text)));
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    else if (!quoted && c == '\t') ++tabs;
    else if (!quoted && c == ';') ++semis;
    else if (!quoted && c == ',') ++commas;
  }
  if (tabs >= semis && tabs >= commas && tabs > 0) return '\t';
  if (semis >= commas && semis > 0) return ';';
  return ',';
}

CsvReader::CsvReader(std::string_view text, char delimiter) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  delim_ = delimiter ? delimiter : sniff_delimiter(text_.substr(pos_));
}

CsvReader::CsvReader(std::function<bool(std::string&)> more, char delimiter) : more_(std::move(more)), eof_(false) {
  while (!eof_ && buf_.size() < 3) refill();
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  if (!delimiter)
    while (!eof_ && first_line_end(text_.substr(pos_)) == std::string_view::npos) refill();
  delim_ = delimiter ? delimiter : sniff_delimiter(text_.substr(pos_));
}

bool CsvReader::refill() {
  if (eof_ || !more_) {
    eof_ = true;
    return false;
  }
  const std::size_t want = std::max<std::size_t>(buf_.size() - pos_, 1);
  const std::size_t before = buf_.size();
  while (buf_.size() - before < want)
    if (!more_(buf_)) {
      eof_ = true;
      break;
    }
  text_ = buf_;
  return buf_.size() > before;
}

bool CsvReader::next(CsvRow& row) {
  row.clear();
  if (more_ && pos_ >= (std::size_t{1} << 16) && pos_ * 2 >= buf_.size()) {
    // Drop the rows already read; memory follows the longest row, not the file.
    buf_.erase(0, pos_);
    pos_ = 0;
    if (buf_.capacity() > (std::size_t{8} << 20) && buf_.size() * 4 < buf_.capacity()) buf_.shrink_to_fit();
    text_ = buf_;
  }
  for (;;) {
    try {
      // skip blank lines
      while (has(pos_) && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
        if (text_[pos_] == '\n') ++line_;
        ++pos_;
      }
      if (!has(pos_)) return false;
      break;
    } catch (const NeedMore&) {
      refill();
    }
  }
  if (more_) {
    scan_ = pos_;
    scan_cells_ = 1;
    scan_state_ = 0;
    while (!row_held())
      if (!more_(buf_)) eof_ = true;
      else text_ = buf_;
    if (row.cells_.capacity() < scan_cells_) row.cells_.reserve(scan_cells_);  // sized once
  }
  const std::size_t start = pos_;
  const long line = line_;
  for (;;) {
    try {
      return parse(row);
    } catch (const NeedMore&) {
      // The row goes on past the text held: read more and read the row again from its start.
      pos_ = start;
      line_ = line;
      row.clear();
      refill();
    }
  }
}

bool CsvReader::row_held() {
  if (eof_) return true;
  enum { cell, unquoted, quoted, quote, closed, line_break, bad_line };
  const std::size_t n = text_.size();
  std::size_t i = scan_;
  int st = scan_state_;
  while (i < n) {
    char c = text_[i];
    switch (st) {
      case cell:
        if (c == '"') st = quoted, ++i;
        else st = unquoted;
        break;
      case unquoted:
        if (c == delim_) st = cell, ++i, ++scan_cells_;
        else if (c == '\n' || c == '\r') st = line_break;
        else ++i;
        break;
      case quoted:
        if (c == '"') st = quote;
        ++i;
        break;
      case quote:  // a doubled quote, or the closing one
        if (c == '"') st = quoted, ++i;
        else st = closed;
        break;
      case closed:
        if (c == delim_) st = cell, ++i, ++scan_cells_;
        else if (c == '\n' || c == '\r') st = line_break;
        else st = bad_line, ++i;
        break;
      case line_break:  // parse() looks one past a '\r' for its '\n'
        scan_ = i;
        scan_state_ = st;
        return i + 1 < n;
      case bad_line:  // parse() reads on to the end of the line
        if (c == '\n') {
          scan_ = i;
          scan_state_ = st;
          return i + 1 < n;
        }
        ++i;
        break;
    }
  }
  scan_ = i;
  scan_state_ = st;
  return false;
}

bool CsvReader::parse(CsvRow& row) {
  const std::size_t start = pos_;
  row.line = line_;
  long col = 1;  // code point column on the current physical line
  auto fail_to_eol = [&](const std::string& msg) {
    row.error = msg;
    row.error_line = line_;
    row.error_column = col;
    while (has(pos_) && text_[pos_] != '\n') ++pos_;
    std::size_t end = pos_;
    if (end > start && text_[end - 1] == '\r') --end;
    row.raw = text_.substr(start, end - start);
    row.end_line = line_;
    if (has(pos_)) { ++pos_; ++line_; }
  };
  auto advance = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
      if (text_[pos_] == '\n') { ++line_; col = 1; }
      else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) ++col;
      ++pos_;
    }
  };
  std::string& data = row.data_;
  row.text_ = text_;
  CsvRow::Cell cell{};
  for (;;) {
    if (has(pos_) && text_[pos_] == '"') {
      long qline = line_, qcol = col;
      advance(1);
      // The cell is a view of the text between its quotes until a doubled quote or a CRLF
      // makes it differ; from there on it is copied.
      const std::size_t from = pos_;
      bool copying = false;
      auto copy = [&] {
        if (copying) return;
        copying = true;
        cell.begin = data.size();
        data.append(text_.substr(from, pos_ - from));
      };
      std::size_t to = pos_;
      bool closed = false;
      while (has(pos_)) {
        char c = text_[pos_];
        if (c == '"') {
          if (has(pos_ + 1) && text_[pos_ + 1] == '"') { copy(); data += '"'; advance(2); continue; }
          to = pos_;
          advance(1);
          closed = true;
          break;
        }
        if (c == '\r' && has(pos_ + 1) && text_[pos_ + 1] == '\n') { copy(); advance(1); continue; }  // CRLF in a cell -> LF
        if (copying) data += c;
        advance(1);
      }
      if (!closed) {
        row.error = "unterminated quoted cell (opened here)";
        row.error_line = qline;
        row.error_column = qcol;
        row.raw = text_.substr(start);
        while (!row.raw.empty() && (row.raw.back() == '\n' || row.raw.back() == '\r')) row.raw.remove_suffix(1);
        row.end_line = line_;
        return true;
      }
      if (copying) {
        cell.copied = 1;
        cell.size = data.size() - cell.begin;
      } else {
        cell.copied = 0;
        cell.begin = from;
        cell.size = to - from;
      }
      if (has(pos_) && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r') {
        fail_to_eol(std::string("unexpected character after a closing quote (expected '") +
                    (delim_ == '\t' ? std::string("\\t") : std::string(1, delim_)) + "' or the end of the line)");
        return true;
      }
    } else {
      // An unquoted cell has no line break: a view, its code points counted.
      std::size_t e = pos_;
      while (has(e) && text_[e] != delim_ && text_[e] != '\n' && text_[e] != '\r') ++e;
      for (std::size_t k = pos_; k < e; ++k)
        if ((static_cast<unsigned char>(text_[k]) & 0xC0) != 0x80) ++col;
      cell.copied = 0;
      cell.begin = pos_;
      cell.size = e - pos_;
      pos_ = e;
    }
    row.cells_.push_back(cell);
    if (has(pos_) && text_[pos_] == delim_) { advance(1); continue; }
    // end of row
    std::size_t end = pos_;
    if (has(pos_) && text_[pos_] == '\r') advance(1);
    if (has(pos_) && text_[pos_] == '\n') {
      row.end_line = line_;
      advance(1);
    } else {
      row.end_line = line_;
    }
    row.raw = text_.substr(start, end - start);
    return true;
  }
}

std::vector<CsvRow> read_csv(std::string_view text, char delimiter) {
  CsvReader r(text, delimiter);
  std::vector<CsvRow> rows;
  CsvRow row;
  while (r.next(row)) rows.push_back(row);
  return rows;
}

void check_header(const CsvRow& header) {
  // The named columns sorted by name (stably: a name's columns stay in order), four bytes a
  // column rather than a hash node, for headers a million columns wide. The error is at the
  // first column whose name an earlier column has: the least second column of a name.
  std::vector<std::uint32_t> named;
  for (std::size_t i = 0; i < header.size(); ++i)
    if (!text::trim(header.cell(i)).empty()) named.push_back(static_cast<std::uint32_t>(i));
  auto name = [&](std::uint32_t i) { return text::trim(header.cell(i)); };
  std::stable_sort(named.begin(), named.end(), [&](std::uint32_t a, std::uint32_t b) { return name(a) < name(b); });
  std::size_t first = 0, second = 0;
  bool twice = false;
  for (std::size_t k = 1; k < named.size(); ++k)
    if (name(named[k]) == name(named[k - 1]) && (k == 1 || name(named[k - 2]) != name(named[k])) &&
        (!twice || named[k] < second)) {
      first = named[k - 1], second = named[k], twice = true;
    }
  if (twice)
    throw DataError("columns " + std::to_string(first + 1) + " and " + std::to_string(second + 1) + " are both named '" +
                        std::string(name(static_cast<std::uint32_t>(second))) + "': rename one",
                    Location{"", header.line});
}

}  // namespace qda::csv
