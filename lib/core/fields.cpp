// Reading and writing the fields the tools exchange: spans and a unit's codes.
#include "core/fields.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "core/error.hpp"
#include "core/json.hpp"

namespace qda::fields {

namespace {
// As json::Writer::value(std::size_t) writes it (through std::int64_t).
void append_uint(std::string& out, std::size_t n) {
  const auto v = static_cast<std::int64_t>(n);
  char digits[24];
  out.append(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, v).ptr - digits));
}

DataError bad(std::string_view key, const std::string& what) {
  Location l;
  l.key = std::string(key);
  return DataError(what, l);
}

simdjson::dom::parser& parser() {
  static thread_local simdjson::dom::parser p;
  return p;
}

// Visit each item of a codes array, checking what every reader needs: an object with a string
// "code". `each(item, code)` reads the rest.
template <class F>
void each_code(std::string_view raw, std::string_view key, F&& each) {
  const std::string what = "must be a list of {\"code\": …} objects";
  simdjson::dom::element doc;
  simdjson::dom::array arr;
  if (parser().parse(raw.data(), raw.size()).get(doc) || doc.get_array().get(arr)) throw bad(key, what);
  for (simdjson::dom::element item : arr) {
    std::string_view code;
    if (!item.is_object() || item["code"].get_string().get(code)) throw bad(key, what);
    each(item, code);
  }
}
}  // namespace

bool parse_span(std::string_view raw, Span& s) {
  auto skip = [&](std::size_t& i) { while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) ++i; };
  auto num = [&](std::size_t& i, std::size_t& v) {
    auto r = std::from_chars(raw.data() + i, raw.data() + raw.size(), v);
    if (r.ec != std::errc()) return false;
    i = static_cast<std::size_t>(r.ptr - raw.data());
    return true;
  };
  std::size_t i = 0;
  skip(i);
  if (i >= raw.size() || raw[i++] != '[') return false;
  skip(i);
  if (!num(i, s.start)) return false;
  skip(i);
  if (i >= raw.size() || raw[i++] != ',') return false;
  skip(i);
  if (!num(i, s.end)) return false;
  skip(i);
  if (i >= raw.size() || raw[i++] != ']') return false;
  skip(i);
  // Beyond 2^53 a JSON number is no longer an exact integer in most readers (and past 2^63 it
  // would be written back negative): no text is that long.
  constexpr std::size_t kMax = (std::size_t{1} << 53) - 1;
  return i == raw.size() && s.start <= s.end && s.end <= kMax;
}

Span read_span(std::string_view raw, std::string_view key) {
  Span s;
  if (!parse_span(raw, s)) throw bad(key, "must be [start, end]: two whole numbers, start <= end");
  return s;
}

void append_span(std::string& out, Span s) {
  out += '[';
  append_uint(out, s.start);
  out += ',';
  append_uint(out, s.end);
  out += ']';
}

// A probability with three decimals ("0.834"; "1.000"), the same bytes on every machine.
static void append_fixed3(std::string& out, double p) {
  long m = std::lround(std::clamp(p, 0.0, 1.0) * 1000);
  out += static_cast<char>('0' + m / 1000);
  out += '.';
  out += static_cast<char>('0' + m / 100 % 10);
  out += static_cast<char>('0' + m / 10 % 10);
  out += static_cast<char>('0' + m % 10);
}

void append_codes(std::string& out, const std::vector<CodeApplication>& apps) {
  out += '[';
  bool first = true;
  for (const auto& a : apps) {
    if (!first) out += ',';
    first = false;
    out += "{\"code\":";
    json::append_string(out, a.code);
    out += ",\"by\":";
    json::append_string(out, a.by);
    out += ",\"span\":";
    append_span(out, Span{a.start, a.end});
    out += ",\"evidence\":";
    json::append_string(out, a.evidence);
    if (!a.memo.empty()) {
      out += ",\"memo\":";
      json::append_string(out, a.memo);
    }
    if (a.passage != Passage::any) out += a.passage == Passage::first ? ",\"passage\":\"first\"" : ",\"passage\":\"last\"";
    if (!a.beside.empty()) {
      out += ",\"beside\":";
      json::append_string(out, a.beside);
    }
    if (!a.veto.empty()) {
      out += ",\"veto\":";
      json::append_string(out, a.veto);
    }
    if (!a.over.empty()) {
      out += ",\"over\":[";
      for (std::size_t i = 0; i < a.over.size(); ++i) {
        if (i) out += ',';
        json::append_string(out, a.over[i]);
      }
      out += ']';
    }
    if (a.probability >= 0) {
      out += ",\"probability\":";
      append_fixed3(out, a.probability);
      out += ",\"features\":[";
      for (std::size_t i = 0; i < a.features.size(); ++i) {
        if (i) out += ',';
        json::append_string(out, a.features[i]);
      }
      out += ']';
    }
    out += '}';
  }
  out += ']';
}

std::vector<CodeApplication> read_codes(std::string_view raw, std::string_view key) {
  std::vector<CodeApplication> out;
  each_code(raw, key, [&](simdjson::dom::element item, std::string_view code) {
    CodeApplication a;
    a.code = code;
    std::string_view s;
    if (!item["by"].get_string().get(s)) a.by = s;
    if (!item["evidence"].get_string().get(s)) a.evidence = s;
    if (!item["memo"].get_string().get(s)) a.memo = s;
    if (!item["beside"].get_string().get(s)) a.beside = s;
    if (!item["veto"].get_string().get(s)) a.veto = s;
    if (!item["passage"].get_string().get(s)) a.passage = s == "first" ? Passage::first : s == "last" ? Passage::last : Passage::any;
    simdjson::dom::array span;
    std::uint64_t b = 0, e = 0;
    if (!item["span"].get_array().get(span) && span.size() == 2 && !span.at(0).get_uint64().get(b) &&
        !span.at(1).get_uint64().get(e) && b <= e)
      a.start = b, a.end = e;
    simdjson::dom::array over;
    if (!item["over"].get_array().get(over))
      for (simdjson::dom::element o : over)
        if (!o.get_string().get(s)) a.over.emplace_back(s);
    double p = 0;
    if (!item["probability"].get_double().get(p) && p >= 0 && p <= 1) a.probability = p;
    simdjson::dom::array fs;
    if (!item["features"].get_array().get(fs))
      for (simdjson::dom::element f : fs)
        if (!f.get_string().get(s)) a.features.emplace_back(s);
    out.push_back(std::move(a));
  });
  return out;
}

std::vector<std::string> read_code_ids(std::string_view raw, std::string_view key) {
  std::vector<std::string> out;
  each_code(raw, key, [&](simdjson::dom::element, std::string_view code) { out.emplace_back(code); });
  return out;
}

}  // namespace qda::fields
