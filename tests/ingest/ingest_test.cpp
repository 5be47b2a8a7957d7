// Unit tests of qda-ingest's library: tables to participants and docs, records as JSON.
#include "ingest/ingest.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/text.hpp"

using namespace qda;
using namespace qda::ingest;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("qda_ingest_test_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d / name;
}

SourceSpec table_source(const fs::path& file) {
  SourceSpec s;
  s.source = "C";
  s.files = s.display = {file.string()};
  s.attrs = {{"gender", "Sexo", {}}, {"age", "Edad", {}}};
  return s;
}
}  // namespace

TEST(Ingest, Windows1252TableWithMultiLineCells) {
  fs::path f = scratch("w1252.csv");
  // windows-1252, ';', CRLF, a multi-line cell, an empty answer
  std::ofstream(f, std::ios::binary) << "Sexo;Edad;Educaci\xF3n f\xEDsica\r\n"
                                        "Mujer;41;\"Con las ni\xF1" "as\r\nhicimos educaci\xF3n f\xEDsica\"\r\n"
                                        "Hombre;38;\r\n";
  Context ctx;
  Accounting acc(OnError::fail, "");
  Corpus c;
  ingest_table(table_source(f), ctx, acc, c);
  c.finish();
  ASSERT_EQ(c.participants.size(), 2u);
  ASSERT_EQ(c.docs.size(), 1u);
  EXPECT_EQ(c.docs[0].id, "C1.q1");
  EXPECT_EQ(c.docs[0].category, "Educación física");
  EXPECT_EQ(c.docs[0].text, "Con las niñas\nhicimos educación física");
  EXPECT_EQ(c.docs[0].origin_line, 2);
  EXPECT_EQ(acc.in(), 2);
  EXPECT_EQ(acc.out(), 2);
}

TEST(Ingest, BadRowUnderSkipIsCountedAndOthersKeepTheirIds) {
  fs::path f = scratch("bad.csv");
  std::ofstream(f) << "Sexo,Edad,P\nMujer,30,a\nMujer,treinta,b\nHombre,40,c\n";
  Context ctx;
  fs::path rej = scratch("rejects.jsonl");
  Corpus c;
  {
    Accounting acc(OnError::skip, rej.string());
    ingest_table(table_source(f), ctx, acc, c);
    acc.finish(Verbosity::quiet);
    EXPECT_EQ(acc.in(), 3);
    EXPECT_EQ(acc.out(), 2);
    EXPECT_EQ(acc.rejected(), 1);
  }
  c.finish();
  ASSERT_EQ(c.participants.size(), 2u);
  EXPECT_EQ(c.participants[1].id, "C3");  // row order ids survive a rejected row
  std::ifstream in(rej);
  std::string line;
  std::getline(in, line);
  EXPECT_NE(line.find("\"line\":3"), std::string::npos);
  EXPECT_NE(line.find("\"input\":\"Mujer,treinta,b\""), std::string::npos);
  EXPECT_NE(line.find("column 'Edad'"), std::string::npos);
}

TEST(Ingest, BadRowUnderFailStops) {
  fs::path f = scratch("bad2.csv");
  std::ofstream(f) << "Sexo,Edad,P\nMujer,30,a,extra\n";
  Context ctx;
  Accounting acc(OnError::fail, "");
  Corpus c;
  try {
    ingest_table(table_source(f), ctx, acc, c);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.describe(), f.string() + ":2: record C1: row 1 has 4 cells, the header has 3");
  }
}

TEST(Ingest, MissingColumnIsAConfigError) {
  fs::path f = scratch("cols.csv");
  std::ofstream(f) << "Genero,Edad\nMujer,30\n";
  Context ctx;
  Accounting acc(OnError::fail, "");
  Corpus c;
  EXPECT_THROW(ingest_table(table_source(f), ctx, acc, c), ConfigError);
}

TEST(Ingest, TranscriptSpansAreExact) {
  fs::path f = scratch("E8.txt");
  std::ofstream(f) << "Entrevista E8\n\nEntrevistadora: Cuénteme una experiencia.\n"
                      "## Episodio 1\nParticipante: Un día llegué a la escuela «Benito Juárez».\nY ahí empezó todo.\n";
  SourceSpec s;
  s.source = "E";
  s.files = s.display = {f.string()};
  s.category = "anecdota";
  Context ctx;
  ctx.speakers = default_speakers();
  ctx.pseudonyms.add("Benito Juárez", "Emiliano Zapata");
  Accounting acc(OnError::fail, "");
  Corpus c;
  ingest_transcripts(s, ctx, acc, c);
  ASSERT_EQ(c.docs.size(), 1u);
  const DocRec& d = c.docs[0];
  EXPECT_EQ(d.id, "E8");
  EXPECT_EQ(d.preamble, "Entrevista E8");
  ASSERT_EQ(d.turns.size(), 2u);
  text::CpIndex idx(d.text);
  EXPECT_EQ(idx.slice(d.text, d.turns[0].begin, d.turns[0].end_cp), "Cuénteme una experiencia.");
  EXPECT_EQ(idx.slice(d.text, d.turns[1].begin, d.turns[1].end_cp),
            "Un día llegué a la escuela «Emiliano Zapata».\nY ahí empezó todo.");
  ASSERT_EQ(d.episodes.size(), 1u);
  EXPECT_EQ(d.episodes[0].turn, 1u);
  EXPECT_EQ(d.episodes[0].at, d.turns[1].begin);
  std::string j = doc_json(d);
  EXPECT_NE(j.find(R"("turns":[{"speaker":"interviewer","label":"Entrevistadora","span":[0,25]})"), std::string::npos) << j;
}

TEST(Ingest, ParticipantJson) {
  ParticipantRec p{"E8", "E", {{"gender", "\"m\""}, {"age", "41"}, {"level", "\"primaria\""}}};
  EXPECT_EQ(participant_json(p), R"({"kind":"participant","id":"E8","source":"E","attrs":{"gender":"m","age":41,"level":"primaria"}})");
}

TEST(Ingest, FormatFromExtension) {
  EXPECT_EQ(format_from_extension("a/E1.VTT"), "vtt");
  EXPECT_EQ(format_from_extension("E2.markdown"), "md");
  EXPECT_THROW(format_from_extension("E3.pdf"), DataError);
}

// What qda-ingest writes (through a Spool: tables read twice, other docs spooled) is what a
// Corpus finished and written whole gives: ids rising down the table (docs read as written) or
// not (the table read again into the spool first), transcripts alongside.
TEST(Ingest, SpoolWritesWhatCorpusWrites) {
  fs::path up = scratch("up.csv"), down = scratch("down.csv"), tr = scratch("E3.txt");
  std::ofstream(up) << "ID,Sexo,Edad,P,Q\n1,Mujer,30,uno,\"dos \"\"x\"\"\"\n2,Hombre,31,,tres\n10,Mujer,32,cuatro,cinco\n";
  std::ofstream(down) << "ID,Sexo,Edad,P\n20,Mujer,30,a\n3,Hombre,31,b\nmal,Mujer,32,c\n11,Mujer,33,d\n";
  std::ofstream(tr) << "Entrevistadora: Cuénteme.\nParticipante: Un día.\n";
  SourceSpec a = table_source(up), b = table_source(down), e;
  a.id_column = b.id_column = "ID";
  b.source = "D";
  e.source = "E";
  e.files = e.display = {tr.string()};
  Context ctx;
  ctx.speakers = default_speakers();
  fs::path out = scratch("spool.jsonl");
  {
    Accounting acc(OnError::skip, "");
    Spool spool;
    for (const SourceSpec* s : {&b, &a}) ingest_table(*s, ctx, acc, spool);
    ingest_transcripts(e, ctx, acc, spool);
    io::Output o(out.string());
    spool.write(o);
    o.commit();
    EXPECT_EQ(spool.docs(), 9u);
  }
  Accounting acc(OnError::skip, "");
  Corpus c;
  for (const SourceSpec* s : {&b, &a}) ingest_table(*s, ctx, acc, c);
  ingest_transcripts(e, ctx, acc, c);
  c.finish();
  std::string want;
  for (const auto& p : c.participants) want += participant_json(p) + "\n";
  for (const auto& d : c.docs) want += doc_json(d) + "\n";
  std::string got = io::read_file(out.string());
  got.erase(0, got.find('\n') + 1);  // the provenance record
  EXPECT_EQ(got, want);
}
