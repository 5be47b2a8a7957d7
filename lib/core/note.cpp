// Writing and reading note records.
#include "core/note.hpp"

#include "core/json.hpp"
#include "core/json_in.hpp"

namespace qda::note {

std::string to_json(const Note& n) {
  std::string out;
  json::Writer w(out);
  w.begin_object().field("kind", "note").field("tool", n.tool).field("about", n.about).field("id", n.id);
  w.field("reason", n.reason).key("args").begin_object();
  for (const auto& [k, v] : n.args) w.field(k, v);
  w.end_object().field("message", n.message).end_object();
  return out;
}

Note read(std::string_view line) {
  static thread_local simdjson::dom::parser p;
  json::In r = json::parse_in(p, line, "note");
  return Note{r.str("tool"), r.str("about"), r.str("id"), r.str("reason"), r.texts("args"), r.str("message")};
}

}  // namespace qda::note
