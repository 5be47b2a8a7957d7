// Charset detection (strict UTF-8 first, then ICU's detector) and conversion with ICU.
#include "core/charset.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/text.hpp"

namespace qda::charset {
namespace {

Location byte_position(std::string_view bytes, std::size_t off) {
  auto [line, col] = text::line_column(bytes, off);
  return Location{"", line, col};
}

std::string canonical(const std::string& name) {
  UErrorCode st = U_ZERO_ERROR;
  const char* c = ucnv_getCanonicalName(name.c_str(), "", &st);
  if (U_FAILURE(st) || !c) {
    st = U_ZERO_ERROR;
    c = ucnv_getCanonicalName(name.c_str(), "IANA", &st);
  }
  return (U_SUCCESS(st) && c) ? std::string(c) : std::string();
}

bool is_utf8_name(const std::string& name) {
  std::string f = text::fold(name);
  return f == "utf-8" || f == "utf8";
}

// Pick an encoding for bytes that are not UTF-8.
std::string detect(std::string_view bytes) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> det(ucsdet_open(&st), &ucsdet_close);
  if (U_FAILURE(st)) return "windows-1252";
  // A sample is enough to tell Windows-1252 from its neighbours, and keeps detection cheap on
  // large exports.
  const std::size_t sample = std::min<std::size_t>(bytes.size(), 1 << 20);
  ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(sample), &st);
  int32_t n = 0;
  const UCharsetMatch** all = ucsdet_detectAll(det.get(), &n, &st);
  if (U_FAILURE(st)) return "windows-1252";
  for (int32_t i = 0; i < n; ++i) {
    std::string name = ucsdet_getName(all[i], &st);
    if (U_FAILURE(st)) break;
    // ISO-8859-1 text is read as its superset windows-1252 (bytes 0x80-0x9F are “ ” – … there).
    if (name == "ISO-8859-1" || name == "windows-1252") return "windows-1252";
    if (name == "ISO-8859-15" || name == "UTF-16LE" || name == "UTF-16BE" || name == "IBM850") return name;
  }
  return "windows-1252";
}

// Streams through ICU's pivot buffer straight into UTF-8: no whole-file UTF-16 copy.
std::string convert(std::string_view bytes, const std::string& enc) {
  UErrorCode st = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> from(ucnv_open(enc.c_str(), &st), &ucnv_close);
  if (U_FAILURE(st)) throw UsageError("unknown encoding '" + enc + "'");
  std::unique_ptr<UConverter, decltype(&ucnv_close)> to(ucnv_open("UTF-8", &st), &ucnv_close);
  ucnv_setToUCallBack(from.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
  std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
  UChar pivot[8192];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  const char* source = bytes.data();
  char* target = out.data();
  bool first = true;
  for (;;) {
    st = U_ZERO_ERROR;
    ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source, bytes.data() + bytes.size(), pivot,
                   &pivot_source, &pivot_target, pivot + 8192, first, true, &st);
    first = false;
    if (st != U_BUFFER_OVERFLOW_ERROR) break;
    std::size_t used = static_cast<std::size_t>(target - out.data());
    out.resize(out.size() * 2);
    target = out.data() + used;
  }
  if (U_FAILURE(st)) {
    char bad[8];
    int8_t len = sizeof bad;
    UErrorCode st2 = U_ZERO_ERROR;
    ucnv_getInvalidChars(from.get(), bad, &len, &st2);
    std::size_t off = static_cast<std::size_t>(source - bytes.data()) - (U_SUCCESS(st2) ? len : 0);
    throw DataError("byte 0x" + text::hex_byte(static_cast<unsigned char>(bytes[off])) + " is not valid " + enc, byte_position(bytes, off));
  }
  out.resize(static_cast<std::size_t>(target - out.data()));
  return out;
}
}  // namespace

bool known_encoding(const std::string& name) { return name == "auto" || !canonical(name).empty(); }

std::string nfc(std::string_view utf8) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) return std::string(utf8);
  icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  if (n->isNormalizedUTF8(piece, st) || U_FAILURE(st)) return std::string(utf8);  // the common case: no copy to UTF-16
  st = U_ZERO_ERROR;
  std::string s;
  icu::StringByteSink<std::string> sink(&s);
  n->normalizeUTF8(0, piece, sink, nullptr, st);
  return U_SUCCESS(st) ? s : std::string(utf8);
}

Decoded to_utf8(std::string_view bytes, const std::string& encoding) {
  Decoded d;
  if (encoding != "auto" && !known_encoding(encoding)) throw UsageError("unknown encoding '" + encoding + "'");
  auto has_prefix = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  std::string enc = encoding;
  if (enc == "auto") {
    d.detected = true;
    if (has_prefix("\xEF\xBB\xBF")) enc = "UTF-8";
    else if (has_prefix("\xFF\xFE")) enc = "UTF-16LE";
    else if (has_prefix("\xFE\xFF")) enc = "UTF-16BE";
    else if (text::valid_utf8(bytes)) enc = "UTF-8";
    else enc = detect(bytes);
  }
  if (is_utf8_name(enc)) {
    if (has_prefix("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    std::size_t bad = text::first_invalid_utf8(bytes);
    if (bad != std::string_view::npos)
      throw DataError("invalid UTF-8 (byte 0x" + text::hex_byte(static_cast<unsigned char>(bytes[bad])) +
                      "); use --encoding to name the file's encoding", byte_position(bytes, bad));
    d.utf8 = nfc(bytes);
    d.encoding = "UTF-8";
    return d;
  }
  if ((enc == "UTF-16LE" && has_prefix("\xFF\xFE")) || (enc == "UTF-16BE" && has_prefix("\xFE\xFF"))) bytes.remove_prefix(2);
  d.utf8 = nfc(convert(bytes, enc));
  d.encoding = enc;
  return d;
}

Decoded read_utf8(const std::string& path, const std::string& encoding, const std::string& shown) {
  std::string bytes = io::read_file(path);
  try {
    return to_utf8(bytes, encoding);
  } catch (Error& e) {
    e.locate(Location{shown});
    throw;
  }
}

}  // namespace qda::charset
