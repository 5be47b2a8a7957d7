// Formatting of error positions and messages.
#include "core/error.hpp"

namespace qda {

std::string Location::str() const {
  std::string s = file;
  if (line > 0) {
    s.append(s.empty() ? "line " : ":");
    s.append(std::to_string(line));
    if (column > 0) {
      s.push_back(':');
      s.append(std::to_string(column));
    }
  }
  return s;
}

Error::Error(Exit code, std::string message, Location where)
    : std::runtime_error(message), code_(code), message_(std::move(message)), where_(std::move(where)) {}

std::string Error::describe() const {
  // Appended piece by piece: g++ 12 warns (-Wrestrict, a false positive) on chained '+'.
  std::string s = where_.str();
  if (!s.empty()) s.append(": ");
  if (!where_.record.empty()) s.append("record ").append(where_.record).append(": ");
  if (!where_.key.empty()) s.append("key '").append(where_.key).append("': ");
  s.append(message_);
  return s;
}

void Error::locate(const Location& outer) {
  if (where_.file.empty()) where_.file = outer.file;
  if (where_.line == 0) {
    where_.line = outer.line;
    if (where_.column == 0) where_.column = outer.column;
  }
  if (where_.record.empty()) where_.record = outer.record;
  if (where_.key.empty()) where_.key = outer.key;
}

}  // namespace qda
