// Cue detection for segment boundaries; the data comes from the markers file, never from code,
// except the verb-ending heuristic, which is Spanish morphology.
#include "segment/cues.hpp"

#include <fmt/format.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"

namespace qda::segment {

namespace {
double number(const yaml::Doc& d, const YAML::Node& map, const char* key, double fallback, double lo, double hi) {
  auto v = map[key];
  if (!v) return fallback;
  double x;
  try {
    x = v.as<double>();
  } catch (const YAML::Exception&) {
    throw ConfigError("must be a number", yaml::at(d, v, key));
  }
  if (x < lo || x > hi) throw ConfigError("must be between " + fmt::format("{}", lo) + " and " + fmt::format("{}", hi), yaml::at(d, v, key));
  return x;
}

std::vector<std::u32string> folded_list(const yaml::Doc& d, const YAML::Node& map, const char* key) {
  std::vector<std::u32string> out;
  for (const auto& s : yaml::string_list(d, map[key], key)) {
    auto t = text::trim(s);
    if (t.empty()) throw ConfigError("empty phrase", yaml::at(d, map[key], key));
    out.push_back(text::fold32(t));
  }
  return out;
}

bool word_at(const std::u32string& f, std::size_t pos, std::size_t end, const std::u32string& w) {
  return pos + w.size() <= end && f.compare(pos, w.size(), w) == 0 &&
         (pos + w.size() == end || !text::is_word_cp(f[pos + w.size()])) && (pos == 0 || !text::is_word_cp(f[pos - 1]));
}
}  // namespace

Markers load_markers(const yaml::Doc& d) {
  const auto& root = d.root;
  if (!root.IsMap()) throw ConfigError("a markers file must be a mapping", yaml::at(d, root));
  yaml::check_keys(d, root, {"markers", "fillers", "tense", "length", "cohesion", "episode_prompts", "stopwords"}, "markers file");
  Markers m;
  auto classes = root["markers"];
  if (!classes || !classes.IsMap() || classes.size() == 0)
    throw ConfigError("'markers' must map class names to {weight, phrases}", yaml::at(d, classes ? classes : root, "markers"));
  for (const auto& kv : classes) {
    std::string name = kv.first.as<std::string>();
    yaml::check_keys(d, kv.second, {"weight", "phrases"}, "marker class '" + name + "'");
    m.classes.push_back({name, number(d, kv.second, "weight", 0.5, 0, 1)});
    for (auto& p : folded_list(d, kv.second, "phrases")) m.phrases.push_back({std::move(p), m.classes.size() - 1});
  }
  std::stable_sort(m.phrases.begin(), m.phrases.end(),
                   [](const auto& a, const auto& b) { return a.folded.size() > b.folded.size(); });
  if (root["fillers"]) m.fillers = folded_list(d, root, "fillers");
  if (root["episode_prompts"]) m.prompts = folded_list(d, root, "episode_prompts");
  if (root["stopwords"])
    for (auto& w : folded_list(d, root, "stopwords")) m.stopwords.insert(std::move(w));
  if (auto t = root["tense"]) {
    yaml::check_keys(d, t, {"weight"}, "tense");
    m.tense_weight = number(d, t, "weight", m.tense_weight, 0, 1);
  }
  if (auto l = root["length"]) {
    yaml::check_keys(d, l, {"weight", "free"}, "length");
    m.length_weight = number(d, l, "weight", m.length_weight, 0, 1);
    m.length_free = static_cast<int>(number(d, l, "free", m.length_free, 0, 100));
  }
  if (auto c = root["cohesion"]) {
    yaml::check_keys(d, c, {"weight", "block", "min_words"}, "cohesion");
    m.cohesion_weight = number(d, c, "weight", m.cohesion_weight, 0, 1);
    m.cohesion_block = static_cast<int>(number(d, c, "block", m.cohesion_block, 1, 50));
    m.cohesion_min_words = static_cast<int>(number(d, c, "min_words", m.cohesion_min_words, 0, 1000));
  }
  return m;
}

std::optional<MarkerHit> match_marker(const Markers& m, const Text& t, Span s) {
  const auto& f = t.folded;
  std::size_t pos = s.start;
  auto skip = [&] { while (pos < s.end && !text::is_word_cp(f[pos])) ++pos; };
  skip();
  for (int fillers = 0; fillers <= 3 && pos < s.end; ++fillers) {
    for (const auto& p : m.phrases)
      if (word_at(f, pos, s.end, p.folded)) return MarkerHit{p.cls, Span{pos, pos + p.folded.size()}};
    auto it = std::find_if(m.fillers.begin(), m.fillers.end(), [&](const auto& w) { return word_at(f, pos, s.end, w); });
    if (it == m.fillers.end()) return std::nullopt;
    pos += it->size();
    skip();
  }
  return std::nullopt;
}

std::optional<Span> match_prompt(const Markers& m, const Text& t, Span s) {
  for (std::size_t pos = s.start; pos < s.end; ++pos) {
    if (!text::is_word_cp(t.folded[pos]) || (pos > 0 && text::is_word_cp(t.folded[pos - 1]))) continue;
    for (const auto& p : m.prompts)
      if (word_at(t.folded, pos, s.end, p)) return Span{pos, pos + p.size()};
  }
  return std::nullopt;
}

const char* tense_name(Tense t) {
  switch (t) {
    case Tense::imperfect: return "imperfect";
    case Tense::preterite: return "preterite";
    case Tense::present: return "present";
    default: return "unknown";
  }
}

namespace {
bool ends(const std::u32string& w, std::u32string_view suf) {
  return w.size() >= suf.size() && std::u32string_view(w).substr(w.size() - suf.size()) == suf;
}
bool in(const std::u32string& w, std::initializer_list<std::u32string_view> l) {
  return std::find(l.begin(), l.end(), std::u32string_view(w)) != l.end();
}

// A light heuristic on Spanish verb forms (lower case, accents kept): frequent irregular forms
// by list, regular ones by ending, with the nouns that share those endings left out.
Tense classify(const std::u32string& w) {
  if (in(w, {U"era", U"eras", U"éramos", U"eran", U"iba", U"ibas", U"íbamos", U"iban"})) return Tense::imperfect;
  if (in(w, {U"fue", U"fui", U"fuimos", U"fueron", U"dijo", U"dije", U"dijeron", U"hizo", U"hice", U"hicimos",
             U"hicieron", U"tuvo", U"tuve", U"tuvimos", U"tuvieron", U"pudo", U"pude", U"pudimos", U"pudieron",
             U"puso", U"puse", U"pusimos", U"pusieron", U"vino", U"vine", U"vinieron", U"estuvo", U"estuve",
             U"estuvimos", U"estuvieron", U"quiso", U"quise", U"supo", U"supe", U"dio", U"di", U"dieron", U"vio",
             U"vi", U"vieron", U"hubo", U"trajo", U"traje", U"propuso", U"propuse"}))
    return Tense::preterite;
  if (in(w, {U"es", U"son", U"soy", U"somos", U"está", U"están", U"estoy", U"estamos", U"hay", U"creo", U"cree",
             U"creemos", U"pienso", U"piensa", U"considero", U"sigo", U"sigue", U"siguen", U"tengo", U"tiene",
             U"tienen", U"tenemos", U"puedo", U"puede", U"pueden", U"podemos", U"sé", U"sabe", U"saben", U"veo",
             U"siento", U"digo", U"dice", U"dicen", U"hago", U"hace", U"hacen", U"hacemos", U"voy", U"va", U"van",
             U"quiero", U"quiere", U"debe", U"deben", U"debemos", U"necesita", U"necesitan", U"significa",
             U"implica", U"parece", U"considera"}))
    return Tense::present;
  if (w.size() < 4) return Tense::unknown;
  if (ends(w, U"aba") || ends(w, U"abas") || ends(w, U"ábamos") || ends(w, U"aban")) return Tense::imperfect;
  if (ends(w, U"ía") || ends(w, U"ías") || ends(w, U"íamos") || ends(w, U"ían")) {
    if (ends(w, U"logía") || ends(w, U"grafía") || ends(w, U"sofía") || ends(w, U"nomía") || ends(w, U"gogía") ||
        ends(w, U"tría") || in(w, {U"todavía", U"días", U"energía", U"compañía", U"alegría", U"mayoría", U"garantía",
                                   U"teoría", U"policía", U"categoría", U"lotería", U"cortesía", U"batería", U"vía"}))
      return Tense::unknown;
    return Tense::imperfect;
  }
  if (ends(w, U"ó") || ends(w, U"aron") || ends(w, U"ieron")) return Tense::preterite;
  if (ends(w, U"é") && !in(w, {U"café", U"bebé", U"porqué", U"josé"})) return Tense::preterite;
  return Tense::unknown;
}

template <class F>
void for_words(const std::u32string& s, Span sp, F&& f) {
  std::size_t i = sp.start;
  while (i < sp.end) {
    while (i < sp.end && !text::is_word_cp(s[i])) ++i;
    std::size_t b = i;
    while (i < sp.end && text::is_word_cp(s[i])) ++i;
    if (b < i) f(b, i);
  }
}
}  // namespace

Tense dominant_tense(const Text& t, Span s) {
  int n[4] = {0, 0, 0, 0};
  std::u32string w;
  for_words(t.cps, s, [&](std::size_t b, std::size_t e) {
    w.clear();
    for (std::size_t i = b; i < e; ++i) w.push_back(static_cast<char32_t>(u_tolower(static_cast<UChar32>(t.cps[i]))));
    ++n[static_cast<int>(classify(w))];
  });
  int best = 0;
  for (int k = 1; k < 4; ++k)
    if (n[k] > (best ? n[best] : 0)) best = k;
  if (best == 0) return Tense::unknown;
  for (int k = 1; k < 4; ++k)
    if (k != best && n[k] == n[best]) return Tense::unknown;
  return static_cast<Tense>(best);
}

std::size_t word_count(const Text& t, Span s) {
  std::size_t n = 0;
  for_words(t.folded, s, [&](std::size_t, std::size_t) { ++n; });
  return n;
}

void content_words(const Markers& m, const Text& t, Span s, std::vector<std::uint64_t>& out) {
  out.clear();
  std::u32string w;
  for_words(t.folded, s, [&](std::size_t b, std::size_t e) {
    if (e - b < 3) return;
    w.assign(t.folded, b, e - b);
    if (m.stopwords.count(w)) return;
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a over a five-letter stem
    for (std::size_t i = 0; i < std::min<std::size_t>(w.size(), 5); ++i) h = (h ^ w[i]) * 1099511628211ull;
    out.push_back(h);
  });
  std::sort(out.begin(), out.end());
}

double cosine(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  auto norm = [](const std::vector<std::uint64_t>& v) {
    double s = 0;
    for (std::size_t i = 0; i < v.size();) {
      std::size_t j = i;
      while (j < v.size() && v[j] == v[i]) ++j;
      s += double(j - i) * double(j - i);
      i = j;
    }
    return std::sqrt(s);
  };
  double dot = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) { ++i; continue; }
    if (b[j] < a[i]) { ++j; continue; }
    std::size_t i2 = i, j2 = j;
    while (i2 < a.size() && a[i2] == a[i]) ++i2;
    while (j2 < b.size() && b[j2] == b[j]) ++j2;
    dot += double(i2 - i) * double(j2 - j);
    i = i2; j = j2;
  }
  double n = norm(a) * norm(b);
  return n > 0 ? dot / n : 0;
}

std::vector<double> cohesion_depths(const Markers& m, const std::vector<std::vector<std::uint64_t>>& bags) {
  std::size_t n = bags.size(), w = static_cast<std::size_t>(m.cohesion_block);
  std::vector<double> sim(n, -1), depth(n, -1);
  std::vector<std::uint64_t> left, right;
  for (std::size_t g = 1; g < n; ++g) {
    left.clear(); right.clear();
    for (std::size_t i = g > w ? g - w : 0; i < g; ++i) left.insert(left.end(), bags[i].begin(), bags[i].end());
    for (std::size_t i = g; i < std::min(n, g + w); ++i) right.insert(right.end(), bags[i].begin(), bags[i].end());
    if (left.size() < std::size_t(m.cohesion_min_words) || right.size() < std::size_t(m.cohesion_min_words)) continue;
    std::sort(left.begin(), left.end());
    std::sort(right.begin(), right.end());
    sim[g] = cosine(left, right);
  }
  // Depth of each valley: how far similarity climbs on both sides before it falls again.
  for (std::size_t g = 1; g < n; ++g) {
    if (sim[g] < 0) continue;
    double hl = sim[g], hr = sim[g];
    for (std::size_t k = g; k > 1 && sim[k - 1] >= hl; --k) hl = sim[k - 1];
    for (std::size_t k = g; k + 1 < n && sim[k + 1] >= hr; ++k) hr = sim[k + 1];
    depth[g] = (hl - sim[g]) + (hr - sim[g]);
  }
  return depth;
}

}  // namespace qda::segment
