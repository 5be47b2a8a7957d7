// Unit tests of lib/report: percentages that add up, the study's number convention, labels.
#include <gtest/gtest.h>

#include <numeric>

#include "core/diag.hpp"
#include "report/report.hpp"

using namespace qda::report;

TEST(Percent, RoundsHalfUpInTenths) {
  EXPECT_EQ(percent_tenths(54, 123), 439);  // 43.90 %
  EXPECT_EQ(percent_tenths(37, 54), 685);
  EXPECT_EQ(percent_tenths(1, 8), 125);     // 12.5 exactly
  EXPECT_EQ(percent_tenths(1, 16), 63);     // 6.25 -> 6.3
  EXPECT_EQ(percent_tenths(3, 0), 0);
}

TEST(Percent, LargestRemainderAddsToHundred) {
  // The study's services: 18, 12, 6, 5, 13 of 54 -> 33.3, 22.2, 11.1, 9.3, 24.1.
  auto p = largest_remainder_tenths({18, 12, 6, 5, 13});
  EXPECT_EQ(p, (std::vector<long>{333, 222, 111, 93, 241}));
  EXPECT_EQ(largest_remainder_tenths({37, 17}), (std::vector<long>{685, 315}));
  // Three equal thirds: naive rounding gives 99.9; the first takes the missing tenth.
  EXPECT_EQ(largest_remainder_tenths({1, 1, 1}), (std::vector<long>{334, 333, 333}));
  for (auto counts : std::vector<std::vector<long>>{{1, 2, 3, 4, 5, 6, 7}, {7, 0, 0}, {1, 1, 1, 1, 1, 1}}) {
    auto q = largest_remainder_tenths(counts);
    EXPECT_EQ(std::accumulate(q.begin(), q.end(), 0L), 1000);
  }
  EXPECT_EQ(largest_remainder_tenths({0, 0}), (std::vector<long>{0, 0}));
}

TEST(NumberFormat, FollowsTheStudyExample) {
  auto dot = NumberFormat::from_example("68.5 %");
  EXPECT_EQ(dot.percent(685), "68.5 %");
  auto comma = NumberFormat::from_example("68,5 %");
  EXPECT_EQ(comma.percent(93), "9,3 %");
  EXPECT_EQ(comma.fixed(0.8149, 2), "0,81");
  EXPECT_EQ(comma.short_number(44.5), "44,5");
  EXPECT_EQ(comma.short_number(44), "44");
  EXPECT_EQ(NumberFormat::from_example("68.5%").percent(1000), "100.0%");
  EXPECT_EQ(dot.fixed(-0.001, 2), "0.00");
}

TEST(Messages, EveryKeyInEveryLanguage) {
  for (const auto& lang : Messages::languages()) {
    auto m = Messages::for_language(lang);
    for (const auto& k : Messages::keys()) EXPECT_TRUE(m.has(k)) << lang << ": " << k;
  }
  EXPECT_EQ(Messages::for_language("es_MX").get("part.gender.f"), "Mujeres");
  EXPECT_EQ(Messages::for_language("en").format("part.n_of", {{"n", "54"}, {"population", "123"}, {"rate", "43.9 %"}}),
            "54 of 123 (43.9 %)");
  EXPECT_THROW(Messages::for_language("fr"), qda::UsageError);
}

TEST(Messages, PluralFollowsTheCount) {
  auto es = Messages::for_language("es");
  EXPECT_EQ(es.format("part.para.n", {{"source", "Entrevista"}, {"n", "1"}}), "Entrevista: participó 1 persona");
  EXPECT_EQ(es.format("part.para.n", {{"source", "Entrevista"}, {"n", "12"}}), "Entrevista: participaron 12 personas");
  EXPECT_EQ(es.format("part.para.gender", {{"women", "1"}, {"pw", "50.0 %"}, {"men", "1"}, {"pm", "50.0 %"}}),
            "1 mujer (50.0 %) y 1 hombre (50.0 %)");
  EXPECT_EQ(Messages::for_language("en").format("part.para.n", {{"source", "Interview"}, {"n", "1"}}),
            "Interview: 1 person took part");
}

TEST(Build, SkipsTablesWithoutRecordsAndRejectsUnknownNames) {
  qda::Accounting acc(qda::OnError::fail, "");
  Stream s = read_stream_text("{\"kind\":\"participant\",\"id\":\"C1\",\"source\":\"C\",\"attrs\":{\"gender\":\"f\",\"age\":30}}\n",
                              "t.jsonl", acc);
  Inputs in{&s, nullptr, nullptr};
  Document d = build(in, Options{});
  ASSERT_EQ(d.sections.size(), default_tables().size());
  EXPECT_TRUE(d.sections[0].skipped.empty());
  for (std::size_t i = 1; i < d.sections.size(); ++i) EXPECT_FALSE(d.sections[i].skipped.empty()) << d.sections[i].id;
  Options o;
  o.tables = {"nope"};
  EXPECT_THROW(build(in, o), qda::UsageError);
}

TEST(Stream, BadLineNamesFileAndLine) {
  qda::Accounting acc(qda::OnError::fail, "");
  try {
    read_stream_text("{\"kind\":\"doc\"}\n{\"kind\":\"unit\",\"id\":3}\n", "x.jsonl", acc);
    FAIL();
  } catch (const qda::Error& e) {  // Accounting rethrows the error as qda::Error
    EXPECT_EQ(e.describe(), "x.jsonl:2: 'id' of a unit record must be a string");
  }
}

TEST(Render, LatexEscapesEverySpecialCharacter) {
  Document d;
  d.title = "50 % & $5 #1 _x_ {a} ~ ^ \\ «cita» → κ 😀";
  std::string tex = render_latex(d);
  EXPECT_NE(tex.find("50 \\% \\& \\$5 \\#1 \\_x\\_ \\{a\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} "
                     "\\guillemotleft{}cita\\guillemotright{} $\\rightarrow$ $\\kappa$ ?"),
            std::string::npos)
      << tex;
}

TEST(Render, LatexKeepsTwoHyphens) {
  Document d;
  d.title = "qda-code --compare";
  std::string tex = render_latex(d);
  EXPECT_NE(tex.find("qda-code -{}-compare"), std::string::npos) << tex;
}

// A quotation of several paragraphs (a multi-line spreadsheet cell) stays one blockquote.
TEST(Render, MarkdownQuoteOfSeveralParagraphs) {
  Document d;
  d.title = "T";
  Section s;
  s.id = "x";
  s.title = "X";
  s.blocks.push_back(Quotes{{Quote{"Primero.\n\nSegundo:\n- una lista\n1. y un número", "(C3, q4)"}, Quote{"Otra.", "(E8, 00:12:31)"}}});
  d.sections.push_back(s);
  std::string md = render_markdown(d);
  EXPECT_NE(md.find("> «Primero.\n>\n> Segundo:\n> \\- una lista\n> 1\\. y un número» (C3, q4)\n>\n> «Otra.» (E8, 00:12:31)\n"),
            std::string::npos)
      << md;
}

// CSV: a cell of several numbers becomes one column each; for Excel a BOM, the decimal comma and
// ';'; for R plain numbers.
TEST(Render, CsvOneNumberPerCell) {
  Document d;
  d.decimal = ',';
  Section s;
  s.id = "codes";
  Table t;
  t.id = "codes";
  t.header = {"Código", "Total", "C"};
  t.align = "lrr";
  t.parts = {{}, {"unidades", "participantes"}, {}};
  t.rows.push_back(Row{{Cell{"Logro", std::nullopt, std::nullopt, {}}, Cell{"7 (6)", 7.0, std::nullopt, {7, 6}},
                        Cell{"3 (68,5 %)", 3.0, 68.5, {}}},
                       false});
  s.blocks.push_back(t);
  d.sections.push_back(s);
  auto excel = render_csv(d);
  ASSERT_EQ(excel.size(), 1u);
  EXPECT_EQ(excel[0].content, "\xEF\xBB\xBF" "Código;Total (unidades);Total (participantes);C;C (%)\nLogro;7;6;3;68,5\n");
  auto r = render_csv(d, true);
  EXPECT_EQ(r[0].content, "Código,Total (unidades),Total (participantes),C,C (%)\nLogro,7,6,3,68.5\n");
}

// CSV for Excel: a text that a spreadsheet would run as a formula gets a leading apostrophe
// (OWASP); numbers, negative ones too, stay numbers; CSV for R keeps the text. A row with CSV rows
// of its own (an age range) is written as those rows.
TEST(Render, CsvNeutralisesFormulasForExcelOnly) {
  Document d;
  Section s;
  Table t;
  t.id = "t";
  t.header = {"=Item", "Value"};
  t.align = "lr";
  auto text = [](std::string x) { return Cell{std::move(x), std::nullopt, std::nullopt, {}}; };
  auto number = [](double v) { return Cell{"x", v, std::nullopt, {}}; };
  for (const char* x : {"=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tA", "\rA", "-3", "-0.5", "+2", "a=1", "-", ""})
    t.rows.push_back(Row{{text(x), number(-2.5)}, false, {}});
  Row age{{text("Age"), text("26–65 (median 48)")}, false, {}};
  age.csv_rows = {Row{{text("Age: minimum"), number(26)}, false, {}}, Row{{text("Age: median"), number(48)}, false, {}}};
  t.rows.push_back(age);
  s.blocks.push_back(t);
  d.sections.push_back(s);
  EXPECT_EQ(render_csv(d)[0].content,
            "\xEF\xBB\xBF'=Item,Value\n'=1+1,-2.5\n'+1+1,-2.5\n'-1+1,-2.5\n'@SUM(A1),-2.5\n'\tA,-2.5\n\"'\rA\",-2.5\n"
            "-3,-2.5\n-0.5,-2.5\n+2,-2.5\na=1,-2.5\n'-,-2.5\n,-2.5\nAge: minimum,26\nAge: median,48\n");
  EXPECT_EQ(render_csv(d, true)[0].content,
            "=Item,Value\n=1+1,-2.5\n+1+1,-2.5\n-1+1,-2.5\n@SUM(A1),-2.5\n\tA,-2.5\n\"\rA\",-2.5\n"
            "-3,-2.5\n-0.5,-2.5\n+2,-2.5\na=1,-2.5\n-,-2.5\n,-2.5\nAge: minimum,26\nAge: median,48\n");
}
