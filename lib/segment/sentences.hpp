// Sentences of a text: ICU's sentence iterator for the study language, corrected for
// abbreviations, quotations, dashes and brackets that plain ICU breaks inside.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
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

struct Text;

// The code points of a Text (Text::cps, or their folded form Text::folded), indexed in the
// whole text, of which one window is decoded at a time: reading outside it decodes another.
// A long written answer (one turn of megabytes) so costs a window, not eight bytes a code
// point. A pointer from ptr() holds until the next read outside the window.
class CodePoints {
 public:
  std::size_t size() const;
  char32_t operator[](std::size_t i) const;
  // Code points [at, at + n) (at + n <= size()), decoded.
  const char32_t* ptr(std::size_t at, std::size_t n) const;
  // Whether code points [at, at + w.size()) are `w` (false when they pass the end).
  bool equal(std::size_t at, std::u32string_view w) const;

 private:
  friend struct Text;
  CodePoints(const Text& t, const std::u32string& window) : t_(&t), w_(&window) {}
  const Text* t_;
  const std::u32string* w_;
};

// One decoded doc text (a turn): where its code points are in the UTF-8, which are words and
// which are marks, for the whole text; the code points and their folded form, a window at a time.
struct Text {
  Text() = default;
  Text(const Text&) = delete;  // cps and folded point into it
  Text& operator=(const Text&) = delete;
  std::string_view utf8;
  CodePoints cps{*this, window_cps_}, folded{*this, window_folded_};
  // The byte offset of every 64th code point: bytes() finds the others from there, at a
  // sixteenth of a byte a code point where an offset for each took four.
  std::vector<std::uint32_t> byte_every64;
  // text::is_word_cp gives the same answer on `cps` and `folded` at every position, so both
  // have the same words.
  bool same_words = true;
  // Bit i (of 64 per element) set when text::is_word_cp(cps[i]): words are found a run of
  // bits at a time.
  std::vector<std::uint64_t> word_bits;
  // Positions of the characters the sentence splitter looks for after ICU (brackets, quotes,
  // dashes, line feeds), in order, so it need not read every code point; and those characters
  // (mark_cps[k] = cps[marks[k]]), so reading them far ahead does not move the window.
  std::vector<std::uint32_t> marks;
  std::vector<char32_t> mark_cps;
  // Decode valid UTF-8, reusing the buffers: one record's text replaces the last one's.
  void assign(std::string_view s);
  // The byte offset of code point `cp` (0 <= cp <= cps.size()).
  std::size_t byte(std::size_t cp) const;
  // The UTF-8 of code points [span.start, span.end).
  std::string_view slice(Span span) const {
    std::size_t b = byte(span.start);
    return utf8.substr(b, byte(span.end) - b);
  }
  // The bytes of UTF-8 decoded at a time: a text up to this long is decoded whole, once.
  static constexpr std::size_t kWindowBytes = 1 << 15;

 private:
  friend class CodePoints;
  // Decode [b, e) and around it into the window.
  [[gnu::noinline]] void load(std::size_t b, std::size_t e) const;
  // Decode the code points of `bytes`, the first of which is code point k0, into the window;
  // with Index, also set word_bits, marks and `same` (false when a word is not one folded).
  template <bool Index>
  std::size_t decode(std::string_view bytes, std::size_t k0, bool& same);
  std::size_t size_ = 0;
  // The window: code points [lo_, lo_ + len_) and their folded form.
  mutable std::u32string window_cps_, window_folded_;
  mutable std::size_t lo_ = 0, len_ = 0;
};

inline std::size_t CodePoints::size() const { return t_->size_; }
// (Inlined on the hot paths: outside the window is the rare case.)
[[gnu::always_inline]] inline char32_t CodePoints::operator[](std::size_t i) const {
  if (i - t_->lo_ >= t_->len_) [[unlikely]] t_->load(i, i + 1);
  return (*w_)[i - t_->lo_];
}
[[gnu::always_inline]] inline const char32_t* CodePoints::ptr(std::size_t at, std::size_t n) const {
  if (at < t_->lo_ || at + n > t_->lo_ + t_->len_) [[unlikely]] t_->load(at, at + n);
  return w_->data() + (at - t_->lo_);
}
inline bool CodePoints::equal(std::size_t at, std::u32string_view w) const {
  if (at > size() || w.size() > size() - at) return false;
  return std::u32string_view(ptr(at, w.size()), w.size()) == w;
}

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
  // Open enclosures of the current sentence, read from Text::marks up to `mark` (the first
  // mark not yet read).
  struct Enclosures {
    std::size_t mark = 0;
    int guill = 0, curly = 0, paren = 0, square = 0;
    bool ascii = false, inciso = false;
  };
  bool suppressed(const Text& t, std::size_t sent_start, std::size_t brk, std::size_t limit, Enclosures& open) const;
  // Split and join around bracketed transcription notes, in out[first, end).
  void notes(const Text& t, std::vector<Span>& out, std::size_t first) const;
  bool abbreviation_before(const Text& t, std::size_t s, std::size_t j, std::size_t next, std::size_t limit) const;
  std::unique_ptr<icu::BreakIterator> bi_;
  UText* ut_ = nullptr;
  std::vector<Abbreviation> abbr_;
  // Abbreviations by their last two folded code points (sorted by key), and the one-code-point
  // ones, which every break tries.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> abbr_by_end_;
  std::vector<std::uint32_t> abbr_short_;
  static constexpr std::size_t kUtf16Max = 1 << 16;  // code points: a longer range is read as UTF-8
  std::u16string utf16_;                    // the range being split, in UTF-16
  std::vector<std::uint32_t> cp_of_utf16_;  // UTF-16 offset -> code point, for texts beyond the BMP
};

}  // namespace qda::segment
