// Segmentation agreement: Pk (Beeferman et al. 1999) and WindowDiff (Pevzner & Hearst 2002),
// defined as in NLTK so published values can be checked.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "segment/sentences.hpp"

namespace qda::segment {

// Errors and windows of one comparison, so several regions can be pooled (errors / windows).
struct WindowCount {
  double errors = 0, windows = 0;
  double rate() const { return windows > 0 ? errors / windows : 0; }
  WindowCount& operator+=(const WindowCount& o) { errors += o.errors; windows += o.windows; return *this; }
};

// `ref` and `hyp` are boundary strings of equal length: s[i] == boundary when a segment
// ends after position i. k < 1 means half the mean reference segment length (NLTK's default).
// std::invalid_argument on different lengths or k larger than the strings.
WindowCount pk_count(std::string_view ref, std::string_view hyp, int k = 0, char boundary = '1');
WindowCount windowdiff_count(std::string_view ref, std::string_view hyp, int k, char boundary = '1', bool weighted = false);
double pk(std::string_view ref, std::string_view hyp, int k = 0, char boundary = '1');
double windowdiff(std::string_view ref, std::string_view hyp, int k, char boundary = '1', bool weighted = false);

// Boundary string over word tokens: position i is '1' when one of `starts` (code point
// offsets where a new segment begins) falls after word i and at or before word i+1.
std::string boundary_string(const std::vector<Span>& words, const std::vector<std::size_t>& starts);

}  // namespace qda::segment
