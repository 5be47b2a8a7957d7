// Unit fields in, `codes` out.
#include "code/unit.hpp"

#include <simdjson.h>

#include <charconv>
#include <optional>

#include "core/json.hpp"
#include "core/text.hpp"

namespace qda::code {

bool parse_span(std::string_view raw, std::size_t& s, std::size_t& e) {
  auto skip = [&](std::size_t& i) { while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\t')) ++i; };
  auto num = [&](std::size_t& i, std::size_t& v) {
    auto r = std::from_chars(raw.data() + i, raw.data() + raw.size(), v);
    if (r.ec != std::errc()) return false;
    i = static_cast<std::size_t>(r.ptr - raw.data());
    return true;
  };
  std::size_t i = 0;
  skip(i);
  if (i >= raw.size() || raw[i++] != '[') return false;
  skip(i);
  if (!num(i, s)) return false;
  skip(i);
  if (i >= raw.size() || raw[i++] != ',') return false;
  skip(i);
  if (!num(i, e)) return false;
  skip(i);
  if (i >= raw.size() || raw[i++] != ']') return false;
  skip(i);
  return i == raw.size() && s <= e;
}

namespace {
// Record::get_string without its second JSON parse when the string has no escapes: the bytes
// between the quotes are then the value itself (the record was validated when parsed).
std::optional<std::string> get_string(const Record& rec, std::string_view key) {
  const std::string* raw = rec.raw(key);
  if (raw && raw->size() >= 2 && raw->front() == '"' && raw->back() == '"' &&
      raw->find('\\') == std::string::npos)
    return raw->substr(1, raw->size() - 2);
  return rec.get_string(key);
}
}  // namespace

Unit read_unit(Record rec) {
  Unit u;
  auto req = [&](const char* key) {
    auto v = get_string(rec, key);
    if (!v) throw DataError(std::string("a unit needs a string '") + key + "'");
    return std::move(*v);
  };
  u.id = req("id");
  u.doc = req("doc");
  u.text = req("text");
  u.speaker = get_string(rec, "speaker").value_or("");
  u.source = get_string(rec, "source").value_or("");
  u.category = get_string(rec, "category").value_or("");
  if (const std::string* ep = rec.raw("episode")) u.episode = *ep;
  const std::string* span = rec.raw("span");
  if (!span || !parse_span(*span, u.start, u.end)) throw DataError("a unit needs a 'span' [start, end]", Location{{}, 0, 0, u.id});
  std::size_t n = text::cp_length(u.text);
  if (n != u.end - u.start)
    throw DataError("'text' has " + std::to_string(n) + " code points but 'span' covers " + std::to_string(u.end - u.start),
                    Location{{}, 0, 0, u.id});
  u.rec = std::move(rec);
  return u;
}

bool codes_slot(std::string_view line, const Record& rec, std::size_t& at, std::size_t& end, bool& present) {
  const auto& fs = rec.fields();
  present = false;
  if (fs.empty() || line.empty() || line[0] != '{') return false;
  std::size_t p = 1;
  for (std::size_t k = 0; k < fs.size(); ++k) {
    if (k) {
      if (p >= line.size() || line[p] != ',') return false;
      ++p;
    }
    const std::string& key = fs[k].key;
    for (char ch : key)
      if (ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20) return false;  // json::append_string escapes it
    if (line.size() - p < key.size() + 3 || line[p] != '"' || line.compare(p + 1, key.size(), key) != 0 ||
        line[p + 1 + key.size()] != '"' || line[p + 2 + key.size()] != ':')
      return false;
    p += key.size() + 3;
    const std::string& raw = fs[k].raw;
    if (line.compare(p, raw.size(), raw) != 0) return false;
    if (!present && key == "codes") present = true, at = p, end = p + raw.size();
    p += raw.size();
  }
  if (p + 1 != line.size() || line[p] != '}') return false;
  if (!present) at = end = p;
  return true;
}

std::string codes_json(const std::vector<Application>& apps) {
  std::string out;
  json::Writer w(out);
  w.begin_array();
  for (const auto& a : apps) {
    w.begin_object().field("code", a.code).field("by", a.by);
    w.key("span").span(a.start, a.end);
    w.field("evidence", a.evidence);
    if (!a.memo.empty()) w.field("memo", a.memo);
    w.end_object();
  }
  w.end_array();
  return out;
}

std::vector<std::pair<std::string, std::string>> read_codes(const Record& rec) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string* raw = rec.raw("codes");
  if (!raw) return out;
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (p.parse(*raw).get(doc)) throw DataError("'codes' is not valid JSON");
  simdjson::dom::array arr;
  if (doc.get_array().get(arr)) throw DataError("'codes' must be an array");
  for (auto item : arr) {
    std::string_view code, by;
    if (item["code"].get_string().get(code)) throw DataError("an item of 'codes' needs a string 'code'");
    if (item["by"].get_string().get(by)) by = "";
    out.emplace_back(std::string(code), std::string(by));
  }
  return out;
}

}  // namespace qda::code
