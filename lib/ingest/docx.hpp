// Word documents (.docx): the paragraph text of word/document.xml.
#pragma once

#include <string>

namespace qda::ingest {

// The text of a .docx file, one line per paragraph (w:p) in document order, runs
// concatenated, w:tab as '\t', w:br/w:cr as '\n'. IoError/DataError naming the file when it
// cannot be opened or is not a Word document.
std::string docx_text(const std::string& path);

}  // namespace qda::ingest
