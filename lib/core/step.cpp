// The read-dispatch-pass-reject-count loop of every tool that reads a stream.
#include "core/step.hpp"

#include <spdlog/spdlog.h>

#include <set>

#include "core/error.hpp"
#include "core/provenance.hpp"

namespace qda {

namespace {
bool has_escape(std::string_view quoted) { return quoted.find('\\') != std::string_view::npos; }

// The value of a string field without copying when it has no escapes; `scratch` holds it otherwise.
std::string_view string_of(std::string_view raw, std::string& scratch) {
  if (raw.size() < 2 || raw[0] != '"') return {};
  if (!has_escape(raw)) return raw.substr(1, raw.size() - 2);
  scratch = unquote(raw);
  return scratch;
}
}  // namespace

std::optional<std::string_view> RecordView::raw(std::string_view key) const {
  for (const auto& f : fields)
    if (f.key == key) return f.raw;
  return std::nullopt;
}

std::optional<std::string> RecordView::string(std::string_view key) const {
  auto r = raw(key);
  if (!r) return std::nullopt;
  if (r->empty() || (*r)[0] != '"') throw DataError("field '" + std::string(key) + "' must be a string");
  return unquote(*r);
}

Record RecordView::record() const { return Record::from_fields(fields); }

void run_step(Step& step, io::LineReader& in, Accounting& acc, const StepOptions& opts) {
  FieldParser parser;
  std::string kind_scratch, id_scratch;
  std::set<std::string> warned;
  bool announced = step.output() == nullptr;
  auto announce = [&] {
    if (announced) return;
    announced = true;
    step.output()->line(provenance::to_json(provenance::self()));
  };
  std::string_view line;
  while (in.next_record(line)) {
    acc.count_in();
    Location where = in.where();
    try {
      const auto& fields = parser.parse(line, io::LineReader::kPadding);
      std::string_view kind;
      for (const auto& f : fields)
        if (f.key == "kind") { kind = string_of(f.raw, kind_scratch); break; }
      for (const auto& f : fields)
        if (f.key == "id") { where.record = std::string(string_of(f.raw, id_scratch)); break; }
      if (kind == "provenance") {
        for (auto& m : provenance::mismatches(provenance::read(fields))) {
          if (opts.strict) throw ConfigError(m + " (--strict)", where);
          if (warned.insert(m).second) spdlog::warn("{}", m);
        }
      } else {
        announce();
      }
      RecordView view{line, fields, kind, where};
      if (step.takes(kind)) step.record(view);
      else step.pass(line);
      acc.count_out();
    } catch (Error& e) {
      // A configuration error or a file that cannot be read or written is not a bad record:
      // it ends the run even under --on-error=skip.
      if (e.exit_code() == Exit::usage || dynamic_cast<const IoError*>(&e)) throw;
      e.locate(where);
      acc.reject(e, line);
    }
  }
  announce();
  step.finish();
}

}  // namespace qda
