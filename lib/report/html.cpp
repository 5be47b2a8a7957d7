// Rendering the document as one self-contained HTML file: inline CSS, inline SVG charts,
// no script and no network, readable on screen and printable.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "report/report.hpp"

namespace qda::report {

namespace {

std::string esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

// Text with its line breaks (a quotation of several paragraphs): escaped, each break a <br>.
std::string lines(const std::string& s) {
  std::string out;
  for (char ch : esc(s)) {
    if (ch == '\n') out += "<br>";
    else if (ch != '\r') out += ch;
  }
  return out;
}

// Coordinates with one decimal, whatever the locale: the same bytes on every run.
std::string px(double v) { return fmt::format("{:.1f}", v); }

// Colour-blind-safe palette (Okabe–Ito), in a fixed order.
const char* colour(std::size_t i) {
  static const char* const k[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"};
  return k[i % 8];
}

// A label under a bar group, broken into at most three lines of about `width` characters.
void svg_label(std::string& out, const std::string& label, double x, double y) {
  std::vector<std::string> lines{""};
  std::size_t start = 0;
  while (start <= label.size()) {
    auto sp = label.find(' ', start);
    std::string w = label.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
    if (!lines.back().empty() && lines.back().size() + w.size() > 16 && lines.size() < 3) lines.push_back("");
    lines.back() += (lines.back().empty() ? "" : " ") + w;
    if (sp == std::string::npos) break;
    start = sp + 1;
  }
  out += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"middle\" class=\"axis\">";
  for (std::size_t i = 0; i < lines.size(); ++i)
    out += "<tspan x=\"" + px(x) + "\" dy=\"" + (i ? "1.1em" : "0") + "\">" + esc(lines[i]) + "</tspan>";
  out += "</text>";
}

void svg_legend(std::string& out, const Chart& c, double x, double y) {
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    double yy = y + 18.0 * static_cast<double>(i);
    out += "<rect x=\"" + px(x) + "\" y=\"" + px(yy) + "\" width=\"12\" height=\"12\" fill=\"" + colour(i) + "\"/>";
    out += "<text x=\"" + px(x + 18) + "\" y=\"" + px(yy + 10) + "\" class=\"legend\">" + esc(c.series[i].name) + "</text>";
  }
}

void svg_bars(std::string& out, const Chart& c) {
  const double W = 720, H = 320, left = 40, right = 200, top = 20, bottom = 70;
  const double pw = W - left - right, ph = H - top - bottom;
  double max = 1;
  for (const auto& s : c.series)
    for (double v : s.values) max = std::max(max, v);
  max = std::ceil(max / 4) * 4;  // four grid steps of whole participants
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + px(W) + " " + px(H) + "\" role=\"img\" aria-labelledby=\"" +
         c.id + "-title\"><title id=\"" + c.id + "-title\">" + esc(c.title) + "</title>";
  for (int k = 0; k <= 4; ++k) {  // grid and scale
    double v = max * k / 4.0, y = top + ph - ph * k / 4.0;
    out += "<line x1=\"" + px(left) + "\" x2=\"" + px(left + pw) + "\" y1=\"" + px(y) + "\" y2=\"" + px(y) + "\" class=\"grid\"/>";
    out += "<text x=\"" + px(left - 6) + "\" y=\"" + px(y + 4) + "\" text-anchor=\"end\" class=\"axis\">" + fmt::format("{:g}", std::round(v * 10) / 10) + "</text>";
  }
  std::size_t groups = std::max<std::size_t>(c.categories.size(), 1), n = std::max<std::size_t>(c.series.size(), 1);
  double gw = pw / static_cast<double>(groups), bw = gw * 0.8 / static_cast<double>(n);
  for (std::size_t g = 0; g < c.categories.size(); ++g) {
    double gx = left + gw * static_cast<double>(g) + gw * 0.1;
    for (std::size_t s = 0; s < c.series.size(); ++s) {
      double v = g < c.series[s].values.size() ? c.series[s].values[g] : 0, h = ph * v / max;
      out += "<rect x=\"" + px(gx + bw * static_cast<double>(s)) + "\" y=\"" + px(top + ph - h) + "\" width=\"" + px(bw * 0.95) +
             "\" height=\"" + px(h) + "\" fill=\"" + colour(s) + "\"><title>" + esc(c.categories[g] + " — " + c.series[s].name) +
             ": " + fmt::format("{:g}", v) + "</title></rect>";
    }
    svg_label(out, c.categories[g], left + gw * (static_cast<double>(g) + 0.5), top + ph + 16);
  }
  svg_legend(out, c, left + pw + 16, top);
  out += "</svg>";
}

// One horizontal bar per category, labelled on the left, in the category's colour (the
// codebook's) or the palette's first.
void svg_hbars(std::string& out, const Chart& c) {
  const double W = 720, left = 300, right = 50, top = 10, row = 20, bottom = 10;
  const double pw = W - left - right, H = top + row * static_cast<double>(c.categories.size()) + bottom;
  double max = 1;
  const std::vector<double> none;
  const auto& v = c.series.empty() ? none : c.series[0].values;
  for (double x : v) max = std::max(max, x);
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + px(W) + " " + px(H) + "\" role=\"img\" aria-labelledby=\"" +
         c.id + "-title\"><title id=\"" + c.id + "-title\">" + esc(c.title) + "</title>";
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    double y = top + row * static_cast<double>(i), x = i < v.size() ? v[i] : 0, w = pw * x / max;
    std::string label = c.categories[i];
    if (text::cp_length(label) > 48) {  // the full label stays in the bar's tooltip
      std::size_t at = 0;
      for (int k = 0; k < 46; ++k) text::next_cp(label, at);
      label = label.substr(0, at) + "…";
    }
    std::string fill = i < c.colors.size() && !c.colors[i].empty() ? c.colors[i] : colour(0);
    out += "<text x=\"" + px(left - 6) + "\" y=\"" + px(y + row * 0.65) + "\" text-anchor=\"end\" class=\"axis\">" + esc(label) + "</text>";
    out += "<rect x=\"" + px(left) + "\" y=\"" + px(y + 3) + "\" width=\"" + px(w) + "\" height=\"" + px(row - 6) + "\" fill=\"" +
           esc(fill) + "\"><title>" + esc(c.categories[i]) + ": " + fmt::format("{:g}", x) + "</title></rect>";
    out += "<text x=\"" + px(left + w + 4) + "\" y=\"" + px(y + row * 0.65) + "\" class=\"axis\">" + fmt::format("{:g}", x) + "</text>";
  }
  out += "</svg>";
}

void svg_lines(std::string& out, const Chart& c) {
  const double W = 720, H = 300, left = 40, right = 200, top = 20, bottom = 40;
  const double pw = W - left - right, ph = H - top - bottom;
  double max = 1e-9;
  for (const auto& s : c.series)
    for (double v : s.values) max = std::max(max, std::fabs(v));
  auto y_of = [&](double v) { return top + ph / 2 - (ph / 2) * v / max; };
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + px(W) + " " + px(H) + "\" role=\"img\" aria-labelledby=\"" +
         c.id + "-title\"><title id=\"" + c.id + "-title\">" + esc(c.title) + "</title>";
  out += "<line x1=\"" + px(left) + "\" x2=\"" + px(left + pw) + "\" y1=\"" + px(y_of(0)) + "\" y2=\"" + px(y_of(0)) + "\" class=\"zero\"/>";
  for (std::size_t s = 0; s < c.series.size(); ++s) {
    const auto& v = c.series[s].values;
    std::string pts;
    for (std::size_t i = 0; i < v.size(); ++i) {
      double x = left + (v.size() > 1 ? pw * static_cast<double>(i) / static_cast<double>(v.size() - 1) : pw / 2);
      if (i) pts += ' ';
      pts += px(x);
      pts += ',';
      pts += px(y_of(v[i]));
    }
    out += "<polyline points=\"" + pts + "\" fill=\"none\" stroke=\"" + colour(s) + "\" stroke-width=\"2.5\"><title>" +
           esc(c.series[s].name) + "</title></polyline>";
  }
  if (c.categories.size() == 2) {
    out += "<text x=\"" + px(left) + "\" y=\"" + px(H - 12) + "\" class=\"axis\">" + esc(c.categories[0]) + "</text>";
    out += "<text x=\"" + px(left + pw) + "\" y=\"" + px(H - 12) + "\" text-anchor=\"end\" class=\"axis\">" + esc(c.categories[1]) + "</text>";
  }
  svg_legend(out, c, left + pw + 16, top);
  out += "</svg>";
}

void html_table(std::string& out, const Table& t) {
  // A table wider than the page scrolls sideways inside its own box (focusable, so it scrolls
  // from the keyboard too), and the page never does; its notes stay under it at the page's width.
  out += "<figure class=\"table\"><div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"caption-" +
         esc(t.id) + "\"><table id=\"table-" + esc(t.id) + "\"><caption id=\"caption-" + esc(t.id) + "\">" + esc(t.caption) +
         "</caption><thead><tr>";
  for (std::size_t i = 0; i < t.header.size(); ++i)
    out += "<th scope=\"col\"" + std::string(i < t.align.size() && t.align[i] == 'r' ? " class=\"num\"" : "") + ">" + esc(t.header[i]) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& r : t.rows) {
    if (r.group) {
      out += "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"" + std::to_string(t.header.size()) + "\">" +
             esc(r.cells.empty() ? "" : r.cells[0].text) + "</th></tr>\n";
      continue;
    }
    out += "<tr>";
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      char a = i < t.align.size() ? t.align[i] : 'l';
      out += i == 0 ? "<th scope=\"row\">" : a == 'r' ? "<td class=\"num\">" : a == 'p' ? "<td class=\"long\">" : "<td>";
      out += esc(r.cells[i].text) + (i == 0 ? "</th>" : "</td>");
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></div>";
  for (const auto& n : t.notes) out += "<p class=\"note\">" + esc(n) + "</p>";
  out += "</figure>\n";
}

const char* kStyle = R"css(
:root { color-scheme: light; }
body { font-family: "Source Serif Pro", Georgia, "Times New Roman", serif; color: #222; background: #fff;
       line-height: 1.5; margin: 0; }
main { max-width: 64rem; margin: 0 auto; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #bbb; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin-top: 1.8rem; }
.subtitle { font-style: italic; margin-top: 0; }
.stamp, .note, .skipped { color: #555; font-size: 0.9rem; }
.skipped { font-style: italic; }
figure { margin: 1.2rem 0; }
/* Wide tables scroll inside their box instead of squeezing their columns: a column of long text
   keeps a readable width, numbers never wrap. */
.table-scroll { overflow-x: auto; max-width: 100%; }
.table-scroll:focus { outline: 1px dotted #888; }
td.long { min-width: 12rem; }
table { border-collapse: collapse; font-size: 0.92rem; border-top: 2px solid #222; border-bottom: 2px solid #222; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 0.4rem; }
thead th { border-bottom: 1px solid #222; }
th, td { padding: 0.25rem 0.6rem; vertical-align: top; text-align: left; }
th[scope=row] { font-weight: normal; min-width: 10rem; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.group th { font-weight: bold; padding-top: 0.6rem; }
blockquote { margin: 0.8rem 0 0.8rem 1.5rem; font-style: italic; }
blockquote cite { font-style: normal; }
figure.chart svg { width: 100%; max-width: 46rem; height: auto; }
figure.chart figcaption { font-weight: bold; font-size: 0.92rem; }
svg .axis, svg .legend { font: 11px sans-serif; fill: #333; }
svg .grid { stroke: #ddd; stroke-width: 1; }
svg .zero { stroke: #888; stroke-dasharray: 4 3; }
@media (max-width: 40rem) { main { padding: 1rem 0.75rem 3rem; } }
@media print {
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  tr, blockquote, figure.chart { break-inside: avoid; }
  .table-scroll { overflow: visible; }
}
)css";

}  // namespace

std::string render_html(const Document& d) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + esc(d.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                    esc(d.subtitle.empty() ? d.title : d.title + " — " + d.subtitle) + "</title>\n<style>" + kStyle +
                    "</style>\n</head>\n<body>\n<main>\n<h1>" + esc(d.title) + "</h1>\n";
  if (!d.subtitle.empty()) out += "<p class=\"subtitle\">" + esc(d.subtitle) + "</p>\n";
  if (!d.stamp.empty()) out += "<p class=\"stamp\">" + esc(d.stamp) + "</p>\n";
  if (!d.provenance.empty()) out += "<p class=\"stamp\">" + esc(d.provenance) + "</p>\n";
  for (const auto& s : d.sections) {
    out += "<section id=\"" + esc(s.id) + "\">\n<h2>" + esc(s.title) + "</h2>\n";
    if (!s.skipped.empty()) out += "<p class=\"skipped\">" + esc(s.skipped) + "</p>\n";
    for (const auto& b : s.blocks)
      std::visit(Visit{[&](const Paragraph& p) { out += "<p>" + esc(p.text) + "</p>\n"; },
                       [&](const Heading& h) { out += "<h3>" + esc(h.text) + "</h3>\n"; },
                       [&](const Table& t) { html_table(out, t); },
                       [&](const Quotes& q) {
                         for (const auto& x : q.items)
                           out += "<blockquote>«" + lines(x.text) + "» <cite>" + esc(x.cite) + "</cite></blockquote>\n";
                       },
                       [&](const Chart& c) {
                         out += "<figure class=\"chart\" id=\"" + esc(c.id) + "\"><figcaption>" + esc(c.title) + "</figcaption>";
                         if (c.kind == Chart::Kind::bars) svg_bars(out, c);
                         else if (c.kind == Chart::Kind::hbars) svg_hbars(out, c);
                         else svg_lines(out, c);
                         out += "</figure>\n";
                       }},
                 b);
    out += "</section>\n";
  }
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace qda::report
