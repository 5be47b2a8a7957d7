// JSON string escaping and the compact writer.
#include "core/json.hpp"

#include <fmt/format.h>

#include <cmath>

namespace qda::json {

void append_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: out += "\\u00"; out += hex[c >> 4]; out += hex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

std::string quote(std::string_view s) {
  std::string out;
  append_string(out, s);
  return out;
}

void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) { out += "null"; return; }
  if (v == std::floor(v) && std::fabs(v) < 1e15) { fmt::format_to(std::back_inserter(out), "{}", static_cast<long long>(v)); return; }
  fmt::format_to(std::back_inserter(out), "{}", v);
}

void Writer::comma() {
  if (after_key_) { after_key_ = false; return; }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
}

Writer& Writer::begin_object() { comma(); out_ += '{'; first_.push_back(true); return *this; }
Writer& Writer::end_object() { out_ += '}'; first_.pop_back(); return *this; }
Writer& Writer::begin_array() { comma(); out_ += '['; first_.push_back(true); return *this; }
Writer& Writer::end_array() { out_ += ']'; first_.pop_back(); return *this; }
Writer& Writer::key(std::string_view k) {
  comma();
  append_string(out_, k);
  out_ += ':';
  after_key_ = true;
  return *this;
}
Writer& Writer::value(std::string_view s) { comma(); append_string(out_, s); return *this; }
Writer& Writer::value(std::int64_t v) { comma(); fmt::format_to(std::back_inserter(out_), "{}", v); return *this; }
Writer& Writer::value(double v) { comma(); append_number(out_, v); return *this; }
Writer& Writer::value(bool v) { comma(); out_ += v ? "true" : "false"; return *this; }
Writer& Writer::null() { comma(); out_ += "null"; return *this; }
Writer& Writer::raw(std::string_view j) { comma(); out_ += j; return *this; }

}  // namespace qda::json
