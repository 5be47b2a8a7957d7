// Reading the fields of a unit record that coding needs, and writing its `codes`.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "code/matcher.hpp"
#include "core/record.hpp"

namespace qda::code {

// A unit record read for coding: the record as it will be written, and the fields coding needs
// (views into `line`, or into the unit's own strings for values with escapes). Reused from
// unit to unit (the buffers keep their capacity); not copyable, as the views point into it.
struct Unit {
  Unit() = default;
  Unit(const Unit&) = delete;
  Unit& operator=(const Unit&) = delete;

  // The record as Record::serialize_to would write it (compact, fields in order).
  // [codes_at, codes_end) is the value of its first `codes` field; both are the position of
  // the closing brace when it has none (`has_codes` false).
  std::string line;
  std::size_t codes_at = 0, codes_end = 0;
  bool has_codes = false;
  std::string_view id, doc, speaker, source, category, text;
  std::string_view episode;  // the raw JSON value of `episode` ("" when absent: the whole doc)
  std::size_t start = 0, end = 0;  // span in doc code points
  UnitView view() const { return UnitView{id, doc, speaker, source, category, start, text}; }

  std::string unescaped[6];  // id, doc, text, speaker, source, category when they have escapes
};

// Take the fields of a `unit` record into `u`, as Record::get_string reads them (the first
// field of a key counts). DataError naming the field when `id`, `doc`, `span` or `text` is
// missing or wrong, when `speaker`, `source` or `category` is not a string, or when the text's
// length disagrees with the span.
void read_unit(const std::vector<FieldParser::Field>& fs, Unit& u);


// The (code, by) pairs of a unit's `codes` field as written by codes_json (for --compare).
std::vector<std::pair<std::string, std::string>> read_codes(const Record& rec);

}  // namespace qda::code
