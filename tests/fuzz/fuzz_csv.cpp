// libFuzzer target: character-set detection and conversion, then the CSV reader and the header
// check, as qda-ingest and qda-code --codings read a table.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/charset.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::string utf8;
  try {
    utf8 = qda::charset::to_utf8(bytes, "auto").utf8;
  } catch (const qda::Error&) {
    return 0;
  }
  qda::csv::CsvReader reader(utf8, 0);
  qda::csv::CsvRow row;
  bool first = true;
  while (reader.next(row)) {
    if (first && row.error.empty()) {
      try { qda::csv::check_header(row); } catch (const qda::Error&) {}
    }
    first = false;
  }
  return 0;
}
