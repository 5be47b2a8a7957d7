// Parsing records with simdjson On-Demand and writing them back field by field.
#include "core/record.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/text.hpp"

namespace qda {
namespace od = simdjson::ondemand;

namespace {
od::parser& thread_parser() {
  static thread_local od::parser p;
  return p;
}

std::string_view rtrim_ws(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Whether every escape in a JSON string's raw text (quotes included, white space after it
// allowed) is one get_string() surely accepts (json::unescape reads it). Stage 1 has checked the
// rest.
bool plain_escapes(std::string_view raw) { return json::unescape(rtrim_ws(raw), nullptr); }

// Walk a value to its last atom, so a malformed value nested inside a record (`[tru]`, `{"a":nul}`,
// an unpaired surrogate in a string) is an error here rather than copied into the output. On-demand
// parsing checks only what is read; this reads everything once.
simdjson::error_code check_value(od::value v, int depth) {
  if (depth > 256) return simdjson::DEPTH_ERROR;
  od::json_type t;
  if (auto e = v.type().get(t)) return e;
  switch (t) {
    case od::json_type::array: {
      od::array a;
      if (auto e = v.get_array().get(a)) return e;
      for (auto item : a) {
        od::value x;
        if (auto e = item.get(x)) return e;
        if (auto e = check_value(x, depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::object: {
      od::object o;
      if (auto e = v.get_object().get(o)) return e;
      for (auto field : o) {
        std::string_view key;
        if (auto e = field.unescaped_key().get(key)) return e;
        od::value x;
        if (auto e = field.value().get(x)) return e;
        if (auto e = check_value(x, depth + 1)) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      // Checked where it lies: get_string() would unescape it into the parser's buffer, a
      // second copy of a long text. An escape plain_escapes is unsure of is get_string()'s to judge.
      if (plain_escapes(v.raw_json_token())) {
        od::raw_json_string r;
        return v.get_raw_json_string().get(r);
      }
      std::string_view s;
      return v.get_string().get(s);
    }
    case od::json_type::number: {
      double d;
      return v.get_double().get(d);
    }
    case od::json_type::boolean: {
      bool b;
      return v.get_bool().get(b);
    }
    case od::json_type::null: {
      bool null = false;
      if (auto e = v.is_null().get(null)) return e;
      return null ? simdjson::SUCCESS : simdjson::INCORRECT_TYPE;
    }
  }
  return simdjson::INCORRECT_TYPE;
}

[[noreturn]] void fail(simdjson::error_code e, od::document& doc, const char* buf, std::size_t len, const std::string& what) {
  Location where;
  const char* loc = nullptr;
  if (doc.current_location().get(loc) == simdjson::SUCCESS && loc >= buf && loc <= buf + len)
    where.column = static_cast<long>(loc - buf) + 1;
  throw DataError(what.empty() ? std::string("invalid JSON: ") + simdjson::error_message(e) : what, where);
}
}  // namespace

struct FieldParser::Impl {
  od::parser parser;
  std::unique_ptr<char[]> buf;  // the line and zeroed padding, as simdjson::padded_string holds it
  std::size_t cap = 0;
  std::vector<Field> fields;
  std::unordered_set<std::string_view> keys;  // of a record with many fields, for the repeat check
};

FieldParser::FieldParser() : impl_(std::make_unique<Impl>()) {}
FieldParser::~FieldParser() = default;

const std::vector<FieldParser::Field>& FieldParser::parse(std::string_view line) { return parse(line, 0); }

const std::vector<FieldParser::Field>& FieldParser::parse(std::string_view line, std::size_t padding) {
  Impl& m = *impl_;
  m.fields.clear();
  m.keys.clear();
  const std::size_t len = line.size();
  const char* buf = line.data();
  std::size_t cap = len + padding;
  if (padding < simdjson::SIMDJSON_PADDING) {  // parsed from a copy with room after it
    if (len + simdjson::SIMDJSON_PADDING > m.cap) {
      m.cap = std::max(len + simdjson::SIMDJSON_PADDING, 2 * m.cap);
      m.buf = std::make_unique<char[]>(m.cap);
    }
    std::memcpy(m.buf.get(), line.data(), len);
    std::memset(m.buf.get() + len, 0, simdjson::SIMDJSON_PADDING);
    buf = m.buf.get();
    cap = m.cap;
  }
  od::document doc;
  auto err = m.parser.iterate(buf, len, cap).get(doc);
  if (err == simdjson::UTF8_ERROR) {  // simdjson does not say where: say where, once, for every tool
    std::size_t at = text::first_invalid_utf8(line);
    if (at != std::string_view::npos)
      throw DataError("invalid UTF-8 (byte " + std::to_string(at + 1) + " of the line)", Location{"", 0, static_cast<long>(at) + 1});
  }
  if (err) throw DataError(std::string("invalid JSON: ") + simdjson::error_message(err));
  od::object obj;
  if ((err = doc.get_object().get(obj))) fail(err, doc, buf, len, "a record must be a JSON object");
  for (auto field : obj) {
    std::string_view key;
    if ((err = field.unescaped_key().get(key))) fail(err, doc, buf, len, "");
    od::value v;
    if ((err = field.value().get(v))) fail(err, doc, buf, len, "");
    od::json_type t;
    if ((err = v.type().get(t))) fail(err, doc, buf, len, "");
    std::string_view raw;
    if (t == od::json_type::object || t == od::json_type::array) {
      // The value's text runs from its first character to where the walk stops (the next ','
      // or the record's '}'), white space trimmed.
      const char* start = v.raw_json_token().data();
      if ((err = check_value(v, 0))) fail(err, doc, buf, len, "");
      const char* stop = nullptr;
      if ((err = doc.current_location().get(stop))) fail(err, doc, buf, len, "");
      raw = rtrim_ws(std::string_view(start, static_cast<std::size_t>(stop - start)));
    } else {
      raw = rtrim_ws(v.raw_json_token());
      if ((err = check_value(v, 0))) fail(err, doc, buf, len, "");
    }
    // A key given twice: a scan while the record is small, a hash set once it is not, so a
    // record of many keys costs linear time.
    bool repeated = false;
    if (m.fields.size() < 16) {
      for (const auto& f : m.fields) repeated = repeated || f.key == key;
    } else {
      if (m.keys.empty())
        for (const auto& f : m.fields) m.keys.insert(f.key);
      repeated = !m.keys.insert(key).second;
    }
    if (repeated) throw DataError("the key '" + std::string(key) + "' appears twice in the record (JSON would keep one)");
    m.fields.push_back(Field{key, raw});
  }
  const char* rest = nullptr;
  if (doc.current_location().get(rest) == simdjson::SUCCESS) fail(simdjson::TRAILING_CONTENT, doc, buf, len, "trailing content after the JSON object");
  return m.fields;
}

Record Record::parse(std::string_view line) {
  static thread_local FieldParser p;
  return from_fields(p.parse(line));
}

const Record::Field* Record::find(std::string_view key) const {
  for (const auto& f : fields_)
    if (f.key == key) return &f;
  return nullptr;
}
Record::Field* Record::find(std::string_view key) {
  for (auto& f : fields_)
    if (f.key == key) return &f;
  return nullptr;
}

const std::string* Record::raw(std::string_view key) const {
  const Field* f = find(key);
  return f ? &f->raw : nullptr;
}

std::string unquote(std::string_view raw_json) {
  simdjson::padded_string buf(raw_json);
  od::document doc;
  std::string_view s;
  if (thread_parser().iterate(buf).get(doc) || doc.get_string().get(s)) throw DataError("expected a JSON string");
  return std::string(s);
}

std::string Record::kind() const {
  const Field* f = find("kind");
  if (!f || f->raw.empty() || f->raw[0] != '"') return {};
  return unquote(f->raw);
}

std::optional<std::string> Record::get_string(std::string_view key) const {
  const Field* f = find(key);
  if (!f) return std::nullopt;
  if (f->raw.empty() || f->raw[0] != '"') throw DataError("field '" + std::string(key) + "' must be a string");
  return unquote(f->raw);
}

std::optional<std::int64_t> Record::get_int(std::string_view key) const {
  const Field* f = find(key);
  if (!f) return std::nullopt;
  simdjson::padded_string buf(f->raw);
  od::document doc;
  std::int64_t v;
  if (thread_parser().iterate(buf).get(doc) || doc.get_int64().get(v))
    throw DataError("field '" + std::string(key) + "' must be an integer");
  return v;
}

void Record::set_raw(std::string_view key, std::string json) {
  if (Field* f = find(key)) { f->raw = std::move(json); return; }
  fields_.push_back({std::string(key), std::move(json)});
}
void Record::set_string(std::string_view key, std::string_view value) { set_raw(key, json::quote(value)); }
void Record::set_int(std::string_view key, std::int64_t value) { set_raw(key, std::to_string(value)); }
void Record::erase(std::string_view key) {
  std::erase_if(fields_, [&](const Field& f) { return f.key == key; });
}

void Record::serialize_to(std::string& out) const {
  out += '{';
  bool first = true;
  for (const auto& f : fields_) {
    if (!first) out += ',';
    first = false;
    json::append_string(out, f.key);
    out += ':';
    out += f.raw;
  }
  out += '}';
}

std::string Record::serialize() const {
  std::string s;
  serialize_to(s);
  return s;
}

}  // namespace qda
