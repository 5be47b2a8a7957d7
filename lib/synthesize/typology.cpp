// Minimal codebook loader for synthesis: dimensions, codes (with hierarchy), typology.
#include "synthesize/typology.hpp"

#include <algorithm>

#include "core/io.hpp"
#include "core/yaml.hpp"

namespace qda::synthesize {

namespace {

const char* const kShapes[] = {"rise", "fall", "fall-rise", "rise-fall", "rise-fall-rise", "fall-rise-fall", "flat"};

void load_codes(const yaml::Doc& d, const YAML::Node& list, int parent, Typology& t) {
  if (!list || list.IsNull()) return;
  if (!list.IsSequence()) throw ConfigError("must be a list of codes", yaml::at(d, list, "codes"));
  for (const auto& n : list) {
    if (!n.IsMap()) throw ConfigError("a code must be a mapping", yaml::at(d, n, "codes"));
    Code c;
    c.id = yaml::req_string(d, n, "id", "code");
    if (t.code_index(c.id) >= 0) throw ConfigError("duplicate code id '" + c.id + "'", yaml::at(d, n["id"], "id"));
    c.label = yaml::opt_string(d, n, "label").value_or(c.id);
    c.parent = parent;
    if (auto dim = yaml::opt_string(d, n, "dimension")) {
      c.dimension = t.dimension_index(*dim);
      if (c.dimension < 0)
        throw ConfigError("unknown dimension '" + *dim + "'", yaml::at(d, n["dimension"], "dimension"));
    }
    t.codes.push_back(c);
    load_codes(d, n["children"], static_cast<int>(t.codes.size()) - 1, t);
  }
}

void group_by_dimension(Type& ty) {
  std::vector<int> dims;
  for (const Weight& w : ty.weights)
    if (std::find(dims.begin(), dims.end(), w.dimension) == dims.end()) dims.push_back(w.dimension);
  for (int d : dims) {
    double best = 0;
    for (std::uint32_t i = 0; i < ty.weights.size(); ++i)
      if (ty.weights[i].dimension == d) {
        ty.by_dimension.push_back(i);
        best = std::max(best, ty.weights[i].weight);
      }
    ty.group_end.push_back(static_cast<std::uint32_t>(ty.by_dimension.size()));
    ty.total += best;
  }
}

void load_types(const yaml::Doc& d, const YAML::Node& list, Typology& t) {
  if (!list || list.IsNull()) return;
  if (!list.IsSequence()) throw ConfigError("must be a list of types", yaml::at(d, list, "typology"));
  for (const auto& n : list) {
    if (!n.IsMap()) throw ConfigError("a type must be a mapping", yaml::at(d, n, "typology"));
    Type ty;
    ty.id = yaml::req_string(d, n, "id", "type");
    for (const auto& other : t.types)
      if (other.id == ty.id) throw ConfigError("duplicate type id '" + ty.id + "'", yaml::at(d, n["id"], "id"));
    ty.label = yaml::opt_string(d, n, "label").value_or(ty.id);
    ty.shape = yaml::opt_string(d, n, "shape").value_or("");
    if (!ty.shape.empty() && !known_shape(ty.shape))
      throw ConfigError("unknown shape '" + ty.shape +
                            "' (expected rise, fall, fall-rise, rise-fall, rise-fall-rise, fall-rise-fall or flat)",
                        yaml::at(d, n["shape"], "shape"));
    ty.narrative = yaml::opt_string(d, n, "narrative").value_or("");
    YAML::Node dims = n["dimensions"];
    if (dims && !dims.IsNull()) {
      if (!dims.IsMap()) throw ConfigError("must map dimensions to {code: weight}", yaml::at(d, dims, "dimensions"));
      for (auto it = dims.begin(); it != dims.end(); ++it) {
        std::string dim = it->first.as<std::string>();
        int di = t.dimension_index(dim);
        if (di < 0) throw ConfigError("unknown dimension '" + dim + "'", yaml::at(d, it->first, dim));
        if (!it->second.IsMap())
          throw ConfigError("must map codes to weights ({code: 1.0})", yaml::at(d, it->second, dim));
        for (auto ct = it->second.begin(); ct != it->second.end(); ++ct) {
          std::string code = ct->first.as<std::string>();
          int ci = t.code_index(code);
          if (ci < 0) throw ConfigError("unknown code '" + code + "'", yaml::at(d, ct->first, code));
          double w = 0;
          if (!ct->second.IsScalar() || !YAML::convert<double>::decode(ct->second, w))
            throw ConfigError("weight must be a number", yaml::at(d, ct->second, code));
          ty.weights.push_back(Weight{di, ci, w});
        }
      }
    }
    group_by_dimension(ty);
    t.types.push_back(std::move(ty));
  }
}

}  // namespace

bool known_shape(const std::string& s) {
  for (const char* k : kShapes)
    if (s == k) return true;
  return false;
}

int Typology::code_index(const std::string& id) const {
  for (std::size_t i = 0; i < codes.size(); ++i)
    if (codes[i].id == id) return static_cast<int>(i);
  return -1;
}

int Typology::dimension_index(const std::string& id) const {
  for (std::size_t i = 0; i < dimensions.size(); ++i)
    if (dimensions[i].id == id) return static_cast<int>(i);
  return -1;
}

Typology parse_typology(const std::string& yaml_text, const std::string& file) {
  yaml::Doc d = yaml::parse(yaml_text, file);
  if (!d.root.IsMap()) throw ConfigError("a codebook must be a mapping", yaml::at(d, d.root));
  Typology t;
  t.file = file;
  YAML::Node dims = d.root["dimensions"];
  if (dims && !dims.IsNull()) {
    if (!dims.IsSequence()) throw ConfigError("must be a list of dimensions", yaml::at(d, dims, "dimensions"));
    for (const auto& n : dims) {
      if (!n.IsMap()) throw ConfigError("a dimension must be a mapping", yaml::at(d, n, "dimensions"));
      Dimension dim;
      dim.id = yaml::req_string(d, n, "id", "dimension");
      if (t.dimension_index(dim.id) >= 0)
        throw ConfigError("duplicate dimension id '" + dim.id + "'", yaml::at(d, n["id"], "id"));
      dim.label = yaml::opt_string(d, n, "label").value_or(dim.id);
      t.dimensions.push_back(dim);
    }
  }
  load_codes(d, d.root["codes"], -1, t);
  load_types(d, d.root["typology"], t);
  if (t.types.empty()) throw ConfigError("the codebook has no typology to synthesize", yaml::at(d, d.root, "typology"));
  return t;
}

Typology load_typology(const std::string& path) { return parse_typology(io::read_file(path), path); }

}  // namespace qda::synthesize
