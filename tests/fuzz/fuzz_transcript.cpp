// libFuzzer target: the transcript parsers (plain text, Markdown, WebVTT, SubRip) on text
// decoded as qda-ingest decodes a transcript.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/charset.hpp"
#include "core/error.hpp"
#include "ingest/transcript.hpp"
#include "model/study.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const qda::model::SpeakerConfig speakers = qda::model::default_speakers();
  std::string utf8;
  try {
    utf8 = qda::charset::to_utf8(std::string_view(reinterpret_cast<const char*>(data), size), "auto").utf8;
  } catch (const qda::Error&) {
    return 0;
  }
  try { qda::ingest::parse_text(utf8, speakers, false); } catch (const qda::Error&) {}
  try { qda::ingest::parse_text(utf8, speakers, true); } catch (const qda::Error&) {}
  try { qda::ingest::parse_vtt(utf8, speakers); } catch (const qda::Error&) {}
  try { qda::ingest::parse_srt(utf8, speakers); } catch (const qda::Error&) {}
  return 0;
}
