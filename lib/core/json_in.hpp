// Reading records with simdjson: a member of a record with its path, whose accessors throw a
// DataError naming the path and the expected type ("'arc.shapes' of a structure record must
// be an object of counts"). Shared by the readers of the stream's nested records.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace qda::json {

// A member of a record being read, with its path for messages.
class In {
 public:
  In(simdjson::dom::element e, std::string path, const char* kind) : e_(e), path_(std::move(path)), kind_(kind) {}

  bool has(const char* key) const {
    simdjson::dom::element v;
    return !e_[key].get(v) && !v.is_null();
  }
  std::string str(const char* key) const {
    auto v = get(key);
    if (!v) return {};
    std::string_view s;
    if (v->get(s)) throw bad(key, "a string");
    return std::string(s);
  }
  std::optional<std::string> opt_str(const char* key) const {
    if (!has(key)) return std::nullopt;
    return str(key);
  }
  std::int64_t integer(const char* key) const {
    auto v = get(key);
    if (!v) return 0;
    std::int64_t n;
    if (v->get(n)) throw bad(key, "a whole number");
    return n;
  }
  double num(const char* key) const {
    auto v = get(key);
    if (!v) return 0;
    double d;
    if (v->get(d)) throw bad(key, "a number");
    return d;
  }
  std::optional<double> opt_num(const char* key) const {
    if (!has(key)) return std::nullopt;
    return num(key);
  }
  std::optional<bool> opt_bool(const char* key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    bool b;
    if (v->get(b)) throw bad(key, "true, false or null");
    return b;
  }
  std::string raw(const char* key) const {
    auto v = get(key);
    return v ? simdjson::minify(*v) : std::string();
  }
  std::vector<std::string> strings(const char* key) const {
    std::vector<std::string> out;
    each(key, [&](const In& item) {
      std::string_view s;
      if (item.e_.get(s)) throw item.bad(nullptr, "a string");
      out.emplace_back(s);
    });
    return out;
  }
  std::vector<double> numbers(const char* key) const {
    std::vector<double> out;
    each(key, [&](const In& item) {
      double d;
      if (item.e_.get(d)) throw item.bad(nullptr, "a number");
      out.push_back(d);
    });
    return out;
  }
  std::vector<std::pair<std::string, std::int64_t>> counts(const char* key) const {
    std::vector<std::pair<std::string, std::int64_t>> out;
    auto v = get(key);
    if (!v) return out;
    simdjson::dom::object o;
    if (v->get(o)) throw bad(key, "an object of counts");
    for (auto [k, n] : o) {
      std::int64_t x;
      if (n.get(x)) throw bad(key, "an object of whole numbers");
      out.emplace_back(std::string(k), x);
    }
    return out;
  }
  // An object of strings, in order.
  std::vector<std::pair<std::string, std::string>> texts(const char* key) const {
    std::vector<std::pair<std::string, std::string>> out;
    auto v = get(key);
    if (!v) return out;
    simdjson::dom::object o;
    if (v->get(o)) throw bad(key, "an object of strings");
    for (auto [k, t] : o) {
      std::string_view x;
      if (t.get(x)) throw bad(key, "an object of strings");
      out.emplace_back(std::string(k), std::string(x));
    }
    return out;
  }
  // Each item of an array member, as an In with its path.
  template <class F>
  void each(const char* key, F&& f) const {
    auto v = get(key);
    if (!v) return;
    simdjson::dom::array a;
    if (v->get(a)) throw bad(key, "an array");
    std::size_t i = 0;
    for (simdjson::dom::element item : a) f(In(item, at(key) + "[" + std::to_string(i++) + "]", kind_));
  }
  // An object member (nullopt when absent or null).
  std::optional<In> object(const char* key) const {
    auto v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_object()) throw bad(key, "an object or null");
    return In(*v, at(key), kind_);
  }

 private:
  std::optional<simdjson::dom::element> get(const char* key) const {
    simdjson::dom::element v;
    if (!e_.is_object() || e_[key].get(v) || v.is_null()) return std::nullopt;
    return v;
  }
  std::string at(const char* key) const {
    if (!key) return path_;
    return path_.empty() ? std::string(key) : path_ + "." + key;
  }
  DataError bad(const char* key, const char* what) const {
    // Appended piece by piece: g++ 12 warns (-Wrestrict, a false positive) on chained '+'.
    std::string m(1, '\'');
    m.append(at(key)).append("' of a ").append(kind_).append(" record must be ").append(what);
    return DataError(m);
  }

  simdjson::dom::element e_;
  std::string path_;
  const char* kind_;
};

inline In parse_in(simdjson::dom::parser& p, std::string_view line, const char* kind) {
  simdjson::dom::element e;
  if (p.parse(line.data(), line.size()).get(e) || !e.is_object()) throw DataError("a record must be a JSON object");
  return In(e, "", kind);
}


}  // namespace qda::json
