// qda-rewrite over a record stream: units get third_person, rewrite and meaning; every other
// record passes through unchanged and in order.
#pragma once

#include "core/diag.hpp"
#include "core/io.hpp"
#include "core/step.hpp"
#include "rewrite/meaning.hpp"
#include "rewrite/rewrite.hpp"

namespace qda::rewrite {

// Reads every record of `in` and writes the result to `out`. Units of one episode (same doc
// and episode, consecutive) are held back together, because a present/preterite choice the
// grammar leaves open is settled by the tense of the episode around it. Interviewer units
// pass unchanged. A bad record goes to `acc` (DataError with file and line under fail).
// The rewriter uses `meanings`' roles for a participant of unknown gender. jobs > 1: whole
// episodes are rewritten in batches by that many worker threads, the first with `morphology`,
// each other with its own loaded from `morphology_dir`; the output is the same bytes as with
// one job. `grammar`: when the Constraint Grammar runs (Rewriter::Grammar).
void rewrite_stream(io::LineReader& in, io::Output& out, Accounting& acc, Morphology& morphology, const Meanings& meanings,
                    const StepOptions& opts = {}, int jobs = 1, const std::string& morphology_dir = {},
                    Grammar grammar = Grammar::needed);

}  // namespace qda::rewrite
