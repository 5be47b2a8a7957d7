// Loading and validating codebook.yaml: every error names FILE:LINE:COL and the key at fault.
#include "model/codebook.hpp"

#include <unicode/regex.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <stdexcept>
#include <unordered_map>

#include "model/stem.hpp"
#include "core/json.hpp"
#include "core/provenance.hpp"
#include "core/text.hpp"
#include "core/yaml.hpp"
#include "refi/refi.hpp"

#include <charconv>
#include <filesystem>

namespace qda::model {

namespace {
int index_of(const std::unordered_map<std::string, int>& ids, const std::string& id) {
  auto it = ids.find(id);
  return it == ids.end() ? -1 : it->second;
}
}  // namespace

const Code* Codebook::find_code(const std::string& id) const {
  int i = code_index(id);
  return i < 0 ? nullptr : &codes[i];
}
int Codebook::code_index(const std::string& id) const { return index_of(code_ids, id); }
int Codebook::dimension_index(const std::string& id) const { return index_of(dimension_ids, id); }
int Codebook::type_index(const std::string& id) const { return index_of(type_ids, id); }

std::size_t Codebook::rule_count() const {
  std::size_t n = 0;
  for (const auto& c : codes) n += c.rules.size();
  return n;
}

std::string fold_pattern(const std::string& s) { return text::squeeze_spaces(text::fold(s)); }

bool parse_veto(std::string_view s, double& v) {
  if (s == "auto") return v = Learning::kVetoAuto, true;
  if (s == "none") return v = 0, true;
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size() || !(d > 0 && d < 1)) return false;
  return v = d, true;
}

namespace {
const char* const kShapes[] = {"rise", "fall", "fall-rise", "rise-fall", "rise-fall-rise", "fall-rise-fall", "flat"};
}

bool known_shape(const std::string& s) {
  for (const char* k : kShapes)
    if (s == k) return true;
  return false;
}

namespace {
using yaml::at;
using yaml::Doc;


bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// A scalar holding a number from 0 to 1 (a typology weight, a bound of scope.position).
bool unit_interval(const YAML::Node& n, double& v) {
  return n.IsScalar() && YAML::convert<double>::decode(n, v) && v >= 0.0 && v <= 1.0;
}

// Words of a folded pattern, split on anything that is not a letter or digit.
std::vector<std::string> words_of(std::string_view folded) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < folded.size();) {
    std::size_t start = i;
    char32_t c = text::next_cp(folded, i);
    if (text::is_word_cp(c)) cur.append(folded.substr(start, i - start));
    else if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// Items of a string-or-list key, each with its own node so errors point at the item.
std::vector<std::pair<std::string, YAML::Node>> items(const Doc& d, const YAML::Node& map, std::string_view key) {
  std::vector<std::pair<std::string, YAML::Node>> out;
  YAML::Node n = map[std::string(key)];
  if (!n || n.IsNull()) return out;
  if (n.IsScalar()) { out.emplace_back(n.as<std::string>(), n); return out; }
  if (!n.IsSequence()) throw ConfigError("must be a string or a list of strings", at(d, n, key));
  for (const auto& item : n) {
    if (!item.IsScalar()) throw ConfigError("list items must be strings", at(d, item, key));
    out.emplace_back(item.as<std::string>(), item);
  }
  return out;
}

// Letters of a regular expression are folded like the text it runs on, except the character
// after a backslash: \D and \d, \S and \s mean different things.
std::string fold_regex(const std::string& p) {
  std::string out;
  for (std::size_t i = 0; i < p.size();) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      out += p[i++];
      std::size_t s = i;
      text::next_cp(p, i);
      out.append(p, s, i - s);
      continue;
    }
    text::append_utf8(out, text::fold_cp(text::next_cp(p, i)));
  }
  return out;
}

class Loader {
  struct CodeRef {
    std::string rule, code, key;
    YAML::Node node;
  };
  std::vector<CodeRef> code_refs_;  // every code named by an `after` or `until`, checked once all are known

 public:
  Loader(const Doc& d) : d_(d) {}

  Codebook load() {
    const YAML::Node& root = d_.root;
    if (!root.IsMap()) throw ConfigError("a codebook must be a mapping", at(d_, root));
    yaml::check_keys(d_, root, {"codebook", "language", "roles", "labels", "assignment", "learning", "dimensions", "codes", "typology"}, "the codebook");
    cb_.file = d_.file;
    cb_.sha256 = d_.sha256;
    cb_.title = yaml::opt_string(d_, root, "codebook").value_or("");
    cb_.language = yaml::opt_string(d_, root, "language").value_or("es");
    try {
      stemmer_ = std::make_unique<Stemmer>(cb_.language);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(e.what(), at(d_, root["language"], "language"));
    }
    roles(root);
    labels(root);
    assignment(root);
    learning(root);
    if (YAML::Node dims = root["dimensions"]; dims && !dims.IsNull()) {
      if (!dims.IsSequence()) throw ConfigError("must be a list", at(d_, dims, "dimensions"));
      for (const auto& n : dims) dimension(n);
    }
    YAML::Node codes = root["codes"];
    if (!codes) throw ConfigError("missing required key in the codebook", at(d_, root, "codes"));
    code_list(codes, "", 0, "codes");
    // `after` and `until` may name a code defined further down: check once every code is known.
    for (const auto& a : code_refs_)
      if (!code_ids_.count(a.code))
        throw ConfigError("unknown code '" + a.code + "' in " + a.rule + " (not defined under codes)", at(d_, a.node, a.key));
    if (YAML::Node typ = root["typology"]; typ && !typ.IsNull()) {
      if (!typ.IsSequence()) throw ConfigError("must be a list", at(d_, typ, "typology"));
      for (const auto& n : typ) type(n);
    }
    derive();
    return std::move(cb_);
  }

 private:
  // A non-empty string under `key` of map `n`, or `fallback` when the key is absent.
  std::string phrase(const YAML::Node& n, const char* key, std::string fallback) {
    auto v = yaml::opt_string(d_, n, key);
    if (!v) return fallback;
    std::string t(text::trim(*v));
    if (t.empty()) throw ConfigError("must not be empty", at(d_, n[key], key));
    return t;
  }

  void roles(const YAML::Node& root) {
    cb_.roles = default_roles(cb_.language);
    YAML::Node n = root["roles"];
    if (!n || n.IsNull()) return;
    if (!n.IsMap()) throw ConfigError("must be a mapping (f, m, unknown)", at(d_, n, "roles"));
    yaml::check_keys(d_, n, {"f", "m", "unknown"}, "roles");
    cb_.roles.f = phrase(n, "f", cb_.roles.f);
    cb_.roles.m = phrase(n, "m", cb_.roles.m);
    if (n["unknown"]) {
      cb_.roles.unknown = phrase(n, "unknown", cb_.roles.unknown);
      std::string first = text::fold(cb_.roles.unknown.substr(0, cb_.roles.unknown.find(' ')));
      cb_.roles.unknown_feminine = !(first == "el" || first == "un" || first == "los" || first == "unos");
    }
  }

  void assignment(const YAML::Node& root) {
    YAML::Node n = root["assignment"];
    if (!n || n.IsNull()) return;
    if (!n.IsMap()) throw ConfigError("must be a mapping (min_score, relative, min_margin)", at(d_, n, "assignment"));
    yaml::check_keys(d_, n, {"min_score", "relative", "min_margin"}, "assignment");
    auto share = [&](const char* key, double& v) {
      YAML::Node x = n[key];
      if (!x) return;
      double d;
      if (!x.IsScalar() || !YAML::convert<double>::decode(x, d) || !(d >= 0 && d <= 1))
        throw ConfigError("must be a number in [0, 1]", at(d_, x, key));
      v = d;
    };
    share("min_score", cb_.assignment.min_score);
    share("relative", cb_.assignment.relative);
    share("min_margin", cb_.assignment.min_margin);
  }

  void learning(const YAML::Node& root) {
    YAML::Node n = root["learning"];
    if (!n || n.IsNull()) return;
    if (!n.IsMap()) throw ConfigError("must be a mapping (threshold, veto, lemmas)", at(d_, n, "learning"));
    yaml::check_keys(d_, n, {"threshold", "veto", "lemmas"}, "learning");
    if (YAML::Node x = n["threshold"]) {
      double d;
      if (!x.IsScalar() || !YAML::convert<double>::decode(x, d) || !(d > 0 && d < 1))
        throw ConfigError("must be a number between 0 and 1", at(d_, x, "threshold"));
      cb_.learning.threshold = d;
    }
    if (YAML::Node x = n["veto"]) {
      if (!x.IsScalar() || !parse_veto(x.Scalar(), cb_.learning.veto))
        throw ConfigError("must be auto, none or a probability between 0 and 1", at(d_, x, "veto"));
    }
    if (YAML::Node x = n["lemmas"]) {
      if (!x.IsScalar() || !YAML::convert<bool>::decode(x, cb_.learning.lemmas))
        throw ConfigError("must be true or false", at(d_, x, "lemmas"));
    }
  }

  void labels(const YAML::Node& root) {
    YAML::Node n = root["labels"];
    if (!n || n.IsNull()) return;
    if (!n.IsMap()) throw ConfigError("must be a mapping (typology, meaning)", at(d_, n, "labels"));
    yaml::check_keys(d_, n, {"typology", "meaning"}, "labels");
    cb_.labels.typology = phrase(n, "typology", "");
    cb_.labels.meaning = phrase(n, "meaning", "");
  }

  std::string id_of(const YAML::Node& n, const char* what, std::unordered_map<std::string, Location>& seen) {
    std::string id = yaml::req_string(d_, n, "id", what);
    if (!valid_id(id)) throw ConfigError("'" + id + "' is not a valid id (lower-case letters, digits, _)", at(d_, n["id"], "id"));
    auto [it, fresh] = seen.emplace(id, at(d_, n["id"], "id"));
    if (!fresh)
      throw ConfigError("duplicate " + std::string(what) + " id '" + id + "' (first at line " +
                            std::to_string(it->second.line) + ")",
                        at(d_, n["id"], "id"));
    return id;
  }

  void dimension(const YAML::Node& n) {
    yaml::check_keys(d_, n, {"id", "label", "description", "exclusive", "passage"}, "a dimension");
    Dimension dim;
    dim.id = id_of(n, "dimension", dim_ids_);
    dim.label = yaml::req_string(d_, n, "label", "a dimension");
    dim.description = yaml::opt_string(d_, n, "description").value_or("");
    dim.exclusive = yaml::opt_bool(d_, n, "exclusive", false);
    if (auto p = yaml::opt_string(d_, n, "passage")) {
      if (*p == "first") dim.passage = Dimension::Passage::first;
      else if (*p == "last") dim.passage = Dimension::Passage::last;
      else if (*p != "any")
        throw ConfigError("unknown passage '" + *p + "' (expected one of: first, last, any)", at(d_, n["passage"], "passage"));
    }
    cb_.dimensions.push_back(std::move(dim));
  }

  void code_list(const YAML::Node& list, const std::string& parent, int depth, const char* key) {
    if (list.IsNull()) return;
    if (!list.IsSequence()) throw ConfigError("must be a list of codes", at(d_, list, key));
    for (const auto& n : list) code(n, parent, depth);
  }

  void code(const YAML::Node& n, const std::string& parent, int depth) {
    yaml::check_keys(d_, n, {"id", "label", "description", "include", "exclude", "examples", "memo", "color",
                             "dimension", "meaning", "children", "rules", "sets_aside"},
                     "a code");
    Code c;
    c.id = id_of(n, "code", code_ids_);
    c.label = yaml::req_string(d_, n, "label", "a code");
    c.description = yaml::opt_string(d_, n, "description").value_or("");
    c.memo = yaml::opt_string(d_, n, "memo").value_or("");
    c.meaning = yaml::opt_string(d_, n, "meaning").value_or("");
    check_template(n["meaning"], c.meaning);
    c.include = yaml::string_list(d_, n["include"], "include");
    c.exclude = yaml::string_list(d_, n["exclude"], "exclude");
    c.examples = yaml::string_list(d_, n["examples"], "examples");
    c.color = yaml::opt_string(d_, n, "color").value_or("");
    static const std::regex kColor("#[0-9a-fA-F]{6}");
    if (!c.color.empty() && !std::regex_match(c.color, kColor))
      throw ConfigError("a color is written #rrggbb, got '" + c.color + "'", at(d_, n["color"], "color"));
    c.dimension = yaml::opt_string(d_, n, "dimension").value_or("");
    if (!c.dimension.empty() && !dim_ids_.count(c.dimension))
      throw ConfigError("unknown dimension '" + c.dimension + "'" + known(dim_ids_), at(d_, n["dimension"], "dimension"));
    for (auto& [dim, node] : items(d_, n, "sets_aside")) {
      if (!dim_ids_.count(dim)) throw ConfigError("unknown dimension '" + dim + "'" + known(dim_ids_), at(d_, node, "sets_aside"));
      c.sets_aside.push_back(dim);
    }
    c.parent = parent;
    c.depth = depth;
    if (YAML::Node rules = n["rules"]; rules && !rules.IsNull()) {
      if (!rules.IsSequence()) throw ConfigError("must be a list of rules", at(d_, rules, "rules"));
      int k = 0;
      for (const auto& r : rules) c.rules.push_back(rule(r, c.id, ++k));
    }
    std::string id = c.id;
    cb_.codes.push_back(std::move(c));
    if (YAML::Node ch = n["children"]; ch) code_list(ch, id, depth + 1, "children");
  }

  Rule rule(const YAML::Node& n, const std::string& code, int k) {
    yaml::check_keys(d_, n, {"words", "stems", "regex", "near", "min_hits", "negation", "scope", "after", "until"}, "a rule");
    Rule r;
    r.code = code;
    r.name = "rule:" + code + "#" + std::to_string(k);
    r.where = at(d_, n);
    for (auto& [w, node] : items(d_, n, "words")) {
      std::string f = fold_pattern(w);
      if (words_of(f).empty()) throw ConfigError("a word pattern needs a letter or digit", at(d_, node, "words"));
      r.words.push_back(f);
    }
    for (auto& [s, node] : items(d_, n, "stems")) {
      std::vector<std::string> stems;
      for (const auto& w : words_of(s)) stems.push_back(stemmer_->stem(w));
      if (stems.empty()) throw ConfigError("a stem pattern needs a word", at(d_, node, "stems"));
      for (const auto& st : stems)
        if (st.empty()) throw ConfigError("'" + s + "' has an empty stem", at(d_, node, "stems"));
      r.stems.push_back(std::move(stems));
    }
    for (auto& [p, node] : items(d_, n, "regex")) {
      std::string f = fold_regex(p);
      UErrorCode st = U_ZERO_ERROR;
      UParseError pe{};
      std::unique_ptr<icu::RegexPattern> re(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(f), pe, st));
      if (U_FAILURE(st))
        throw ConfigError("invalid regular expression '" + p + "': " + u_errorName(st) +
                              (pe.offset >= 0 ? " at offset " + std::to_string(pe.offset) : std::string()),
                          at(d_, node, "regex"));
      r.regex.push_back(f);
    }
    for (auto& [e, node] : items(d_, n, "near")) r.near.push_back(near(e, node));
    if (r.words.empty() && r.stems.empty() && r.regex.empty() && r.near.empty())
      throw ConfigError("a rule needs at least one of words, stems, regex, near", r.where);
    if (auto m = yaml::opt_int(d_, n, "min_hits")) {
      if (*m < 1) throw ConfigError("must be 1 or more", at(d_, n["min_hits"], "min_hits"));
      r.min_hits = static_cast<int>(*m);
    }
    r.negation = yaml::opt_bool(d_, n, "negation", true);
    for (auto [key, list] : {std::pair{"after", &r.after}, std::pair{"until", &r.until}}) {
      for (auto& [code, node] : items(d_, n, key)) {
        list->push_back(code);
        code_refs_.push_back(CodeRef{r.name, code, key, node});
      }
      if (YAML::Node a = n[key]; a && !a.IsNull() && list->empty())
        throw ConfigError("must name at least one code", at(d_, a, key));
    }
    if (YAML::Node s = n["scope"]; s && !s.IsNull()) {
      yaml::check_keys(d_, s, {"speaker", "source", "category", "position"}, "a rule's scope");
      r.scope.speaker = yaml::opt_string(d_, s, "speaker").value_or("participant");
      if (r.scope.speaker != "participant" && r.scope.speaker != "interviewer" && r.scope.speaker != "any")
        throw ConfigError("speaker must be participant, interviewer or any, got '" + r.scope.speaker + "'",
                          at(d_, s["speaker"], "speaker"));
      r.scope.source = yaml::string_list(d_, s["source"], "source");
      r.scope.category = yaml::string_list(d_, s["category"], "category");
      if (YAML::Node p = s["position"]; p && !p.IsNull()) position(p, r.scope);
    }
    return r;
  }

  // A meaning template names no placeholder but {rol} (the participant's role noun).
  void check_template(const YAML::Node& n, const std::string& t) {
    for (std::size_t i = t.find('{'); i != std::string::npos; i = t.find('{', i + 1)) {
      auto close = t.find('}', i);
      std::string name = close == std::string::npos ? t.substr(i) : t.substr(i, close - i + 1);
      if (name != "{rol}")
        throw ConfigError("unknown placeholder '" + name + "' in a meaning template (expected {rol})", at(d_, n, "meaning"));
    }
  }

  // scope.position: [from, to], two numbers with 0 <= from <= to <= 1.
  void position(const YAML::Node& p, Scope& sc) {
    const std::string what = "position must be [from, to]: two numbers from 0 to 1, from <= to";
    if (!p.IsSequence() || p.size() != 2) throw ConfigError(what, at(d_, p, "position"));
    double v[2];
    for (std::size_t i = 0; i < 2; ++i)
      if (!unit_interval(p[i], v[i]))
        throw ConfigError(p[i].IsScalar() ? what + ", got '" + p[i].Scalar() + "'" : what, at(d_, p[i], "position"));
    if (v[0] > v[1]) throw ConfigError(what + ", got " + p[0].Scalar() + " > " + p[1].Scalar(), at(d_, p, "position"));
    sc.position_from = v[0], sc.position_to = v[1];
  }

  NearTerm near_term(const std::string& t, const YAML::Node& node) {
    NearTerm nt;
    std::string w = t;
    if (!w.empty() && w.back() == '*') nt.prefix = true, w.pop_back();
    nt.word = text::fold(w);
    auto ws = words_of(nt.word);
    if (ws.size() != 1 || ws[0] != nt.word)
      throw ConfigError("a NEAR term is one word, optionally ending in *; got '" + t + "'", at(d_, node, "near"));
    return nt;
  }

  Near near(const std::string& e, const YAML::Node& node) {
    static const std::regex kNear(R"(^\s*(\S+)\s+NEAR/(\d{1,3})\s+(\S+)\s*$)", std::regex::icase);
    std::smatch m;
    if (!std::regex_match(e, m, kNear))
      throw ConfigError("a near rule is written 'A NEAR/n B', got '" + e + "'", at(d_, node, "near"));
    Near nr;
    nr.a = near_term(m[1], node);
    nr.b = near_term(m[3], node);
    nr.distance = std::stoi(m[2]);
    if (nr.distance < 1) throw ConfigError("NEAR/n needs n >= 1", at(d_, node, "near"));
    nr.text = e;
    return nr;
  }

  void type(const YAML::Node& n) {
    yaml::check_keys(d_, n, {"id", "label", "description", "shape", "narrative", "dimensions"}, "a type");
    Type t;
    t.id = id_of(n, "type", type_ids_);
    t.label = yaml::req_string(d_, n, "label", "a type");
    t.description = yaml::opt_string(d_, n, "description").value_or("");
    t.narrative = yaml::opt_string(d_, n, "narrative").value_or("");
    t.shape = yaml::opt_string(d_, n, "shape").value_or("");
    if (!t.shape.empty() && !known_shape(t.shape)) {
        throw ConfigError("unknown shape '" + t.shape + "' (expected one of: rise, fall, fall-rise, rise-fall, "
                          "rise-fall-rise, fall-rise-fall, flat)",
                          at(d_, n["shape"], "shape"));
    }
    if (YAML::Node dims = n["dimensions"]; dims && !dims.IsNull()) {
      if (!dims.IsMap()) throw ConfigError("must map dimensions to codes", at(d_, dims, "dimensions"));
      for (const auto& [dim, dim_node, codes] : yaml::entries(d_, dims, "a type's dimensions")) {
        if (!dim_ids_.count(dim)) throw ConfigError("unknown dimension '" + dim + "'" + known(dim_ids_), at(d_, dim_node, dim));
        if (!codes.IsMap()) throw ConfigError("must map codes to weights ({code: 1.0})", at(d_, codes, dim));
        std::vector<std::pair<std::string, double>> weights;
        for (const auto& [code, code_node, weight] : yaml::entries(d_, codes, "a type's codes")) {
          if (!code_ids_.count(code)) throw ConfigError("unknown code '" + code + "' (not defined under codes)", at(d_, code_node, code));
          double w;
          if (!unit_interval(weight, w)) throw ConfigError("a weight is a number from 0 to 1", at(d_, weight, code));
          weights.emplace_back(code, w);
        }
        t.dimensions.emplace_back(dim, std::move(weights));
      }
    }
    cb_.typology.push_back(std::move(t));
  }

  // The facts every consumer needs, computed once: indices of ids, each code's parent and
  // dimension, each type's weights by dimension and the score of a narrative that has them all.
  void derive() {
    for (std::size_t i = 0; i < cb_.dimensions.size(); ++i) cb_.dimension_ids.emplace(cb_.dimensions[i].id, static_cast<int>(i));
    for (std::size_t i = 0; i < cb_.codes.size(); ++i) {
      Code& c = cb_.codes[i];
      cb_.code_ids.emplace(c.id, static_cast<int>(i));
      c.parent_index = c.parent.empty() ? -1 : cb_.code_index(c.parent);  // parents come first
      c.dimension_index = c.dimension.empty() ? -1 : cb_.dimension_index(c.dimension);
    }
    for (std::size_t i = 0; i < cb_.typology.size(); ++i) {
      Type& t = cb_.typology[i];
      cb_.type_ids.emplace(t.id, static_cast<int>(i));
      for (const auto& [dim, codes] : t.dimensions)
        for (const auto& [code, w] : codes) t.weights.push_back(Weight{cb_.dimension_index(dim), cb_.code_index(code), w});
      group_by_dimension(t);
    }
    std::vector<double> best(cb_.codes.size(), 0.0);
    for (std::size_t i = 0; i < cb_.typology.size(); ++i)
      for (const Weight& w : cb_.typology[i].weights)
        if (w.weight > best[w.code]) best[w.code] = w.weight, cb_.codes[w.code].type_index = static_cast<int>(i);
  }

  static void group_by_dimension(Type& t) {
    std::vector<int> dims;
    for (const Weight& w : t.weights)
      if (std::find(dims.begin(), dims.end(), w.dimension) == dims.end()) dims.push_back(w.dimension);
    for (int d : dims) {
      double best = 0;
      for (std::uint32_t i = 0; i < t.weights.size(); ++i)
        if (t.weights[i].dimension == d) {
          t.by_dimension.push_back(i);
          best = std::max(best, t.weights[i].weight);
        }
      t.group_end.push_back(static_cast<std::uint32_t>(t.by_dimension.size()));
      t.total += best;
    }
  }

  static std::string known(const std::unordered_map<std::string, Location>& ids) {
    if (ids.empty()) return " (the codebook defines no dimensions)";
    return " (not among the codebook's dimensions)";
  }

  const Doc& d_;
  Codebook cb_;
  std::unique_ptr<Stemmer> stemmer_;
  std::unordered_map<std::string, Location> dim_ids_, code_ids_, type_ids_;
};
}  // namespace

Roles default_roles(const std::string& language) {
  // qda-rewrite writes Spanish: only a codebook that says it is English gets English nouns (one
  // without a language, such as a REFI-QDA codebook, gets Spanish ones).
  if (language.rfind("en", 0) == 0 || language == "english") return {"the participant", "the participant", "the participant", true};
  return {"la participante", "el participante", "la persona participante", true};
}

std::string to_json(const Codebook& cb) {
  static const char* const kPassage[] = {"any", "first", "last"};
  std::string out;
  json::Writer w(out);
  w.begin_object().field("kind", "codebook").field("file", cb.file).field("sha256", cb.sha256);
  w.field("title", cb.title).field("language", cb.language);
  w.key("roles").begin_object().field("f", cb.roles.f).field("m", cb.roles.m).field("unknown", cb.roles.unknown).end_object();
  w.key("labels").begin_object().field("typology", cb.labels.typology).field("meaning", cb.labels.meaning).end_object();
  w.key("assignment").begin_object().field("min_score", cb.assignment.min_score).field("relative", cb.assignment.relative)
      .field("min_margin", cb.assignment.min_margin).end_object();
  w.key("learning").begin_object().field("threshold", cb.learning.threshold);
  if (cb.learning.veto == Learning::kVetoAuto) w.field("veto", "auto");
  else if (cb.learning.veto == 0) w.field("veto", "none");
  else w.field("veto", cb.learning.veto);
  w.field("lemmas", cb.learning.lemmas);
  w.end_object();
  w.key("dimensions").begin_array();
  for (const auto& d : cb.dimensions)
    w.begin_object().field("id", d.id).field("label", d.label).field("description", d.description)
        .field("exclusive", d.exclusive).field("passage", kPassage[static_cast<int>(d.passage)]).end_object();
  w.end_array().key("codes").begin_array();
  for (const auto& c : cb.codes) {
    w.begin_object().field("id", c.id).field("label", c.label).field("description", c.description);
    if (!c.guid.empty()) {  // a REFI-QDA code: what the exchange file knew of it
      w.field("guid", c.guid);
      if (!c.color.empty()) w.field("color", c.color);
    }
    w.field("parent", c.parent).field("depth", c.depth).field("dimension", c.dimension).field("meaning", c.meaning);
    w.field("type", c.type_index < 0 ? std::string() : cb.typology[c.type_index].id);
    w.key("sets_aside").begin_array();
    for (const auto& d : c.sets_aside) w.value(d);
    w.end_array().field("rules", c.rules.size()).end_object();
  }
  w.end_array().key("typology").begin_array();
  for (const auto& t : cb.typology) {
    w.begin_object().field("id", t.id).field("label", t.label).field("description", t.description);
    w.field("shape", t.shape).field("narrative", t.narrative).key("dimensions").begin_object();
    for (const auto& [dim, codes] : t.dimensions) {
      w.key(dim).begin_object();
      for (const auto& [code, weight] : codes) w.field(code, weight);
      w.end_object();
    }
    w.end_object().field("total", t.total).end_object();
  }
  w.end_array().end_object();
  return out;
}

Codebook parse_codebook(const std::string& yaml_text, const std::string& file) {
  Doc d = yaml::parse(yaml_text, file);
  return Loader(d).load();
}

bool is_refi(const std::string& path) {
  std::string ext = text::fold(std::filesystem::path(path).extension().string());
  return ext == ".qdc" || ext == ".qdpx";
}

Codebook codebook_from_refi(const std::string& path) {
  Codebook cb;
  cb.file = path;
  std::vector<refi::Code> codes;
  try {
    codes = refi::read_codebook(path, cb.sha256, cb.title);
  } catch (Error& e) {
    e.locate(Location{path});
    throw;
  }
  cb.roles = default_roles(cb.language);
  for (auto& e : refi::flatten(codes)) {
    Code c;
    c.id = e.id;
    c.label = e.name;
    c.description = e.description;
    c.color = e.color;
    c.guid = e.guid;
    c.parent = e.parent;
    c.depth = e.depth;
    cb.codes.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < cb.codes.size(); ++i) {
    Code& c = cb.codes[i];
    cb.code_ids.emplace(c.id, static_cast<int>(i));
    c.parent_index = c.parent.empty() ? -1 : cb.code_index(c.parent);  // parents come first
  }
  provenance::add_config("codebook", path, cb.sha256);
  return cb;
}

std::string to_qdc(const Codebook& cb) {
  std::vector<refi::CodeEntry> entries;
  for (const auto& c : cb.codes)
    entries.push_back(refi::CodeEntry{c.guid, c.id, c.label.empty() ? c.id : c.label, c.description, c.color, c.parent,
                                      c.depth, true});
  return refi::write_codebook(entries, "qda " + std::string(provenance::self().version));
}

Codebook load_codebook(const std::string& path) {
  if (is_refi(path)) return codebook_from_refi(path);
  Doc d = yaml::load(path);
  Codebook cb = Loader(d).load();
  provenance::add_config("codebook", path, d.sha256);
  return cb;
}

}  // namespace qda::model
