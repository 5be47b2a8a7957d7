// libFuzzer target: a Word file (ZIP, then word/document.xml) read as qda-ingest reads one.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "ingest/docx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // docx_text reads a path: an in-memory file under /proc/self/fd.
  static const int fd = memfd_create("fuzz.docx", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
  try {
    (void)qda::ingest::docx_text("/proc/self/fd/" + std::to_string(fd));
  } catch (const qda::Error&) {
  }
  return 0;
}
