// libFuzzer target: the JSON record layer. Lines of records through run_step, each record's
// fields through the shared field readers, and narrative/structure/provenance readers. Any
// exception but qda::Error, or a sanitizer report, is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/fields.hpp"
#include "core/provenance.hpp"
#include "core/step.hpp"
#include "core/synthesis.hpp"

namespace {
class Everything : public qda::Step {
 public:
  Everything() : Step(nullptr) {}
  bool takes(std::string_view) const override { return true; }
  void record(const qda::RecordView& r) override {
    for (const auto& f : r.fields) {
      try { qda::fields::read_codes(f.raw); } catch (const qda::Error&) {}
      try { qda::fields::read_span(f.raw); } catch (const qda::Error&) {}
    }
    (void)r.record().serialize();
    if (r.kind == "narrative") qda::synthesis::to_json(qda::synthesis::read_narrative(r.line));
    if (r.kind == "structure") qda::synthesis::to_json(qda::synthesis::read_structure(r.line));
    if (r.kind == "provenance") qda::provenance::to_json(qda::provenance::read(r.fields));
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  qda::Accounting acc(qda::OnError::skip, "");
  Everything step;
  try {
    qda::run_step(step, *qda::io::LineReader::in_memory(text, "fuzz.jsonl"), acc);
  } catch (const qda::Error&) {
  }
  return 0;
}
