// Reading the stream into the report's model, with simdjson's DOM (records are small).
#include "report/model.hpp"

#include <simdjson.h>

#include "core/error.hpp"
#include "core/fields.hpp"
#include "core/io.hpp"
#include "core/provenance.hpp"
#include "core/step.hpp"
#include "core/text.hpp"

namespace qda::report {

namespace {

using simdjson::dom::element;

struct Reader {
  std::string_view kind;

  std::string str(element o, const char* key) const {
    element v;
    if (o[key].get(v) || v.is_null()) return {};
    std::string_view s;
    if (v.get(s)) throw DataError("'" + std::string(key) + "' of a " + std::string(kind) + " record must be a string");
    return std::string(s);
  }
  bool has(element o, const char* key) const {
    element v;
    return !o[key].get(v) && !v.is_null();
  }
  // A whole number (0 when absent); not a number, or a number that is not whole (1.5, 1e300), is an error.
  long integer(element o, const char* key) const {
    element v;
    if (o[key].get(v) || v.is_null()) return 0;
    std::int64_t n;
    if (!v.get(n)) return static_cast<long>(n);
    const char* what = v.is_number() ? " record must be a whole number" : " record must be a number";
    throw DataError("'" + std::string(key) + "' of a " + std::string(kind) + what);
  }
  // attrs.gender / attrs.level as strings, attrs.age as an integer.
  void attrs(element o, std::string& gender, std::string& level, std::optional<long>* age) const {
    element a;
    if (o["attrs"].get(a) || !a.is_object()) return;
    gender = str(a, "gender");
    element l;
    if (!a["level"].get(l) && l.is_string()) level = std::string(l.get_string().value());
    if (age && has(a, "age")) *age = integer(a, "age");
  }
  // Every attribute with its type (nulls left out).
  std::vector<Attr> all_attrs(element o) const {
    std::vector<Attr> out;
    simdjson::dom::object a;
    if (o["attrs"].get(a)) return out;
    for (auto [key, v] : a) {
      Attr at{std::string(key), "Text", {}};
      switch (v.type()) {
        case simdjson::dom::element_type::NULL_VALUE: continue;
        case simdjson::dom::element_type::INT64:
        case simdjson::dom::element_type::UINT64: at.type = "Integer"; at.text = simdjson::minify(v); break;
        case simdjson::dom::element_type::DOUBLE: at.type = "Float"; at.text = simdjson::minify(v); break;
        case simdjson::dom::element_type::BOOL: at.type = "Boolean"; at.text = v.get_bool().value() ? "true" : "false"; break;
        case simdjson::dom::element_type::STRING: at.text = std::string(v.get_string().value()); break;
        default: at.text = simdjson::minify(v);
      }
      out.push_back(std::move(at));
    }
    return out;
  }
};

void add_record(Stream& s, element o, std::optional<std::string_view> codes, bool docs) {
  std::string_view kind;
  if (o["kind"].get(kind)) return;  // not a record kind the report knows
  Reader r{kind};
  if (kind == "participant") {
    Participant p;
    p.id = r.str(o, "id");
    p.source = r.str(o, "source");
    r.attrs(o, p.gender, p.level, &p.age);
    p.attrs = r.all_attrs(o);
    if (p.id.empty()) throw DataError("a participant record needs an 'id'");
    if (s.participant_index.emplace(p.id, s.participants.size()).second) s.participants.push_back(std::move(p));
  } else if (kind == "doc" && docs) {
    Doc d;
    d.id = r.str(o, "id");
    d.participant = r.str(o, "participant");
    d.source = r.str(o, "source");
    d.category = r.str(o, "category");
    d.text = r.str(o, "text");
    d.attrs = r.all_attrs(o);
    element origin;
    if (!o["origin"].get(origin) && origin.is_object()) {
      Reader ro{"doc origin"};
      d.origin_format = ro.str(origin, "format");
      d.origin_guid = ro.str(origin, "guid");
      d.origin_name = ro.str(origin, "name");
    }
    if (d.id.empty()) throw DataError("a doc record needs an 'id'");
    if (s.doc_index.emplace(d.id, s.docs.size()).second) s.docs.push_back(std::move(d));
  } else if (kind == "unit") {
    Unit u;
    u.id = r.str(o, "id");
    u.doc = r.str(o, "doc");
    u.participant = r.str(o, "participant");
    u.source = r.str(o, "source");
    u.speaker = r.str(o, "speaker");
    u.category = r.str(o, "category");
    u.text = r.str(o, "text");
    u.question = r.str(o, "question");
    u.start = r.str(o, "start");
    u.episode = r.integer(o, "episode");
    u.seq = r.integer(o, "seq");
    r.attrs(o, u.gender, u.level, nullptr);
    u.has_third_person = r.has(o, "third_person");
    u.third_person = r.str(o, "third_person");
    u.has_meaning = r.has(o, "meaning");
    u.meaning = r.str(o, "meaning");
    u.has_codes = r.has(o, "codes");
    if (codes)
      for (auto& a : fields::read_codes(*codes))
        u.codes.push_back(Application{std::move(a.code), std::move(a.by), a.start, a.end, std::move(a.evidence),
                                      std::move(a.memo), a.probability, std::move(a.features)});
    if (u.id.empty()) throw DataError("a unit record needs an 'id'");
    if (!s.unit_index.emplace(u.id, s.units.size()).second) throw DataError("unit id '" + u.id + "' already used");
    s.units.push_back(std::move(u));
  } else if (kind == "change") {
    Change ch{r.str(o, "unit"), r.str(o, "doc"), r.str(o, "code"), r.str(o, "change"), {}};
    element by;
    if (!o["by"].get(by)) {
      simdjson::dom::array a;
      if (by.get(a)) throw DataError("'by' of a change record must be an array of strings");
      for (auto b : a) {
        std::string_view sv;
        if (b.get(sv)) throw DataError("'by' of a change record must be an array of strings");
        ch.by.emplace_back(sv);
      }
    }
    s.changes.push_back(std::move(ch));
  }
}

// Every record is the report's: the kinds it knows are read into the Stream, others counted.
class ReportStep : public Step {
 public:
  ReportStep(Stream& s, bool docs) : Step(nullptr), s_(s), docs_(docs) {}
  bool takes(std::string_view) const override { return true; }
  void record(const RecordView& r) override {
    ++s_.records;
    if (r.kind == "provenance") return s_.provenance.push_back(provenance::read(r.fields));
    if (r.kind == "study") {
      if (!s_.study) s_.study = model::study_from_record(r.line);
      return;
    }
    if (r.kind == "note") return s_.notes.push_back(note::read(r.line));
    if (r.kind == "narrative") return s_.narratives.push_back(synthesis::read_narrative(r.line));
    if (r.kind == "structure") return s_.structures.push_back(synthesis::read_structure(r.line));
    element o;
    if (auto err = parser_.parse(r.line.data(), r.line.size()).get(o))
      throw DataError(std::string("not a JSON record: ") + simdjson::error_message(err));
    add_record(s_, o, r.raw("codes"), docs_);
  }
  void pass(std::string_view) override { ++s_.records; }

 private:
  Stream& s_;
  bool docs_;
  simdjson::dom::parser parser_;
};

Stream read(io::LineReader& in, Accounting& acc, bool docs) {
  Stream s;
  ReportStep step(s, docs);
  run_step(step, in, acc);
  return s;
}

}  // namespace

const Participant* Stream::participant(const std::string& id) const {
  auto it = participant_index.find(id);
  return it == participant_index.end() ? nullptr : &participants[it->second];
}

const Doc* Stream::doc(const std::string& id) const {
  auto it = doc_index.find(id);
  return it == doc_index.end() ? nullptr : &docs[it->second];
}

const Unit* Stream::unit(const std::string& id) const {
  auto it = unit_index.find(id);
  return it == unit_index.end() ? nullptr : &units[it->second];
}

Stream read_stream(const std::vector<std::string>& inputs, Accounting& acc, bool docs) {
  io::LineReader in(inputs);
  return read(in, acc, docs);
}

Stream read_stream_text(const std::string& text, const std::string& name, Accounting& acc, bool docs) {
  return read(*io::LineReader::in_memory(text, name), acc, docs);
}

}  // namespace qda::report
