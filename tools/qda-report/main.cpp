// qda-report: any stream of records in; the study's tables and report out (md, html, tex, csv, csv-r, json),
// or the codebook (qdc) or the whole project (qdpx) as REFI-QDA.
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>

#include <fmt/chrono.h>

#include "model/codebook.hpp"
#include "core/cli.hpp"
#include "model/study.hpp"
#include "report/qdpx.hpp"
#include "report/report.hpp"

#include <unistd.h>

namespace {
const char* kExample = R"(  qda-report --study study.yaml corpus.jsonl                     # Markdown, every table
  qda-report --study study.yaml -f html -o report.html synth.jsonl
  qda-report --study study.yaml -f csv -o tables/ synth.jsonl        # one CSV per table, for Excel
  qda-report --study study.yaml -f csv-r -o tables/ synth.jsonl      # the same for R: read.csv("codes.csv")
  qda-ingest study.yaml | qda-report --study study.yaml --table participants

  qda-report -f csv-r --table matrix --binary -o tables/ coded.jsonl  # codes x participants, 0/1, for R
  qda-report -f qdc -c codebook.yaml -o codebook.qdc                 # the codebook for ATLAS.ti, NVivo, MAXQDA…
  qda-report -f qdpx -c codebook.yaml -o study.qdpx corpus.jsonl coded.jsonl   # the whole project (REFI-QDA)

Tables: participants, notes, typology, structures, giorgi, codes (code x attribute), cooccurrence,
memos, agreement, changes; on request (--table): matrix (code x participant) and retrieval (the
coded passages of each code with their citation). A table whose records are not in the stream is
skipped with a one-line note. Output is the same bytes on every run; --stamp adds the date
(SOURCE_DATE_EPOCH when set).

-f qdpx writes a REFI-QDA project (a zip: project.qde and Sources/<guid>.txt) from qda-ingest's
docs and participants and the coded units: each doc a text source, each participant a case with
its attributes as variables, the codebook (-c), and every code application a coded selection
(positions in code points) under its coder's name, the rules' under the user "qda" with the rule
and its evidence as the selection's description. The same stream gives the same bytes (no dates,
unless SOURCE_DATE_EPOCH is set). Read back: qda-ingest study.qdpx | qda-segment |
qda-code -c study.qdpx --codings study.qdpx --mode human.
)";

// The date printed by --stamp: SOURCE_DATE_EPOCH when set, so a stamped build can be reproduced.
std::string stamp_now() {
  std::time_t t = std::time(nullptr);
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) t = static_cast<std::time_t>(std::strtoll(e, nullptr, 10));
  return fmt::format("{:%Y-%m-%d %H:%M} UTC", fmt::gmtime(t));
}
}  // namespace

int main(int argc, char** argv) {
  using namespace qda;
  CLI::App app{"Read any stream of qda records and write the study's tables: participants, typology,\n"
               "general structures, Giorgi tables, codes, co-occurrence, memos, inter-coder agreement and\n"
               "coding changes, as Markdown, self-contained HTML (with charts), LaTeX, CSV or JSON.",
               "qda-report"};
  cli::CommonOptions common;
  cli::add_common(app, common, true, kExample);
  std::string format = "md", study_file, codebook_file;
  report::Options opts;
  bool stamp = false;
  app.add_option("-f,--format", format, "md (default), html, tex, json, csv (one file per table, -o DIR; for Excel: BOM, the study's\n"
                 "decimal mark, ';' where it is a comma), csv-r (the same for R: ',' and '.'), qdc (the codebook -c as\n"
                 "REFI-QDA), or qdpx (the whole project as REFI-QDA: docs, cases, codebook, codings; -o FILE.qdpx)");
  app.add_option("--table", opts.tables,
                 "only this table (repeatable): participants, notes, typology, structures, giorgi, codes,\n"
                 "cooccurrence, matrix, retrieval, memos, agreement, changes")
      ->allow_extra_args(false);
  app.add_option("--lang", opts.lang, "language of the labels: es or en (default: the study's, else es)");
  app.add_option("--study", study_file,
                 "the study file (study.yaml): population, levels and groups, language, number format, labels\n"
                 "(default: the study record qda-ingest wrote at the head of the stream)");
  app.add_option("-c,--codebook", codebook_file, "the codebook (YAML, .qdc or .qdpx): code and dimension labels, type descriptions");
  app.add_flag("--binary", opts.binary, "the code x participant matrix (--table matrix) as 0/1 instead of unit counts");
  app.add_flag("--stamp", stamp, "print the date under the title (output then differs between runs)");

  return cli::run("qda-report", app, common, argc, argv, [&]() -> int {
    if (format == "qdc") {  // the codebook alone, as a REFI-QDA codebook file (corpus-schema/refi-qda.md)
      if (codebook_file.empty()) throw UsageError("-f qdc writes the codebook: give it with -c");
      io::Output out(common.output);
      out.write(model::to_qdc(model::load_codebook(codebook_file)));
      out.commit();
      return 0;
    }
    if (format == "qdpx") {
      if ((common.output.empty() || common.output == "-") && isatty(STDOUT_FILENO))
        throw UsageError("-f qdpx writes a zip archive: give the file with -o (e.g. -o study.qdpx)");
      std::optional<model::Study> study;
      if (!study_file.empty()) study = model::load_study(study_file);
      std::optional<model::Codebook> codebook;
      if (!codebook_file.empty()) codebook = model::load_codebook(codebook_file);
      Accounting acc(common.on_error_mode(), common.rejects);
      report::Stream stream = report::read_stream(common.inputs, acc, true);
      const model::Study* st = study ? &*study : stream.study ? &*stream.study : nullptr;
      report::QdpxOptions qo;
      if (const char* e = std::getenv("SOURCE_DATE_EPOCH")) {  // a reproducible build's date, else none
        qo.mtime = static_cast<std::time_t>(std::strtoll(e, nullptr, 10));
        qo.date = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(qo.mtime));
      }
      std::vector<std::string> warnings;
      refi::Project p = report::to_refi_project(stream, codebook ? &*codebook : nullptr, st, qo, warnings);
      for (const auto& w : warnings) spdlog::warn("{}", w);
      io::Output out(common.output);
      out.write(refi::write_project(p, qo.mtime));
      out.commit();
      refi::Counts n = refi::count(p);
      spdlog::info("{}: {} sources, {} cases, {} codes, {} selections with {} codings, {} users, {} notes",
                   common.output.empty() ? "-" : common.output, n.sources, n.cases, n.codes, n.selections, n.codings,
                   n.users, n.notes);
      acc.finish(common.verbosity());
      return 0;
    }
    report::Format f = report::parse_format(format);
    std::optional<model::Study> study;
    if (!study_file.empty()) study = model::load_study(study_file);
    std::optional<model::Codebook> codebook;
    if (!codebook_file.empty()) codebook = model::load_codebook(codebook_file);
    if (!opts.lang.empty()) report::Messages::for_language(opts.lang);  // a bad --lang fails before reading
    if (stamp) opts.stamp = stamp_now();

    Accounting acc(common.on_error_mode(), common.rejects);
    report::Stream stream = report::read_stream(common.inputs, acc);
    // Without --study, the study record qda-ingest wrote at the head of the stream.
    const model::Study* st = study ? &*study : stream.study ? &*stream.study : nullptr;
    if (!study && stream.study) spdlog::debug("the study from the stream's study record ({})", stream.study->file);
    report::Inputs in{&stream, st, codebook ? &*codebook : nullptr};
    report::Document doc = report::build(in, opts);
    report::write_files(report::render(doc, f), f, common.output);
    for (const auto& s : doc.sections)
      if (!s.skipped.empty()) spdlog::debug("{}: skipped: {}", s.id, s.skipped);
    acc.finish(common.verbosity());
    return 0;
  });
}
