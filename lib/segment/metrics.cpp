// Pk and WindowDiff, window by window as NLTK computes them.
#include "segment/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace qda::segment {

namespace {
void check(std::string_view ref, std::string_view hyp, int k) {
  if (ref.size() != hyp.size()) throw std::invalid_argument("segmentations have different lengths");
  if (k < 1 || static_cast<std::size_t>(k) > ref.size()) throw std::invalid_argument("window size out of range");
}
}  // namespace

WindowCount pk_count(std::string_view ref, std::string_view hyp, int k, char boundary) {
  if (k < 1) {
    auto n = std::count(ref.begin(), ref.end(), boundary);
    k = n ? static_cast<int>(std::lround(ref.size() / (n * 2.0))) : static_cast<int>(ref.size());
    k = std::max(k, 1);
  }
  check(ref, hyp, k);
  WindowCount c;
  for (std::size_t i = 0; i + k <= ref.size(); ++i) {
    bool r = ref.substr(i, k).find(boundary) != std::string_view::npos;
    bool h = hyp.substr(i, k).find(boundary) != std::string_view::npos;
    c.errors += r != h;
    c.windows += 1;
  }
  return c;
}

WindowCount windowdiff_count(std::string_view ref, std::string_view hyp, int k, char boundary, bool weighted) {
  check(ref, hyp, k);
  WindowCount c;
  for (std::size_t i = 0; i + k <= ref.size(); ++i) {
    auto r = std::count(ref.begin() + i, ref.begin() + i + k, boundary);
    auto h = std::count(hyp.begin() + i, hyp.begin() + i + k, boundary);
    auto d = std::abs(r - h);
    c.errors += weighted ? d : std::min<long>(1, d);
    c.windows += 1;
  }
  return c;
}

double pk(std::string_view ref, std::string_view hyp, int k, char boundary) { return pk_count(ref, hyp, k, boundary).rate(); }
double windowdiff(std::string_view ref, std::string_view hyp, int k, char boundary, bool weighted) {
  return windowdiff_count(ref, hyp, k, boundary, weighted).rate();
}

std::string boundary_string(const std::vector<Span>& words, const std::vector<std::size_t>& starts) {
  std::string s(words.size(), '0');
  for (std::size_t b : starts) {
    // the first word that starts at or after b; the boundary follows the word before it
    auto it = std::lower_bound(words.begin(), words.end(), b, [](const Span& w, std::size_t x) { return w.start < x; });
    if (it == words.begin() || it == words.end()) continue;
    s[static_cast<std::size_t>(it - words.begin()) - 1] = '1';
  }
  return s;
}

}  // namespace qda::segment
