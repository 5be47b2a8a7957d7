// Unit fields in, `codes` out.
#include "code/unit.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <iterator>
#include <optional>

#include "core/json.hpp"
#include "core/text.hpp"

namespace qda::code {

namespace {
// Keys json::append_string writes as they are.
bool plain_key(std::string_view k) {
  for (char ch : k)
    if (ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20) return false;
  return true;
}

bool has_escape(std::string_view raw) { return raw.find('\\') != std::string_view::npos; }


// The fields read_unit takes, in the order their errors are raised.
enum Key { kId, kDoc, kText, kSpeaker, kSource, kCategory, kEpisode, kSpan, kKeys };
constexpr std::string_view kNames[kKeys] = {"id", "doc", "text", "speaker", "source", "category", "episode", "span"};
}  // namespace

void read_unit(const std::vector<FieldParser::Field>& fs, Unit& u) {
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t idx[kKeys];
  std::fill(std::begin(idx), std::end(idx), none);
  for (std::size_t k = 0; k < fs.size(); ++k) {
    std::string_view key = fs[k].key;
    for (int j = 0; j < kKeys; ++j)
      if (idx[j] == none && key == kNames[j]) { idx[j] = k; break; }
  }
  // The string fields as Record::get_string reads them; views into `fs` for now.
  std::string_view val[6];
  bool escaped[6] = {};
  auto str = [&](int j, bool required) {
    if (idx[j] == none) {
      if (required) throw DataError("a unit needs a string '" + std::string(kNames[j]) + "'");
      return;
    }
    std::string_view raw = fs[idx[j]].raw;
    if (raw.empty() || raw[0] != '"') {
      throw DataError("field '" + std::string(kNames[j]) + "' must be a string");
    }
    if (has_escape(raw)) {
      u.unescaped[j] = unquote(raw);
      escaped[j] = true;
      val[j] = u.unescaped[j];
    } else {
      val[j] = raw.substr(1, raw.size() - 2);
    }
  };
  str(kId, true);
  str(kDoc, true);
  str(kText, true);
  str(kSpeaker, false);
  str(kSource, false);
  str(kCategory, false);
  std::string_view id = val[kId];
  fields::Span span;
  if (idx[kSpan] == none || !fields::parse_span(fs[idx[kSpan]].raw, span))
    throw DataError("a unit needs a 'span' [start, end]", Location{{}, 0, 0, std::string(id)});
  u.start = span.start, u.end = span.end;
  std::size_t n = text::cp_length(val[kText]);
  if (n != u.end - u.start) {
    // The usual cause: text edited by a tool that decomposes accents ("n" + U+0303 for "ñ").
    bool decomposed = false;
    for (std::size_t i = 0; i < val[kText].size() && !decomposed;) {
      char32_t c = text::next_cp(val[kText], i);
      decomposed = c >= 0x300 && c <= 0x36F;
    }
    throw DataError("'text' has " + std::to_string(n) + " code points but 'span' covers " + std::to_string(u.end - u.start) +
                        (decomposed ? " (its accents are separate code points: the text is not in NFC, as qda-ingest writes it)" : ""),
                    Location{{}, 0, 0, std::string(id)});
  }

  // The record as Record::serialize_to writes it, noting where the wanted values land.
  std::string& line = u.line;
  line.clear();
  line += '{';
  std::size_t off[kKeys];
  u.has_codes = false;
  bool first = true;
  for (std::size_t k = 0; k < fs.size(); ++k) {
    std::string_view key = fs[k].key;
    if (key == "set_aside") continue;  // qda-code's own, written anew with `codes`
    if (!first) line += ',';
    first = false;
    if (plain_key(key)) {
      line += '"';
      line += key;
      line += '"';
    } else {
      json::append_string(line, key);
    }
    line += ':';
    for (int j = 0; j < kKeys; ++j)
      if (idx[j] == k) off[j] = line.size();
    if (!u.has_codes && key == "codes") u.has_codes = true, u.codes_at = line.size(), u.codes_end = line.size() + fs[k].raw.size();
    line += fs[k].raw;
  }
  if (!u.has_codes) u.codes_at = u.codes_end = line.size();
  line += '}';
  std::string_view* dst[6] = {&u.id, &u.doc, &u.text, &u.speaker, &u.source, &u.category};
  for (int j = 0; j < 6; ++j) {
    if (idx[j] == none) *dst[j] = {};
    else if (escaped[j]) *dst[j] = u.unescaped[j];
    else *dst[j] = std::string_view(line).substr(off[j] + 1, val[j].size());
  }
  u.episode = idx[kEpisode] == none ? std::string_view() : std::string_view(line).substr(off[kEpisode], fs[idx[kEpisode]].raw.size());
}

std::vector<std::pair<std::string, std::string>> read_codes(const Record& rec) {
  std::vector<std::pair<std::string, std::string>> out;
  if (const std::string* raw = rec.raw("codes"))
    for (auto& a : fields::read_codes(*raw)) out.emplace_back(std::move(a.code), std::move(a.by));
  return out;
}

}  // namespace qda::code
