// libFuzzer target: a study file through the one study loader, then the study record it makes
// read back (qda-segment and qda-report read that record from the stream).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "model/study.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // load_study reads a path: an in-memory file under /proc/self/fd.
  static const int fd = memfd_create("study.yaml", 0);
  if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
  try {
    qda::model::Study s = qda::model::load_study("/proc/self/fd/" + std::to_string(fd));
    (void)qda::model::study_from_record(qda::model::to_record(s));
  } catch (const qda::Error&) {
  }
  try {  // the same bytes as a study record
    (void)qda::model::study_from_record(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const qda::Error&) {
  }
  return 0;
}
