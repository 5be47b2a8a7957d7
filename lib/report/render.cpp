// Rendering the document as Markdown, CSV and JSON, and choosing a format.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "core/io.hpp"

#include "core/error.hpp"
#include "core/json.hpp"
#include "report/report.hpp"

namespace qda::report {

namespace {

// A table cell on one line: pipes escaped, line breaks as spaces.
std::string md_cell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|') out += "\\|";
    else if (ch == '\n' || ch == '\r') out += ' ';
    else out += ch;
  }
  return out;
}

void md_table(std::string& out, const Table& t) {
  out += "**" + t.caption + "**\n\n|";
  for (const auto& h : t.header) {
    out += ' ';
    out += md_cell(h);
    out += " |";
  }
  out += "\n|";
  for (char a : t.align) out += a == 'r' ? " --: |" : " :-- |";
  out += "\n";
  for (const auto& r : t.rows) {
    out += "|";
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      if (r.group && i > 0) {
        out += "  |";
        continue;
      }
      out += r.group ? " **" : " ";
      out += md_cell(r.cells[i].text);
      out += r.group ? "** |" : " |";
    }
    out += "\n";
  }
  out += "\n";
  for (const auto& n : t.notes) {
    out += '_';
    out += n;
    out += "_\n\n";
  }
}

// A quotation as one blockquote, however many lines and paragraphs it has (a multi-line
// spreadsheet cell): every line starts with "> ", a blank line between paragraphs with ">", so
// the quotation never ends early and what follows it is not read as a nested quote ("> >" in a
// .docx). A line that Markdown would read as a heading, list or quote is escaped.
void md_quote(std::string& out, const std::string& text) {
  std::size_t start = 0;
  bool blank_before = false;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    std::string_view line(text.data() + start, (nl == std::string::npos ? text.size() : nl) - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) {
      blank_before = true;
    } else {
      if (blank_before) out += ">\n";
      blank_before = false;
      out += "> ";
      std::size_t digits = line.find_first_not_of("0123456789");
      bool ordered = digits != std::string_view::npos && digits > 0 && (line[digits] == '.' || line[digits] == ')');
      if (ordered) {
        out += line.substr(0, digits);
        out += '\\';
        line.remove_prefix(digits);
      } else if (line.front() == '#' || line.front() == '>' || ((line.front() == '-' || line.front() == '+' || line.front() == '*') &&
                                                               (line.size() == 1 || line[1] == ' '))) {
        out += '\\';
      }
      out += line;
      out += '\n';
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
}

// A number as written in a cell: an optional sign, digits, at most one decimal mark ('.' or ',').
bool looks_like_number(const std::string& s) {
  std::size_t i = s.empty() || (s[0] != '-' && s[0] != '+') ? 0 : 1, digits = 0, marks = 0;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') ++digits;
    else if ((s[i] == '.' || s[i] == ',') && digits > 0 && marks++ == 0 && i + 1 < s.size()) continue;
    else return false;
  }
  return digits > 0;
}

// A spreadsheet runs a cell that starts with '=', '+', '-' or '@' (or a tab or carriage return
// before one) as a formula: such a text gets a leading apostrophe, as OWASP recommends for CSV
// injection, so Excel shows it as text. A number ("-3", "-0,5") stays a number.
std::string excel_text(const std::string& s) {
  if (s.empty() || std::string_view("=+-@\t\r").find(s[0]) == std::string_view::npos || looks_like_number(s)) return s;
  return "'" + s;
}

std::string csv_field(const std::string& s, char sep) {
  if (s.find_first_of(std::string("\"\n\r") + sep) == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// A number as a spreadsheet or R reads it: whole numbers without decimals, others with at most
// four, with the given decimal mark; never "-0".
std::string csv_number(double v, char decimal) {
  std::string s = fmt::format("{:.4f}", v);  // fmt ignores the locale: always '.'
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  std::replace(s.begin(), s.end(), '.', decimal);
  return s;
}

void json_table(json::Writer& w, const Table& t) {
  w.begin_object().field("type", "table").field("id", t.id).field("caption", t.caption);
  w.key("header").begin_array();
  for (const auto& h : t.header) w.value(h);
  w.end_array().key("rows").begin_array();
  for (const auto& r : t.rows) {
    w.begin_object();
    if (r.group) w.field("group", true);
    w.key("cells").begin_array();
    for (const auto& c : r.cells) {
      w.begin_object().field("text", c.text);
      if (c.value) w.field("value", *c.value);
      if (c.percent) w.field("percent", *c.percent);
      w.end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().key("notes").begin_array();
  for (const auto& n : t.notes) w.value(n);
  w.end_array().end_object();
}

}  // namespace

std::string render_markdown(const Document& d) {
  std::string out = "# " + d.title + "\n\n";
  if (!d.subtitle.empty()) out += "_" + d.subtitle + "_\n\n";
  if (!d.stamp.empty()) out += d.stamp + "\n\n";
  if (!d.provenance.empty()) out += d.provenance + "\n\n";
  for (const auto& s : d.sections) {
    out += "## " + s.title + "\n\n";
    if (!s.skipped.empty()) {
      out += "_" + s.skipped + "_\n\n";
      continue;
    }
    for (const auto& b : s.blocks)
      std::visit(Visit{[&](const Paragraph& p) { out += (p.emphasis ? "_" + p.text + "_" : p.text) + "\n\n"; },
                       [&](const Heading& h) { out += "### " + h.text + "\n\n"; },
                       [&](const Table& t) { md_table(out, t); },
                       [&](const Quotes& q) {
                         for (std::size_t i = 0; i < q.items.size(); ++i) {
                           if (i) out += ">\n";
                           md_quote(out, "«" + q.items[i].text + "» " + q.items[i].cite);
                         }
                         out += "\n";
                       },
                       [&](const Chart&) {}},  // charts are drawn in HTML only
                 b);
  }
  while (out.size() > 1 && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

std::vector<File> render_csv(const Document& d, bool for_r) {
  // Excel reads ';' between fields where the decimal mark is a comma, and UTF-8 only after a BOM.
  char decimal = for_r ? '.' : d.decimal;
  char sep = decimal == ',' ? ';' : ',';
  std::vector<File> files;
  for (const auto& s : d.sections)
    for (const auto& b : s.blocks)
      if (const auto* t = std::get_if<Table>(&b)) {
        // How each column is written: its numbers one by one (parts), a count and its percentage,
        // or one value (the number behind the cell where it has one, else its text).
        enum class Kind { one, count_percent, parts };
        std::size_t cols = t->header.size();
        std::vector<Kind> kind(cols, Kind::one);
        for (std::size_t i = 0; i < cols; ++i) {
          if (i < t->parts.size() && !t->parts[i].empty()) kind[i] = Kind::parts;
          else
            for (const auto& r : t->rows)
              if (!r.group && i < r.cells.size() && r.cells[i].value && r.cells[i].percent) kind[i] = Kind::count_percent;
        }
        std::string out = for_r ? "" : "\xEF\xBB\xBF";
        auto line = [&](const std::vector<std::string>& fields) {
          for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) out += sep;
            out += csv_field(for_r ? fields[i] : excel_text(fields[i]), sep);
          }
          out += "\n";
        };
        std::vector<std::string> head;
        for (std::size_t i = 0; i < cols; ++i) {
          const std::string& h = i < t->csv_header.size() && !t->csv_header[i].empty() ? t->csv_header[i] : t->header[i];
          if (kind[i] == Kind::parts)
            for (const auto& p : t->parts[i]) head.push_back(h + " (" + p + ")");
          else head.push_back(h);
          if (kind[i] == Kind::count_percent) head.push_back(h + " (%)");
        }
        line(head);
        auto write_row = [&](const Row& r) {
          std::vector<std::string> f;
          for (std::size_t i = 0; i < cols; ++i) {
            const Cell* c = i < r.cells.size() && !(r.group && i > 0) ? &r.cells[i] : nullptr;
            auto number = [&](std::optional<double> v) { return v ? csv_number(*v, decimal) : std::string(); };
            if (kind[i] == Kind::parts) {
              for (std::size_t k = 0; k < t->parts[i].size(); ++k)
                f.push_back(c && k < c->parts.size() ? csv_number(c->parts[k], decimal) : std::string());
              continue;
            }
            if (!c) {
              f.push_back("");
              if (kind[i] == Kind::count_percent) f.push_back("");
              continue;
            }
            // A dash is a missing value: an empty field (NA in R).
            std::string text = c->text == "—" ? std::string() : c->text;
            if (kind[i] == Kind::count_percent) {
              f.push_back(c->value ? number(c->value) : text);
              f.push_back(number(c->percent));
            } else if (i > 0 && c->value) {
              f.push_back(number(c->value));
            } else if (i > 0 && c->percent && !c->value) {
              f.push_back(number(c->percent));
            } else {
              f.push_back(text);
            }
          }
          line(f);
        };
        for (const auto& r : t->rows)
          if (r.csv_rows.empty()) write_row(r);
          else
            for (const auto& sub : r.csv_rows) write_row(sub);
        files.push_back(File{t->id + ".csv", std::move(out)});
      }
  return files;
}

std::string render_json(const Document& d) {
  std::string out;
  json::Writer w(out);
  w.begin_object().field("kind", "report").field("lang", d.lang).field("title", d.title);
  if (!d.subtitle.empty()) w.field("study", d.subtitle);
  if (!d.stamp.empty()) w.field("stamp", d.stamp);
  if (!d.provenance.empty()) w.field("made_by", d.provenance);
  w.key("sections").begin_array();
  for (const auto& s : d.sections) {
    w.begin_object().field("id", s.id).field("title", s.title);
    if (!s.skipped.empty()) w.field("skipped", s.skipped);
    w.key("blocks").begin_array();
    for (const auto& b : s.blocks)
      std::visit(Visit{[&](const Paragraph& p) { w.begin_object().field("type", "paragraph").field("text", p.text).end_object(); },
                       [&](const Heading& h) { w.begin_object().field("type", "heading").field("text", h.text).end_object(); },
                       [&](const Table& t) { json_table(w, t); },
                       [&](const Quotes& q) {
                         w.begin_object().field("type", "quotes").key("items").begin_array();
                         for (const auto& x : q.items) w.begin_object().field("text", x.text).field("cite", x.cite).end_object();
                         w.end_array().end_object();
                       },
                       [&](const Chart& c) {
                         w.begin_object().field("type", "chart").field("id", c.id).field("title", c.title);
                         if (c.kind == Chart::Kind::hbars) w.field("kind", "hbars");
                         if (std::any_of(c.colors.begin(), c.colors.end(), [](const std::string& x) { return !x.empty(); })) {
                           w.key("colors").begin_array();
                           for (const auto& x : c.colors) w.value(x);
                           w.end_array();
                         }
                         w.key("categories").begin_array();
                         for (const auto& x : c.categories) w.value(x);
                         w.end_array().key("series").begin_array();
                         for (const auto& se : c.series) {
                           w.begin_object().field("name", se.name).key("values").begin_array();
                           for (double v : se.values) w.value(v);
                           w.end_array().end_object();
                         }
                         w.end_array().end_object();
                       }},
                 b);
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return out + "\n";
}

Format parse_format(const std::string& name) {
  static const std::map<std::string, Format> formats{{"md", Format::markdown}, {"markdown", Format::markdown},
                                                     {"html", Format::html}, {"tex", Format::latex},
                                                     {"latex", Format::latex}, {"csv", Format::csv},
                                                     {"csv-r", Format::csv_r},
                                                     {"json", Format::json}};
  auto it = formats.find(name);
  if (it == formats.end()) throw UsageError("unknown format '" + name + "' (expected md, html, tex, csv, csv-r or json)");
  return it->second;
}

std::vector<File> render(const Document& d, Format f) {
  switch (f) {
    case Format::markdown: return {File{"report.md", render_markdown(d)}};
    case Format::html: return {File{"report.html", render_html(d)}};
    case Format::latex: return {File{"report.tex", render_latex(d)}};
    case Format::json: return {File{"report.json", render_json(d)}};
    case Format::csv: return render_csv(d);
    case Format::csv_r: return render_csv(d, true);
  }
  return {};
}

void write_files(const std::vector<File>& files, Format f, const std::string& output) {
  bool to_stdout = output.empty() || output == "-";
  bool csv = f == Format::csv || f == Format::csv_r;
  if (csv && !to_stdout) {
    std::error_code ec;
    std::filesystem::create_directories(output, ec);
    if (ec) throw IoError("cannot create directory: " + ec.message(), Location{output});
    // Written in batches committed together (one sync per batch, not one per file; a batch
    // holds few enough files open).
    std::vector<std::unique_ptr<io::Output>> batch;
    std::vector<io::Output*> outs;
    auto commit = [&] {
      outs.clear();
      for (auto& o : batch) outs.push_back(o.get());
      io::Output::commit_all(outs);
      batch.clear();
    };
    for (const auto& file : files) {
      batch.push_back(std::make_unique<io::Output>((std::filesystem::path(output) / file.name).string()));
      batch.back()->write(file.content);
      if (batch.size() == 256) commit();
    }
    commit();
    return;
  }
  io::Output out(output);
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string_view content = files[i].content;
    if (csv && files.size() > 1) {
      out.write((i ? "\n# " : "# ") + files[i].name + "\n");
      if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);  // a BOM only opens a file
    }
    out.write(std::string(content));
  }
  out.commit();
}

}  // namespace qda::report
