// segment_quality: Pk and WindowDiff of qda-segment and three baselines against a gold
// segmentation; with --assert, fails unless the tool beats every baseline with Pk <= 0.30.
// Reads doc records on stdin; exits 77 (ctest skip) while the gold file does not exist.
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "core/io.hpp"
#include "core/text.hpp"
#include "segment/metrics.hpp"
#include "segment/segment.hpp"

using namespace qda;
using namespace qda::segment;

namespace {
struct Region {
  Span span;
  std::vector<std::size_t> boundaries;
};
struct Eval {
  std::string ref, name;
  std::vector<std::string> hyps;  // per region
};
std::vector<Span> words(const Text& t, Span s) {
  std::vector<Span> out;
  for (std::size_t i = s.start; i < s.end;) {
    while (i < s.end && !text::is_word_cp(t.cps[i])) ++i;
    std::size_t b = i;
    while (i < s.end && text::is_word_cp(t.cps[i])) ++i;
    if (b < i) out.push_back({b, i});
  }
  return out;
}
}  // namespace

int main(int argc, char** argv) {
  bool assert_mode = argc > 1 && std::string(argv[1]) == "--assert";
  double max_pk = 0.30;  // the target
  int first = 1 + assert_mode;
  if (assert_mode && argc > 3 && std::string(argv[2]) == "--max-pk") {
    max_pk = std::atof(argv[3]);
    first += 2;
  }
  if (argc != first + 1) { std::fprintf(stderr, "usage: segment_quality [--assert [--max-pk X]] GOLD.jsonl < docs.jsonl\n"); return 2; }
  std::string gold_path = argv[first];
  if (!std::filesystem::exists(gold_path)) {
    std::printf("segment quality: %s does not exist yet: skipped\n", gold_path.c_str());
    return 77;
  }
  try {
    std::map<std::string, std::vector<Region>> gold;
    {
      io::LineReader in({gold_path});
      std::string_view line;
      simdjson::dom::parser p;
      while (in.next(line)) {
        if (text::trim(line).empty()) continue;
        simdjson::dom::element e;
        std::string_view doc;
        simdjson::dom::array span, bounds;
        if (p.parse(line).get(e) || e["doc"].get_string().get(doc) || e["span"].get_array().get(span) || e["boundaries"].get_array().get(bounds))
          throw DataError("expected {\"doc\", \"span\", \"boundaries\"}", in.where());
        Region r{{std::size_t(int64_t(span.at(0))), std::size_t(int64_t(span.at(1)))}, {}};
        for (auto b : bounds) r.boundaries.push_back(std::size_t(int64_t(b)));
        gold[std::string(doc)].push_back(r);
      }
    }
    Options o;
    Segmenter tool(o);
    o.granularity = Granularity::sentence;
    Segmenter sentence(o);
    o.granularity = Granularity::turn;
    Segmenter turn(o);
    const char* names[] = {"qda-segment", "every sentence", "whole turn", "3-sentence chunks"};
    std::vector<std::string> refs;
    std::vector<std::string> hyps[4];
    std::size_t found = 0;
    io::LineReader in({});
    std::string_view line;
    Text t;
    while (in.next(line)) {
      if (line.find("\"kind\":\"doc\"") == std::string_view::npos) continue;
      auto d = read_doc(Record::parse(line));
      auto g = gold.find(d.id);
      if (g == gold.end()) continue;
      ++found;
      std::vector<std::size_t> starts[4];
      for (const auto& u : tool.segment(d)) starts[0].push_back(u.span.start);
      for (const auto& u : sentence.segment(d)) starts[1].push_back(u.span.start);
      for (const auto& u : turn.segment(d)) starts[2].push_back(u.span.start);
      // fixed chunks: every third sentence of a turn starts a unit (interviewer turns whole)
      std::size_t prev_turn = SIZE_MAX, n_in_turn = 0;
      for (const auto& s : sentence.sentences()) {
        if (s.turn != prev_turn) n_in_turn = 0;
        if (n_in_turn++ % 3 == 0) starts[3].push_back(s.span.start);
        prev_turn = s.turn;
      }
      starts[3].insert(starts[3].end(), starts[2].begin(), starts[2].end());
      t.assign(d.text);
      for (const auto& r : g->second) {
        if (r.span.end > t.cps.size() || r.span.start >= r.span.end) throw DataError("gold region outside doc " + d.id);
        auto w = words(t, r.span);
        refs.push_back(boundary_string(w, r.boundaries));
        for (int k = 0; k < 4; ++k) {
          std::vector<std::size_t> inside;
          for (auto b : starts[k]) if (b > r.span.start && b < r.span.end) inside.push_back(b);
          hyps[k].push_back(boundary_string(w, inside));
        }
      }
    }
    std::size_t nwords = 0, nsegs = 0;
    for (const auto& r : refs) { nwords += r.size(); nsegs += std::count(r.begin(), r.end(), '1') + 1; }
    if (refs.empty() || nwords == 0) { std::printf("segment quality: no gold region matched a doc\n"); return 1; }
    int k = std::max(1, int(std::lround(double(nwords) / double(nsegs) / 2)));
    std::printf("segmentation against %s: %zu regions of %zu docs, %zu words, %zu gold segments, k = %d words\n\n",
                gold_path.c_str(), refs.size(), found, nwords, nsegs, k);
    std::printf("| system | Pk | WindowDiff |\n|---|---|---|\n");
    double pks[4], wds[4];
    for (int s = 0; s < 4; ++s) {
      WindowCount p, w;
      for (std::size_t i = 0; i < refs.size(); ++i) {
        if (refs[i].size() < std::size_t(k)) continue;  // too short for one window
        p += pk_count(refs[i], hyps[s][i], k);
        w += windowdiff_count(refs[i], hyps[s][i], k);
      }
      pks[s] = p.rate(); wds[s] = w.rate();
      std::printf("| %s | %.3f | %.3f |\n", names[s], pks[s], wds[s]);
    }
    if (!assert_mode) return 0;
    bool beats = true;
    for (int s = 1; s < 4; ++s) beats = beats && pks[0] < pks[s] && wds[0] < wds[s];
    bool ok = beats && pks[0] <= max_pk;
    std::printf("\n%s: qda-segment %s every baseline on Pk and WindowDiff; Pk %.3f %s %.2f\n", ok ? "PASS" : "FAIL",
                beats ? "beats" : "does not beat", pks[0], pks[0] <= max_pk ? "<=" : ">", max_pk);
    return ok ? 0 : 1;
  } catch (const Error& e) {
    std::fprintf(stderr, "segment_quality: error: %s\n", e.describe().c_str());
    return 2;
  }
}
