// Provenance records (corpus-schema/provenance.schema.json): what made a stream, the way
// samtools adds an @PG line. Each tool that writes a stream adds one record naming itself, its
// version, its arguments and, for each configuration file it loaded, the path and SHA-256.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/record.hpp"

namespace qda::provenance {

struct Config {
  std::string role;    // "codebook", "study", "markers", "pseudonyms", "lexicon"
  std::string file;    // as the tool was given it
  std::string sha256;  // of the file's bytes
};

struct Provenance {
  std::string tool, version;
  std::vector<std::string> args;  // the command line after the tool's name, as given
  std::vector<Config> config;     // in the order the tool loaded them
};

// This process's record. cli::run starts it (tool, version, arguments); each loader of a
// configuration file adds the file it read, once per role and path.
void start(std::string tool, std::vector<std::string> args);
void add_config(std::string role, std::string file, std::string sha256);
const Provenance& self();

// One compact JSON line: {"kind":"provenance","tool":…,"version":…,"args":[…],"config":[{"role":…,"file":…,"sha256":…}]}.
std::string to_json(const Provenance& p);
// Read a provenance record. DataError naming the key when a field has the wrong type.
Provenance read(const std::vector<FieldParser::Field>& fields);

// Upstream's configuration compared with this process's: for each config of `upstream` whose
// role this process also loaded with different bytes, a sentence saying which file differs
// from which ("the codebook codebook.yaml (sha256 1a2b3c4d5e6f) is not the one qda-code used:
// old.yaml (sha256 9f8e7d6c5b4a)"). Empty when they agree.
std::vector<std::string> mismatches(const Provenance& upstream);

// The first 12 hex digits of a hash: enough to tell versions apart in a sentence.
std::string_view short_hash(std::string_view sha256);

}  // namespace qda::provenance
