// Reading the fields of a unit record that coding needs, and writing its `codes`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "code/matcher.hpp"
#include "core/record.hpp"

namespace qda::code {

// A unit record and the strings its UnitView points into.
struct Unit {
  Record rec;
  std::string id, doc, speaker, source, category, text;
  std::string episode;  // the raw JSON value of `episode` ("" when absent: the whole doc)
  std::size_t start = 0, end = 0;  // span in doc code points
  UnitView view() const { return UnitView{id, doc, speaker, source, category, start, text}; }
};

// Parse "[s, e]" (raw JSON) into two non-negative integers; false when it is not that.
bool parse_span(std::string_view raw, std::size_t& s, std::size_t& e);

// Take the fields from a parsed `unit` record. DataError naming the field when `id`, `doc`,
// `span` or `text` is missing or wrong, or when the text's length disagrees with the span.
Unit read_unit(Record rec);

// Where the `codes` value goes in `line`, the JSON Lines text `rec` was parsed from, so the
// record can be written by splicing instead of re-serialising it. True only when `line` is
// byte for byte what Record::serialize_to would write (compact, keys needing no escapes);
// then [at, end) is the value of the first `codes` field, or, when there is none (`present`
// false), at = end = the position of the closing brace.
bool codes_slot(std::string_view line, const Record& rec, std::size_t& at, std::size_t& end, bool& present);

// The `codes` array of a unit as JSON text, applications in the given order.
std::string codes_json(const std::vector<Application>& apps);

// The (code, by) pairs of a unit's `codes` field as written by codes_json (for --compare).
std::vector<std::pair<std::string, std::string>> read_codes(const Record& rec);

}  // namespace qda::code
