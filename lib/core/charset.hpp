// Character sets: detect what a file is written in and convert it to UTF-8 (NFC).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace qda::charset {

struct Decoded {
  std::string utf8;      // NFC UTF-8, BOM removed
  std::string encoding;  // the encoding used: "UTF-8", "windows-1252", …
  bool detected = false; // chosen by detection rather than forced
};

// `encoding` is "auto" or an ICU converter name ("UTF-8", "windows-1252", "latin1", …).
// auto: a UTF-8/UTF-16 byte-order mark wins; then strict UTF-8 validation; otherwise ICU's
// charset detector restricted to the encodings surveys and Excel write (windows-1252 by
// default, as Spanish Excel does). UsageError for an unknown encoding name; DataError with
// line and column for bytes that are invalid in the chosen encoding.
Decoded to_utf8(std::string_view bytes, const std::string& encoding);

// Read file `path` and convert it as to_utf8 does; errors name the file as `shown`.
Decoded read_utf8(const std::string& path, const std::string& encoding, const std::string& shown);

// A file read as read_utf8() reads it, but a block at a time, so memory does not grow with the
// file: a first pass chooses the encoding and checks every byte in it (an invalid byte anywhere
// is the same error, before any text is returned), a second converts and normalises block by
// block, cutting only where NFC cannot join across the cut. Standard input ("-"), which cannot be
// read twice, is read whole. IoError naming `path`, errors in the text naming `shown`.
class FileDecoder {
 public:
  // `block`: bytes read at a time (tests make it small to cut the text everywhere).
  FileDecoder(const std::string& path, const std::string& encoding, const std::string& shown,
              std::size_t block = std::size_t{1} << 20);
  ~FileDecoder();
  FileDecoder(const FileDecoder&) = delete;
  FileDecoder& operator=(const FileDecoder&) = delete;
  // Append the next block of NFC UTF-8 text to `out`; false (nothing appended) at the end.
  bool read(std::string& out);
  const std::string& encoding() const;
  bool detected() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// Whether ICU knows an encoding name.
bool known_encoding(const std::string& name);

// Normalise UTF-8 text to NFC (so code point spans do not depend on the keyboard that typed it).
std::string nfc(std::string_view utf8);

}  // namespace qda::charset
