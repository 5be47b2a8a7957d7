// Deterministic JSON writing: one compact object per line, UTF-8 kept as is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qda::json {

// Append `s` as a JSON string literal (quotes included). Control characters, '"' and '\\'
// are escaped; everything else, including non-ASCII UTF-8, is copied byte for byte.
void append_string(std::string& out, std::string_view s);
std::string quote(std::string_view s);
// The content of a JSON string literal (`raw`: its text, quotes included) unescaped into `*out`,
// or only checked when `out` is null. False for anything this does not read: an escape other
// than \" \\ \/ \b \f \n \r \t and \u with four hex digits whose surrogates pair (the caller
// then asks a full JSON parser, which says why). Read where it lies: no parser's copies of a
// long text.
bool unescape(std::string_view raw, std::string* out);
// Shortest round-trip form of a double ("0.5", "12", "1e-07"); NaN/inf are written as null.
void append_number(std::string& out, double v);

// Streaming writer of compact JSON into a string. Keeps the commas right; the caller keeps
// the nesting right (begin/end pairs).
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  Writer& begin_object();
  Writer& end_object();
  Writer& begin_array();
  Writer& end_array();
  Writer& key(std::string_view k);
  Writer& value(std::string_view s);
  Writer& value(const char* s) { return value(std::string_view(s)); }
  Writer& value(const std::string& s) { return value(std::string_view(s)); }
  Writer& value(std::int64_t v);
  Writer& value(int v) { return value(static_cast<std::int64_t>(v)); }
  Writer& value(std::size_t v) { return value(static_cast<std::int64_t>(v)); }
  Writer& value(double v);
  Writer& value(bool v);
  Writer& null();
  // Insert already-serialised JSON as one value.
  Writer& raw(std::string_view json);
  // key + value in one call
  template <class T>
  Writer& field(std::string_view k, const T& v) { key(k); return value(v); }
  Writer& span(std::size_t start, std::size_t end) {
    begin_array(); value(start); value(end); return end_array();
  }

 private:
  void comma() {
    if (after_key_) { after_key_ = false; return; }
    if (depth_) {
      if (!(first_ & 1)) out_ += ',';
      first_ &= ~std::uint64_t{1};
    }
  }
  void push();
  void pop();
  std::string& out_;
  // Per open container, innermost in bit 0: set while nothing is written in it. Containers
  // nested deeper than 64 keep their bits in `deeper_`.
  std::uint64_t first_ = 0;
  std::size_t depth_ = 0;
  std::vector<bool> deeper_;
  bool after_key_ = false;
};

}  // namespace qda::json
