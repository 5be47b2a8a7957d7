// Word documents (.docx): the paragraph text of word/document.xml.
#pragma once

#include <string>
#include <vector>

namespace qda::ingest {

// One paragraph: its text, and its outline level when Word shows it as a heading (1 for
// "Heading 1" / "Título 1" / "Title", …; 0 for body text).
struct DocxParagraph {
  std::string text;
  int heading = 0;
};

// The paragraphs of a .docx file in document order (see docx_text). A paragraph is a heading
// when its style is one (word/styles.xml: a built-in "heading N"/"Title" style, a style with an
// outline level, or one based on such a style, whatever the style's localised id, e.g.
// "Ttulo2") or when the paragraph itself sets an outline level.
std::vector<DocxParagraph> docx_paragraphs(const std::string& path);

// The text of a .docx file, one line per paragraph (w:p) in document order, runs
// concatenated, w:tab as '\t', w:br/w:cr as '\n'. IoError/DataError naming the file when it
// cannot be opened or is not a Word document.
std::string docx_text(const std::string& path);

}  // namespace qda::ingest
