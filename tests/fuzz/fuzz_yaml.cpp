// libFuzzer target: YAML configuration, through the one codebook loader (keys, ids, rules,
// regular expressions, NEAR, typology) and the JSON writer of its model.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "model/codebook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)qda::model::to_json(qda::model::parse_codebook(text, "fuzz.yaml"));
  } catch (const qda::Error&) {
  }
  return 0;
}
