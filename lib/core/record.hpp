// The record model: a JSON object kept as ordered fields of raw JSON, so fields a tool does
// not know survive byte for byte and in order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace qda {

class Record {
 public:
  struct Field {
    std::string key;  // unescaped
    std::string raw;  // the value as JSON text, exactly as read (or as set)
  };

  Record() = default;
  // Parse one JSON Lines line. Throws DataError (with the column where known) when the line
  // is not a single well-formed JSON object.
  static Record parse(std::string_view line);
  // An owning copy of parsed fields (FieldParser's), in order.
  template <class Fields>
  static Record from_fields(const Fields& fs) {
    Record r;
    r.fields_.reserve(fs.size());
    for (const auto& f : fs) r.fields_.push_back({std::string(f.key), std::string(f.raw)});
    return r;
  }

  // "" when there is no "kind" string.
  std::string kind() const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  // Raw JSON of a field, nullptr when absent.
  const std::string* raw(std::string_view key) const;
  // Typed access; nullopt when absent; DataError naming the key when of another type.
  std::optional<std::string> get_string(std::string_view key) const;
  std::optional<std::int64_t> get_int(std::string_view key) const;
  // Replace a field in place, or append it at the end.
  void set_raw(std::string_view key, std::string json);
  void set_string(std::string_view key, std::string_view value);
  void set_int(std::string_view key, std::int64_t value);
  void erase(std::string_view key);

  const std::vector<Field>& fields() const { return fields_; }
  // Compact JSON object, fields in order, no trailing newline.
  std::string serialize() const;
  void serialize_to(std::string& out) const;

 private:
  const Field* find(std::string_view key) const;
  Field* find(std::string_view key);
  std::vector<Field> fields_;
};

// Parses lines into views of their fields, copying nothing: for a tool that reads a few
// fields of a record and writes it back. The same checks and errors as Record::parse, which
// is built on it. One per thread (it holds a simdjson parser).
class FieldParser {
 public:
  struct Field {
    std::string_view key;  // unescaped
    std::string_view raw;  // as Record::Field::raw
  };
  FieldParser();
  ~FieldParser();
  FieldParser(const FieldParser&) = delete;
  FieldParser& operator=(const FieldParser&) = delete;

  // The fields of one JSON Lines line, in order; the views are valid until the next call.
  // Throws DataError (with the column where known) as Record::parse does.
  const std::vector<Field>& parse(std::string_view line);
  // The same when `padding` bytes after the line may be read (LineReader::kPadding): a line
  // followed by enough of them is parsed where it lies, not copied, and the views point into it.
  const std::vector<Field>& parse(std::string_view line, std::size_t padding);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Read a JSON string value given as raw JSON text ("\"abc\"" -> abc). DataError when not a string.
std::string unquote(std::string_view raw_json);

}  // namespace qda
