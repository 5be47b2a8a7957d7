// Reading the stream into the report's model, with simdjson's DOM (records are small).
#include "report/model.hpp"

#include <simdjson.h>

#include "core/error.hpp"
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
  double num(element o, const char* key) const {
    element v;
    if (o[key].get(v) || v.is_null()) return 0;
    double d;
    if (v.get(d)) throw DataError("'" + std::string(key) + "' of a " + std::string(kind) + " record must be a number");
    return d;
  }
  std::optional<double> opt_num(element o, const char* key) const {
    if (!has(o, key)) return std::nullopt;
    return num(o, key);
  }
  long integer(element o, const char* key) const { return static_cast<long>(num(o, key)); }
  simdjson::dom::array arr(element o, const char* key) const {
    element v;
    simdjson::dom::array a;
    if (o[key].get(v) || v.is_null()) return a;  // an empty default array
    if (v.get(a)) throw DataError("'" + std::string(key) + "' of a " + std::string(kind) + " record must be an array");
    return a;
  }
  std::vector<std::string> strings(element o, const char* key) const {
    std::vector<std::string> out;
    for (element e : arr(o, key)) {
      std::string_view s;
      if (e.get(s)) throw DataError("'" + std::string(key) + "' of a " + std::string(kind) + " record must hold strings");
      out.emplace_back(s);
    }
    return out;
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
};

void add_record(Stream& s, element o) {
  std::string_view kind;
  if (o["kind"].get(kind)) return;  // not a record kind the report knows
  Reader r{kind};
  if (kind == "participant") {
    Participant p;
    p.id = r.str(o, "id");
    p.source = r.str(o, "source");
    r.attrs(o, p.gender, p.level, &p.age);
    if (p.id.empty()) throw DataError("a participant record needs an 'id'");
    if (s.participant_index.emplace(p.id, s.participants.size()).second) s.participants.push_back(std::move(p));
  } else if (kind == "unit") {
    Unit u;
    u.id = r.str(o, "id");
    u.doc = r.str(o, "doc");
    u.participant = r.str(o, "participant");
    u.source = r.str(o, "source");
    u.speaker = r.str(o, "speaker");
    u.category = r.str(o, "category");
    u.text = r.str(o, "text");
    u.episode = r.integer(o, "episode");
    u.seq = r.integer(o, "seq");
    r.attrs(o, u.gender, u.level, nullptr);
    u.has_third_person = r.has(o, "third_person");
    u.third_person = r.str(o, "third_person");
    u.has_meaning = r.has(o, "meaning");
    u.meaning = r.str(o, "meaning");
    u.has_codes = r.has(o, "codes");
    Reader rc{"unit's codes"};
    for (element c : r.arr(o, "codes")) u.codes.push_back(Application{rc.str(c, "code"), rc.str(c, "by")});
    if (u.id.empty()) throw DataError("a unit record needs an 'id'");
    s.unit_index.emplace(u.id, s.units.size());
    s.units.push_back(std::move(u));
  } else if (kind == "narrative") {
    Narrative n;
    n.id = r.str(o, "id");
    n.doc = r.str(o, "doc");
    n.participant = r.str(o, "participant");
    n.source = r.str(o, "source");
    n.episode = r.integer(o, "episode");
    n.units = r.strings(o, "units");
    n.assigned = r.strings(o, "assigned");
    s.narratives.push_back(std::move(n));
  } else if (kind == "structure") {
    Structure st;
    st.id = r.str(o, "id");
    st.type = r.str(o, "type");
    st.label = r.str(o, "label");
    st.status = r.str(o, "status");
    st.min_participants = r.integer(o, "min_participants");
    st.n_participants = r.integer(o, "n_participants");
    st.narratives = r.strings(o, "narratives");
    st.participants = r.strings(o, "participants");
    simdjson::dom::object src;
    if (!o["sources"].get(src))
      for (auto [k, v] : src) {
        int64_t n = 0;
        if (v.get(n)) throw DataError("'sources' of a structure record must map sources to integers");
        st.sources.emplace_back(std::string(k), static_cast<long>(n));
      }
    Reader rd{"structure's dimension"};
    for (element d : r.arr(o, "dimensions")) {
      DimensionCodes dc{rd.str(d, "dimension"), rd.str(d, "label"), {}};
      for (element c : rd.arr(d, "codes"))
        dc.codes.push_back(CodeSupport{rd.str(c, "code"), rd.str(c, "label"), rd.integer(c, "participants"),
                                       rd.integer(c, "units"), rd.num(c, "weight")});
      st.dimensions.push_back(std::move(dc));
    }
    element var;
    Reader rf{"structure's variation"};
    if (!o["variation"].get(var) && var.is_object())
      for (element f : rf.arr(var, "features"))
        st.features.push_back(Feature{rf.str(f, "feature"), rf.str(f, "id"), rf.str(f, "verdict"),
                                      rf.integer(f, "narratives_before"), rf.integer(f, "narratives_after"),
                                      rf.integer(f, "participants_after"), rf.num(f, "lost_share")});
    Reader re{"structure's exemplar"};
    for (element e : r.arr(o, "exemplars"))
      st.exemplars.push_back(Exemplar{re.str(e, "unit"), re.str(e, "participant"), re.str(e, "cite"), re.str(e, "text")});
    element arc;
    if (!o["arc"].get(arc) && arc.is_object()) {
      Reader ra{"structure's arc"};
      Arc a{ra.str(arc, "expected"), ra.str(arc, "narrative"), ra.str(arc, "shape"),
            ra.opt_num(arc, "agreement"), ra.opt_num(arc, "control_agreement"), {}};
      for (element m : ra.arr(arc, "mean")) {
        double d;
        if (m.get(d)) throw DataError("'mean' of a structure's arc must hold numbers");
        a.mean.push_back(d);
      }
      st.arc = std::move(a);
    }
    s.structures.push_back(std::move(st));
  } else if (kind == "change") {
    s.changes.push_back(Change{r.str(o, "unit"), r.str(o, "doc"), r.str(o, "code"), r.str(o, "change")});
  }
}

// Every record is the report's: the kinds it knows are read into the Stream, others counted.
class ReportStep : public Step {
 public:
  explicit ReportStep(Stream& s) : Step(nullptr), s_(s) {}
  bool takes(std::string_view) const override { return true; }
  void record(const RecordView& r) override {
    ++s_.records;
    if (r.kind == "provenance") {
      s_.provenance.push_back(provenance::read(r.fields));
      return;
    }
    element o;
    if (auto err = parser_.parse(r.line.data(), r.line.size()).get(o))
      throw DataError(std::string("not a JSON record: ") + simdjson::error_message(err));
    add_record(s_, o);
  }
  void pass(std::string_view) override { ++s_.records; }

 private:
  Stream& s_;
  simdjson::dom::parser parser_;
};

Stream read(io::LineReader& in, Accounting& acc) {
  Stream s;
  ReportStep step(s);
  run_step(step, in, acc);
  return s;
}

}  // namespace

const Participant* Stream::participant(const std::string& id) const {
  auto it = participant_index.find(id);
  return it == participant_index.end() ? nullptr : &participants[it->second];
}

const Unit* Stream::unit(const std::string& id) const {
  auto it = unit_index.find(id);
  return it == unit_index.end() ? nullptr : &units[it->second];
}

Stream read_stream(const std::vector<std::string>& inputs, Accounting& acc) {
  io::LineReader in(inputs);
  return read(in, acc);
}

Stream read_stream_text(const std::string& text, const std::string& name, Accounting& acc) {
  return read(*io::LineReader::in_memory(text, name), acc);
}

}  // namespace qda::report
