// Normalisation tables for the fixed attribute keys.
#include "ingest/attrs.hpp"

#include <charconv>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

namespace qda::ingest {
namespace {
// Attribute values are labels, not content words: "ninos" typed without ñ still means "niños".
std::string key_of(std::string_view v) {
  std::string f = text::squeeze_spaces(text::fold(v));
  std::string out;
  out.reserve(f.size());
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f.compare(i, 2, "ñ") == 0) { out += 'n'; ++i; }
    else out += f[i];
  }
  f.swap(out);
  while (!f.empty() && f.back() == '.') f.pop_back();
  return f;
}
}  // namespace

std::optional<std::string> normalize_gender(std::string_view value) {
  std::string k = key_of(value);
  if (k.empty()) return std::nullopt;
  static const char* fem[] = {"f", "fem", "femenino", "femenina", "mujer", "female", "woman"};
  static const char* mas[] = {"h", "hombre", "masculino", "masc", "varon", "male", "man"};
  static const char* other[] = {"x", "no binario", "no binaria", "no-binario", "otro", "otra", "non-binary", "nonbinary"};
  static const char* unknown[] = {"prefiero no decir", "prefiero no contestar", "no especifica", "no contesto", "n/a", "na", "sin dato"};
  // "M" is ambiguous between Mujer and Masculino; Spanish forms that offer both "Mujer" and
  // "Masculino" are rare, and "F"/"M" (femenino/masculino) is the common pair: M = male.
  if (k == "m") return "m";
  for (auto s : fem) if (k == s) return "f";
  for (auto s : mas) if (k == s) return "m";
  for (auto s : other) if (k == s) return "x";
  for (auto s : unknown) if (k == s) return std::nullopt;
  throw DataError("unrecognised gender '" + std::string(text::trim(value)) +
                  "' (expected e.g. Mujer, Femenino, F, Hombre, Masculino, M, No binario, X)");
}

std::optional<long> normalize_age(std::string_view value) {
  std::string k = key_of(value);
  if (k.empty()) return std::nullopt;
  std::string_view s = k;
  for (std::string_view suffix : {" anos", " años", " a"})
    if (s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix) { s.remove_suffix(suffix.size()); break; }
  long age = -1;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), age);
  if (ec != std::errc() || p != s.data() + s.size())
    throw DataError("age '" + std::string(text::trim(value)) + "' is not a whole number");
  if (age < 0 || age > 120) throw DataError("age " + std::to_string(age) + " is out of range (0 to 120)");
  return age;
}

std::optional<std::string> normalize_level(std::string_view value, const std::vector<Level>& levels) {
  std::string_view t = text::trim(value);
  if (t.empty()) return std::nullopt;
  if (levels.empty()) return text::squeeze_spaces(t);
  std::string k = key_of(t);
  for (const auto& l : levels) {
    if (key_of(l.id) == k || key_of(l.label) == k) return l.id;
    for (const auto& m : l.match)
      if (key_of(m) == k) return l.id;
  }
  std::string known;
  for (const auto& l : levels) known += (known.empty() ? "" : ", ") + l.id;
  throw DataError("level '" + std::string(t) + "' matches no level of the study file (" + known +
                  "); add its spelling under levels: match:");
}

bool add_attr(Attrs& out, const std::string& key, std::string_view value, const std::vector<Level>& levels) {
  if (key == "gender") {
    auto g = normalize_gender(value);
    if (!g) return false;
    out.emplace_back(key, json::quote(*g));
  } else if (key == "age") {
    auto a = normalize_age(value);
    if (!a) return false;
    out.emplace_back(key, std::to_string(*a));
  } else if (key == "level") {
    auto l = normalize_level(value, levels);
    if (!l) return false;
    out.emplace_back(key, json::quote(*l));
  } else {
    std::string_view t = text::trim(value);
    if (t.empty()) return false;
    out.emplace_back(key, json::quote(t));
  }
  return true;
}

}  // namespace qda::ingest
