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

// A loaded YAML document, the file it came from and the SHA-256 of its bytes (provenance).
struct Doc {
  std::string file;
  YAML::Node root;
  std::string sha256;
};

// One key of a mapping and its value, with the key's node for positions.
struct Entry {
  std::string key;
  YAML::Node key_node, value;
};

// Load a YAML file; ConfigError with position on a syntax error, IoError when unreadable.
Doc load(const std::string& path);
// Parse YAML text (tests); `file` names it in errors.
Doc parse(const std::string& text, const std::string& file);

// Position of a node (1-based line and column).
Location at(const Doc& d, const YAML::Node& n, std::string_view key = {});

// The entries of mapping `n` in order. ConfigError at the key for a key that is not a plain
// scalar (`? [a, b]`) or that the mapping already has (YAML would keep one silently), and when
// `n` is not a mapping ("<context> must be a mapping").
std::vector<Entry> entries(const Doc& d, const YAML::Node& n, std::string_view context);
// A scalar value as a string; ConfigError "must be a string" at the node otherwise.
std::string scalar(const Doc& d, const YAML::Node& n, std::string_view key);

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
