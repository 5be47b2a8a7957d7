// Codings made by people (--codings): read from JSON Lines or CSV, and re-anchored to the
// current segmentation by span overlap or, when the text has moved, by the quoted text.
#pragma once

#include <string>
#include <vector>

#include "code/codebook.hpp"
#include "code/matcher.hpp"
#include "code/unit.hpp"
#include "core/diag.hpp"

namespace qda::code {

// The code of a coding that says "reviewed: no code of the codebook applies here" (a unit a
// researcher read and left uncoded, e.g. in a --suggest sheet): anchored like any coding, it
// teaches --learn a negative example and is written nowhere.
inline constexpr const char* kNoCode = "-";

struct Coding {
  std::string coder, doc, unit, quote, memo;
  std::vector<std::string> codes;
  bool has_span = false;
  std::size_t start = 0, end = 0;
  Location where;      // file and line of the coding
  std::string input;   // the line as read, for the rejects file
  int anchored = 0;    // units it has been attached to so far
  std::string failure;  // why the last anchoring attempt failed
};

// Read one codings file: JSON Lines (one object per line) or CSV with a header, by the
// extension (.csv) or the first character. Fields: coder, doc, span ([s, e] or "s-e") or unit
// or quote, code (or codes, a list), memo. A coder defaults to the file's name without its
// extension. A bad line (no doc, no code, a code not in the codebook, nothing to anchor by)
// is a DataError with FILE:LINE passed to `acc` (stop, or set aside under skip).
// A REFI-QDA project (.qdpx) gives one Coding per <Coding> of a PlainTextSelection: its doc
// is the id qda-ingest gave the source (refi::layout with `refi_source` as the prefix), its
// span the selection's positions mapped to the doc text (read as code points or as UTF-16 code
// units, CRLF or not: whichever reading lines the selections up with the text, logged under
// -v), its coder the User named by the Coding's (else the selection's) creatingUser, its code
// the codebook's code with the same GUID, else the one whose id the code's name gives.
std::vector<Coding> load_codings(const std::string& path, const Codebook& cb, Accounting& acc,
                                 const std::string& refi_source = "E");

// Attach the codings of one doc to its units (all of `units` belong to that doc). A coding
// goes to every unit that holds at least half of it or half of whose text it covers (at least
// the unit it overlaps most), as an Application with its span clipped to the unit, appended
// to the unit's `apps`. With a quote, the quote is looked for in the units' text (folded,
// white space squeezed, then by its head and tail for small edits), nearest to the old span.
struct Slot {
  const Unit* unit;
  std::vector<Application>* apps;
};
void anchor(std::vector<Coding*>& codings, std::vector<Slot>& units);

}  // namespace qda::code
