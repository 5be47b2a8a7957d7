// Sentences of a text: ICU's sentence iterator for the study language, corrected for
// abbreviations, quotations, dashes and brackets that plain ICU breaks inside.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/utext.h>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace qda::segment {

// [start, end) in code points.
struct Span {
  std::size_t start = 0, end = 0;
  bool operator==(const Span&) const = default;
};

// An abbreviation after which a break is suppressed; `lower_only`: only when the next word
// starts in lower case or with a digit ("etc.").
struct Abbreviation {
  std::u32string folded;
  bool lower_only = false;
};

// Parse the abbreviation list format (one per line, '#' comments, optional "\tlower").
// `file` names the text in errors (ConfigError with line).
std::vector<Abbreviation> parse_abbreviations(std::string_view text, const std::string& file);

// One decoded doc text: code points, their folded form and the byte offset of each.
struct Text {
  std::string_view utf8;
  std::u32string cps, folded;
  std::vector<std::uint32_t> byte_of;  // size cps+1
  std::vector<std::uint32_t> cp_of;    // byte -> code point, size bytes+1
  // Decode valid UTF-8 (reusing the buffers).
  void assign(std::string_view s);
};

// Splits text into sentences. Holds one ICU iterator for its whole life: create one per
// stream, not one per record. Not thread-safe.
class SentenceSplitter {
 public:
  // ConfigError when ICU has no sentence rules for `lang`.
  SentenceSplitter(const std::string& lang, std::vector<Abbreviation> abbreviations);
  ~SentenceSplitter();
  SentenceSplitter(const SentenceSplitter&) = delete;
  SentenceSplitter& operator=(const SentenceSplitter&) = delete;

  // Sentences of t[range], without surrounding white space, in order; appended to `out`.
  void split(const Text& t, Span range, std::vector<Span>& out);
  // Convenience for tests: sentences of a UTF-8 string as strings.
  std::vector<std::string> split(std::string_view utf8);

 private:
  bool suppressed(const Text& t, std::size_t sent_start, std::size_t brk, std::size_t limit) const;
  std::unique_ptr<icu::BreakIterator> bi_;
  UText* ut_ = nullptr;
  std::vector<Abbreviation> abbr_;
  std::vector<std::size_t> breaks_;
};

}  // namespace qda::segment
