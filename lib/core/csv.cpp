// A hand-written RFC 4180 reader that tracks physical lines for error messages.
#include "core/csv.hpp"

#include <unordered_map>

#include "core/error.hpp"
#include "core/text.hpp"

namespace qda::csv {

char sniff_delimiter(std::string_view text) {
  long tabs = 0, semis = 0, commas = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') quoted = !quoted;
    else if (!quoted && (c == '\n' || c == '\r')) break;
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

bool CsvReader::next(CsvRow& row) {
  row = CsvRow{};
  // skip blank lines
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  const std::size_t start = pos_;
  row.line = line_;
  std::string cell;
  long col = 1;  // code point column on the current physical line
  auto fail_to_eol = [&](const std::string& msg) {
    row.error = msg;
    row.error_line = line_;
    row.error_column = col;
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
    std::size_t end = pos_;
    if (end > start && text_[end - 1] == '\r') --end;
    row.raw = text_.substr(start, end - start);
    row.end_line = line_;
    if (pos_ < text_.size()) { ++pos_; ++line_; }
  };
  auto advance = [&](std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
      if (text_[pos_] == '\n') { ++line_; col = 1; }
      else if ((static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80) ++col;
      ++pos_;
    }
  };
  for (;;) {
    cell.clear();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      long qline = line_, qcol = col;
      advance(1);
      bool closed = false;
      while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') { cell += '"'; advance(2); continue; }
          advance(1);
          closed = true;
          break;
        }
        if (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') { advance(1); continue; }  // CRLF in a cell -> LF
        cell += c;
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
      if (pos_ < text_.size() && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r') {
        fail_to_eol(std::string("unexpected character after a closing quote (expected '") +
                    (delim_ == '\t' ? std::string("\\t") : std::string(1, delim_)) + "' or the end of the line)");
        return true;
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != delim_ && text_[pos_] != '\n' && text_[pos_] != '\r') {
        cell += text_[pos_];
        advance(1);
      }
    }
    row.cells.push_back(cell);
    if (pos_ < text_.size() && text_[pos_] == delim_) { advance(1); continue; }
    // end of row
    std::size_t end = pos_;
    if (pos_ < text_.size() && text_[pos_] == '\r') advance(1);
    if (pos_ < text_.size() && text_[pos_] == '\n') {
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
  std::unordered_map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    std::string_view name = text::trim(header.cells[i]);
    if (name.empty()) continue;
    if (auto [at, fresh] = seen.emplace(name, i); !fresh)
      throw DataError("columns " + std::to_string(at->second + 1) + " and " + std::to_string(i + 1) + " are both named '" +
                          std::string(name) + "': rename one",
                      Location{"", header.line});
  }
}

}  // namespace qda::csv
