// Charset detection (strict UTF-8 first, then ICU's detector) and conversion with ICU.
#include "core/charset.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
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

namespace {
constexpr std::size_t kBlock = std::size_t{1} << 20;

// Read up to `n` bytes (fewer only at the end of the file).
std::size_t read_block(int fd, char* buf, std::size_t n, const std::string& path) {
  const long got = io::read_full(fd, buf, n);
  if (got < 0) throw IoError(std::string("cannot read: ") + std::strerror(errno), Location{path});
  return static_cast<std::size_t>(got);
}

void seek(int fd, std::size_t at, const std::string& path) {
  if (::lseek(fd, static_cast<off_t>(at), SEEK_SET) < 0)
    throw IoError(std::string("cannot read: ") + std::strerror(errno), Location{path});
}

// The length of the longest prefix of `s` that does not end inside a UTF-8 sequence begun but
// not finished (what is cut off is read again with the next block).
std::size_t utf8_cut(std::string_view s) {
  for (std::size_t k = 1; k <= 3 && k <= s.size(); ++k) {
    auto b = static_cast<unsigned char>(s[s.size() - k]);
    if (b < 0x80) break;
    if ((b & 0xC0) == 0x80) continue;
    std::size_t len = (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
    return len > k ? s.size() - k : s.size();
  }
  return s.size();
}

// Line and column (code points, as text::line_column) of byte `off` counted from `start`.
Location position_at(int fd, const std::string& path, std::size_t start, std::size_t off) {
  seek(fd, start, path);
  long line = 1, col = 1;
  std::vector<char> buf(kBlock);
  while (off > 0) {
    std::size_t n = read_block(fd, buf.data(), std::min(off, kBlock), path);
    if (n == 0) break;
    for (std::size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') ++line, col = 1;
      else if ((static_cast<unsigned char>(buf[i]) & 0xC0) != 0x80) ++col;
    }
    off -= n;
  }
  return Location{"", line, col};
}

// Where NFC may cut `s`: before its last code point that no earlier character can combine with.
std::size_t nfc_cut(std::string_view s, const icu::Normalizer2& n) {
  std::size_t i = s.size();
  while (i > 0) {
    std::size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) --j;
    UChar32 c;
    int32_t k = static_cast<int32_t>(j);
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), k, static_cast<int32_t>(s.size()), c);
    if (c >= 0 && n.hasBoundaryBefore(c)) return j;
    i = j;
  }
  return 0;
}

// Append `piece` in NFC, as nfc() does.
void append_nfc(std::string& out, std::string_view piece, const icu::Normalizer2* n) {
  UErrorCode st = U_ZERO_ERROR;
  icu::StringPiece sp(piece.data(), static_cast<int32_t>(piece.size()));
  if (!n || n->isNormalizedUTF8(sp, st) || U_FAILURE(st)) {
    out.append(piece);
    return;
  }
  st = U_ZERO_ERROR;
  std::size_t before = out.size();
  icu::StringByteSink<std::string> sink(&out);
  n->normalizeUTF8(0, sp, sink, nullptr, st);
  if (U_FAILURE(st)) {
    out.resize(before);
    out.append(piece);
  }
}

using Converter = std::unique_ptr<UConverter, decltype(&ucnv_close)>;
}  // namespace

struct FileDecoder::State {
  std::string path, shown, enc;
  bool detected = false;
  int fd = -1;
  bool whole = false;  // standard input: `text` holds it all
  std::string text;
  std::size_t skip = 0;  // byte-order mark
  bool eof = false;
  bool utf8 = true;
  std::string carry;    // an unfinished UTF-8 sequence at the end of the last block
  std::string pending;  // text not yet normalised
  std::vector<char> block;
  const icu::Normalizer2* nfc = nullptr;
  Converter from{nullptr, &ucnv_close}, to{nullptr, &ucnv_close};
  UChar pivot[8192];
  UChar* pivot_source = pivot;
  UChar* pivot_target = pivot;
  bool first = true;

  ~State() {
    if (fd >= 0) ::close(fd);
  }

  void open_converters() {
    UErrorCode st = U_ZERO_ERROR;
    from.reset(ucnv_open(enc.c_str(), &st));
    if (U_FAILURE(st)) throw UsageError("unknown encoding '" + enc + "'");
    to.reset(ucnv_open("UTF-8", &st));
    ucnv_setToUCallBack(from.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &st);
    pivot_source = pivot_target = pivot;
    first = true;
  }

  // Convert `in` (the bytes after `consumed` bytes already converted) appending UTF-8 to `out`;
  // `flush` at the end of the input. DataError at the first byte invalid in the encoding.
  void convert(std::string_view in, std::size_t consumed, bool flush, std::string& out) {
    const char* source = in.data();
    std::size_t used = out.size();
    out.resize(used + in.size() + in.size() / 2 + 16);
    char* target = out.data() + used;
    UErrorCode st;
    for (;;) {
      st = U_ZERO_ERROR;
      ucnv_convertEx(to.get(), from.get(), &target, out.data() + out.size(), &source, in.data() + in.size(), pivot,
                     &pivot_source, &pivot_target, pivot + 8192, first, flush, &st);
      first = false;
      if (st != U_BUFFER_OVERFLOW_ERROR) break;
      std::size_t done = static_cast<std::size_t>(target - out.data());
      out.resize(out.size() * 2);
      target = out.data() + done;
    }
    out.resize(static_cast<std::size_t>(target - out.data()));
    if (U_FAILURE(st)) {
      char bad[8];
      int8_t len = sizeof bad;
      UErrorCode st2 = U_ZERO_ERROR;
      ucnv_getInvalidChars(from.get(), bad, &len, &st2);
      std::size_t off = consumed + static_cast<std::size_t>(source - in.data()) - (U_SUCCESS(st2) ? len : 0);
      unsigned char b = 0;
      if (::pread(fd, &b, 1, static_cast<off_t>(skip + off)) != 1) b = 0;
      throw DataError("byte 0x" + text::hex_byte(b) + " is not valid " + enc, position_at(fd, path, skip, off));
    }
  }

  // The offset (after the byte-order mark) of the first byte that is not UTF-8, or npos.
  std::size_t first_invalid_utf8() {
    seek(fd, skip, path);
    std::string data;
    std::size_t base = 0;
    for (;;) {
      std::size_t n = read_block(fd, block.data(), block.size(), path);
      data.append(block.data(), n);
      std::size_t cut = n == 0 ? data.size() : utf8_cut(data);
      std::size_t bad = text::first_invalid_utf8(std::string_view(data).substr(0, cut));
      if (bad != std::string_view::npos) return base + bad;
      if (n == 0) return std::string_view::npos;
      base += cut;
      data.erase(0, cut);
    }
  }
};

FileDecoder::FileDecoder(const std::string& path, const std::string& encoding, const std::string& shown, std::size_t block)
    : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.path = path;
  s.shown = shown;
  if (path == "-") {
    std::string bytes = io::read_file(path);
    try {
      Decoded d = to_utf8(bytes, encoding);
      s.text = std::move(d.utf8);
      s.enc = d.encoding;
      s.detected = d.detected;
    } catch (Error& e) {
      e.locate(Location{shown});
      throw;
    }
    s.whole = true;
    return;
  }
  s.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (s.fd < 0) throw IoError(std::string("cannot open: ") + std::strerror(errno), Location{path});
  s.block.resize(std::max<std::size_t>(block, 1));
  UErrorCode st = U_ZERO_ERROR;
  s.nfc = icu::Normalizer2::getNFCInstance(st);
  if (U_FAILURE(st)) s.nfc = nullptr;
  try {
    // As to_utf8: the first megabyte is the detector's sample.
    std::string head(kBlock, '\0');
    head.resize(read_block(s.fd, head.data(), head.size(), path));
    if (encoding != "auto" && !known_encoding(encoding)) throw UsageError("unknown encoding '" + encoding + "'");
    auto has_prefix = [&](std::string_view p) { return std::string_view(head).substr(0, p.size()) == p; };
    std::string enc = encoding;
    bool valid = false;
    if (enc == "auto") {
      s.detected = true;
      if (has_prefix("\xEF\xBB\xBF")) enc = "UTF-8";
      else if (has_prefix("\xFF\xFE")) enc = "UTF-16LE";
      else if (has_prefix("\xFE\xFF")) enc = "UTF-16BE";
      else if (s.first_invalid_utf8() == std::string_view::npos) enc = "UTF-8", valid = true;
      else enc = detect(head);
    }
    if (is_utf8_name(enc)) {
      s.enc = "UTF-8";
      if (has_prefix("\xEF\xBB\xBF")) s.skip = 3;
      if (!valid) {
        std::size_t bad = s.first_invalid_utf8();
        if (bad != std::string_view::npos) {
          unsigned char b = 0;
          if (::pread(s.fd, &b, 1, static_cast<off_t>(s.skip + bad)) != 1) b = 0;
          throw DataError("invalid UTF-8 (byte 0x" + text::hex_byte(b) + "); use --encoding to name the file's encoding",
                          position_at(s.fd, path, s.skip, bad));
        }
      }
    } else {
      s.enc = enc;
      s.utf8 = false;
      if ((enc == "UTF-16LE" && has_prefix("\xFF\xFE")) || (enc == "UTF-16BE" && has_prefix("\xFE\xFF"))) s.skip = 2;
      // A first conversion, its text thrown away, finds an invalid byte before any text is used.
      s.open_converters();
      seek(s.fd, s.skip, path);
      std::string sink;
      std::size_t consumed = 0;
      for (;;) {
        std::size_t n = read_block(s.fd, s.block.data(), s.block.size(), path);
        sink.clear();
        s.convert(std::string_view(s.block.data(), n), consumed, n == 0, sink);
        if (n == 0) break;
        consumed += n;
      }
      s.open_converters();
    }
    seek(s.fd, s.skip, path);
  } catch (Error& e) {
    e.locate(Location{shown});
    throw;
  }
}

FileDecoder::~FileDecoder() = default;

const std::string& FileDecoder::encoding() const { return s_->enc; }
bool FileDecoder::detected() const { return s_->detected; }

bool FileDecoder::read(std::string& out) {
  State& s = *s_;
  if (s.whole) {
    if (s.text.empty()) return false;
    out.append(s.text);
    std::string().swap(s.text);
    return true;
  }
  try {
    for (;;) {
      if (s.eof && s.pending.empty()) return false;
      if (!s.eof) {
        std::size_t n = read_block(s.fd, s.block.data(), s.block.size(), s.path);
        if (n == 0) s.eof = true;
        if (s.utf8) {
          s.carry.append(s.block.data(), n);
          std::size_t cut = s.eof ? s.carry.size() : utf8_cut(s.carry);
          s.pending.append(s.carry, 0, cut);
          s.carry.erase(0, cut);
        } else {
          s.convert(std::string_view(s.block.data(), n), 0, s.eof, s.pending);
        }
      }
      std::size_t cut = s.eof || !s.nfc ? s.pending.size() : nfc_cut(s.pending, *s.nfc);
      if (cut > 0) {
        append_nfc(out, std::string_view(s.pending).substr(0, cut), s.nfc);
        s.pending.erase(0, cut);
        return true;
      }
    }
  } catch (Error& e) {
    e.locate(Location{s.shown});
    throw;
  }
}

}  // namespace qda::charset
