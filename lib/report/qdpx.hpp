// A stream as a REFI-QDA project (qda-report -f qdpx; corpus-schema/refi-qda.md): the docs as
// text sources, participants as cases with their attributes as variables, the codebook, and
// every code application as a coded selection, people's under their names, the rules' under
// one user named for qda.
#pragma once

#include <ctime>
#include <string>
#include <vector>

#include "refi/refi.hpp"
#include "report/model.hpp"

namespace qda::model { struct Study; }
namespace qda::model { struct Codebook; }

namespace qda::report {

struct QdpxOptions {
  std::string machine = "qda";   // the user the rules' applications are written under
  std::string date;              // creationDateTime written on every element ("" = none)
  std::time_t mtime = 315532800;  // the archive entries' date (1980-01-01, the format's first)
};

// The project the stream gives. Codes: the codebook's (hierarchy, labels as names, descriptions,
// colours, memos as notes; a code's GUID the one it was imported with, else derived from its id),
// then any applied code the codebook lacks. Every id-derived GUID comes from refi::guid_from, so
// the same stream gives the same project. `warnings` receives what the caller should say (codes
// applied but not in the codebook). DataError naming the unit when a unit's doc is not in the
// stream or an application's evidence is not the doc's text at its span (docs of another run).
refi::Project to_refi_project(const Stream& s, const model::Codebook* cb, const model::Study* study,
                              const QdpxOptions& o, std::vector<std::string>& warnings);

}  // namespace qda::report
