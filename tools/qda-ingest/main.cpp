// qda-ingest: a study's questionnaire tables and interview transcripts in, participant and doc records out.
#include <filesystem>

#include "core/cli.hpp"
#include "core/charset.hpp"
#include "ingest/ingest.hpp"

namespace {
const char* kExample = R"(  qda-ingest study.yaml -o corpus.jsonl
  qda-ingest --source C --format csv --attr gender=Sexo --attr age=Edad respuestas.csv
  qda-ingest --source E --participants participantes.csv entrevistas/E*.vtt | qda-segment
  qda-ingest project.qdpx -o corpus.jsonl          (REFI-QDA: cases, text sources; ids E1, E2, …)
)";
}

int main(int argc, char** argv) {
  using namespace qda;
  CLI::App app{"Read a study's questionnaire answers (CSV) and interview transcripts (txt, md, vtt, srt, docx)\n"
               "and write participant and doc records as JSON Lines.\n"
               "Study mode: one study.yaml. Ad hoc mode: --source with data files, or one REFI-QDA project (.qdpx).",
               "qda-ingest"};
  cli::CommonOptions common;
  cli::add_common(app, common, true, kExample, false);
  ingest::SourceSpec adhoc;
  std::vector<std::string> attr_maps;
  std::string pseudonyms;
  app.add_option("--source", adhoc.source, "ad hoc mode: the source prefix of the files (C, E, …)");
  app.add_option("--format", adhoc.format, "auto (from the extension), csv, txt, md, vtt, srt, docx or qdpx")
      ->check(CLI::IsMember({"auto", "csv", "txt", "md", "vtt", "srt", "docx", "qdpx"}));
  app.add_option("--id-column", adhoc.id_column, "CSV: the column holding participant ids (default: C1, C2, … in row order)");
  app.add_option("--attr", attr_maps, "KEY=COLUMN: take attribute KEY (gender, age, level, or your own) from COLUMN")
      ->allow_extra_args(false);  // one KEY=COLUMN per --attr, so file names after it stay inputs
  app.add_option("--ignore", adhoc.ignore, "CSV: a column that is neither an attribute nor an answer (e.g. a timestamp)")
      ->allow_extra_args(false);
  app.add_option("--encoding", adhoc.encoding, "auto (default), UTF-8, windows-1252, ISO-8859-1, …");
  app.add_option("--participants", adhoc.participants.file, "transcripts: a CSV of participant attributes by id");
  app.add_option("--category", adhoc.category, "transcripts: the category of every doc");
  app.add_flag("--require-speakers", adhoc.require_speakers, "transcripts: a file without speaker labels is an error");
  std::vector<std::string> interviewer_labels, participant_labels, marker_words;
  app.add_option("--interviewer", interviewer_labels,
                 "transcripts: a speaker label meaning the interviewer (added to Entrevistadora, E, I, …)")
      ->allow_extra_args(false);
  app.add_option("--participant", participant_labels,
                 "transcripts: a speaker label meaning the participant (added to Participante, P, R, …)")
      ->allow_extra_args(false);
  app.add_option("--episode-marker", marker_words,
                 "transcripts: a word that opens an episode marker line, e.g. Relato (added to Episodio)")
      ->allow_extra_args(false);
  app.add_option("--pseudonyms", pseudonyms, "a YAML key of names and pseudonyms, applied before anything is written");

  return cli::run("qda-ingest", app, common, argc, argv, [&]() -> int {
    ingest::Context ctx;
    ctx.speakers = ingest::default_speakers();
    ingest::Study study;
    // A REFI-QDA project is ad hoc input on its own: its participants are E1, E2, … by default.
    bool qdpx = adhoc.format == "qdpx";
    for (const auto& f : common.inputs) qdpx |= ingest::is_qdpx(f);
    if (qdpx) {
      if (common.inputs.size() != 1) throw UsageError("give one .qdpx project alone (each numbers its participants from 1)");
      if (!pseudonyms.empty()) throw UsageError("--pseudonyms cannot be applied to a .qdpx: it would move the coded passages");
      if (adhoc.source.empty()) adhoc.source = "E";
      adhoc.format = "qdpx";
    }
    bool study_mode = adhoc.source.empty();
    if (study_mode) {
      if (!interviewer_labels.empty() || !participant_labels.empty() || !marker_words.empty())
        throw UsageError("--interviewer, --participant and --episode-marker are for ad hoc mode: a study file lists its speakers and episode_markers");
      if (common.inputs.size() != 1)
        throw UsageError("give one study file (study.yaml), or --source with data files");
      study = ingest::load_study(common.inputs[0]);
      ctx.levels = study.levels;
      ctx.categories = study.categories;
      ctx.speakers = study.speakers;
      if (pseudonyms.empty()) pseudonyms = study.pseudonyms;
    } else {
      if (common.inputs.empty()) throw UsageError("ad hoc mode needs data files after --source");
      for (auto& l : interviewer_labels) ctx.speakers.interviewer.push_back(l);
      for (auto& l : participant_labels) ctx.speakers.participant.push_back(l);
      for (auto& w : marker_words) ctx.speakers.episode_markers.push_back(w);
      if (adhoc.encoding != "auto" && !charset::known_encoding(adhoc.encoding))
        throw UsageError("unknown encoding '" + adhoc.encoding + "'");
      for (const auto& m : attr_maps) {
        auto eq = m.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == m.size()) throw UsageError("--attr takes KEY=COLUMN, got '" + m + "'");
        ingest::AttrColumn a{m.substr(0, eq), m.substr(eq + 1), Location{"--attr"}};
        adhoc.attrs.push_back(a);
        adhoc.participants.attrs.push_back(a);
      }
      adhoc.files = adhoc.display = common.inputs;
      for (auto& shown : adhoc.display)
        if (shown == "-") shown = "<stdin>";
      adhoc.where = Location{"--source"};
      adhoc.participants.display = adhoc.participants.file;
      adhoc.participants.where = Location{"--participants"};
      adhoc.source = adhoc.source;
      study.sources.push_back(adhoc);
    }
    if (!pseudonyms.empty()) ctx.pseudonyms = ingest::Pseudonymizer::load(pseudonyms);

    io::Output out(common.output);
    Accounting acc(common.on_error_mode(), common.rejects);
    // Docs go to a temporary file as they are read; the participants, which come first, stay.
    ingest::Spool corpus;
    if (study_mode) ingest::ingest_study(study, ctx, acc, corpus);
    else if (qdpx) ingest::ingest_qdpx(adhoc, ctx, acc, corpus);
    else if (adhoc.format == "csv" || (adhoc.format == "auto" && ingest::format_from_extension(adhoc.files[0]) == "csv"))
      ingest::ingest_table(adhoc, ctx, acc, corpus);
    else ingest::ingest_transcripts(adhoc, ctx, acc, corpus);
    // In study mode the study travels with the stream: later steps read its prompts and labels.
    corpus.write(out, study_mode ? model::to_record(study) : std::string());
    out.commit();
    spdlog::debug("wrote {} participants and {} docs", corpus.participants(), corpus.docs());
    acc.finish(common.verbosity());
    return 0;
  });
}
