// The label catalogue and the study's number convention.
#include "report/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "core/text.hpp"

namespace qda::report {

extern const char* const kMessagesTsv;

namespace {

// The catalogue's rows, split once: key, then one label per language.
struct Catalogue {
  std::vector<std::string> languages{"es", "en"};
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
};

const Catalogue& catalogue() {
  static const Catalogue c = [] {
    Catalogue c;
    for (auto line : text::split(kMessagesTsv, '\n')) {
      if (line.empty() || line[0] == '#') continue;
      auto f = text::split(line, '\t');
      std::vector<std::string> labels;
      for (std::size_t i = 1; i < f.size(); ++i) labels.emplace_back(f[i]);
      c.rows.emplace_back(std::string(f[0]), std::move(labels));
    }
    return c;
  }();
  return c;
}

}  // namespace

Messages Messages::for_language(const std::string& lang) {
  const auto& c = catalogue();
  // Regional variants (es_MX, en-GB) read the language's labels.
  std::string base = lang.substr(0, std::min(lang.find_first_of("_-@."), lang.size()));
  auto it = std::find(c.languages.begin(), c.languages.end(), base);
  if (it == c.languages.end())
    throw UsageError("no report labels for language '" + lang + "' (available: es, en)");
  std::size_t col = static_cast<std::size_t>(it - c.languages.begin());
  Messages m;
  m.lang_ = base;
  for (const auto& [key, labels] : c.rows)
    if (col < labels.size() && !labels[col].empty()) m.map_[key] = labels[col];
  return m;
}

std::vector<std::string> Messages::languages() { return catalogue().languages; }

std::vector<std::string> Messages::keys() {
  std::vector<std::string> k;
  for (const auto& r : catalogue().rows) k.push_back(r.first);
  return k;
}

std::string Messages::get(std::string_view key) const {
  auto it = map_.find(std::string(key));
  if (it != map_.end()) return it->second;
  std::string missing = "[";  // appended, not "[" + key: GCC 12 warns (-Wrestrict) on that form
  missing += key;
  missing += ']';
  return missing;
}

void Messages::fill(std::string_view name, const std::string& value) {
  std::string ph(1, '{');
  ph.append(name).push_back('}');
  for (auto& [key, label] : map_) {
    if (label.find(ph) == std::string::npos) continue;
    // Built anew rather than replaced in place (g++ 12 warns, falsely, of an overlap in replace()).
    std::string out;
    std::size_t pos = 0;
    for (std::size_t i = label.find(ph); i != std::string::npos; i = label.find(ph, pos)) {
      out.append(label, pos, i - pos).append(value);
      pos = i + ph.size();
    }
    out.append(label, pos, std::string::npos);
    label = std::move(out);
  }
}

std::string Messages::format(std::string_view key,
                             std::initializer_list<std::pair<std::string_view, std::string>> args) const {
  std::string s = get(key), out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '{') {
      auto close = s.find('}', i);
      if (close != std::string::npos) {
        std::string_view name(s.data() + i + 1, close - i - 1);
        // "{n|persona|personas}": the singular when argument n is "1", else the plural, so a
        // catalogue line reads right for one participant as for many.
        std::string_view one, many;
        if (auto bar = name.find('|'); bar != std::string_view::npos) {
          auto bar2 = name.find('|', bar + 1);
          if (bar2 != std::string_view::npos) {
            one = name.substr(bar + 1, bar2 - bar - 1);
            many = name.substr(bar2 + 1);
            name = name.substr(0, bar);
          }
        }
        auto a = std::find_if(args.begin(), args.end(), [&](const auto& p) { return p.first == name; });
        if (a != args.end()) {
          if (!many.empty() || !one.empty()) out += a->second == "1" ? one : many;
          else out += a->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += s[i++];
  }
  return out;
}

NumberFormat NumberFormat::from_example(std::string_view ex) {
  NumberFormat f;
  auto last_digit = ex.find_last_of("0123456789");
  if (last_digit == std::string_view::npos) return f;
  auto mark = ex.find_first_of(".,");
  if (mark != std::string_view::npos && mark < last_digit) f.decimal = ex[mark];
  f.percent_suffix = std::string(ex.substr(last_digit + 1));
  return f;
}

std::string NumberFormat::tenths(long t) const {
  std::string sign = t < 0 ? "-" : "";
  long a = std::labs(t);
  return sign + std::to_string(a / 10) + decimal + std::to_string(a % 10);
}

std::string NumberFormat::percent(long t) const { return tenths(t) + percent_suffix; }

std::string NumberFormat::fixed(double v, int digits) const {
  std::string s = fmt::format("{:.{}f}", v, digits);  // fmt ignores the C locale: always '.'
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);
  std::replace(s.begin(), s.end(), '.', decimal);
  return s;
}

std::string NumberFormat::short_number(double v) const {
  if (v == std::floor(v)) return fmt::format("{}", static_cast<long>(v));
  return fixed(v, 1);
}

long percent_tenths(long part, long whole) {
  if (whole <= 0) return 0;
  return (2000 * part + whole) / (2 * whole);  // round(1000 * part / whole), half up
}

std::vector<long> largest_remainder_tenths(const std::vector<long>& counts) {
  long total = std::accumulate(counts.begin(), counts.end(), 0L);
  std::vector<long> out(counts.size(), 0);
  if (total <= 0) return out;
  // Exact share = 1000 * c / total = floor + rem / total; hand the missing tenths to the
  // largest remainders so a breakdown prints as 100.0, not 99.9 or 100.1.
  std::vector<long> rem(counts.size());
  long given = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    out[i] = 1000 * counts[i] / total;
    rem[i] = 1000 * counts[i] % total;
    given += out[i];
  }
  std::vector<std::size_t> order(counts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rem[a] > rem[b]; });
  for (std::size_t k = 0; given < 1000 && k < order.size(); ++k, ++given) ++out[order[k]];
  return out;
}

std::string join_list(const std::vector<std::string>& items, const Messages& m) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += (i + 1 == items.size()) ? m.get("list.and") : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace qda::report
