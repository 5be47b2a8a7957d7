// Reading YAML configuration with errors that name the file, line, column and key.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace qda::yaml {

// A loaded YAML document and the file it came from.
struct Doc {
  std::string file;
  YAML::Node root;
};

// Load a YAML file; ConfigError with position on a syntax error, IoError when unreadable.
Doc load(const std::string& path);
// Parse YAML text (tests); `file` names it in errors.
Doc parse(const std::string& text, const std::string& file);

// Position of a node (1-based line and column).
Location at(const Doc& d, const YAML::Node& n, std::string_view key = {});

// ConfigError for every key of map `n` not in `allowed` ("unknown key 'x' (expected one of …)").
void check_keys(const Doc& d, const YAML::Node& n, std::initializer_list<std::string_view> allowed,
                std::string_view context);
// Required/optional scalar strings, and a string or list of strings.
std::string req_string(const Doc& d, const YAML::Node& map, std::string_view key, std::string_view context);
std::optional<std::string> opt_string(const Doc& d, const YAML::Node& map, std::string_view key);
std::vector<std::string> string_list(const Doc& d, const YAML::Node& n, std::string_view key);
bool opt_bool(const Doc& d, const YAML::Node& map, std::string_view key, bool fallback);
std::optional<long> opt_int(const Doc& d, const YAML::Node& map, std::string_view key);

}  // namespace qda::yaml
