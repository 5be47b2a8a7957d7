// Participant attributes: the fixed keys (gender, age, level) normalised from how people write them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/study.hpp"

namespace qda::ingest {

using model::Level;

// "Mujer", "Femenino", "F", "mujer " -> "f"; "Hombre", "Masculino", "M", "H" -> "m";
// "No binario", "Otro", "X" -> "x"; empty or "Prefiero no decir" -> nullopt (unknown).
// DataError naming the value otherwise.
std::optional<std::string> normalize_gender(std::string_view value);
// "41", " 41 ", "41 años" -> 41; empty -> nullopt; DataError for anything else or outside 0..120.
std::optional<long> normalize_age(std::string_view value);
// The canonical id whose spellings match `value` (ignoring case, accents, spaces); with no
// levels configured, the value as written (trimmed). Empty -> nullopt. DataError when levels
// are configured and none matches (the message lists them).
std::optional<std::string> normalize_level(std::string_view value, const std::vector<Level>& levels);

// Attributes in output order: key and the JSON value (already serialised).
using Attrs = std::vector<std::pair<std::string, std::string>>;

// Normalise one attribute by key: gender/age/level are normalised, others kept as trimmed
// strings. Returns false (and leaves `out` alone) when the value is empty.
bool add_attr(Attrs& out, const std::string& key, std::string_view value, const std::vector<Level>& levels);

}  // namespace qda::ingest
