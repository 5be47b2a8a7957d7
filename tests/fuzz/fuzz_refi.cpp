// libFuzzer target: REFI-QDA exchange files. The bytes as project.qde inside a .qdpx (users,
// codebook, variables, cases, sources with their selections and codings; then how the
// selections' positions read and the layout of participants and docs), and as a codebook
// exchange file (.qdc).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "core/zip.hpp"
#include "refi/refi.hpp"

namespace {
std::string scratch(const char* ext) {
  return "/tmp/qda-fuzz-refi-" + std::to_string(::getpid()) + ext;
}

void put(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string qdpx = scratch(".qdpx"), qdc = scratch(".qdc");
  std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    put(qdpx, qda::zip::write({{"project.qde", bytes}, {"Sources/a.txt", "Hola, mundo.\n"}}, 315532800));
    qda::refi::Project p = qda::refi::read_project(qdpx);
    (void)qda::refi::detect_positions(p);
    (void)qda::refi::layout(p, "E");
    (void)qda::refi::count(p);
  } catch (const qda::Error&) {
  }
  try {
    put(qdc, bytes);
    std::string sha, title;
    (void)qda::refi::flatten(qda::refi::read_codebook(qdc, sha, title));
  } catch (const qda::Error&) {
  }
  return 0;
}
