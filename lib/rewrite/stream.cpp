// Record handling of qda-rewrite: parsing units, episode buffering, writing the new fields.
#include "rewrite/stream.hpp"

#include <optional>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "core/fields.hpp"
#include "core/json.hpp"
#include "core/record.hpp"
#include "core/step.hpp"

namespace qda::rewrite {

namespace {

struct Item {
  std::string line;               // written verbatim when there is no unit
  std::optional<Record> unit;
  std::optional<Prepared> prep;
  std::size_t span0 = 0;
  std::vector<std::string> codes;
};

std::size_t span_start(const Record& r) {
  const std::string* raw = r.raw("span");
  return raw ? fields::read_span(*raw).start : 0;  // without one, offsets count from the unit text
}

std::vector<std::string> code_ids(const Record& r) {
  const std::string* raw = r.raw("codes");
  return raw ? fields::read_code_ids(*raw) : std::vector<std::string>{};
}

Gender gender_of(const Record& r) {
  const std::string* attrs = r.raw("attrs");
  if (!attrs) return Gender::unknown;
  Record a = Record::parse(*attrs);
  auto g = a.get_string("gender");
  return g ? gender_from(*g) : Gender::unknown;
}

std::string changes_json(const std::vector<Change>& cs, std::size_t span0) {
  std::string out;
  json::Writer w(out);
  w.begin_array();
  for (const auto& c : cs) {
    w.begin_object();
    w.key("span").span(span0 + c.start, span0 + c.end);
    w.field("from", c.from).field("to", c.to).field("rule", c.rule);
    if (c.ambiguous) w.field("ambiguous", true);
    w.end_object();
  }
  w.end_array();
  return out;
}

class Episodes {
 public:
  Episodes(io::Output& out, Rewriter& rw, const Meanings& m) : out_(out), rw_(rw), m_(m) {}

  void add(Item item, const std::string& key) {
    if (item.unit && key != key_) { flush(); done_.clear(); key_ = key; }
    waiting_ = waiting_ || (item.prep && item.prep->pending_tense);
    items_.push_back(std::move(item));
    // Nothing waits for context: write at once. Units written stay analysed until the episode
    // ends, in case a later unit needs their tenses.
    if (!waiting_) flush();
  }

  void flush() {
    Tally episode;
    if (waiting_) {
      for (auto& p : done_) episode += rw_.tally(p);
      for (auto& it : items_)
        if (it.prep) episode += it.prep->pending_tense ? it.prep->tally : rw_.tally(*it.prep);
    }
    for (auto& it : items_) {
      write(it, episode);
      if (it.prep) done_.push_back(std::move(*it.prep));
    }
    items_.clear();
    waiting_ = false;
  }

 private:
  void write(Item& it, const Tally& episode) {
    if (!it.unit) { out_.line(it.line); return; }
    Record& r = *it.unit;
    if (it.prep) {
      Result res = rw_.finish(*it.prep, episode);
      r.set_raw("third_person", json::quote(res.third_person));
      r.set_raw("rewrite", changes_json(res.changes, it.span0));
      r.set_raw("meaning", json::quote(m_.render(it.codes, it.prep->gender)));
    }
    buf_.clear();
    r.serialize_to(buf_);
    out_.line(buf_);
  }

  io::Output& out_;
  Rewriter& rw_;
  const Meanings& m_;
  std::string key_;
  std::vector<Item> items_;
  std::vector<Prepared> done_;
  bool waiting_ = false;
  std::string buf_;
};

}  // namespace

namespace {
// Participant units are rewritten; interviewer units and every other record are held in
// order with them and pass unchanged.
class RewriteStep : public Step {
 public:
  RewriteStep(io::Output& out, Rewriter& rw, const Meanings& m) : Step(&out), eps_(out, rw, m), rw_(rw) {}
  bool takes(std::string_view kind) const override { return kind == "unit"; }
  void record(const RecordView& v) override {
    Record r = v.record();
    Item item;
    if (r.get_string("speaker").value_or("participant") == "interviewer") return pass(v.line);
    auto text = r.get_string("text");
    if (!text) throw DataError("a unit needs a \"text\" string");
    item.span0 = span_start(r);
    item.codes = code_ids(r);
    item.prep = rw_.prepare(*text, gender_of(r));
    std::string doc = r.get_string("doc").value_or("");
    // A doc whose units come back after another doc's: its episodes are rewritten apart.
    if (doc != doc_) {
      if (!doc_.empty()) done_docs_.insert(doc_);
      if (done_docs_.count(doc) && warned_docs_.insert(doc).second)
        spdlog::warn("{}: the units of doc {} are not together in the input (more at line {}): an episode cut in two "
                     "is rewritten apart, which can change a tense chosen from its context; keep each doc's records "
                     "together (shard by doc, e.g. parallel --group-by)", v.where.file.empty() ? "-" : v.where.file, doc,
                     v.where.line);
      doc_ = doc;
    }
    std::string key = doc + '\x1f' + (r.raw("episode") ? *r.raw("episode") : "");
    item.unit = std::move(r);
    eps_.add(std::move(item), key);
  }
  void pass(std::string_view line) override {
    Item item;
    item.line.assign(line);
    eps_.add(std::move(item), {});
  }
  void finish() override { eps_.flush(); }

 private:
  Episodes eps_;
  Rewriter& rw_;
  std::string doc_;
  std::unordered_set<std::string> done_docs_, warned_docs_;
};
}  // namespace

void rewrite_stream(io::LineReader& in, io::Output& out, Accounting& acc, Rewriter& rw, const Meanings& meanings,
                    const StepOptions& opts) {
  RewriteStep step(out, rw, meanings);
  run_step(step, in, acc, opts);
}

}  // namespace qda::rewrite
