// Rendering the document as Markdown, CSV and JSON, and choosing a format.
#include <filesystem>
#include <map>

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

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
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
                         for (const auto& x : q.items) out += "> «" + x.text + "» " + x.cite + "\n>\n";
                         if (!q.items.empty()) out.resize(out.size() - 2);
                         out += "\n";
                       },
                       [&](const Chart&) {}},  // charts are drawn in HTML only
                 b);
  }
  while (out.size() > 1 && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

std::vector<File> render_csv(const Document& d) {
  std::vector<File> files;
  for (const auto& s : d.sections)
    for (const auto& b : s.blocks)
      if (const auto* t = std::get_if<Table>(&b)) {
        std::string out;
        auto line = [&](const std::vector<std::string>& fields) {
          for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i) out += ',';
            out += csv_field(fields[i]);
          }
          out += "\n";
        };
        line(t->header);
        for (const auto& r : t->rows) {
          std::vector<std::string> f;
          for (std::size_t i = 0; i < r.cells.size(); ++i) f.push_back(r.group && i > 0 ? "" : r.cells[i].text);
          line(f);
        }
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
                                                     {"json", Format::json}};
  auto it = formats.find(name);
  if (it == formats.end()) throw UsageError("unknown format '" + name + "' (expected md, html, tex, csv or json)");
  return it->second;
}

std::vector<File> render(const Document& d, Format f) {
  switch (f) {
    case Format::markdown: return {File{"report.md", render_markdown(d)}};
    case Format::html: return {File{"report.html", render_html(d)}};
    case Format::latex: return {File{"report.tex", render_latex(d)}};
    case Format::json: return {File{"report.json", render_json(d)}};
    case Format::csv: return render_csv(d);
  }
  return {};
}

void write_files(const std::vector<File>& files, Format f, const std::string& output) {
  bool to_stdout = output.empty() || output == "-";
  if (f == Format::csv && !to_stdout) {
    std::error_code ec;
    std::filesystem::create_directories(output, ec);
    if (ec) throw IoError("cannot create directory: " + ec.message(), Location{output});
    for (const auto& file : files) {
      io::Output out((std::filesystem::path(output) / file.name).string());
      out.write(file.content);
      out.commit();
    }
    return;
  }
  io::Output out(output);
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (f == Format::csv && files.size() > 1) out.write((i ? "\n# " : "# ") + files[i].name + "\n");
    out.write(files[i].content);
  }
  out.commit();
}

}  // namespace qda::report
