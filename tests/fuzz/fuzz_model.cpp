// libFuzzer target: a model file for qda-code --model (its header, calibration, threshold and
// feature lines), then, when it reads, a unit made of the same bytes featurized and predicted.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "code/learn.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "model/codebook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const qda::model::Codebook cb = qda::model::parse_codebook(
      "language: es\ncodes:\n  - id: apoyo\n    label: A\n  - id: rechazo\n    label: R\n", "fuzz-codebook.yaml");
  std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    qda::code::Model m = qda::code::Model::parse(bytes, "fuzz.model", cb);
    if (!qda::text::valid_utf8(bytes)) return 0;  // units reach the model validated
    static qda::code::Featurizer fz("es");
    qda::code::UnitView u{};
    u.text = bytes;
    std::vector<qda::code::Application> none;
    const auto& fs = fz.extract(u, none, 0.0, 1.0);
    std::vector<float> p;
    m.predict(fs, p);
    for (std::size_t c = 0; c < m.codes.size(); ++c) (void)m.top_features(fs, c, 3);
  } catch (const qda::Error&) {
  }
  return 0;
}
