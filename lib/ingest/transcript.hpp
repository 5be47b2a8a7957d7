// Interview transcripts (plain text, Markdown, WebVTT, SubRip, DOCX) parsed into speaker turns.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/study.hpp"

namespace qda::ingest {

enum class Role { interviewer, participant };
const char* role_name(Role r);  // "interviewer" / "participant"

using model::SpeakerConfig;

struct Turn {
  Role role = Role::participant;
  std::string label;  // as written: "Entrevistadora", "LETICIA", "Elena Ruiz"; "" when unlabelled
  std::string text;   // label, timestamps and markup removed; paragraphs joined by "\n"
  std::string start;  // first timestamp of the turn as written ("00:12:31", "00:01:02.310"), or ""
  std::string end;    // end time of the last cue (VTT/SRT), or ""
  long line = 0;      // 1-based line (DOCX: paragraph) where the turn starts
};

struct EpisodeMark {
  std::size_t first_turn = 0;  // index into turns of the first turn after the marker
  std::string label;           // "Episodio 2", "Episodio" as written
  long line = 0;
};

struct Transcript {
  std::vector<Turn> turns;
  std::vector<EpisodeMark> episodes;
  std::string preamble;   // text before the first labelled turn (title, metadata lines), "\n"-joined
  bool labelled = false;  // at least one speaker label was recognised
};

// Classify a label: true and `role` set when it is a configured label, or a name written in
// capitals (participant unless configured as interviewer).
bool classify_label(std::string_view label, const SpeakerConfig& cfg, Role& role);

// Plain text (markdown=false) and Markdown transcripts. Input is UTF-8 (BOM and CRLF allowed).
// With no recognisable label anywhere, the whole text is one participant turn and
// labelled=false (the caller decides whether that is an error).
Transcript parse_text(std::string_view utf8, const SpeakerConfig& cfg, bool markdown);
// Does a heading's text open with one of cfg's episode marker words ("Episodio 2")? Such a
// heading of a Word document is an episode marker.
bool episode_heading(std::string_view text, const SpeakerConfig& cfg);
// WebVTT (Teams <v Name> voice tags, Zoom "Name: text" payloads); consecutive cues of one
// speaker are merged into one turn with the first cue's start and the last cue's end.
// Throws DataError with the line for a malformed timing line or a missing WEBVTT header.
Transcript parse_vtt(std::string_view utf8, const SpeakerConfig& cfg);
// SubRip; same merging. Throws DataError with the line for a malformed cue.
Transcript parse_srt(std::string_view utf8, const SpeakerConfig& cfg);

}  // namespace qda::ingest
