// The report's words and numbers: the label catalogue (Spanish, English) and the study's
// number convention ("68.5 %" or "68,5 %"), with percentages that add up.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qda::report {

// Labels of one language, read from the catalogue compiled into the library
// (lib/report/data/messages.tsv), so every label lives in one data file.
class Messages {
 public:
  // "es", "es_MX", "en-GB", … UsageError for a language the catalogue does not have.
  static Messages for_language(const std::string& lang);
  // Every language of the catalogue, and every key of it (for tests).
  static std::vector<std::string> languages();
  static std::vector<std::string> keys();

  const std::string& lang() const { return lang_; }
  // The label; "[key]" when the catalogue lacks it (a test checks that none does).
  std::string get(std::string_view key) const;
  // The label with each {name} replaced by its value.
  std::string format(std::string_view key, std::initializer_list<std::pair<std::string_view, std::string>> args) const;
  bool has(std::string_view key) const { return map_.count(std::string(key)) != 0; }
  // Replace a label (the study's own words for it).
  void set(const std::string& key, std::string value) { map_[key] = std::move(value); }
  // Replace the placeholder {name} in every label by `value` for good (the study's name for a
  // thing the catalogue leaves open, e.g. {types} or {level}).
  void fill(std::string_view name, const std::string& value);

 private:
  std::string lang_;
  std::map<std::string, std::string> map_;
};

// How the study prints numbers: the decimal mark and what follows a percentage, both taken
// from an example such as "68.5 %" or "68,5 %".
struct NumberFormat {
  char decimal = '.';
  std::string percent_suffix = " %";

  // The convention of `example`; the default when it holds no number.
  static NumberFormat from_example(std::string_view example);
  // Tenths as a decimal number: 685 -> "68.5".
  std::string tenths(long t) const;
  // Tenths of a percent as a percentage: 685 -> "68.5 %".
  std::string percent(long tenths_of_percent) const;
  // A fixed number of decimals with the study's decimal mark (never "-0.00").
  std::string fixed(double v, int digits) const;
  // A number shown as an integer when whole, else with one decimal (a median: 44 or 44.5).
  std::string short_number(double v) const;
};

// part/whole in tenths of a percent, rounded half up (54/123 -> 439). 0 when whole is 0.
long percent_tenths(long part, long whole);
// Tenths of a percent of each count in the total, rounded so that they add up to exactly
// 1000 (largest remainder; ties go to the earlier count). All zeros when the total is 0.
std::vector<long> largest_remainder_tenths(const std::vector<long>& counts);

// "a", "a y b", "a, b y c" with the language's conjunction.
std::string join_list(const std::vector<std::string>& items, const Messages& m);

}  // namespace qda::report
