// qda-report's library: the study's tables built from a stream of records, rendered as
// Markdown, HTML (self-contained, with inline SVG charts), LaTeX, CSV or JSON.
#pragma once

#include <string>
#include <vector>

#include "report/document.hpp"
#include "report/model.hpp"
#include "report/text.hpp"

namespace qda::model { struct Study; }
namespace qda::model { struct Codebook; }

namespace qda::report {

// The tables, in the order a report prints them.
const std::vector<std::string>& table_names();
// Those a report prints when no --table is given: all but the long ones (the coded passages of
// every code, the code × participant matrix), which are asked for by name.
const std::vector<std::string>& default_tables();

struct Options {
  std::vector<std::string> tables;  // empty = every table; UsageError for an unknown name
  std::string lang;                 // "" = the study's language, else "es"
  std::string stamp;                // printed under the title when not ""
  bool binary = false;              // the code × participant matrix as 0/1 (default: unit counts)
};

// What the tables are built from. study and codebook may be null: labels then fall back to
// what the records carry (structure labels) or to ids, and the response rate is left out.
struct Inputs {
  const Stream* stream = nullptr;
  const model::Study* study = nullptr;
  const model::Codebook* codebook = nullptr;
};

// Build the requested tables. A table whose records are absent from the stream becomes a
// section with `skipped` set (why), never an error.
Document build(const Inputs& in, const Options& o);

// csv: for a spreadsheet (Excel, LibreOffice): UTF-8 with a byte-order mark, the study's
// decimal mark, ';' between fields where the decimal mark is a comma. csv_r: for R and other
// programs: no mark, ',' between fields, '.' in numbers. Both give one number per cell.
enum class Format { markdown, html, latex, csv, json, csv_r };
// "md", "html", "tex", "csv", "csv-r", "json" -> Format; UsageError otherwise.
Format parse_format(const std::string& name);

struct File {
  std::string name, content;
};
// The document in one format. CSV (csv, csv-r) gives one file per table (<table id>.csv); the others one
// file named report.<ext>. Same document, same bytes.
std::vector<File> render(const Document& d, Format f);

// Write rendered files: a single file to `output` ("" or "-" = standard output). CSV goes into
// the directory `output` (created when missing), one file per table; to standard output the
// tables follow one another, each under a "# <name>.csv" line when there are several. Files
// are written atomically; IoError naming the path on failure.
void write_files(const std::vector<File>& files, Format f, const std::string& output);

std::string render_markdown(const Document& d);
std::string render_html(const Document& d);
std::string render_latex(const Document& d);
std::string render_json(const Document& d);
std::vector<File> render_csv(const Document& d, bool for_r = false);

}  // namespace qda::report
