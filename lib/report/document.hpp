// The report as data: sections of paragraphs, tables, quotations and charts, which every
// output format renders the same way.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace qda::report {

// Overloaded lambdas for std::visit over a block's alternatives (used by every renderer).
template <class... F>
struct Visit : F... {
  using F::operator()...;
};
template <class... F>
Visit(F...) -> Visit<F...>;

struct Cell {
  std::string text;               // as printed
  std::optional<double> value;    // the number behind it, for JSON (a count, a percentage)
  std::optional<double> percent;  // the percentage behind it, when it shows one
  // The numbers of a cell that shows several ("7 (6)": units and participants), one CSV column
  // each; named by the table's `parts` of the column.
  std::vector<double> parts;
};

struct Row {
  std::vector<Cell> cells;
  bool group = false;  // a heading row inside the table (only its first cell is printed)
  // The rows CSV writes in this one's place, when the page shows several numbers in one cell
  // that a spreadsheet needs one per cell ("26–65 (mediana 48)": minimum, maximum, median).
  std::vector<Row> csv_rows = {};
};

struct Table {
  std::string id;       // file name for CSV: participants, giorgi-E8-2, …
  std::string caption;  // "Tabla 1. …"
  std::vector<std::string> header;
  std::string align;    // one letter per column: l, r, or p (long text, wrapped)
  std::vector<Row> rows;
  std::vector<std::string> notes;
  // Per column, the names of the numbers its cells hold (empty: one value): CSV gives each its
  // own column, "<heading> (<name>)", so the numbers can be analysed.
  std::vector<std::vector<std::string>> parts;
  // The heading of each column in CSV when it differs (a code's id where the page numbers it).
  std::vector<std::string> csv_header;
};

struct Paragraph {
  std::string text;
  bool emphasis = false;  // a note about the table, not a finding
};

struct Heading {
  std::string text;
};

struct Quote {
  std::string text;  // already elided, without the guillemets
  std::string cite;  // "(C36)"
};
struct Quotes {
  std::vector<Quote> items;
};

// A chart drawn only in HTML: grouped bars (one group per category, one bar per series),
// horizontal bars (one per category) or lines (one per series over equally spaced points).
struct Chart {
  // hbars: one horizontal bar per category (a long list, e.g. the codes), first series only.
  enum class Kind { bars, lines, hbars } kind = Kind::bars;
  std::string id, title;
  std::vector<std::string> categories;  // bars: groups; lines: x labels at both ends
  struct Series {
    std::string name;
    std::vector<double> values;
  };
  std::vector<Series> series;
  // The codebook's colour of each category ("#1f77b4"; "" = the palette's), for hbars.
  std::vector<std::string> colors;
};

using Block = std::variant<Paragraph, Heading, Table, Quotes, Chart>;

struct Section {
  std::string id, title;     // id: the table name (participants, typology, …)
  std::vector<Block> blocks;
  std::string skipped;       // why the section has no content ("" when it has)
};

struct Document {
  std::string lang, title, subtitle;  // subtitle: the study's title
  std::string stamp;                  // "" unless --stamp
  // Which codebook and study made the tables (from the stream's provenance records and the
  // files given to qda-report): one deterministic line, "" when neither is known.
  std::string provenance;
  char decimal = '.';  // the study's decimal mark (CSV for Excel writes numbers with it)
  std::vector<Section> sections;
};

}  // namespace qda::report
