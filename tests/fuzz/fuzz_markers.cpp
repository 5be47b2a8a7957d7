// libFuzzer target: a markers file for qda-segment (classes, phrases, time words, tense, length,
// cohesion, episode prompts and requests), then its prompts and markers matched on a text made
// of the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/yaml.hpp"
#include "segment/cues.hpp"
#include "segment/sentences.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    qda::segment::Markers m = qda::segment::load_markers(qda::yaml::parse(text, "fuzz-markers.yaml"));
    qda::io::require_utf8(text, "fuzz-markers.yaml");  // docs reach the matcher validated
    qda::segment::Text t;
    t.assign(text);
    qda::segment::Span all{0, t.cps.size()};
    (void)qda::segment::match_prompt(m, t, all);
    (void)qda::segment::match_marker(m, t, all);
  } catch (const qda::Error&) {
  }
  return 0;
}
