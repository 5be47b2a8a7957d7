// Note records ({"kind":"note"}, corpus-schema/note.schema.json): what a step could not take
// into the analysis and why — a doc with no episode, a participant with no narrative, a code no
// unit carries — so nothing drops out of a study silently. A step writes them into its stream
// and warns on stderr; qda-report lists them ("not analysed"); under --strict they end the run
// with status 1.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qda::note {

struct Note {
  std::string tool;     // qda-segment, qda-synthesize
  std::string about;    // doc | participant | code | stream
  std::string id;       // the doc, participant or code id ("" for the stream)
  std::string reason;   // a key: no_episode, episode_0, category, no_units, code_unused, uncoded
  std::vector<std::pair<std::string, std::string>> args;  // the reason's figures, for reports
  std::string message;  // the same in words (English), as the warning said it
};

std::string to_json(const Note& n);
// DataError naming the field on a malformed record.
Note read(std::string_view line);

}  // namespace qda::note
