// Rendering the document as a LaTeX article with booktabs tables (longtable, so long Giorgi
// tables break across pages, with column widths fixed here so that they fit the text width)
// that compiles in one pdflatex pass.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/text.hpp"
#include "report/report.hpp"

namespace qda::report {

namespace {

// Every character LaTeX treats specially is escaped; characters pdflatex's utf8 input does not
// know become commands, and any other character outside the Latin scripts becomes "?", so the
// document always compiles (the HTML and Markdown keep the text as written).
std::string tex(const std::string& s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t c = text::next_cp(s, i);
    switch (c) {
      // "--compare" stays two hyphens: T1 fonts ligate "--" into an en dash and "---" into an em dash
      case U'-': out += i < s.size() && s[i] == '-' ? "-{}" : "-"; break;
      case U'\\': out += "\\textbackslash{}"; break;
      case U'{': out += "\\{"; break;
      case U'}': out += "\\}"; break;
      case U'#': out += "\\#"; break;
      case U'$': out += "\\$"; break;
      case U'%': out += "\\%"; break;
      case U'&': out += "\\&"; break;
      case U'_': out += "\\_"; break;
      case U'~': out += "\\textasciitilde{}"; break;
      case U'^': out += "\\textasciicircum{}"; break;
      case U'<': out += "\\textless{}"; break;
      case U'>': out += "\\textgreater{}"; break;
      case U'|': out += "\\textbar{}"; break;
      case U'"': out += "\\textquotedbl{}"; break;
      case U'\n': case U'\r': case U'\t': out += ' '; break;
      case 0x00A0: out += '~'; break;
      case 0x202F: case 0x2009: out += "\\,"; break;
      case 0x00AB: out += "\\guillemotleft{}"; break;
      case 0x00BB: out += "\\guillemotright{}"; break;
      case 0x2018: out += "`"; break;
      case 0x2019: out += "'"; break;
      case 0x201C: out += "``"; break;
      case 0x201D: out += "''"; break;
      case 0x2013: out += "--"; break;
      case 0x2014: out += "---"; break;
      case 0x2026: out += "\\ldots{}"; break;
      case 0x2020: out += "\\dag{}"; break;
      case 0x2192: out += "$\\rightarrow$"; break;
      case 0x03BA: out += "$\\kappa$"; break;
      case 0x03B1: out += "$\\alpha$"; break;
      case 0x2022: case 0x00B7: out += "\\textperiodcentered{}"; break;
      case 0x20AC: out += "\\texteuro{}"; break;
      default:
        if (c < 0x20) break;
        if (c < 0x180) text::append_utf8(out, c);  // Latin-1 and Latin Extended-A: utf8 + T1
        else out += '?';
    }
  }
  return out;
}

// A cell: after a row's "\\" a leading "[" would be read as its optional skip ("[…] Y ya…").
std::string tex_cell(const std::string& s) {
  std::string x = tex(s);
  return !x.empty() && x[0] == '[' ? "{}" + x : x;
}

// Column widths. The preamble fixes the page (A4, 2 cm margins), so the text is 483.7 pt wide and
// every column can be given a width in points: longtable then knows the table's width on the
// first pdflatex pass (no "rerun" for widths) and no table runs into the margin. Widths are
// estimated from the text in characters, generously, so that the longest word of a column fits.
constexpr double kTextWidth = 483.7, kLandscapeWidth = 731.2, kTextHeight = 731.2;

struct Layout {
  std::string size;      // "" (the body's 10.95 pt), "\\footnotesize" (9 pt) or "\\scriptsize" (8 pt)
  double font = 10.95, tabcolsep = 6;
  std::vector<double> width;  // of each column's text, in pt
  std::vector<bool> rotate;   // a number column's heading set upright (read bottom to top)
  bool landscape = false;     // on a landscape page of its own (a matrix too wide for the page)
};

// The longest word and the whole text of a cell, in characters.
void measure(const std::string& s, std::size_t& word, std::size_t& whole) {
  std::size_t i = 0, run = 0, n = 0;
  while (i < s.size()) {
    char32_t c = text::next_cp(s, i);
    ++n;
    if (c == U' ' || c == U'\n' || c == U'\t') run = 0;
    else word = std::max(word, ++run);
  }
  whole = std::max(whole, n);
}

Layout layout(const Table& t) {
  std::size_t cols = t.header.size();
  std::vector<std::size_t> body_word(cols, 0), body_whole(cols, 0), head_word(cols, 0), head_whole(cols, 0);
  for (const auto& r : t.rows)
    if (!r.group)
      for (std::size_t i = 0; i < r.cells.size() && i < cols; ++i) measure(r.cells[i].text, body_word[i], body_whole[i]);
  for (std::size_t i = 0; i < cols; ++i) measure(t.header[i], head_word[i], head_whole[i]);
  auto align = [&](std::size_t i) { return i < t.align.size() ? t.align[i] : 'l'; };
  struct Size {
    const char* name;
    double font, sep;
  };
  const Size sizes[] = {{"", 10.95, 6}, {"\\footnotesize", 9, 3}, {"\\scriptsize", 8, 2.5}};
  // Portrait in ever smaller type; then with the number columns' headings set upright; then on a
  // landscape page.
  struct Try {
    std::size_t size;
    bool rotate, landscape;
  };
  std::vector<Try> tries;
  for (std::size_t k = cols > 6 ? 1 : 0; k < 3; ++k) tries.push_back({k, false, false});
  for (std::size_t k = 1; k < 3; ++k) tries.push_back({k, true, false});
  for (std::size_t k = 1; k < 3; ++k) tries.push_back({k, true, true});
  Layout L;
  for (std::size_t attempt = 0; attempt < tries.size(); ++attempt) {
    const Size& z = sizes[tries[attempt].size];
    bool last = attempt + 1 == tries.size();
    L = Layout{z.name, z.font, z.sep, std::vector<double>(cols), std::vector<bool>(cols, false), tries[attempt].landscape};
    double text_width = L.landscape ? kLandscapeWidth : kTextWidth;
    double ch = 0.55 * z.font, word_ch = 0.62 * z.font, bold = 1.12;  // average and widest characters, bold headings
    double room = text_width - 2 * z.sep * static_cast<double>(cols);
    std::vector<double> min(cols), want(cols);
    for (std::size_t i = 0; i < cols; ++i) {
      double body_min = static_cast<double>(body_word[i]) * word_ch;
      double head_min = static_cast<double>(head_word[i]) * word_ch * bold;
      std::size_t cap = align(i) == 'p' ? 48 : align(i) == 'r' ? 12 : 36;
      want[i] = std::max(static_cast<double>(std::min(body_whole[i], cap)) * ch,
                         static_cast<double>(std::min(head_whole[i], cap)) * ch * bold);
      min[i] = std::max(body_min, head_min);
      want[i] = std::max(want[i], min[i]);
    }
    double sum_min = 0, sum_want = 0;
    for (std::size_t i = 0; i < cols; ++i) sum_min += min[i], sum_want += want[i];
    // With the headings of the number columns set upright, such a column is as wide as its numbers.
    if (tries[attempt].rotate) {
      sum_min = sum_want = 0;
      for (std::size_t i = 0; i < cols; ++i) {
        if (align(i) == 'r') {
          L.rotate[i] = true;
          min[i] = std::max(static_cast<double>(body_word[i]) * word_ch, 1.2 * z.font);
          want[i] = std::max(min[i], static_cast<double>(std::min<std::size_t>(body_whole[i], 12)) * ch);
        }
        sum_min += min[i], sum_want += want[i];
      }
    }
    if (sum_min > room && !last) continue;  // a smaller font, or a landscape page
    if (sum_want <= room) {
      // Everything fits as wanted; the wrapped columns share what is left.
      double spare = room - sum_want, wrapped = 0;
      for (std::size_t i = 0; i < cols; ++i)
        if (align(i) == 'p') wrapped += want[i];
      for (std::size_t i = 0; i < cols; ++i)
        L.width[i] = want[i] + (align(i) == 'p' && wrapped > 0 ? spare * want[i] / wrapped : 0);
    } else {
      // Each column its longest word; what is left shared in proportion to what each wants more.
      double spare = std::max(0.0, room - sum_min), more = sum_want - sum_min;
      for (std::size_t i = 0; i < cols; ++i) L.width[i] = min[i] + (more > 0 ? spare * (want[i] - min[i]) / more : 0);
    }
    break;
  }
  return L;
}

// How tall a table's start is, in pt, estimated generously: its caption, its heading row and its
// first row, which longtable keeps together (it breaks the page before the table when they do not
// fit, which would leave a heading just above it alone at the page's foot).
double table_start_height(const Table& t, const Layout& L) {
  double line = 1.22 * L.font, ch = 0.5 * L.font;
  auto lines = [&](const std::string& s, double width) {
    std::size_t word = 0, whole = 0;
    measure(s, word, whole);
    return std::max(1.0, std::ceil(1.15 * static_cast<double>(whole) * ch / std::max(width, 1.0)));
  };
  double text_width = L.landscape ? kLandscapeWidth : kTextWidth;
  double h = lines(t.caption, text_width) * line + 12;  // caption, its skip and the rules
  double head = 1, first = 1;
  for (std::size_t i = 0; i < t.header.size() && i < L.width.size(); ++i) {
    std::size_t word = 0, whole = 0;
    measure(t.header[i], word, whole);
    head = std::max(head, L.rotate[i] ? static_cast<double>(whole) * ch * 1.12 / line : lines(t.header[i], L.width[i]));
  }
  for (const auto& r : t.rows) {
    if (r.group) {  // a group heading row and the row under it
      h += line;
      continue;
    }
    for (std::size_t i = 0; i < r.cells.size() && i < L.width.size(); ++i) first = std::max(first, lines(r.cells[i].text, L.width[i]));
    break;
  }
  return h + (head + first) * line;
}

void tex_table(std::string& out, const Table& t, bool landscape_open = false) {
  std::size_t cols = t.header.size();
  Layout L = layout(t);
  std::string spec;
  for (std::size_t i = 0; i < cols; ++i) {
    char a = i < t.align.size() ? t.align[i] : 'l';
    spec += a == 'r' ? ">{\\raggedleft\\arraybackslash}" : ">{\\raggedright\\arraybackslash}";
    spec += fmt::format("p{{{:.1f}pt}}", L.width[i]);
  }
  if (L.landscape && !landscape_open) out += "\\begin{landscape}\n";
  out += "\\begingroup\n";
  if (!L.size.empty()) out += L.size + "\n";
  out += fmt::format("\\setlength{{\\tabcolsep}}{{{:g}pt}}\n", L.tabcolsep);
  out += "\\begin{longtable}{@{}" + spec + "@{}}\n\\caption*{" + tex(t.caption) + "}\\\\\n\\toprule\n";
  auto header = [&] {
    for (std::size_t i = 0; i < cols; ++i) {
      out += i ? " & " : "";
      out += L.rotate[i] ? "\\rotatebox{90}{\\textbf{" + tex(t.header[i]) + "}}" : "\\textbf{" + tex(t.header[i]) + "}";
    }
    out += " \\\\\n\\midrule\n";
  };
  header();
  out += "\\endfirsthead\n\\toprule\n";
  header();
  out += "\\endhead\n\\bottomrule\n\\endfoot\n";
  for (const auto& r : t.rows) {
    if (r.group) {
      out += "\\multicolumn{" + std::to_string(cols) + "}{@{}l}{\\textit{" + tex(r.cells.empty() ? "" : r.cells[0].text) + "}} \\\\\n";
      continue;
    }
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
      if (i) out += " & ";
      out += tex_cell(r.cells[i].text);
    }
    out += " \\\\\n";
  }
  out += "\\end{longtable}\n\\endgroup\n";
  for (const auto& n : t.notes) out += "{\\footnotesize " + tex(n) + "\\par}\n";
  if (L.landscape) out += "\\end{landscape}\n";
  out += "\n";
}

// A quotation's paragraphs (a multi-line spreadsheet cell) kept apart.
std::string tex_paragraphs(const std::string& s) {
  std::string out;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto gap = s.find("\n\n", start);
    std::string piece(text::trim(std::string_view(s).substr(start, gap == std::string::npos ? std::string::npos : gap - start)));
    if (!piece.empty()) out += (out.empty() ? "" : "\\par\n") + tex(piece);
    if (gap == std::string::npos) break;
    start = gap + 2;
  }
  return out;
}

// Estimated heights in pt (11 pt body: 13.6 pt lines, 0.5 em between paragraphs, the starred
// headings with their space above and below).
constexpr double kLine = 13.6, kParskip = 5.5, kSection = 48, kSubsection = 38, kMinUnder = 6 * kLine;

double paragraph_height(const std::string& s) {
  std::size_t word = 0, whole = 0;
  measure(s, word, whole);
  return std::ceil(1.15 * static_cast<double>(whole) * 0.5 * 10.95 / kTextWidth) * kLine + kParskip;
}

// What must fit under a heading for it not to end a page, from block `i` on: a few lines of text
// (a paragraph may break after them), or, when a table comes first (after at most a short
// paragraph or a subheading), everything down to the table's first row, which longtable keeps
// together. A table on a landscape page of its own needs nothing here: the heading goes with it.
double space_under(const std::vector<Block>& blocks, std::size_t i) {
  double h = 0;
  for (; i < blocks.size(); ++i) {
    const Block& b = blocks[i];
    if (const auto* t = std::get_if<Table>(&b)) {
      Layout L = layout(*t);
      return L.landscape ? kMinUnder : std::max(kMinUnder, h + table_start_height(*t, L));
    }
    if (const auto* p = std::get_if<Paragraph>(&b)) {
      double ph = paragraph_height(p->text);
      if (ph > 3 * kLine + kParskip) return std::max(kMinUnder, h + 3 * kLine);
      h += ph;
    } else if (std::holds_alternative<Heading>(b)) {
      h += kSubsection;
    } else if (std::holds_alternative<Quotes>(b)) {
      return std::max(kMinUnder, h + 3 * kLine);
    }  // a chart is drawn in HTML only
  }
  return std::max(kMinUnder, h);
}

// The table a heading at block `i` leads straight to (past short paragraphs) when it goes on a
// landscape page: the heading then opens that page, so it is not left behind; else npos.
std::size_t landscape_after(const std::vector<Block>& blocks, std::size_t i) {
  for (; i < blocks.size(); ++i) {
    if (const auto* t = std::get_if<Table>(&blocks[i])) return layout(*t).landscape ? i : std::string::npos;
    if (const auto* p = std::get_if<Paragraph>(&blocks[i])) {
      if (paragraph_height(p->text) > 3 * kLine + kParskip) return std::string::npos;
    } else if (!std::holds_alternative<Chart>(blocks[i])) {
      return std::string::npos;
    }
  }
  return std::string::npos;
}

// A heading with what must stay under it: on the next page unless that fits, or opening the
// landscape page of the table it leads to (`opened` is that table's index).
void tex_heading(std::string& out, bool section, const std::string& title, const std::vector<Block>& blocks,
                 std::size_t next, std::size_t& opened) {
  std::size_t land = landscape_after(blocks, next);
  if (land != std::string::npos) {
    out += "\\begin{landscape}\n";
    opened = land;
  } else {
    double height = (section ? kSection : kSubsection) + space_under(blocks, next);
    out += fmt::format("\\qdaneedspace{{{:.0f}pt}}\n", std::min(height, 0.9 * kTextHeight));
  }
  out += (section ? "\\section*{" : "\\subsection*{") + tex(title) + "}\n\n";
}

}  // namespace

std::string render_latex(const Document& d) {
  std::string out =
      "% Generated by qda-report. Compile with pdflatex.\n"
      "\\documentclass[11pt,a4paper]{article}\n"
      "\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n\\usepackage{textcomp}\n"
      "\\usepackage[margin=2cm]{geometry}\n\\usepackage{booktabs}\n\\usepackage{longtable}\n\\usepackage{array}\n"
      "\\usepackage{caption}\n\\usepackage{graphicx}\n\\usepackage{pdflscape}\n\\captionsetup{labelformat=empty,justification=raggedright,singlelinecheck=false}\n"
      "\\setlength{\\parindent}{0pt}\n\\setlength{\\parskip}{0.5em}\n"
      // A heading goes to the next page unless what must stay under it fits on this one
      // (needspace's \\Needspace, which texlive-latex-base does not have): never alone at a page's foot.
      "\\makeatletter\n\\newcommand{\\qdaneedspace}[1]{\\par\\penalty-100\\begingroup\\setlength{\\dimen@}{#1}"
      "\\dimen@ii\\pagegoal\\advance\\dimen@ii-\\pagetotal\\ifdim\\dimen@>\\dimen@ii\\ifdim\\dimen@ii>\\z@\\vfil\\fi"
      "\\break\\fi\\endgroup}\n\\makeatother\n\n"
      "\\begin{document}\n\n";
  out += "{\\LARGE\\bfseries " + tex(d.title) + "\\par}\n";
  if (!d.subtitle.empty()) out += "{\\large\\itshape " + tex(d.subtitle) + "\\par}\n";
  if (!d.stamp.empty()) out += "{\\small " + tex(d.stamp) + "\\par}\n";
  if (!d.provenance.empty()) out += "{\\small " + tex(d.provenance) + "\\par}\n";
  out += "\n";
  for (const auto& s : d.sections) {
    std::size_t opened = std::string::npos;  // the table whose landscape page a heading opened
    tex_heading(out, true, s.title, s.blocks, 0, opened);
    if (!s.skipped.empty()) out += "\\textit{" + tex(s.skipped) + "}\n\n";
    for (std::size_t i = 0; i < s.blocks.size(); ++i)
      std::visit(Visit{[&](const Paragraph& p) { out += tex(p.text) + "\n\n"; },
                       [&](const Heading& h) { tex_heading(out, false, h.text, s.blocks, i + 1, opened); },
                       [&](const Table& t) { tex_table(out, t, opened == i); },
                       [&](const Quotes& q) {
                         for (const auto& x : q.items)
                           out += "\\begin{quote}\n\\guillemotleft{}" + tex_paragraphs(x.text) + "\\guillemotright{} " + tex(x.cite) + "\n\\end{quote}\n";
                         out += "\n";
                       },
                       [&](const Chart&) {}},  // charts are drawn in HTML only
                 s.blocks[i]);
  }
  out += "\\end{document}\n";
  return out;
}

}  // namespace qda::report
