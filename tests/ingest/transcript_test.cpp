// Unit tests of the transcript parsers: speaker labels, timestamps, episodes, WebVTT, SubRip.
#include "ingest/transcript.hpp"

#include "core/error.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>

namespace qda::ingest {
namespace {

SpeakerConfig study_config() {
  SpeakerConfig c;
  c.interviewer = {"Entrevistador", "Entrevistadora", "E", "Investigadora", "Elena Ruiz"};
  c.participant = {"Asesor", "Asesora", "ATP", "P", "R", "A"};
  return c;
}

const SpeakerConfig kCfg = study_config();

// Compact view of a turn for exact comparisons: "role|label|start|end|text".
std::string show(const Turn& t) {
  return std::string(role_name(t.role)) + "|" + t.label + "|" + t.start + "|" + t.end + "|" + t.text;
}

std::vector<std::string> show(const Transcript& t) {
  std::vector<std::string> v;
  for (const auto& turn : t.turns) v.push_back(show(turn));
  return v;
}

using Lines = std::vector<std::string>;

long error_line(const std::function<void()>& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.where().line;
  }
  return -1;
}

std::string error_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const DataError& e) {
    return e.message();
  }
  return "";
}

// ---- classify_label ----------------------------------------------------------------------

TEST(ClassifyLabel, ConfiguredLabelsAreFoldedAndSqueezed) {
  Role r = Role::participant;
  EXPECT_TRUE(classify_label("Entrevistadora", kCfg, r));
  EXPECT_EQ(r, Role::interviewer);
  EXPECT_TRUE(classify_label("ENTREVISTADÓRA", kCfg, r));
  EXPECT_EQ(r, Role::interviewer);
  EXPECT_TRUE(classify_label("  elena   RUIZ ", kCfg, r));
  EXPECT_EQ(r, Role::interviewer);
  EXPECT_TRUE(classify_label("E.", kCfg, r));
  EXPECT_EQ(r, Role::interviewer);
  r = Role::interviewer;
  EXPECT_TRUE(classify_label("asesor", kCfg, r));
  EXPECT_EQ(r, Role::participant);
  r = Role::interviewer;
  EXPECT_TRUE(classify_label("A", kCfg, r));
  EXPECT_EQ(r, Role::participant);
}

TEST(ClassifyLabel, InterviewerListWinsWhenALabelIsInBoth) {
  SpeakerConfig c;
  c.interviewer = {"Ana"};
  c.participant = {"ana"};
  Role r = Role::participant;
  EXPECT_TRUE(classify_label("ANA", c, r));
  EXPECT_EQ(r, Role::interviewer);
}

TEST(ClassifyLabel, NamesInCapitalsAreParticipants) {
  for (const char* name : {"LETICIA", "MARÍA JOSÉ", "JEAN-PIERRE", "O'BRIEN", "ÑUÑO", "ANA MARÍA DE LEÓN", "LETICIA."}) {
    Role r = Role::interviewer;
    EXPECT_TRUE(classify_label(name, kCfg, r)) << name;
    EXPECT_EQ(r, Role::participant) << name;
  }
}

TEST(ClassifyLabel, RejectsWhatIsNotAName) {
  for (const char* s : {"Me dijo", "Leticia", "X", "LETICIA 2", "ANA MARÍA DE LA CRUZ", "MARÍA, JOSÉ", "", "  ",
                        "NOTA", "Fecha", "DURACIÓN", "¿QUÉ?"}) {
    Role r = Role::participant;
    EXPECT_FALSE(classify_label(s, kCfg, r)) << s;
  }
}

TEST(ClassifyLabel, AConfiguredLabelBeatsTheMetadataWords) {
  SpeakerConfig c;
  c.participant = {"Nota"};
  Role r = Role::interviewer;
  EXPECT_TRUE(classify_label("NOTA", c, r));
  EXPECT_EQ(r, Role::participant);
}

// ---- parse_text: labels ----------------------------------------------------------------

struct Spelling {
  const char* line;
  Role role;
  const char* label;
};

TEST(ParseText, EveryLabelSpelling) {
  const Spelling cases[] = {
      {"Entrevistador: hola", Role::interviewer, "Entrevistador"},
      {"Entrevistadora: hola", Role::interviewer, "Entrevistadora"},
      {"E: hola", Role::interviewer, "E"},
      {"ENTREVISTADORA: hola", Role::interviewer, "ENTREVISTADORA"},
      {"Elena Ruiz: hola", Role::interviewer, "Elena Ruiz"},
      {"P: hola", Role::participant, "P"},
      {"R: hola", Role::participant, "R"},
      {"A: hola", Role::participant, "A"},
      {"Asesor: hola", Role::participant, "Asesor"},
      {"Asesora: hola", Role::participant, "Asesora"},
      {"asesor: hola", Role::participant, "asesor"},
      {"LETICIA: hola", Role::participant, "LETICIA"},
      {"MARÍA JOSÉ: hola", Role::participant, "MARÍA JOSÉ"},
      {"Entrevistadora : hola", Role::interviewer, "Entrevistadora"},
      {"E.: hola", Role::interviewer, "E."},
      {"  \tAsesora:\thola", Role::participant, "Asesora"},
  };
  for (const auto& c : cases) {
    Transcript t = parse_text(std::string("Título\n") + c.line + "\n", kCfg, false);
    ASSERT_EQ(t.turns.size(), 1u) << c.line;
    EXPECT_TRUE(t.labelled) << c.line;
    EXPECT_EQ(t.turns[0].role, c.role) << c.line;
    EXPECT_EQ(t.turns[0].label, c.label) << c.line;
    EXPECT_EQ(t.turns[0].text, "hola") << c.line;
    EXPECT_EQ(t.turns[0].line, 2) << c.line;
    EXPECT_EQ(t.preamble, "Título") << c.line;
  }
}

TEST(ParseText, ConversationWithContinuationsAndParagraphs) {
  Transcript t = parse_text(
      "Entrevista E1 – 18 de mayo de 2021\n"
      "Duración 52 min\n"
      "\n"
      "Entrevistadora: Buenas tardes.\n"
      "\n"
      "Asesora: Sí, buenas tardes.\n"
      "Sigue en la línea de abajo.\n"
      "\n"
      "\n"
      "Y otro párrafo.\n"
      "E: ¿Y luego?\n",
      kCfg, false);
  EXPECT_TRUE(t.labelled);
  EXPECT_EQ(t.preamble, "Entrevista E1 – 18 de mayo de 2021\nDuración 52 min");
  EXPECT_EQ(show(t), (Lines{"interviewer|Entrevistadora|||Buenas tardes.",
                            "participant|Asesora|||Sí, buenas tardes.\nSigue en la línea de abajo.\nY otro párrafo.",
                            "interviewer|E|||¿Y luego?"}));
  EXPECT_EQ(t.turns[0].line, 4);
  EXPECT_EQ(t.turns[1].line, 6);
  EXPECT_EQ(t.turns[2].line, 11);
}

TEST(ParseText, AColonInTheTextIsNotALabel) {
  Transcript t = parse_text(
      "Asesora: Bueno.\n"
      "Me dijo: «no, maestro»\n"
      "Le pregunté: ¿por qué?\n"
      "Lo vi en http://sep.gob.mx y a las 10:30: nada\n"
      "NOTA: se cortó la llamada\n"
      "La Maestra De Tercer Grado: sí\n",
      kCfg, false);
  ASSERT_EQ(t.turns.size(), 1u);
  EXPECT_EQ(t.turns[0].text,
            "Bueno.\nMe dijo: «no, maestro»\nLe pregunté: ¿por qué?\nLo vi en http://sep.gob.mx y a las 10:30: nada\n"
            "NOTA: se cortó la llamada\nLa Maestra De Tercer Grado: sí");
}

TEST(ParseText, LabelAloneOnItsLineTakesTheTextBelow) {
  Transcript t = parse_text("Entrevistadora:\nBuenas tardes.\nAsesora:\n\nHola.\n", kCfg, false);
  EXPECT_EQ(show(t), (Lines{"interviewer|Entrevistadora|||Buenas tardes.", "participant|Asesora|||Hola."}));
}

TEST(ParseText, ALabelWithoutSpaceAfterTheColonIsText) {
  Transcript t = parse_text("E: uno\nP:dos\n", kCfg, false);
  EXPECT_EQ(show(t), (Lines{"interviewer|E|||uno\nP:dos"}));
}

TEST(ParseText, ConsecutiveTurnsOfOneSpeakerStaySeparate) {
  Transcript t = parse_text("P: uno\nP: dos\n", kCfg, false);
  EXPECT_EQ(show(t), (Lines{"participant|P|||uno", "participant|P|||dos"}));
}

// ---- parse_text: timestamps ------------------------------------------------------------

TEST(ParseText, TimestampsBeforeTheLabel) {
  const std::pair<const char*, const char*> cases[] = {
      {"[00:12:31] E: hola", "00:12:31"},     {"(00:12:31) E: hola", "00:12:31"},
      {"00:12:31 E: hola", "00:12:31"},       {"[00:12:31.250] E: hola", "00:12:31.250"},
      {"00:12:31,250 E: hola", "00:12:31,250"}, {"(0:12:31) E: hola", "0:12:31"},
      {"[12:31] E: hola", "12:31"},           {"[ 01:02:03 ]   E:   hola", "01:02:03"},
  };
  for (const auto& [line, start] : cases) {
    Transcript t = parse_text(line, kCfg, false);
    ASSERT_EQ(t.turns.size(), 1u) << line;
    EXPECT_EQ(show(t.turns[0]), std::string("interviewer|E|") + start + "||hola") << line;
  }
}

TEST(ParseText, TimestampsAroundTheColonAndInTheText) {
  EXPECT_EQ(show(parse_text("E [00:12:31]: hola", kCfg, false)), (Lines{"interviewer|E|00:12:31||hola"}));
  EXPECT_EQ(show(parse_text("Asesora (00:12:31): hola", kCfg, false)), (Lines{"participant|Asesora|00:12:31||hola"}));
  EXPECT_EQ(show(parse_text("E: [00:12:31] hola", kCfg, false)), (Lines{"interviewer|E|00:12:31||hola"}));
  EXPECT_EQ(show(parse_text("E: 00:12:31 hola", kCfg, false)), (Lines{"interviewer|E|00:12:31||hola"}));
  // The first timestamp is the start; later ones are removed from the text.
  EXPECT_EQ(show(parse_text("[00:01:00] E: y luego [00:01:30] dijimos (00:01:40)\n[00:02:00] más\n00:02:10 y más", kCfg,
                            false)),
            (Lines{"interviewer|E|00:01:00||y luego dijimos\nmás\ny más"}));
  // A turn whose label has no timestamp takes the first one of its text.
  EXPECT_EQ(show(parse_text("P: uno\n[00:03:00] dos", kCfg, false)), (Lines{"participant|P|00:03:00||uno\ndos"}));
}

TEST(ParseText, TimesOfDayAreNotTimestamps) {
  Transcript t = parse_text("P: llegué a las 10:30 (10:30) [10:30] y 1:30:00x\n10:30 de la mañana", kCfg, false);
  EXPECT_EQ(show(t), (Lines{"participant|P|||llegué a las 10:30 (10:30) [10:30] y 1:30:00x\n10:30 de la mañana"}));
}

TEST(ParseText, ConversationWithTimestampsLikeE2) {
  Transcript t = parse_text(
      "[00:00:03] E: Bueno, ya está grabando.\n"
      "[00:00:08] P: Buenos días, maestra.\n"
      "00:00:12 LETICIA: Sí.\n",
      kCfg, false);
  EXPECT_EQ(show(t), (Lines{"interviewer|E|00:00:03||Bueno, ya está grabando.",
                            "participant|P|00:00:08||Buenos días, maestra.", "participant|LETICIA|00:00:12||Sí."}));
  EXPECT_EQ(t.preamble, "");
}

// ---- parse_text: encodings and Markdown ------------------------------------------------

TEST(ParseText, BomAndCrlf) {
  Transcript t = parse_text("\xEF\xBB\xBFTítulo\r\n\r\nE: hola\r\nP: adiós\r\nsigue\r\n\r\n", kCfg, false);
  EXPECT_EQ(t.preamble, "Título");
  EXPECT_EQ(show(t), (Lines{"interviewer|E|||hola", "participant|P|||adiós\nsigue"}));
  EXPECT_EQ(t.turns[1].line, 4);
}

TEST(ParseText, BomDirectlyBeforeALabelAndOldMacLineEnds) {
  Transcript t = parse_text("\xEF\xBB\xBF" "E: hola\rP: adiós\r", kCfg, false);
  EXPECT_EQ(show(t), (Lines{"interviewer|E|||hola", "participant|P|||adiós"}));
  EXPECT_EQ(t.turns[1].line, 2);
}

TEST(ParseText, MarkdownEmphasisAroundTheLabel) {
  Transcript t = parse_text(
      "# Entrevista E12\n"
      "*Fecha: 8 de junio de 2021 · Modalidad: videollamada*\n"
      "\n"
      "**Entrevistadora:** Ya está grabando.\n"
      "\n"
      "**Asesora**: Buenas tardes, **maestra**.\n"
      "__E:__ uno\n"
      "*P:* dos\n"
      "***LETICIA:*** tres\n"
      "*E: ¿pregunta en cursiva?*\n"
      "**[00:01:02] P:** cuatro\n"
      "**E:**cinco\n",
      kCfg, true);
  EXPECT_EQ(t.preamble, "# Entrevista E12\n*Fecha: 8 de junio de 2021 · Modalidad: videollamada*");
  EXPECT_EQ(show(t), (Lines{"interviewer|Entrevistadora|||Ya está grabando.",
                            "participant|Asesora|||Buenas tardes, **maestra**.", "interviewer|E|||uno",
                            "participant|P|||dos", "participant|LETICIA|||tres",
                            "interviewer|E|||*¿pregunta en cursiva?*", "participant|P|00:01:02||cuatro", "interviewer|E|||cinco"}));
}

TEST(ParseText, EpisodeHeadingsAndOtherHeadings) {
  Transcript t = parse_text(
      "# Entrevista E12\n"
      "\n"
      "## Episodio 1\n"
      "\n"
      "**Entrevistadora:** Cuénteme.\n"
      "**Asesora:** Pues…\n"
      "### Cierre del relato\n"
      "y ya.\n"
      "# EPISODIO 2 #\n"
      "**Entrevistadora:** ¿Otra?\n"
      "#### episodio\n"
      "**Asesora:** Sí.\n"
      "## Episodios anteriores\n"
      "**Episodio 4**\n"
      "**E:** ¿Y?\n"
      "*Episodio de tos que tuvo la niña*\n",
      kCfg, true);
  EXPECT_EQ(t.preamble, "# Entrevista E12");
  EXPECT_EQ(show(t), (Lines{"interviewer|Entrevistadora|||Cuénteme.",
                            "participant|Asesora|||Pues…\n### Cierre del relato\ny ya.",
                            "interviewer|Entrevistadora|||¿Otra?", "participant|Asesora|||Sí.\n## Episodios anteriores",
                            "interviewer|E|||¿Y?\n*Episodio de tos que tuvo la niña*"}));
  ASSERT_EQ(t.episodes.size(), 4u);
  EXPECT_EQ(t.episodes[0].label, "Episodio 1");
  EXPECT_EQ(t.episodes[0].first_turn, 0u);
  EXPECT_EQ(t.episodes[0].line, 3);
  EXPECT_EQ(t.episodes[1].label, "EPISODIO 2");
  EXPECT_EQ(t.episodes[1].first_turn, 2u);
  EXPECT_EQ(t.episodes[1].line, 9);
  EXPECT_EQ(t.episodes[2].label, "episodio");
  EXPECT_EQ(t.episodes[2].first_turn, 3u);
  EXPECT_EQ(t.episodes[3].label, "Episodio 4");
  EXPECT_EQ(t.episodes[3].first_turn, 4u);
  EXPECT_EQ(t.episodes[3].line, 14);
}

TEST(ParseText, BracketedEpisodeMarkersInPlainText) {
  Transcript t = parse_text(
      "E: uno\n"
      "R: dos\n"
      "[Episodio]\n"
      "E: tres\n"
      "[EPISODIO 2]\n"
      "E: cuatro\n"
      "  [ Episodio 3 ]  \n"
      "R: cinco\n"
      "[Episodios]\n",
      kCfg, false);
  ASSERT_EQ(t.turns.size(), 5u);
  EXPECT_EQ(t.turns[4].text, "cinco\n[Episodios]");
  ASSERT_EQ(t.episodes.size(), 3u);
  EXPECT_EQ(t.episodes[0].label, "Episodio");
  EXPECT_EQ(t.episodes[0].first_turn, 2u);
  EXPECT_EQ(t.episodes[0].line, 3);
  EXPECT_EQ(t.episodes[1].label, "EPISODIO 2");
  EXPECT_EQ(t.episodes[1].first_turn, 3u);
  EXPECT_EQ(t.episodes[2].label, "Episodio 3");
  EXPECT_EQ(t.episodes[2].first_turn, 4u);
}

TEST(ParseText, TextRightAfterAnEpisodeMarkerOpensATurnOfTheSameSpeaker) {
  Transcript t = parse_text("R: uno\n## Episodio 2\n[00:05:00] sigue hablando\nE: ¿y?\n", kCfg, false);
  EXPECT_EQ(show(t), (Lines{"participant|R|||uno", "participant|R|00:05:00||sigue hablando", "interviewer|E|||¿y?"}));
  ASSERT_EQ(t.episodes.size(), 1u);
  EXPECT_EQ(t.episodes[0].first_turn, 1u);
  EXPECT_EQ(t.turns[1].line, 3);
}

TEST(ParseText, ThematicBreaksAreDroppedInMarkdownOnly) {
  EXPECT_EQ(show(parse_text("E: uno\n---\ndos\n", kCfg, true)), (Lines{"interviewer|E|||uno\ndos"}));
  EXPECT_EQ(show(parse_text("E: uno\n---\ndos\n", kCfg, false)), (Lines{"interviewer|E|||uno\n---\ndos"}));
}

// ---- parse_text: no labels -------------------------------------------------------------

TEST(ParseText, UnlabelledTextIsOneParticipantTurn) {
  Transcript t = parse_text("Entrevista con la maestra\n\n[00:00:05] Yo empecé en 2018.\nMe dijo: «no».\n", kCfg, false);
  EXPECT_FALSE(t.labelled);
  EXPECT_EQ(t.preamble, "");
  EXPECT_EQ(show(t), (Lines{"participant||00:00:05||Entrevista con la maestra\nYo empecé en 2018.\nMe dijo: «no»."}));
  EXPECT_EQ(t.turns[0].line, 1);
}

TEST(ParseText, UnlabelledTextWithEpisodesIsOneTurnPerEpisode) {
  Transcript t = parse_text("Intro.\n## Episodio 1\nUno.\n## Episodio 2\nDos.\n", kCfg, true);
  EXPECT_FALSE(t.labelled);
  EXPECT_EQ(show(t), (Lines{"participant||||Intro.", "participant||||Uno.", "participant||||Dos."}));
  ASSERT_EQ(t.episodes.size(), 2u);
  EXPECT_EQ(t.episodes[0].first_turn, 1u);
  EXPECT_EQ(t.episodes[1].first_turn, 2u);
}

TEST(ParseText, EmptyInput) {
  for (const char* s : {"", "\xEF\xBB\xBF", "\n\r\n  \n"}) {
    Transcript t = parse_text(s, kCfg, false);
    EXPECT_TRUE(t.turns.empty());
    EXPECT_FALSE(t.labelled);
    EXPECT_EQ(t.preamble, "");
  }
}

TEST(ParseText, InvalidUtf8IsADataErrorWithItsLine) {
  EXPECT_EQ(error_line([] { parse_text("E: hola\nP: adi\xF3s\n", kCfg, false); }), 2);
}

TEST(ParseText, LongOrUnknownPrefixesAreNotLabels) {
  Transcript t = parse_text("E: uno\nANA MARÍA DE LA CRUZ PÉREZ: dos\nMaestra Ana: tres\n", kCfg, false);
  EXPECT_EQ(show(t), (Lines{"interviewer|E|||uno\nANA MARÍA DE LA CRUZ PÉREZ: dos\nMaestra Ana: tres"}));
}

// ---- WebVTT ------------------------------------------------------------------------------

TEST(ParseVtt, TeamsStyle) {
  Transcript t = parse_vtt(
      "WEBVTT\n"                                                    // 1
      "\n"                                                          // 2
      "NOTE\n"                                                      // 3
      "Reunión de Microsoft Teams. Transcripción revisada.\n"      // 4
      "\n"                                                          // 5
      "3b2f9a1c-7d4e/0-0\n"                                         // 6
      "00:00:01.480 --> 00:00:08.719\n"                             // 7
      "<v Elena Ruiz>Hola, Sofía, buenas tardes.</v>\n"             // 8
      "\n"                                                          // 9
      "3b2f9a1c-7d4e/1-0\n"                                         // 10
      "00:00:10.888 --> 00:00:17.578\n"                             // 11
      "<v Sofía Cab>Sí, hola, Elena.</v>\n"                         // 12
      "\n"                                                          // 13
      "3b2f9a1c-7d4e/1-1\n"                                         // 14
      "00:00:18.000 --> 00:00:20.500 align:start line:0%\n"         // 15
      "<v Sofía Cab>Te escucho</v>\n"                               // 16
      "\n"                                                          // 17
      "00:00:21.000 --> 00:00:22.000\n"                             // 18
      "<v.loud Sofía Cab>muy bien.\n"                               // 19
      "\n"                                                          // 20
      "00:00:23.000 --> 00:00:24.000\n"                             // 21
      "<v Elena Ruiz>Qué bueno.</v>\n",                             // 22
      kCfg);
  EXPECT_TRUE(t.labelled);
  EXPECT_EQ(show(t), (Lines{"interviewer|Elena Ruiz|00:00:01.480|00:00:08.719|Hola, Sofía, buenas tardes.",
                            "participant|Sofía Cab|00:00:10.888|00:00:22.000|Sí, hola, Elena. Te escucho muy bien.",
                            "interviewer|Elena Ruiz|00:00:23.000|00:00:24.000|Qué bueno."}));
  EXPECT_EQ(t.turns[0].line, 7);
  EXPECT_EQ(t.turns[1].line, 11);
  EXPECT_EQ(t.turns[2].line, 21);
  EXPECT_TRUE(t.episodes.empty());
  EXPECT_EQ(t.preamble, "");
}

TEST(ParseVtt, ZoomStyle) {
  Transcript t = parse_vtt(
      "WEBVTT\n\n"
      "1\n00:00:02.310 --> 00:00:12.284\nElena Ruiz: Listo, ya está grabando.\n\n"
      "2\n00:00:12.574 --> 00:00:16.708\nElena Ruiz: Gracias por aceptar.\n\n"
      "3\n00:00:17.983 --> 00:00:21.705\nLuis Euán: Buenas tardes: con gusto.\n\n"
      "4\n00:00:22.000 --> 00:00:23.000\nY sigo yo.\n\n"
      "5\n00:00:24.000 --> 00:00:25.000\nMaría de la Cruz: Hola.\n\n"
      "6\n00:00:26.000 --> 00:00:27.000\nE: ¿Sí?\n\n"
      "7\n00:00:28.000 --> 00:00:29.000\niPhone de Ana: Hola.\n",
      kCfg);
  EXPECT_EQ(show(t), (Lines{"interviewer|Elena Ruiz|00:00:02.310|00:00:16.708|Listo, ya está grabando. Gracias por aceptar.",
                            "participant|Luis Euán|00:00:17.983|00:00:23.000|Buenas tardes: con gusto. Y sigo yo.",
                            "participant|María de la Cruz|00:00:24.000|00:00:25.000|Hola.",
                            "interviewer|E|00:00:26.000|00:00:29.000|¿Sí? iPhone de Ana: Hola."}));
  EXPECT_EQ(t.turns[0].line, 4);
}

TEST(ParseVtt, NoteStyleRegionBlocksMultiLinePayloadsAndCrlf) {
  Transcript t = parse_vtt(
      "\xEF\xBB\xBFWEBVTT - Entrevista E6\r\n"
      "Kind: captions\r\n"
      "Language: es\r\n"
      "\r\n"
      "STYLE\r\n"
      "::cue { color: yellow }\r\n"
      "\r\n"
      "REGION\r\n"
      "id:fred width:40%\r\n"
      "\r\n"
      "NOTE una nota\r\n"
      "de dos líneas --> con flecha\r\n"
      "\r\n"
      "00:01.000 --> 00:04.000\r\n"
      "<v Ana>primera línea\r\n"
      "  segunda línea\r\n"
      "tercera</v>\r\n",
      kCfg);
  EXPECT_EQ(show(t), (Lines{"participant|Ana|00:01.000|00:04.000|primera línea segunda línea tercera"}));
  EXPECT_EQ(t.turns[0].line, 14);
}

TEST(ParseVtt, TagsAndEntities) {
  Transcript t = parse_vtt(
      "WEBVTT\n\n"
      "00:00:01.000 --> 00:00:02.000\n"
      "<v Ana &amp; Co>Tom &amp; Jerry &lt;3 &gt; x&nbsp;y &quot;a&quot; &#39;b&#39; caf&#233; caf&#xE9; "
      "&lrm;z&rlm; &foo; a & b &#0; <c.yellow>ama</c><i>ri</i><b>llo</b> <u>u</u> <lang en>hi</lang> "
      "<00:00:01.500>tarde <ruby>漢<rt>kan</rt></ruby> 1 < 2\n",
      kCfg);
  ASSERT_EQ(t.turns.size(), 1u);
  EXPECT_EQ(t.turns[0].label, "Ana & Co");
  EXPECT_EQ(t.turns[0].text,
            "Tom & Jerry <3 > x y \"a\" 'b' café café \u200Ez\u200F &foo; a & b &#0; amarillo u hi tarde 漢kan 1 < 2");
}

TEST(ParseVtt, CuesWithoutSpeakerContinueThePreviousOne) {
  Transcript t = parse_vtt(
      "WEBVTT\n\n"
      "00:00:01.000 --> 00:00:02.000\nAntes de todo.\n\n"
      "00:00:03.000 --> 00:00:04.000\n<v Ana>Hola.</v>\n\n"
      "00:00:05.000 --> 00:00:06.000\nPues mire: sigo yo.\n\n"
      "00:00:07.000 --> 00:00:08.000\n<v Ana>Y más.\n",
      kCfg);
  EXPECT_TRUE(t.labelled);
  EXPECT_EQ(show(t), (Lines{"participant||00:00:01.000|00:00:02.000|Antes de todo.",
                            "participant|Ana|00:00:03.000|00:00:08.000|Hola. Pues mire: sigo yo. Y más."}));
}

TEST(ParseVtt, PlainCaptionsStartingWithAColonAreNotSpeakers) {
  Transcript t = parse_vtt(
      "WEBVTT\n\n"
      "00:00:01.000 --> 00:00:02.000\nY entonces le dije\n\n"
      "00:00:03.000 --> 00:00:04.000\nMire: así no.\n\n"
      "00:00:05.000 --> 00:00:06.000\nY se fue.\n\n"
      "00:00:07.000 --> 00:00:08.000\nE: ¿Y luego?\n",
      kCfg);
  EXPECT_EQ(show(t), (Lines{"participant||00:00:01.000|00:00:06.000|Y entonces le dije Mire: así no. Y se fue.",
                            "interviewer|E|00:00:07.000|00:00:08.000|¿Y luego?"}));
}

TEST(ParseVtt, TwoVoicesInOneCue) {
  Transcript t = parse_vtt("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Elena Ruiz>¿Sí?</v> <v Ana>Sí.</v>\n", kCfg);
  EXPECT_EQ(show(t), (Lines{"interviewer|Elena Ruiz|00:00:01.000|00:00:02.000|¿Sí?",
                            "participant|Ana|00:00:01.000|00:00:02.000|Sí."}));
}

TEST(ParseVtt, WithoutSpeakersTheWholeFileIsOneUnlabelledTurn) {
  Transcript t = parse_vtt("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nuno\n\n00:00:03.000 --> 00:00:04.000\ndos\n", kCfg);
  EXPECT_FALSE(t.labelled);
  EXPECT_EQ(show(t), (Lines{"participant||00:00:01.000|00:00:04.000|uno dos"}));
}

TEST(ParseVtt, EpisodeMarkersInNotesAndCues) {
  Transcript t = parse_vtt(
      "WEBVTT\n\n"
      "00:00:01.000 --> 00:00:02.000\n<v Ana>uno</v>\n\n"
      "NOTE Episodio 1\n\n"
      "00:00:03.000 --> 00:00:04.000\n<v Ana>dos</v>\n\n"
      "00:00:05.000 --> 00:00:06.000\n[Episodio 2]\n\n"
      "00:00:07.000 --> 00:00:08.000\ntres\n",
      kCfg);
  EXPECT_EQ(show(t), (Lines{"participant|Ana|00:00:01.000|00:00:02.000|uno", "participant|Ana|00:00:03.000|00:00:04.000|dos",
                            "participant|Ana|00:00:07.000|00:00:08.000|tres"}));
  ASSERT_EQ(t.episodes.size(), 2u);
  EXPECT_EQ(t.episodes[0].label, "Episodio 1");
  EXPECT_EQ(t.episodes[0].first_turn, 1u);
  EXPECT_EQ(t.episodes[0].line, 6);
  EXPECT_EQ(t.episodes[1].label, "Episodio 2");
  EXPECT_EQ(t.episodes[1].first_turn, 2u);
}

TEST(ParseVtt, MissingHeader) {
  for (const char* s : {"", "\n", "00:00:01.000 --> 00:00:02.000\nhola\n", "WEBVTTX\n", "webvtt\n", "1\nWEBVTT\n"}) {
    EXPECT_EQ(error_line([&] { parse_vtt(s, kCfg); }), 1) << s;
  }
  EXPECT_NE(error_message([] { parse_vtt("WEBVT\n", kCfg); }).find("WEBVTT"), std::string::npos);
  EXPECT_NO_THROW(parse_vtt("WEBVTT\n", kCfg));
  EXPECT_NO_THROW(parse_vtt("WEBVTT\tTítulo\n", kCfg));
}

TEST(ParseVtt, MalformedTimingNamesItsLine) {
  const std::string head = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ana>uno\n\ncue-2\n";  // timing on line 7
  for (const char* timing : {"00:00:03.000 -> 00:00:04.000", "00:00:03 --> 00:00:04.000", "00:00:03,000 --> 00:00:04,000",
                             "00:61:00.000 --> 01:00:00.000", "00:00:03.000 --> ", "00:00:03.000 --> 00:00:04.0000",
                             "00:00:05.000 --> 00:00:04.000", "0:3.000 --> 0:4.000", "ab --> cd"}) {
    EXPECT_EQ(error_line([&] { parse_vtt(head + timing + "\ndos\n", kCfg); }), 7) << timing;
  }
  EXPECT_NE(error_message([&] { parse_vtt(head + "00:00:03.000 -> 00:00:04.000\n", kCfg); }).find("malformed cue timing"),
            std::string::npos);
  // An identifier with nothing after it.
  EXPECT_EQ(error_line([] { parse_vtt("WEBVTT\n\ncue-1\n\n00:00:01.000 --> 00:00:02.000\nx\n", kCfg); }), 3);
}

TEST(ParseVtt, HoursAreOptionalAndMayExceedTwoDigits) {
  Transcript t = parse_vtt("WEBVTT\n\n59:59.999 --> 100:00:00.000\n<v Ana>x\n", kCfg);
  EXPECT_EQ(show(t), (Lines{"participant|Ana|59:59.999|100:00:00.000|x"}));
}

// ---- SubRip ------------------------------------------------------------------------------

TEST(ParseSrt, LabelOnTheFirstCueOnlyWithBomAndCrlf) {
  Transcript t = parse_srt(
      "\xEF\xBB\xBF" "1\r\n"                                      // 1
      "00:00:01,000 --> 00:00:08,500\r\n"                         // 2
      "ENTREVISTADORA: Ya está grabando. Hoy es\r\n"              // 3
      "miércoles 2 de junio de 2021,\r\n"                         // 4
      "\r\n"                                                      // 5
      "2\r\n"                                                     // 6
      "00:00:08,625 --> 00:00:12,625\r\n"                         // 7
      "<i>gracias</i> por su tiempo.\r\n"                         // 8
      "\r\n"                                                      // 9
      "3\r\n"                                                     // 10
      "00:00:14,078 --> 00:00:19,098\r\n"                         // 11
      "ASESORA: Buenas tardes.\r\n"                               // 12
      "\r\n"                                                      // 13
      "4\r\n"                                                     // 14
      "00:00:20,000 --> 00:00:21,000\r\n"                         // 15
      "{\\an8}ASESORA: Sigo yo.\r\n",                             // 16
      kCfg);
  EXPECT_TRUE(t.labelled);
  EXPECT_EQ(show(t),
            (Lines{"interviewer|ENTREVISTADORA|00:00:01,000|00:00:12,625|Ya está grabando. Hoy es miércoles 2 de junio de 2021, gracias por su tiempo.",
                   "participant|ASESORA|00:00:14,078|00:00:21,000|Buenas tardes. Sigo yo."}));
  EXPECT_EQ(t.turns[0].line, 2);
  EXPECT_EQ(t.turns[1].line, 11);
}

TEST(ParseSrt, TwoSpeakersInOneCueAndColonsInText) {
  Transcript t = parse_srt(
      "1\n00:00:01,000 --> 00:00:02,000\nE: ¿Y qué le dijo?\nP: Me dijo: «no».\n\n"
      "2\n00:00:03,000 --> 00:00:04,000\n<b>Así</b>: tal cual.\n",
      kCfg);
  EXPECT_EQ(show(t), (Lines{"interviewer|E|00:00:01,000|00:00:02,000|¿Y qué le dijo?",
                            "participant|P|00:00:01,000|00:00:04,000|Me dijo: «no». Así: tal cual."}));
}

TEST(ParseSrt, UnlabelledCuesAndToleratedVariants) {
  // No blank line before cue 2, a '.' before the milliseconds, no cue number on cue 3.
  Transcript t = parse_srt(
      "1\n0:00:01.000 --> 0:00:02.000 X1:10 X2:20\nuno\n2\n00:00:03,000 --> 00:00:04,000\ndos\n\n\n"
      "00:00:05,000 --> 00:00:06,000\ntres\n",
      kCfg);
  EXPECT_FALSE(t.labelled);
  EXPECT_EQ(show(t), (Lines{"participant||0:00:01.000|00:00:06,000|uno dos tres"}));
}

TEST(ParseSrt, EpisodeMarker) {
  Transcript t = parse_srt(
      "1\n00:00:01,000 --> 00:00:02,000\nP: uno\n\n2\n00:00:03,000 --> 00:00:04,000\n[Episodio 2]\n\n"
      "3\n00:00:05,000 --> 00:00:06,000\ndos\n",
      kCfg);
  EXPECT_EQ(show(t), (Lines{"participant|P|00:00:01,000|00:00:02,000|uno", "participant|P|00:00:05,000|00:00:06,000|dos"}));
  ASSERT_EQ(t.episodes.size(), 1u);
  EXPECT_EQ(t.episodes[0].first_turn, 1u);
  EXPECT_EQ(t.episodes[0].line, 7);
}

TEST(ParseSrt, MalformedCuesNameTheirLine) {
  EXPECT_EQ(error_line([] { parse_srt("1\n00:00:01,000 -> 00:00:02,000\nuno\n", kCfg); }), 2);
  EXPECT_EQ(error_line([] { parse_srt("1\n00:00:01,000 --> 00:00:02,000\nuno\n\n2\n00:00:03 --> 00:00:04,000\n", kCfg); }),
            6);
  EXPECT_EQ(error_line([] { parse_srt("1\n00:01,000 --> 00:02,000\nuno\n", kCfg); }), 2);
  EXPECT_EQ(error_line([] { parse_srt("1\n00:00:01,000 --> 00:00:02,000\nuno\n\nhola\n", kCfg); }), 5);
  EXPECT_EQ(error_line([] { parse_srt("\n\n7\n\n00:00:01,000 --> 00:00:02,000\nuno\n", kCfg); }), 3);
  EXPECT_NE(error_message([] { parse_srt("1\nuno\n", kCfg); }).find("malformed cue timing"), std::string::npos);
}

// ---- the study's own example, when it is there -------------------------------------------

// The build passes QDA_EXAMPLES_DIR (the example study, examples/asesoria) when it wants this test.
TEST(Examples, E6TeamsTranscript) {
#ifndef QDA_EXAMPLES_DIR
  GTEST_SKIP() << "QDA_EXAMPLES_DIR not defined by the build";
#else
  std::filesystem::path p = std::filesystem::path(QDA_EXAMPLES_DIR) / "entrevistas/E6.vtt";
  if (!std::filesystem::exists(p)) GTEST_SKIP() << p << " not present";
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  Transcript t = parse_vtt(ss.str(), kCfg);
  ASSERT_GE(t.turns.size(), 2u);
  EXPECT_TRUE(t.labelled);
  EXPECT_EQ(t.turns[0].label, "Elena Ruiz");
  EXPECT_EQ(t.turns[0].role, Role::interviewer);
  for (std::size_t i = 0; i < t.turns.size(); ++i) {
    const Turn& turn = t.turns[i];
    EXPECT_EQ(turn.role, turn.label == "Elena Ruiz" ? Role::interviewer : Role::participant);
    EXPECT_FALSE(turn.text.empty());
    EXPECT_EQ(turn.text.find('<'), std::string::npos) << turn.text;
    // Consecutive cues of one speaker were merged (an episode marker may split them).
    if (i && t.episodes.empty()) {
      EXPECT_NE(turn.label, t.turns[i - 1].label);
    }
  }
#endif
}

}  // namespace
}  // namespace qda::ingest
