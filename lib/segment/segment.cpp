// Meaning units: sentences grouped until the cues at a gap add up to the threshold; turns and
// episodes are hard boundaries.
#include "segment/segment.hpp"

#include "core/note.hpp"
#include "core/workers.hpp"
#include "model/study.hpp"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <optional>
#include <deque>
#include <future>
#include <memory>
#include <unordered_map>
#include <variant>

#include "core/error.hpp"
#include "core/json.hpp"
#include "core/provenance.hpp"
#include "core/sha256.hpp"
#include "core/step.hpp"
#include "core/text.hpp"

namespace qda::segment {

using namespace std::string_view_literals;

namespace {
double round2(double x) { return std::round(x * 100) / 100; }

[[noreturn]] void bad(const std::string& msg, const std::string& key) {
  Location l;
  l.key = key;
  throw DataError(msg, l);
}

std::size_t cp_index(std::int64_t v, std::size_t ncp, const std::string& what, const std::string& key) {
  if (v < 0 || static_cast<std::uint64_t>(v) > ncp)
    bad(what + " " + std::to_string(v) + " is outside the text (" + std::to_string(ncp) + " code points)", key);
  return static_cast<std::size_t>(v);
}

// The "text" field unescaped, from its raw JSON.
std::optional<std::string> text_field(std::optional<std::string_view> raw) {
  if (!raw) return std::nullopt;
  std::string out;
  // Read where it lies: a JSON parser would hold a long doc's text three times over (the raw
  // copy it pads, its string buffer and the result).
  if (json::unescape(*raw, &out)) return out;
  if (raw->empty() || raw->front() != '"') throw DataError("field 'text' must be a string");  // as Record::get_string
  return unquote(*raw);
}
// The turns of a doc of `ncp` code points from their raw JSON (followed by readable padding),
// walked on demand where it lies: a tree of a long interview's turns would cost more than the turns.
void read_turns(std::string_view raw, std::size_t ncp, std::vector<Turn>& out) {
  namespace od = simdjson::ondemand;
  static thread_local od::parser parser;
  od::document doc;
  od::array turns;
  std::size_t count = 0;
  if (parser.iterate(raw.data(), raw.size(), raw.size() + simdjson::SIMDJSON_PADDING).get(doc) || doc.get_array().get(turns) || turns.count_elements().get(count))
    bad("must be an array of turns", "turns");
  out.reserve(count);
  std::size_t i = 0, prev_end = 0;
  for (auto item : turns) {
    std::string key = "turns[" + std::to_string(i) + "]";
    Turn turn;
    od::object t;
    std::string_view sv;
    if (item.get_object().get(t) || t["speaker"].get_string().get(sv)) bad("a turn needs a speaker string", key);
    turn.speaker = sv;
    if (!t["label"].get_string().get(sv)) turn.label = sv;
    if (!t["start"].get_string().get(sv)) turn.start = sv;
    od::array span;
    std::int64_t se[2] = {0, 0};
    std::size_t n = 0;
    bool ints = !t["span"].get_array().get(span);
    if (ints)
      for (auto v : span) {
        if (n < 2 && v.get_int64().get(se[n])) ints = false;
        ++n;
      }
    if (!ints || n != 2) bad("a turn needs a span [start, end]", key + ".span");
    auto [s, e] = se;
    turn.span = {cp_index(s, ncp, "turn start", key + ".span"), cp_index(e, ncp, "turn end", key + ".span")};
    if (turn.span.start > turn.span.end || turn.span.start < prev_end)
      bad("span [" + std::to_string(s) + ", " + std::to_string(e) + "] is reversed or overlaps the turn before", key + ".span");
    prev_end = turn.span.end;
    out.push_back(std::move(turn));
    ++i;
  }
}
}  // namespace

Doc read_doc(Record rec) {
  std::optional<std::string> text, turns;
  std::optional<std::string_view> turns_view;
  if (const auto* r = rec.raw("text")) text = *r;
  if (const auto* r = rec.raw("turns")) {
    turns = *r + std::string(simdjson::SIMDJSON_PADDING, ' ');  // the padding read_doc asks for
    turns_view = std::string_view(*turns).substr(0, r->size());
  }
  rec.erase("text");  // read: their JSON need not stay beside them
  rec.erase("turns");
  return read_doc(std::move(rec), text ? std::optional<std::string_view>(*text) : std::nullopt, turns_view);
}

Doc read_doc(Record rec, std::optional<std::string_view> raw_text, std::optional<std::string_view> raw_turns) {
  Doc d;
  d.id = rec.get_string("id").value_or("");
  if (d.id.empty()) bad("a doc needs a non-empty string id (its units' ids are made from it)", "id");
  auto text = text_field(raw_text);
  if (!text) bad("doc has no text", "text");
  if (text->empty()) bad("doc text is empty", "text");
  if (auto at = text::first_invalid_utf8(*text); at != std::string::npos)
    bad("invalid UTF-8 in the text at code point " + std::to_string(text::cp_length(text->substr(0, at))), "text");
  d.text = std::move(*text);
  std::size_t ncp = text::cp_length(d.text);
  static thread_local simdjson::dom::parser parser;  // its buffers serve every doc
  if (raw_turns) read_turns(*raw_turns, ncp, d.turns);
  if (!raw_turns) d.turns.push_back(Turn{"participant", "", Span{0, ncp}, ""});
  if (const auto* raw = rec.raw("episodes")) {
    simdjson::dom::array eps;
    if (parser.parse(*raw).get_array().get(eps)) bad("must be an array of episodes", "episodes");
    std::size_t i = 0;
    for (auto e : eps) {
      std::string key = "episodes[" + std::to_string(i++) + "]";
      EpisodeMark m;
      std::string_view sv;
      if (!e["label"].get_string().get(sv)) m.label = sv;
      std::int64_t at, turn;
      if (e["at"].get_int64().get(at)) bad("an episode needs an offset 'at'", key);
      m.at = cp_index(at, ncp, "episode offset", key + ".at");
      if (!e["turn"].get_int64().get(turn)) {
        if (turn < 0 || static_cast<std::size_t>(turn) >= d.turns.size()) bad("episode turn " + std::to_string(turn) + " does not exist", key + ".turn");
        m.turn = static_cast<std::size_t>(turn);
      }
      d.episodes.push_back(std::move(m));
    }
    std::stable_sort(d.episodes.begin(), d.episodes.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  }
  d.rec = std::move(rec);
  return d;
}

namespace {
Markers load(const Options& o) {
  if (!o.markers_file.empty()) {
    yaml::Doc d = yaml::load(o.markers_file);
    Markers m = load_markers(d);
    provenance::add_config("markers", o.markers_file, d.sha256);
    return m;
  }
  const char* text = embedded_markers(o.lang);
  if (!text) throw ConfigError("no built-in markers for language '" + o.lang + "': give --markers FILE");
  return load_markers(yaml::parse(text, "markers-" + o.lang + ".yaml (built in)"));
}
std::vector<Abbreviation> abbreviations(const Options& o) {
  std::vector<Abbreviation> all;
  if (const char* text = embedded_abbreviations(o.lang)) all = parse_abbreviations(text, "abbreviations-" + o.lang + ".txt (built in)");
  for (const auto& f : o.abbreviation_files) {
    std::string text = io::read_file(f);
    auto more = parse_abbreviations(text, f);
    provenance::add_config("abbreviations", f, sha256_hex(text));
    all.insert(all.end(), more.begin(), more.end());
  }
  // Longest first, so "p. ej." is tried before "ej.".
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.folded.size() > b.folded.size(); });
  return all;
}
}  // namespace

Segmenter::Segmenter(const Options& opts) : opts_(opts), markers_(load(opts)), splitter_(opts.lang, abbreviations(opts)) {
  add_prompts(opts.episode_prompts);
}

// The episode of each turn, found turn after turn (a turn's depends on the turns before it
// only): explicit markers win; otherwise an interviewer turn asking for a narrative opens one (a
// repeated prompt before 40 words of answer does not open another); a doc without interviewer
// turns (a questionnaire answer) is one episode.
void Segmenter::start_episodes(const Doc& d) {
  interview_ = std::any_of(d.turns.begin(), d.turns.end(), [](const Turn& t) { return t.speaker == "interviewer"; });
  by_prompt_ = false;
  ep_ = words_ = next_mark_ = 0;
}

// turn_ep_ and turn_bd_ (the boundary of the turn's first unit) of turn i, and mid_turn_;
// text_ holds the turn unless it is empty.
void Segmenter::turn_episode(const Doc& d, std::size_t i) {
  const auto& t = d.turns[i];
  turn_bd_ = i == 0 ? Boundary{"start", "", "", 1} : Boundary{"turn", t.label.empty() ? t.speaker : t.label, "", 1};
  mid_turn_.clear();
  if (!d.episodes.empty()) {
    const auto& sp = t.span;
    const auto& eps = d.episodes;
    bool participant = t.speaker != "interviewer";
    for (; next_mark_ < eps.size() && (eps[next_mark_].at <= sp.start || (!participant && eps[next_mark_].at < sp.end)); ++next_mark_) {
      ep_ = next_mark_ + 1;
      turn_bd_ = Boundary{"episode", eps[next_mark_].label, "", 1};
    }
    turn_ep_ = ep_;
    for (; next_mark_ < eps.size() && eps[next_mark_].at < sp.end; ++next_mark_)
      mid_turn_.push_back({eps[next_mark_].at, Boundary{"episode", eps[next_mark_].label, "", 1}});
    return;
  }
  if (!interview_) {
    turn_ep_ = 1;
    return;
  }
  if (t.span.start == t.span.end) {  // no prompt, no word
  } else if (t.speaker == "interviewer") {
    auto hit = match_prompt(markers_, text_, local(t.span));
    if (hit && !(by_prompt_ && words_ < 40)) {
      ++ep_;
      by_prompt_ = true;
      words_ = 0;
      turn_bd_ = Boundary{"episode", std::string(text_.slice(*hit)), "", 1};
    }
  } else if (words_ < 40) {  // only "fewer than 40" matters, so counting stops there
    words_ += word_count(text_, local(t.span), 40 - words_);
  }
  turn_ep_ = ep_;
}

// The units of a participant turn from its sentences (spans_, in text_'s code points). When
// writing, the units before the current one are written every kUnitsHeld: a long answer holds
// its sentences' spans, tenses and similarities, not its units.
void Segmenter::participant_turn(const Doc& d, std::size_t ti) {
  const std::size_t n = spans_.size();
  if (n == 0) return;
  auto doc_span = [&](std::size_t j) { return Span{spans_[j].start + off_, spans_[j].end + off_}; };
  std::size_t ep = turn_ep_;
  tense_.assign(n, Tense::unknown);
  if (opts_.granularity != Granularity::turn) {
    cohesion_.clear(markers_);
    for (std::size_t j = 0; j < n; ++j) tense_[j] = cohesion_.add_and_tense(markers_, text_, spans_[j]);
    cohesion_.finish();
  }
  auto slice = [&](Span s) { return std::string(text_.slice(s)); };
  units_.push_back(Unit{ep, 0, d.turns[ti].speaker, doc_span(0), turn_bd_, ti});
  Tense last = tense_[0];
  std::size_t in_unit = 1;  // sentences in the current unit
  for (std::size_t j = 1; j < n; ++j) {
    if (out_ && units_.size() - numbered_ > kUnitsHeld) number_units(d, units_.size() - 1);  // all but the current
    Span s = doc_span(j);
    const std::size_t prev_start = spans_[j - 1].start + off_;
    auto mid = std::find_if(mid_turn_.begin(), mid_turn_.end(), [&](const auto& m) { return m.first > prev_start && m.first <= s.start; });
    if (mid != mid_turn_.end()) {
      ep = static_cast<std::size_t>(std::find_if(d.episodes.begin(), d.episodes.end(), [&](const auto& e) { return e.at == mid->first; }) - d.episodes.begin()) + 1;
      units_.push_back(Unit{ep, 0, d.turns[ti].speaker, s, mid->second, ti});
      in_unit = 1;
      continue;
    }
    // The cues at this gap add up; the strongest (the first of equals) names the boundary,
    // whose text is only made when the gap is cut.
    enum class Cue { none, marker, tense, cohesion, length } win = Cue::none;
    double score = 0;
    std::optional<MarkerHit> hit;
    Tense from = last, to = last;
    double dip = 0;
    if (opts_.granularity != Granularity::turn) {
      double sum = 0, top = 0;
      auto consider = [&](double cue_score, Cue cue) {
        sum += cue_score;
        if (cue_score > top) { top = cue_score; win = cue; }
      };
      if ((hit = match_marker(markers_, text_, spans_[j]))) consider(markers_.classes[hit->cls].weight, Cue::marker);
      Tense now = tense_[j];
      if (now != Tense::unknown && last != Tense::unknown && now != last) {
        to = now;
        // A preterite moves narrative time forward; an imperfect after it describes the
        // moment just told (a state around the event), so it is the weaker cue.
        bool background = last == Tense::preterite && now == Tense::imperfect;
        consider(background ? markers_.tense_background_weight : markers_.tense_weight, Cue::tense);
      }
      if (now != Tense::unknown) last = now;
      dip = cohesion_.depth(j);
      if (dip > 0) consider(markers_.cohesion_weight * std::min(1.0, dip), Cue::cohesion);
      if (static_cast<int>(in_unit) > markers_.length_free && markers_.length_weight > 0)
        consider(markers_.length_weight * static_cast<double>(in_unit - static_cast<std::size_t>(markers_.length_free)), Cue::length);
      score = round2(std::min(1.0, sum));
    }
    bool cut = opts_.granularity == Granularity::sentence || (score > 0 && score >= opts_.threshold);
    if (!cut) {
      units_.back().span.end = s.end;
      ++in_unit;
      continue;
    }
    units_.push_back(Unit{ep, 0, d.turns[ti].speaker, s, Boundary{}, ti});
    Boundary& bd = units_.back().boundary;
    switch (win) {
      case Cue::none: bd.reason = "sentence"; break;
      case Cue::marker:
        bd.reason = "marker";
        bd.cue = slice(hit->where);  // (in text_'s code points)
        bd.cls = markers_.classes[hit->cls].name;
        break;
      case Cue::tense:
        bd.reason = "tense";
        bd.cue = std::string(tense_name(from)) + "→" + tense_name(to);
        break;
      case Cue::cohesion:
        bd.reason = "cohesion";
        bd.cue = fmt::format("depth {:.2f}", dip);
        break;
      case Cue::length:
        bd.reason = "length";
        bd.cue = fmt::format("{} sentences", in_unit);
        break;
    }
    bd.score = score;
    in_unit = 1;
  }
}

const std::vector<Unit>& Segmenter::segment(const Doc& d) {
  turns(d, nullptr, nullptr);
  return units_;
}

void Segmenter::write(const Doc& d, std::string& out, io::Output* direct) {
  // The doc's fields every unit copies, looked up once.
  static const char* const names[] = {"participant", "source", "attrs", "category", "question"};
  for (std::size_t k = 0; k < std::size(names); ++k) raws_[k] = d.rec.raw(names[k]);
  unit_id_ = d.id + ".u";
  doc_id_.clear();
  json::append_string(doc_id_, d.id);
  turns(d, &out, direct);
}

// Number the units from numbered_ to `end` and count them; when writing, write them and let
// them go.
void Segmenter::number_units(const Doc& d, std::size_t end) {
  for (std::size_t k = numbered_; k < end; ++k) {
    auto& u = units_[k];
    u.seq = ++seq_;
    if (u.speaker == "interviewer") continue;
    ++participant_units_;
    in_episode_ = in_episode_ || u.episode != 0;
  }
  if (out_) {
    write_units(d, numbered_, end, *out_, direct_);
    units_.erase(units_.begin(), units_.begin() + static_cast<std::ptrdiff_t>(end));
    end = 0;
  }
  numbered_ = end;
}

void Segmenter::turns(const Doc& d, std::string* out, io::Output* direct) {
  sents_.clear();
  units_.clear();
  numbered_ = 0;
  out_ = out;
  direct_ = direct;
  seq_ = participant_units_ = 0;
  in_episode_ = false;
  start_episodes(d);
  // A code point of the doc and its byte offset, moved to each turn (a step back at most).
  std::size_t cp = 0, byte = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(d.text.data());
  auto byte_at = [&](std::size_t to) {
    for (; cp < to; ++cp)
      do ++byte;
      while (byte < d.text.size() && (p[byte] & 0xC0) == 0x80);
    for (; cp > to; --cp)
      do --byte;
      while ((p[byte] & 0xC0) == 0x80);
    return byte;
  };
  for (std::size_t i = 0; i < d.turns.size(); ++i) {
    const auto& t = d.turns[i];
    if (t.span.start == t.span.end) {
      turn_episode(d, i);
      continue;
    }
    // The turn and the code point before it (whether a word goes on into the turn), decoded
    // alone: every cue and the sentence splitter read no further.
    off_ = t.span.start > 0 ? t.span.start - 1 : 0;
    std::size_t from = byte_at(off_), to = byte_at(t.span.end);
    text_.assign(std::string_view(d.text).substr(from, to - from));
    turn_episode(d, i);
    if (t.speaker == "interviewer") {
      units_.push_back(Unit{turn_ep_, 0, t.speaker, t.span, turn_bd_, i});
    } else {
      spans_.clear();
      splitter_.split(text_, local(t.span), spans_);
      if (!out)  // (only sentences() reads them)
        for (auto s : spans_) sents_.push_back(Sentence{Span{s.start + off_, s.end + off_}, i});
      participant_turn(d, i);
    }
    number_units(d, units_.size());
  }
  out_ = nullptr;
  direct_ = nullptr;
  if (!interview_) in_episode_ = true;  // only an interview's participant speech needs an episode
}

void Segmenter::append_score(std::string& out, double score) const {
  auto bits = std::bit_cast<std::uint64_t>(score);
  auto& e = scores_[(bits * 0x9E3779B97F4A7C15ull) >> 58];
  if (e.len == 0 || e.bits != bits) {
    std::string text;
    json::append_number(text, score);
    if (text.size() > sizeof e.text) {
      out += text;
      return;
    }
    e.bits = bits;
    e.len = static_cast<std::uint8_t>(text.size());
    std::memcpy(e.text, text.data(), text.size());
  }
  out.append(e.text, e.len);
}

// The unit records are written field by field with the json helpers rather than a
// json::Writer: the layout is fixed, and this is the hottest output of the toolchain. The
// bytes are those of the Writer (compact, keys in this order).
void Segmenter::write_units(const Doc& d, std::size_t first_unit, std::size_t end, std::string& out, io::Output* direct) {
  // ,"key": then the raw value of the doc's fields every unit copies (raws_).
  static constexpr std::string_view copied[] = {R"(,"participant":)", R"(,"source":)", R"(,"attrs":)", R"(,"category":)", R"(,"question":)"};
  std::string& id = unit_id_;
  const std::size_t id_stem = d.id.size() + 2;
  char digits[24];
  auto append_int = [&](std::size_t v) {
    out.append(digits, static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, static_cast<std::int64_t>(v)).ptr - digits));
  };
  for (std::size_t k = first_unit; k < end; ++k) {
    const auto& u = units_[k];
    id.resize(id_stem);  // "{doc}.u{seq:03}"
    auto len = static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, u.seq).ptr - digits);
    if (len < 3) id.append(3 - len, '0');
    id.append(digits, len);
    out.append(R"({"kind":"unit","id":)"sv);
    json::append_string(out, id);
    out.append(R"(,"doc":)"sv);
    out += doc_id_;
    for (std::size_t f = 0; f < std::size(copied); ++f)
      if (raws_[f]) {
        out += copied[f];
        out += *raws_[f];
      }
    out.append(R"(,"episode":)"sv);
    append_int(u.episode);
    out.append(R"(,"seq":)"sv);
    append_int(u.seq);
    out.append(R"(,"speaker":)"sv);
    json::append_string(out, u.speaker);
    if (u.turn < d.turns.size() && !d.turns[u.turn].start.empty()) {  // the turn's timestamp, for citations
      out.append(R"(,"start":)"sv);
      json::append_string(out, d.turns[u.turn].start);
    }
    out.append(R"(,"span":[)"sv);
    append_int(u.span.start);
    out += ',';
    append_int(u.span.end);
    out.append(R"(],"text":)"sv);
    json::append_string(out, text_.slice(local(u.span)));
    out.append(R"(,"boundary":{"reason":)"sv);
    json::append_string(out, u.boundary.reason);
    if (!u.boundary.cue.empty()) {
      out.append(R"(,"cue":)"sv);
      json::append_string(out, u.boundary.cue);
    }
    if (!u.boundary.cls.empty()) {
      out.append(R"(,"class":)"sv);
      json::append_string(out, u.boundary.cls);
    }
    out.append(R"(,"score":)"sv);
    append_score(out, u.boundary.score);
    out.append("}}\n"sv);
    if (direct && out.size() >= kDirectBytes) {  // a long doc's units leave as they are written
      direct->write_through(out);
      out.clear();
    }
  }
}

namespace {
// An interview whose participant speech all lands before any episode (no marker, no prompt
// found) would give no narrative: a note and a warning, never a silence. `n`: its participant
// units (Segmenter::units_outside_episodes).
std::optional<note::Note> no_episode(const Doc& d, std::size_t n) {
  if (n == 0) return std::nullopt;
  note::Note nt{"qda-segment", "doc", d.id, "no_episode", {{"units", std::to_string(n)}}, {}};
  nt.message = "doc " + d.id + ": no episode found (no episode marker, and no interviewer turn asks for a narrative), so its " +
               std::to_string(n) + " participant units are in episode 0, which qda-synthesize leaves out; mark the episodes "
               "('## Episodio 1') or list the protocol's requests under episode_prompts in the study file";
  return nt;
}

// What segmenting some docs gave: the records to write, the warnings to print, the notes.
struct Segmented {
  std::string out;
  std::vector<std::string> warnings;
  std::size_t notes = 0;
};

// `direct`: the output, for the units of a long doc to go to it as they are written.
void segment_into(Segmenter& seg, const Doc& d, Segmented& r, io::Output* direct = nullptr) {
  seg.write(d, r.out, direct);
  if (auto nt = no_episode(d, seg.units_outside_episodes())) {
    r.out += note::to_json(*nt);
    r.out += '\n';
    r.warnings.push_back(nt->message);
    ++r.notes;
  }
}

// A worker's segmenter, rebuilt when the study's prompts it was made with change.
struct SegmentState {
  std::unique_ptr<Segmenter> seg;
  std::shared_ptr<const std::vector<std::string>> prompts;
};

// Docs in, their units out; every other record passes through. A study record (qda-ingest's)
// adds the study's episode prompts, unless the prompts came from --study. With workers, docs
// are segmented in batches on other threads and written back in input order.
class SegmentStep : public Step {
 public:
  SegmentStep(Segmenter& seg, io::Output& out, bool stream_prompts, Workers<SegmentState>* workers, std::size_t in_flight)
      : Step(&out), seg_(seg), out_(out), stream_prompts_(stream_prompts), workers_(workers), in_flight_(in_flight),
        prompts_(std::make_shared<const std::vector<std::string>>()) {}
  bool takes(std::string_view kind) const override { return kind == "doc" || kind == "study"; }
  void record(const RecordView& r) override {
    if (r.kind == "study") {
      pass(r.line);
      if (stream_prompts_) {
        auto prompts = model::study_from_record(r.line).episode_prompts;
        seg_.add_prompts(prompts);
        auto all = std::make_shared<std::vector<std::string>>(*prompts_);
        all->insert(all->end(), prompts.begin(), prompts.end());
        send();  // the docs before it were segmented without them
        prompts_ = std::move(all);
        stream_prompts_ = false;  // one study per stream: the first record's
      }
      return;
    }
    // The record without its text and turns, which are read from the line rather than copied.
    std::optional<std::string_view> text, turns;
    fields_.clear();
    for (const auto& f : r.fields)
      if (f.key == "text") text = f.raw;
      else if (f.key == "turns") turns = f.raw;
      else fields_.push_back(f);
    Doc d = read_doc(Record::from_fields(fields_), text, turns);
    // Unit ids are the doc's id and a number: a second doc of the same id would repeat them.
    if (auto [at, fresh] = seen_.emplace(d.id, Location{r.where.file, r.where.line}.str()); !fresh)
      throw DataError("doc id '" + d.id + "' already used (at " + at->second + "): its units' ids would repeat");
    if (!workers_ || d.text.size() >= kBatchBytes) {
      // A long doc is segmented here, its units written as they are made, after every batch
      // before it: a worker would hold all its units until they could be written.
      send();
      while (!pending_.empty()) write_oldest();
      Segmented done;
      segment_into(seg_, d, done, &out_);
      emit(done);
      return;
    }
    batch_bytes_ += d.text.size() + 256;
    batch_.emplace_back(std::move(d));
    if (batch_bytes_ >= kBatchBytes) send();
  }
  void pass(std::string_view line) override {
    if (!workers_ || (batch_.empty() && pending_.empty())) return out_.line(line);
    batch_bytes_ += line.size();
    batch_.emplace_back(std::string(line));
  }
  void finish() override {
    send();
    while (!pending_.empty()) write_oldest();
  }
  std::size_t notes() const { return notes_; }

 private:
  static constexpr std::size_t kBatchBytes = 1 << 18;
  using Item = std::variant<Doc, std::string>;

  void emit(const Segmented& done) {
    out_.write(done.out);
    for (const auto& w : done.warnings) spdlog::warn("{}", w);
    notes_ += done.notes;
  }
  void send() {
    if (batch_.empty()) return;
    auto batch = std::make_shared<std::vector<Item>>(std::move(batch_));
    batch_.clear();
    batch_bytes_ = 0;
    auto prompts = prompts_;
    pending_.push_back(workers_->submit<Segmented>([batch, prompts](SegmentState& st) {
      if (st.prompts != prompts) {  // a segmenter with the study's prompts of this batch
        st.seg->reset_prompts(*prompts);
        st.prompts = prompts;
      }
      Segmented done;
      for (auto& item : *batch) {
        if (auto* line = std::get_if<std::string>(&item)) {
          done.out += *line;
          done.out += '\n';
        } else {
          segment_into(*st.seg, std::get<Doc>(item), done);
        }
      }
      return done;
    }));
    while (pending_.size() > in_flight_) write_oldest();
  }
  void write_oldest() {
    Segmented done = pending_.front().get();
    pending_.pop_front();
    emit(done);
  }

  Segmenter& seg_;
  io::Output& out_;
  bool stream_prompts_;
  Workers<SegmentState>* workers_;
  std::size_t in_flight_;
  std::shared_ptr<const std::vector<std::string>> prompts_;  // the stream's, for the workers
  std::vector<Item> batch_;
  std::size_t batch_bytes_ = 0;
  std::deque<std::future<Segmented>> pending_;
  std::size_t notes_ = 0;
  std::unordered_map<std::string, std::string> seen_;  // doc ids, with where they were read
  std::vector<FieldParser::Field> fields_;              // a doc's fields but its text
};
}  // namespace

void Segmenter::add_prompts(const std::vector<std::string>& prompts) {
  if (prompts.empty()) return;
  for (const auto& p : prompts) {
    auto t = text::trim(p);
    if (!t.empty()) markers_.prompts.push_back(text::fold32(t));
  }
  markers_.index();
}

void Segmenter::reset_prompts(const std::vector<std::string>& stream_prompts) {
  markers_ = load(opts_);
  add_prompts(opts_.episode_prompts);
  add_prompts(stream_prompts);
}

std::size_t run(Segmenter& seg, io::LineReader& in, io::Output& out, Accounting& acc, const StepOptions& opts, int jobs) {
  std::unique_ptr<Workers<SegmentState>> workers;
  if (jobs > 1) {
    Options o = seg.options();
    workers = std::make_unique<Workers<SegmentState>>(jobs, [o](int) {
      auto st = std::make_unique<SegmentState>();
      st->seg = std::make_unique<Segmenter>(o);
      st->prompts = std::make_shared<const std::vector<std::string>>();
      return st;
    });
  }
  SegmentStep step(seg, out, !seg.options().prompts_given, workers.get(), static_cast<std::size_t>(jobs) * 2);
  run_step(step, in, acc, opts);
  return step.notes();
}

}  // namespace qda::segment
