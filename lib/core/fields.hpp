// The fields several tools exchange, each with one reader and one writer: a `span`, and a unit's
// `codes` (corpus-schema/code_application.schema.json). qda-code writes codes with append_codes;
// qda-rewrite, qda-synthesize, qda-report and qda-code --compare read them with read_codes or
// read_code_ids, so a bad value gets the same message in every tool.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace qda::fields {

// [start, end) in code points of the doc text.
struct Span {
  std::size_t start = 0, end = 0;
};

// Parse "[start, end]": two whole numbers with start <= end < 2^53 (white space allowed,
// nothing else). False otherwise, `s` then unspecified.
bool parse_span(std::string_view raw, Span& s);
// The same; DataError naming `key` ("must be [start, end]: two whole numbers, start <= end").
Span read_span(std::string_view raw, std::string_view key = "span");
// "[start,end]", as json::Writer writes it.
void append_span(std::string& out, Span s);

// Where a set-aside application falls outside its dimension's passage (model::Dimension).
enum class Passage { any, first, last };

// One item of a unit's `codes` (or `set_aside`).
struct CodeApplication {
  std::string code, by;
  std::size_t start = 0, end = 0;  // its span
  std::string evidence;
  std::string memo;               // human codings only
  std::vector<std::string> over;  // codes of an exclusive dimension set aside for this one
  Passage passage = Passage::any; // in set_aside: outside this passage (any: not set aside)
  std::string beside;             // in set_aside: beside this code, which sets the dimension aside
  std::string veto;               // in set_aside: the model that found the code improbable here
  double probability = -1;        // a model's applications: its probability (-1: not a model's)
  std::vector<std::string> features;  // a model's applications: the features that weighed most
};

// Append `apps` as a JSON array, each item's keys in schema order (code, by, span, evidence,
// then memo, passage, beside, veto, over, probability, features when set).
void append_codes(std::string& out, const std::vector<CodeApplication>& apps);
// A unit's `codes` as written. DataError naming the key when it is not a list of objects each
// with a string "code" (the other keys are read when present and of their type).
std::vector<CodeApplication> read_codes(std::string_view raw, std::string_view key = "codes");
// Only the code ids, with the same checks.
std::vector<std::string> read_code_ids(std::string_view raw, std::string_view key = "codes");

}  // namespace qda::fields
