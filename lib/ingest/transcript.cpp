// Speaker-turn parsing of interview transcripts: plain text, Markdown, WebVTT and SubRip.
#include "ingest/transcript.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace qda::ingest {

const char* role_name(Role r) { return r == Role::interviewer ? "interviewer" : "participant"; }

namespace {

using std::string_view;

// ---------------------------------------------------------------------------------------------
// Small character helpers. The scanners work on bytes for ASCII syntax (brackets, colons,
// digits) and decode code points only where letters matter.

// Positions only: the caller adds the file name (Error::locate).
Location at_line(long line) {
  Location l;
  l.line = line;
  return l;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hspace(char c) { return c == ' ' || c == '\t'; }

bool starts_with(string_view s, std::size_t p, string_view what) { return s.substr(p, what.size()) == what; }

std::size_t skip_hspace(string_view s, std::size_t p) {
  while (p < s.size() && is_hspace(s[p])) ++p;
  // A no-break space typed after a timestamp or label is as good as a space.
  while (p + 1 < s.size() && static_cast<unsigned char>(s[p]) == 0xC2 && static_cast<unsigned char>(s[p + 1]) == 0xA0) {
    p += 2;
    while (p < s.size() && is_hspace(s[p])) ++p;
  }
  return p;
}

// True when `s` (already folded) begins with the word `w`: followed by the end or a non-word cp.
bool starts_with_word(string_view folded, string_view w) {
  if (folded.substr(0, w.size()) != w) return false;
  if (folded.size() == w.size()) return true;
  std::size_t i = w.size();
  return !text::is_word_cp(text::next_cp(folded, i));
}

// ---------------------------------------------------------------------------------------------
// Lines. BOM, CRLF and lone CR (old Mac editors) are all accepted; numbers are 1-based.

struct Line {
  string_view text;
  long number;
};

std::vector<Line> split_lines(string_view s) {
  if (starts_with(s, 0, "\xEF\xBB\xBF")) s.remove_prefix(3);
  std::vector<Line> out;
  long number = 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\n' && s[i] != '\r') continue;
    out.push_back({s.substr(start, i - start), number++});
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < s.size()) out.push_back({s.substr(start), number});
  return out;
}

// Invalid UTF-8 would make every later code point decision unreliable, so it stops the parse
// with the line where it occurs rather than producing garbled turns.
void require_utf8(string_view s) {
  std::size_t bad = text::first_invalid_utf8(s);
  if (bad == string_view::npos) return;
  long line = 1 + static_cast<long>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(bad), '\n'));
  throw DataError("invalid UTF-8 (the transcript must be converted to UTF-8)", at_line(line));
}

// ---------------------------------------------------------------------------------------------
// Clock times as transcribers write them: "00:12:31", "0:12:31", "12:31" (only where an hour
// is not required), with an optional fraction ".250" or ",250". Returns the length or 0.

std::size_t digit_run(string_view s, std::size_t p) {
  std::size_t n = 0;
  while (p + n < s.size() && is_digit(s[p + n])) ++n;
  return n;
}

std::size_t match_clock(string_view s, std::size_t p, bool need_hours) {
  auto sixty = [&](std::size_t q) { return digit_run(s, q) == 2 && s[q] < '6'; };  // minutes, seconds
  std::size_t n = digit_run(s, p);
  if (n < 1 || n > 2) return 0;
  std::size_t q = p + n;
  if (q >= s.size() || s[q] != ':' || !sixty(q + 1)) return 0;
  q += 3;
  if (q < s.size() && s[q] == ':' && sixty(q + 1)) q += 3;
  else if (need_hours || n != 2) return 0;  // "12:31" as minutes:seconds, never "1:31"
  if (q < s.size() && (s[q] == '.' || s[q] == ',')) {
    std::size_t f = digit_run(s, q + 1);
    if (f >= 1 && f <= 3) q += 1 + f;
  }
  if (q < s.size() && (is_digit(s[q]) || s[q] == ':')) return 0;
  return q - p;
}

struct Stamp {
  std::size_t length = 0;  // bytes of the whole token, brackets included
  string_view clock;       // the time as written, without brackets
};

// "[00:12:31]" or "(00:12:31)" at p; `need_hours` as for match_clock.
Stamp match_bracketed(string_view s, std::size_t p, bool need_hours) {
  if (p >= s.size() || (s[p] != '[' && s[p] != '(')) return {};
  char close = s[p] == '[' ? ']' : ')';
  std::size_t q = skip_hspace(s, p + 1);
  std::size_t n = match_clock(s, q, need_hours);
  if (n == 0) return {};
  std::size_t r = skip_hspace(s, q + n);
  if (r >= s.size() || s[r] != close) return {};
  return {r + 1 - p, s.substr(q, n)};
}

// A bare "00:12:31" at p (hours required, so "a las 10:30" is never taken for a timestamp),
// followed by the end of the line or white space.
Stamp match_bare(string_view s, std::size_t p) {
  std::size_t n = match_clock(s, p, true);
  if (n == 0) return {};
  if (p + n < s.size() && skip_hspace(s, p + n) == p + n) return {};
  return {n, s.substr(p, n)};
}

// Removes timestamps from a line of turn text: a bare or bracketed one at the start, bracketed
// ones with hours anywhere (a mid-sentence "(10:30)" is a time of day, not a timestamp). The
// first one removed is stored in `first` when that is empty.
std::string strip_timestamps(string_view s, std::string& first) {
  std::string out;
  out.reserve(s.size());
  std::size_t p = 0;
  Stamp lead = match_bracketed(s, 0, false);
  if (!lead.length) lead = match_bare(s, 0);
  if (lead.length) {
    if (first.empty()) first = std::string(lead.clock);
    p = skip_hspace(s, lead.length);
  }
  while (p < s.size()) {
    if (s[p] == '[' || s[p] == '(') {
      if (Stamp st = match_bracketed(s, p, true); st.length) {
        if (first.empty()) first = std::string(st.clock);
        p += st.length;
        // Keep one space between the words the timestamp separated, none at the line ends.
        if (out.empty() || is_hspace(out.back())) p = skip_hspace(s, p);
        continue;
      }
    }
    out += s[p++];
  }
  return std::string(text::trim(out));
}

// ---------------------------------------------------------------------------------------------
// Speaker labels.

std::string label_key(string_view label) {
  std::string k = text::squeeze_spaces(text::fold(label));
  if (!k.empty() && k.back() == '.') {
    k.pop_back();
    k = text::squeeze_spaces(k);
  }
  return k;
}

// Words written in capitals that open metadata lines ("FECHA: 18 de mayo", "NOTA: se cortó la
// llamada") rather than speaker turns. A configured label with the same spelling still wins.
constexpr std::array<string_view, 26> kNotNames = {
    "nota",  "notas",     "fecha",         "hora",       "lugar",          "duracion", "tema",
    "asunto", "titulo",   "observacion",   "observaciones", "entrevista",  "transcripcion",
    "inicio", "fin",      "modalidad",     "plataforma", "participantes", "note",    "notes",
    "date",  "time",      "duration",      "title",      "location",       "subject"};

bool caps_name(string_view label, string_view key) {
  if (std::find(kNotNames.begin(), kNotNames.end(), key) != kNotNames.end()) return false;
  std::string s = text::squeeze_spaces(label);
  if (!s.empty() && s.back() == '.') s.pop_back();
  std::size_t letters = 0, words = s.empty() ? 0 : 1;
  for (std::size_t i = 0; i < s.size();) {
    char32_t c = text::next_cp(s, i);
    if (c == U' ') { ++words; continue; }
    if (c == U'-' || c == U'\'' || c == U'\u2019') continue;
    if (!u_isalpha(static_cast<UChar32>(c)) || !u_isUUppercase(static_cast<UChar32>(c))) return false;
    ++letters;
  }
  return letters >= 2 && words <= 4;
}

// The configured labels folded once per parse, not once per line.
class LabelMatcher {
 public:
  explicit LabelMatcher(const SpeakerConfig& cfg) {
    for (const auto& l : cfg.interviewer) interviewer_.push_back(label_key(l));
    for (const auto& l : cfg.participant) participant_.push_back(label_key(l));
    for (const auto& w : cfg.episode_markers) markers_.push_back(text::fold(text::trim(w)));
    if (markers_.empty()) markers_ = model::default_speakers().episode_markers;
  }
  // Does folded text open with an episode marker word ("episodio 2", "relato: la visita")?
  bool marker_word(string_view folded) const {
    return std::any_of(markers_.begin(), markers_.end(), [&](const std::string& w) { return starts_with_word(folded, w); });
  }
  // Configured labels only (WebVTT/SubRip speaker names that are not labels still count).
  std::optional<Role> configured(string_view label) const { return configured_key(label_key(label)); }
  bool classify(string_view label, Role& role) const {
    std::string key = label_key(label);
    if (key.empty()) return false;
    if (auto r = configured_key(key)) {
      role = *r;
      return true;
    }
    if (!caps_name(label, key)) return false;
    role = Role::participant;
    return true;
  }

 private:
  std::optional<Role> configured_key(const std::string& key) const {
    if (key.empty()) return std::nullopt;
    if (std::find(interviewer_.begin(), interviewer_.end(), key) != interviewer_.end()) return Role::interviewer;
    if (std::find(participant_.begin(), participant_.end(), key) != participant_.end()) return Role::participant;
    return std::nullopt;
  }
  std::vector<std::string> markers_;
  std::vector<std::string> interviewer_, participant_;
};

std::size_t word_count(string_view s) {
  std::string q = text::squeeze_spaces(s);
  return q.empty() ? 0 : 1 + static_cast<std::size_t>(std::count(q.begin(), q.end(), ' '));
}

// A run of one to three '*' or '_' opening emphasis (it must touch the next character).
string_view emphasis_at(string_view s, std::size_t p) {
  if (p >= s.size() || (s[p] != '*' && s[p] != '_')) return {};
  std::size_t n = 1;
  while (n < 3 && p + n < s.size() && s[p + n] == s[p]) ++n;
  if (p + n >= s.size() || is_hspace(s[p + n]) || s[p + n] == s[p]) return {};
  return s.substr(p, n);
}

struct LabelHit {
  std::string label;  // as written, emphasis removed
  Role role = Role::participant;
  std::string start;  // first timestamp around the label
  std::string rest;   // the text after the label, timestamps removed
};

constexpr std::size_t kMaxLabelBytes = 80;

// "[ts] **Label:** text", "Label [ts]: text", "Label: [ts] text" and their combinations.
std::optional<LabelHit> match_label(string_view s, const LabelMatcher& m) {
  LabelHit hit;
  auto take = [&](const Stamp& st) {
    if (hit.start.empty()) hit.start = std::string(st.clock);
  };
  std::size_t p = skip_hspace(s, 0);
  if (Stamp st = match_bracketed(s, p, false); st.length) take(st), p = skip_hspace(s, p + st.length);
  else if (Stamp b = match_bare(s, p); b.length) take(b), p = skip_hspace(s, p + b.length);
  string_view emph = emphasis_at(s, p);
  p += emph.size();
  if (!emph.empty() && hit.start.empty()) {
    if (Stamp st = match_bracketed(s, p, false); st.length) take(st), p = skip_hspace(s, p + st.length);
  }
  std::size_t q = p;
  while (q < s.size() && s[q] != ':' && q - p <= kMaxLabelBytes) {
    if (!emph.empty() && starts_with(s, q, emph)) break;
    if ((s[q] == '[' || s[q] == '(') && match_bracketed(s, q, false).length) break;
    ++q;
  }
  if (q >= s.size() || q - p > kMaxLabelBytes) return std::nullopt;
  string_view label = text::trim(s.substr(p, q - p));
  bool closed = false;
  if (!emph.empty() && starts_with(s, q, emph)) q += emph.size(), closed = true;
  q = skip_hspace(s, q);
  if (Stamp st = match_bracketed(s, q, false); st.length) take(st), q = skip_hspace(s, q + st.length);
  if (q >= s.size() || s[q] != ':') return std::nullopt;
  ++q;
  bool closed_after_colon = false;
  if (!emph.empty() && !closed && starts_with(s, q, emph)) q += emph.size(), closed = closed_after_colon = true;
  // "http://", "10:30" and "E:x" are text; "**E:**x" is a label whose emphasis ends the token.
  if (q < s.size() && !closed_after_colon && skip_hspace(s, q) == q) return std::nullopt;
  if (label.empty() || word_count(label) > 4) return std::nullopt;
  if (!m.classify(label, hit.role)) return std::nullopt;
  hit.label = std::string(label);
  std::string rest = strip_timestamps(text::trim(s.substr(q)), hit.start);
  // Emphasis opened before the label but closed at the end of the line ("*E: ¿pregunta?*")
  // belongs to the text: keep the opener there so the Markdown stays balanced.
  if (!emph.empty() && !closed && !rest.empty()) rest.insert(0, emph);
  hit.rest = std::move(rest);
  return hit;
}

// ---------------------------------------------------------------------------------------------
// Episode markers: "## Episodio 2" (any heading level) or "[Episodio 2]" alone on a line.

string_view strip_emphasis(string_view s) {
  string_view e = emphasis_at(s, 0);
  if (!e.empty() && s.size() > 2 * e.size() && s.substr(s.size() - e.size()) == e)
    return text::trim(s.substr(e.size(), s.size() - 2 * e.size()));
  return s;
}

std::optional<std::string> episode_marker(string_view line, const LabelMatcher& m) {
  string_view inner;
  if (!line.empty() && line[0] == '#') {
    std::size_t n = 0;
    while (n < line.size() && line[n] == '#') ++n;
    if (n < line.size() && !is_hspace(line[n])) return std::nullopt;  // "#hashtag" is text
    inner = text::trim(line.substr(n));
    // A closing sequence of '#' ("## Episodio 2 ##") is decoration.
    std::size_t e = inner.size();
    while (e > 0 && inner[e - 1] == '#') --e;
    if (e < inner.size() && (e == 0 || is_hspace(inner[e - 1]))) inner = text::trim(inner.substr(0, e));
    inner = strip_emphasis(inner);
  } else if (line.size() >= 2 && line.front() == '[' && line.back() == ']') {
    inner = text::trim(line.substr(1, line.size() - 2));
  } else if (string_view e = strip_emphasis(line); e.size() < line.size() && word_count(e) <= 4) {
    inner = e;  // "**Episodio 2**" alone on a line, as Markdown writers set it apart
  } else {
    return std::nullopt;
  }
  if (!m.marker_word(text::fold(inner))) return std::nullopt;
  return std::string(inner);
}

// Markdown thematic breaks ("---", "* * *") separate sections; they carry no words.
bool thematic_break(string_view s) {
  char c = 0;
  std::size_t n = 0;
  for (char x : s) {
    if (is_hspace(x)) continue;
    if (x != '-' && x != '*' && x != '_') return false;
    if (c != 0 && x != c) return false;
    c = x;
    ++n;
  }
  return n >= 3;
}

void append_paragraph(std::string& text, const std::string& para, const char* sep) {
  if (para.empty()) return;
  if (!text.empty()) text += sep;
  text += para;
}

// One pass over the lines. With `unlabelled` set no label is looked for and everything but
// episode markers is text of participant turns.
Transcript parse_lines(const std::vector<Line>& lines, const LabelMatcher& m, bool markdown, bool unlabelled) {
  Transcript t;
  std::vector<string_view> preamble;
  bool split = false;  // an episode marker was seen: the next text opens a turn of its own
  for (const Line& ln : lines) {
    string_view s = text::trim(ln.text);
    if (s.empty()) continue;
    if (auto ep = episode_marker(s, m)) {
      t.episodes.push_back({t.turns.size(), std::move(*ep), ln.number});
      split = true;
      continue;
    }
    if (markdown && thematic_break(s)) continue;
    if (!unlabelled) {
      if (auto hit = match_label(s, m)) {
        Turn turn;
        turn.role = hit->role;
        turn.label = std::move(hit->label);
        turn.text = std::move(hit->rest);
        turn.start = std::move(hit->start);
        turn.line = ln.number;
        t.turns.push_back(std::move(turn));
        t.labelled = true;
        split = false;
        continue;
      }
      if (t.turns.empty()) {
        preamble.push_back(s);
        continue;
      }
    }
    if (t.turns.empty() || split) {
      // Text right after an episode marker still belongs to whoever was speaking.
      Turn turn;
      if (!t.turns.empty()) {
        turn.role = t.turns.back().role;
        turn.label = t.turns.back().label;
      }
      turn.line = ln.number;
      t.turns.push_back(std::move(turn));
      split = false;
    }
    Turn& cur = t.turns.back();
    append_paragraph(cur.text, strip_timestamps(s, cur.start), "\n");
  }
  for (std::size_t i = 0; i < preamble.size(); ++i) {
    if (i) t.preamble += '\n';
    t.preamble += preamble[i];
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Cue-based formats (WebVTT, SubRip): speaker segments merged into turns.

struct Segment {
  bool has_speaker = false;
  std::string speaker;
  Role role = Role::participant;
  std::string text;
};

// Accumulates cue segments into turns: consecutive segments of one speaker share a turn.
class TurnBuilder {
 public:
  explicit TurnBuilder(Transcript& t) : t_(t) {}

  // A speaker segment without text still opens that speaker's turn ("E:" alone in a cue, the
  // words in the next one); an empty segment without speaker changes nothing.
  void add(const Segment& seg, string_view start, string_view end, long line) {
    if (seg.text.empty() && !seg.has_speaker) return;
    bool same = !t_.turns.empty() && !split_ &&
                (!seg.has_speaker || label_key(t_.turns.back().label) == label_key(seg.speaker));
    if (same) {
      Turn& cur = t_.turns.back();
      append_paragraph(cur.text, seg.text, " ");
      cur.end = std::string(end);
      return;
    }
    Turn turn;
    if (seg.has_speaker) {
      turn.role = seg.role;
      turn.label = seg.speaker;
      t_.labelled = true;
    } else if (!t_.turns.empty()) {  // after an episode marker: same speaker, new turn
      turn.role = t_.turns.back().role;
      turn.label = t_.turns.back().label;
    }
    turn.text = seg.text;
    turn.start = std::string(start);
    turn.end = std::string(end);
    turn.line = line;
    t_.turns.push_back(std::move(turn));
    split_ = false;
  }

  void episode(std::string label, long line) {
    t_.episodes.push_back({t_.turns.size(), std::move(label), line});
    split_ = true;
  }

 private:
  Transcript& t_;
  bool split_ = false;
};

// Decodes the character references WebVTT allows (and the numeric ones) in place of text.
std::string decode_entities(string_view s) {
  static constexpr std::array<std::pair<string_view, string_view>, 9> kNamed = {{
      {"amp", "&"},
      {"lt", "<"},
      {"gt", ">"},
      {"quot", "\""},
      {"apos", "'"},
      {"nbsp", "\u00A0"},
      {"lrm", "\u200E"},
      {"rlm", "\u200F"},
      {"shy", "\u00AD"},
  }};
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    std::size_t semi = s.find(';', i + 1);
    if (semi == string_view::npos || semi - i > 12) {
      out += s[i++];
      continue;
    }
    string_view name = s.substr(i + 1, semi - i - 1);
    bool done = false;
    if (name.size() >= 2 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      string_view digits = name.substr(hex ? 2 : 1);
      char32_t cp = 0;
      bool ok = !digits.empty() && digits.size() <= 7;
      for (char c : digits) {
        int v = is_digit(c) ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0) { ok = false; break; }
        cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
      }
      if (ok && cp > 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
        text::append_utf8(out, cp);
        done = true;
      }
    } else {
      for (const auto& [n, v] : kNamed)
        if (n == name) {
          out += v;
          done = true;
          break;
        }
    }
    if (done) i = semi + 1;
    else out += s[i++];  // unknown reference: keep it as written
  }
  return out;
}

// Splits a cue payload at its voice tags and drops every other tag. Text before the first
// voice tag is a segment without speaker.
std::vector<Segment> split_voices(string_view payload, const LabelMatcher& m, bool& saw_voice) {
  std::vector<Segment> segs(1);
  std::string raw;
  auto flush = [&] {
    segs.back().text = text::squeeze_spaces(decode_entities(raw));
    raw.clear();
  };
  for (std::size_t i = 0; i < payload.size();) {
    if (payload[i] != '<') {
      raw += payload[i++];
      continue;
    }
    std::size_t gt = payload.find('>', i + 1);
    if (gt == string_view::npos) {  // a stray '<' is text, not the start of a tag
      raw += payload[i++];
      continue;
    }
    string_view tag = payload.substr(i + 1, gt - i - 1);
    if (!tag.empty() && tag[0] == 'v' && (tag.size() == 1 || tag[1] == '.' || is_hspace(tag[1]))) {
      std::size_t sp = 0;
      while (sp < tag.size() && !is_hspace(tag[sp])) ++sp;
      std::string name = text::squeeze_spaces(decode_entities(tag.substr(sp)));
      flush();
      Segment seg;
      seg.has_speaker = !name.empty();
      seg.role = m.configured(name).value_or(Role::participant);
      seg.speaker = std::move(name);
      segs.push_back(std::move(seg));
      saw_voice = true;
    }
    i = gt + 1;  // "</v>", "<c.x>", "<i>", "<lang es>", "<00:00:01.000>": markup only
  }
  flush();
  return segs;
}

bool is_particle(string_view w) {
  return w == "de" || w == "del" || w == "la" || w == "las" || w == "los" || w == "y";
}

// A Zoom-style "Name:" prefix: a configured label, or one to four capitalised words with
// lowercase particles between them ("María de la Cruz").
std::optional<std::size_t> zoom_name(string_view s, const LabelMatcher& m) {
  std::size_t colon = s.find(':');
  if (colon == string_view::npos || colon == 0 || colon > kMaxLabelBytes) return std::nullopt;
  if (colon + 1 < s.size() && !is_hspace(s[colon + 1])) return std::nullopt;
  string_view name = text::trim(s.substr(0, colon));
  if (name.empty()) return std::nullopt;
  if (m.configured(name)) return colon;
  std::vector<string_view> words;
  std::size_t a = 0;
  while (a < name.size()) {
    while (a < name.size() && is_hspace(name[a])) ++a;
    std::size_t b = a;
    while (b < name.size() && !is_hspace(name[b])) ++b;
    if (b > a) words.push_back(name.substr(a, b - a));
    a = b;
  }
  std::size_t capitalised = 0;
  for (std::size_t k = 0; k < words.size(); ++k) {
    string_view w = words[k];
    if (is_particle(w)) {
      if (k == 0 || k + 1 == words.size()) return std::nullopt;
      continue;
    }
    std::size_t i = 0;
    char32_t first = text::next_cp(w, i);
    if (!u_isUUppercase(static_cast<UChar32>(first)) && !u_istitle(static_cast<UChar32>(first))) return std::nullopt;
    while (i < w.size()) {
      char32_t c = text::next_cp(w, i);
      if (!u_isalpha(static_cast<UChar32>(c)) && c != U'-' && c != U'\'' && c != U'\u2019' && c != U'.') return std::nullopt;
    }
    ++capitalised;
  }
  if (capitalised == 0 || capitalised > 4) return std::nullopt;
  return colon;
}

// Cue times. WebVTT: [H:]MM:SS.mmm; SubRip: H:MM:SS,mmm (a '.' is tolerated there, as many
// tools write one). Returns the length, 0 when malformed; `ms` receives the value.
std::size_t match_cue_time(string_view s, std::size_t p, bool srt, long long& ms) {
  std::array<long long, 3> f{};
  std::array<std::size_t, 3> width{};
  std::size_t nf = 0, q = p;
  for (;;) {
    std::size_t w = digit_run(s, q);
    if (w == 0 || w > 9) return 0;
    long long v = 0;
    for (std::size_t k = q; k < q + w; ++k) v = v * 10 + (s[k] - '0');
    f[nf] = v;
    width[nf++] = w;
    q += w;
    if (nf < 3 && q < s.size() && s[q] == ':') {
      ++q;
      continue;
    }
    break;
  }
  bool hours = nf == 3;
  if (nf < 2 || (srt && !hours)) return 0;
  std::size_t m = hours ? 1 : 0;
  if (width[m] != 2 || width[m + 1] != 2 || f[m] >= 60 || f[m + 1] >= 60) return 0;
  if (q >= s.size() || !(s[q] == '.' || (srt && s[q] == ','))) return 0;
  ++q;
  if (digit_run(s, q) != 3) return 0;
  long long frac = (s[q] - '0') * 100 + (s[q + 1] - '0') * 10 + (s[q + 2] - '0');
  ms = (((hours ? f[0] : 0) * 60 + f[m]) * 60 + f[m + 1]) * 1000 + frac;
  return q + 3 - p;
}

struct Timing {
  string_view start, end;
};

Timing parse_timing(string_view s, long line, bool srt) {
  auto bad = [&](const char* why) -> DataError {
    return DataError(std::string(why) + ": '" + std::string(text::trim(s)) + "'", at_line(line));
  };
  std::size_t p = skip_hspace(s, 0);
  long long a = 0, b = 0;
  std::size_t n = match_cue_time(s, p, srt, a);
  if (n == 0) throw bad("malformed cue timing");
  Timing t;
  t.start = s.substr(p, n);
  p = skip_hspace(s, p + n);
  if (!starts_with(s, p, "-->")) throw bad("malformed cue timing");
  p = skip_hspace(s, p + 3);
  n = match_cue_time(s, p, srt, b);
  if (n == 0) throw bad("malformed cue timing");
  t.end = s.substr(p, n);
  p += n;
  if (p < s.size() && !is_hspace(s[p])) throw bad("malformed cue timing");
  if (b < a) throw bad("cue ends before it starts");
  return t;
}

bool blank(const Line& l) { return text::trim(l.text).empty(); }

bool block_keyword(string_view s, string_view kw) {
  return starts_with(s, 0, kw) && (s.size() == kw.size() || is_hspace(s[kw.size()]));
}

// Removes SubRip markup: HTML-like tags (<i>, <font color=…>) and ASS overrides ({\an8}).
std::string strip_srt_tags(string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char close = s[i] == '<' ? '>' : (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '\\') ? '}' : 0;
    if (close) {
      std::size_t e = s.find(close, i + 1);
      if (e != string_view::npos) {
        string_view tag = s.substr(i + 1, e - i - 1);
        bool markup = close == '}' || (!tag.empty() && (std::isalpha(static_cast<unsigned char>(tag[0])) || tag[0] == '/'));
        if (markup) {
          i = e + 1;
          continue;
        }
      }
    }
    out += s[i++];
  }
  return out;
}

bool all_digits(string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}

}  // namespace

// ---------------------------------------------------------------------------------------------

bool classify_label(std::string_view label, const SpeakerConfig& cfg, Role& role) {
  return LabelMatcher(cfg).classify(label, role);
}

bool episode_heading(std::string_view text, const SpeakerConfig& cfg) {
  return LabelMatcher(cfg).marker_word(text::fold(text::trim(text)));
}

Transcript parse_text(std::string_view utf8, const SpeakerConfig& cfg, bool markdown) {
  require_utf8(utf8);
  LabelMatcher m(cfg);
  std::vector<Line> lines = split_lines(utf8);
  Transcript t = parse_lines(lines, m, markdown, false);
  if (!t.labelled) t = parse_lines(lines, m, markdown, true);
  return t;
}

Transcript parse_vtt(std::string_view utf8, const SpeakerConfig& cfg) {
  require_utf8(utf8);
  LabelMatcher m(cfg);
  std::vector<Line> lines = split_lines(utf8);
  if (lines.empty() || !block_keyword(lines[0].text, "WEBVTT"))
    throw DataError("not a WebVTT file (the first line must be 'WEBVTT')", at_line(1));

  // The blocks are read first and turned into turns afterwards, because whether a "Name: text"
  // payload names a speaker depends on the whole file (see zoom below).
  struct Block {
    std::string episode;  // an episode marker when not empty
    Timing timing;
    long line = 0;
    std::vector<Segment> segs;
  };
  std::vector<Block> blocks;
  bool any_voice = false;
  std::size_t i = 1, n = lines.size();
  // Header lines ("Kind: captions") run to the first blank line; a timing line ends them too,
  // so a file without that blank line loses no cue.
  while (i < n && !blank(lines[i]) && lines[i].text.find("-->") == string_view::npos) ++i;
  while (i < n) {
    if (blank(lines[i])) {
      ++i;
      continue;
    }
    string_view first = text::trim(lines[i].text);
    if (block_keyword(first, "NOTE")) {
      // A comment; one that reads "NOTE Episodio 2" is the transcriber's episode marker.
      std::string note(text::trim(first.substr(4)));
      std::size_t j = i + 1;
      for (; j < n && !blank(lines[j]); ++j) {
        if (!note.empty()) note += ' ';
        note += text::trim(lines[j].text);
      }
      string_view nv = text::trim(note);
      if (nv.size() >= 2 && nv.front() == '[' && nv.back() == ']') nv = text::trim(nv.substr(1, nv.size() - 2));
      if (m.marker_word(text::fold(nv))) blocks.push_back({std::string(nv), {}, lines[i].number, {}});
      i = j;
      continue;
    }
    if (block_keyword(first, "STYLE") || block_keyword(first, "REGION")) {
      while (i < n && !blank(lines[i])) ++i;
      continue;
    }
    if (first.find("-->") == string_view::npos) {  // cue identifier
      ++i;
      if (i >= n || blank(lines[i]))
        throw DataError("cue '" + std::string(first) + "' has no timing line", at_line(lines[i - 1].number));
    }
    Block b;
    b.line = lines[i].number;
    b.timing = parse_timing(lines[i].text, b.line, false);
    ++i;
    std::string payload;
    for (; i < n && !blank(lines[i]); ++i) {
      if (lines[i].text.find("-->") != string_view::npos) break;  // next cue without a blank line
      if (!payload.empty()) payload += ' ';
      payload += text::trim(lines[i].text);
    }
    b.segs = split_voices(payload, m, any_voice);
    if (b.segs.size() == 1 && !b.segs[0].has_speaker) {
      if (auto ep = episode_marker(b.segs[0].text, m)) {
        blocks.push_back({std::move(*ep), {}, b.line, {}});
        continue;
      }
    }
    blocks.push_back(std::move(b));
  }

  // Zoom writes "Name: text" in every cue. Plain captions only now and then start with a
  // capitalised word and a colon ("Mire: le digo"), so unconfigured names count only when most
  // cues carry one, and never in a file with voice tags (Teams).
  std::size_t cues = 0, named = 0;
  for (const Block& b : blocks)
    for (const Segment& seg : b.segs)
      if (!seg.has_speaker && !seg.text.empty()) {
        ++cues;
        named += zoom_name(seg.text, m).has_value();
      }
  bool zoom = !any_voice && named * 2 > cues;

  Transcript t;
  TurnBuilder turns(t);
  for (Block& b : blocks) {
    if (!b.episode.empty()) {
      turns.episode(std::move(b.episode), b.line);
      continue;
    }
    for (Segment& seg : b.segs) {
      if (!seg.has_speaker) {
        std::optional<std::size_t> colon = zoom_name(seg.text, m);
        string_view name = colon ? text::trim(string_view(seg.text).substr(0, *colon)) : string_view{};
        if (colon && (zoom || m.configured(name))) {
          seg.role = m.configured(name).value_or(Role::participant);
          seg.speaker = std::string(name);
          seg.has_speaker = true;
          seg.text = std::string(text::trim(string_view(seg.text).substr(*colon + 1)));
        }
      }
      turns.add(seg, b.timing.start, b.timing.end, b.line);
    }
  }
  return t;
}

Transcript parse_srt(std::string_view utf8, const SpeakerConfig& cfg) {
  require_utf8(utf8);
  LabelMatcher m(cfg);
  std::vector<Line> lines = split_lines(utf8);
  Transcript t;
  TurnBuilder turns(t);
  std::size_t i = 0, n = lines.size();
  while (i < n) {
    if (blank(lines[i])) {
      ++i;
      continue;
    }
    string_view first = text::trim(lines[i].text);
    if (first.find("-->") == string_view::npos) {
      if (!all_digits(first))
        throw DataError("expected a cue number, found '" + std::string(first) + "'", at_line(lines[i].number));
      ++i;
      if (i >= n || blank(lines[i]))
        throw DataError("cue " + std::string(first) + " has no timing line", at_line(lines[i - 1].number));
    }
    long timing_line = lines[i].number;
    Timing tm = parse_timing(lines[i].text, timing_line, true);
    ++i;
    Segment seg;
    auto flush = [&] {
      turns.add(seg, tm.start, tm.end, timing_line);
      seg = Segment{};
    };
    for (; i < n && !blank(lines[i]); ++i) {
      string_view raw = text::trim(lines[i].text);
      // A cue number directly followed by a timing line: the blank separator is missing.
      if (all_digits(raw) && i + 1 < n && lines[i + 1].text.find("-->") != string_view::npos) break;
      std::string line = strip_srt_tags(raw);
      string_view lv = text::trim(line);
      if (auto ep = episode_marker(lv, m)) {
        flush();
        turns.episode(std::move(*ep), lines[i].number);
        continue;
      }
      if (auto hit = match_label(lv, m)) {
        flush();
        seg.has_speaker = true;
        seg.speaker = std::move(hit->label);
        seg.role = hit->role;
        seg.text = std::move(hit->rest);
        continue;
      }
      std::string ignored;
      append_paragraph(seg.text, strip_timestamps(lv, ignored), " ");
    }
    flush();
  }
  return t;
}

}  // namespace qda::ingest
