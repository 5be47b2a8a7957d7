// Record handling of qda-rewrite: parsing units, episode buffering, writing the new fields.
#include "rewrite/stream.hpp"

#include <deque>
#include <optional>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "core/fields.hpp"
#include "core/json.hpp"
#include "core/record.hpp"
#include "core/step.hpp"
#include "core/workers.hpp"

namespace qda::rewrite {

namespace {

struct Item {
  std::string line;               // written verbatim when there is no unit
  std::optional<Record> unit;
  std::optional<Prepared> prep;
  std::size_t span0 = 0;
  std::vector<std::string> codes;
  // Until prepared (by a worker, with -j): the unit's text and the participant's gender.
  std::string text;
  Gender gender = Gender::unknown;
};

// Where rewritten records go: the output file, or a batch's buffer (with -j).
struct Sink {
  io::Output* out = nullptr;
  std::string* buf = nullptr;
  void line(std::string_view s) {
    if (out) {
      out->line(s);
    } else {
      buf->append(s);
      *buf += '\n';
    }
  }
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
  Episodes(Sink out, Rewriter& rw, const Meanings& m) : out_(out), rw_(rw), m_(m) {}

  void add(Item item, const std::string& key) {
    if (item.unit && key != key_) { flush(); done_.clear(); key_ = key; }
    waiting_ = waiting_ || (item.prep && item.prep->pending_tense);
    items_.push_back(std::move(item));
    // Nothing waits for context: write at once. Units written stay analysed until the episode
    // ends, in case a later unit needs their tenses.
    if (!waiting_) flush();
  }

  void flush() {
    // The episode's tally (every word of its units analysed) only where a unit's own verbs leave
    // its pending tense open: finish() reads it for nothing else.
    Tally episode;
    bool needed = false;
    if (waiting_)
      for (const auto& it : items_) needed = needed || (it.prep && Rewriter::needs_episode(*it.prep));
    if (needed) {
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

  Sink out_;
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
// A run of whole episodes (and the records among them), rewritten by one worker into `out`.
struct Batch {
  std::vector<Item> items;
  std::vector<std::string> keys;
  std::size_t bytes = 0;
  std::string out;
};

// Rewrites one batch with its own Episodes: an episode never spans two batches, so the result
// is the same as in one sequential pass.
void rewrite_batch(Batch& b, Rewriter& rw, const Meanings& m) {
  Episodes eps(Sink{nullptr, &b.out}, rw, m);
  for (std::size_t i = 0; i < b.items.size(); ++i) {
    Item& it = b.items[i];
    if (it.unit) it.prep = rw.prepare(it.text, it.gender), it.text.clear(), it.text.shrink_to_fit();
    eps.add(std::move(it), b.keys[i]);
  }
  eps.flush();
  b.items.clear();
  b.keys.clear();
}

// What a worker thread rewrites with: a morphology (the analysers and their caches are not
// shared between threads) and a rewriter over it.
struct RewriteState {
  std::unique_ptr<Morphology> own;
  Rewriter rw;
  RewriteState(std::unique_ptr<Morphology> m, Morphology& use, const model::Roles& roles, Grammar g)
      : own(std::move(m)), rw(use, roles, g) {}
};
using Workers = qda::Workers<RewriteState>;

// Participant units are rewritten; interviewer units and every other record are held in
// order with them and pass unchanged. With workers, whole episodes are batched and rewritten in
// parallel, and the batches written back in input order.
class RewriteStep : public Step {
 public:
  RewriteStep(io::Output& out, Rewriter& rw, const Meanings& m, Workers* workers, std::size_t in_flight)
      : Step(&out), out_(out), eps_(Sink{&out, nullptr}, rw, m), rw_(rw), m_(m), workers_(workers), in_flight_(in_flight) {}
  bool takes(std::string_view kind) const override { return kind == "unit"; }
  void record(const RecordView& v) override {
    Record r = v.record();
    Item item;
    if (r.get_string("speaker").value_or("participant") == "interviewer") return pass(v.line);
    auto text = r.get_string("text");
    if (!text) throw DataError("a unit needs a \"text\" string");
    item.span0 = span_start(r);
    item.codes = code_ids(r);
    Gender g = gender_of(r);
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
    if (!workers_) {
      item.prep = rw_.prepare(*text, g);
      eps_.add(std::move(item), key);
      return;
    }
    // A new episode may start a new batch once the current one is big enough.
    if (key != batch_key_ && batch_.bytes >= kBatchBytes) send();
    batch_key_ = key;
    batch_.bytes += text->size() + 64;
    item.text = std::move(*text);
    item.gender = g;
    batch_.items.push_back(std::move(item));
    batch_.keys.push_back(std::move(key));
  }
  void pass(std::string_view line) override {
    Item item;
    item.line.assign(line);
    if (!workers_) return eps_.add(std::move(item), {});
    // Nothing held back: written at once (upstream provenance records keep their place before
    // this tool's own, which run_step writes directly).
    if (batch_.items.empty() && pending_.empty()) return out_.line(line);
    batch_.bytes += line.size();
    batch_.items.push_back(std::move(item));
    batch_.keys.emplace_back();
  }
  void finish() override {
    if (!workers_) return eps_.flush();
    send();
    while (!pending_.empty()) write_oldest();
  }

 private:
  // Text per batch: big enough to keep a worker busy, small enough to bound the memory held.
  static constexpr std::size_t kBatchBytes = 1 << 16;

  void send() {
    if (batch_.items.empty()) return;
    auto batch = std::make_shared<Batch>(std::move(batch_));
    const Meanings& m = m_;
    pending_.push_back(workers_->submit<std::string>([batch, &m](RewriteState& st) {
      rewrite_batch(*batch, st.rw, m);
      return std::move(batch->out);
    }));
    batch_ = Batch{};
    while (pending_.size() > in_flight_) write_oldest();
  }
  void write_oldest() {
    std::string done = pending_.front().get();
    pending_.pop_front();
    out_.write(done);
  }

  io::Output& out_;
  Episodes eps_;
  Rewriter& rw_;
  const Meanings& m_;
  Workers* workers_;
  std::size_t in_flight_;
  Batch batch_;
  std::string batch_key_;
  std::deque<std::future<std::string>> pending_;
  std::string doc_;
  std::unordered_set<std::string> done_docs_, warned_docs_;
};
}  // namespace

void rewrite_stream(io::LineReader& in, io::Output& out, Accounting& acc, Morphology& morphology, const Meanings& meanings,
                    const StepOptions& opts, int jobs, const std::string& morphology_dir, Grammar grammar) {
  std::unique_ptr<Workers> workers;
  // The first worker uses the morphology given (loaded by the caller, so a bad directory fails
  // before any input is read); the others load their own when first needed.
  if (jobs > 1)
    workers = std::make_unique<Workers>(jobs, [&morphology, morphology_dir, &meanings, grammar](int i) {
      std::unique_ptr<Morphology> own = i == 0 ? nullptr : Morphology::load(morphology_dir);
      if (own) own->share_caches_with(morphology);
      Morphology& use = own ? *own : morphology;
      return std::make_unique<RewriteState>(std::move(own), use, meanings.roles(), grammar);
    });
  // Without workers, this thread rewrites with the given morphology (with them, only a worker uses it).
  Rewriter rw(morphology, meanings.roles(), grammar);
  RewriteStep step(out, rw, meanings, workers.get(), static_cast<std::size_t>(jobs) * 2);
  run_step(step, in, acc, opts);
}

}  // namespace qda::rewrite
