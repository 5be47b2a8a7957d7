// Streaming driver of qda-code: group units by doc, apply rules and codings, audit changes.
#include "code/coder.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "code/codings.hpp"
#include "code/learn.hpp"
#include "code/matcher.hpp"
#include "code/select.hpp"
#include "code/unit.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "core/step.hpp"

namespace qda::code {

namespace {
// The previous output of qda-code, by unit id.
struct Previous {
  std::unordered_map<std::string, std::vector<std::pair<std::string, std::string>>> codes;
  std::unordered_map<std::string, std::string> doc;
  std::vector<std::string> order;
  std::unordered_map<std::string, bool> seen;
};

Previous load_previous(const std::string& path) {
  Previous p;
  io::LineReader r({path});
  std::string_view line;
  while (r.next_record(line)) {
    try {
      Record rec = Record::parse(line);
      if (rec.kind() != "unit") continue;
      auto id = rec.get_string("id");
      if (!id) throw DataError("a unit needs a string 'id'");
      if (p.codes.count(*id)) throw DataError("unit '" + *id + "' appears twice");
      p.codes[*id] = read_codes(rec);
      p.doc[*id] = rec.get_string("doc").value_or("");
      p.order.push_back(*id);
    } catch (Error& e) {
      e.locate(r.where());
      throw;
    }
  }
  return p;
}

void change_record(std::string& line, const std::string& unit, const std::string& doc, const std::string& code,
                   const char* what, const std::vector<std::string>& by) {
  line.clear();
  json::Writer w(line);
  w.begin_object().field("kind", "change").field("unit", unit).field("doc", doc).field("code", code).field("change", what);
  w.key("by").begin_array();
  for (const auto& b : by) w.value(b);
  w.end_array().end_object();
}

// Per code, in first-seen order, the `by` of each application.
std::vector<std::pair<std::string, std::vector<std::string>>> by_code(const std::vector<std::pair<std::string, std::string>>& cs) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& app : cs) {
    const std::string &code = app.first, &by = app.second;  // not a structured binding: the lambda captures it
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& x) { return x.first == code; });
    if (it == out.end()) out.push_back({code, {by}});
    else if (std::find(it->second.begin(), it->second.end(), by) == it->second.end()) it->second.push_back(by);
  }
  return out;
}

// A unit and its applications; recycled from group to group, buffers and all.
struct Coded {
  Unit u;
  std::vector<Application> apps;
  std::vector<Application> aside;  // rule applications set aside outside a passage or beside a code
  bool reviewed = false;           // --suggest: a person coded it (or said "-")
  double position_lo = 0.0, position_hi = 1.0;  // its place in its episode (UnitView)
  std::vector<float> probs;   // the model's probability of each of its codes (with --suggest)
  std::vector<float> scores;  // the model's score of each of its classes
  // The people's codings anchored to it, as its doc's group is queued (before the model runs:
  // what a person coded says its episode's type); emit() adds them to its applications.
  std::vector<Application> human;
  std::vector<std::pair<std::uint32_t, float>> words;  // --suggest: Candidate::words
};

struct Item {
  std::string line;             // a record of another kind, as read
  std::unique_ptr<Coded> unit;  // a unit, or null for a record of another kind
};

// The records of one doc's units, in input order (or only records of other kinds that came
// while earlier groups were still being coded).
struct Group {
  std::string doc;
  std::vector<Item> items;
  std::size_t set_aside = 0;  // rule applications an exclusive dimension or a passage removed
};

// Participant speech: speaker "participant" or none (questionnaire answers).
bool is_participant(const Unit& u) { return u.speaker.empty() || u.speaker == "participant"; }

// Each unit's place in its episode: the k-th of the episode's n participant units (speaker
// "participant" or none) is at k / (n - 1), or spans [0, 1] when it is the only one; a unit of
// another speaker takes the place of the participant unit before it (the first one's when
// none came before; [0, 1] when the episode has none).
void place_units(Group& g) {
  for (std::size_t i = 0; i < g.items.size();) {
    if (!g.items[i].unit) {
      ++i;
      continue;
    }
    const std::string_view episode = g.items[i].unit->u.episode;
    std::size_t end = i, n = 0;
    for (; end < g.items.size(); ++end) {
      if (!g.items[end].unit) continue;
      if (g.items[end].unit->u.episode != episode) break;
      n += is_participant(g.items[end].unit->u);
    }
    std::size_t k = 0;
    for (; i < end; ++i) {
      if (!g.items[i].unit) continue;
      Coded& c = *g.items[i].unit;
      if (n <= 1) {
        c.position_lo = 0.0, c.position_hi = 1.0;
        continue;
      }
      std::size_t at = is_participant(c.u) ? k++ : (k ? k - 1 : 0);
      c.position_lo = c.position_hi = static_cast<double>(at) / static_cast<double>(n - 1);
    }
  }
}

// Call f(unit, the unit before it, the unit after it) for each unit of a group, the neighbours
// null at the ends of its episode.
template <typename F>
void each_with_neighbours(Group& g, F f) {
  std::vector<Coded*> us;
  for (auto& it : g.items)
    if (it.unit) us.push_back(it.unit.get());
  for (std::size_t i = 0; i < us.size(); ++i) {
    const Coded* before = i > 0 && us[i - 1]->u.episode == us[i]->u.episode ? us[i - 1] : nullptr;
    const Coded* after = i + 1 < us.size() && us[i + 1]->u.episode == us[i]->u.episode ? us[i + 1] : nullptr;
    f(*us[i], before, after);
  }
}

// A model applied to units (learn.hpp), or, while training, only what the features need.
struct Learner {
  const Model* model = nullptr;  // null while collecting training examples
  double threshold = 0.5;        // the researcher's, else the model's own
  double veto = 0;               // a rule's code below this probability is set aside (0: none)
  std::unordered_map<std::string, std::size_t> class_of;  // a code's class in the model
  std::string by;                // "model:<name>"
  std::vector<int> dim;          // per model code: its exclusive dimension in the codebook, or -1
  std::unordered_map<std::string, int> exclusive_dim;  // codebook code id -> its exclusive dimension
  // The units a person coded (Model::coded). What they say of their episode's type outweighs
  // what the model reads.
  const decltype(Model::coded)* coded = nullptr;
  // --suggest: per model feature whether it is a word of the text (word:, pair:, lemma:); each
  // unit keeps those it has, with the model's idf, to say how typical of the others it is.
  std::vector<char> is_text;
};

// One thread's tools: its Scanner and, with a model, its Featurizer.
struct Lane {
  Scanner* sc = nullptr;
  Featurizer* fz = nullptr;
};

// Add the model's applications to the units of a doc that have their rule applications: every
// code the rules did not give whose probability reaches the threshold, and in an exclusive
// dimension only when the rules gave the unit none of its codes, the most probable one. The
// probabilities read each unit's episode (its type, from all its units). Each application names
// the three features that weighed most, its span and evidence the first of them found in the
// text (else the whole unit). With a veto level, a rule's code whose probability is below it
// goes to the unit's set_aside first, naming the model, its probability and the three features
// that weighed most against it (the model may then add another code of its dimension).
void apply_model(const Learner& l, Featurizer& fz, Group& g) {
  const Model& m = *l.model;
  std::vector<Coded*> us;
  each_with_neighbours(g, [&](Coded& c, const Coded* before, const Coded* after) {
    const auto& known = fz.known(m, c.u.view(), c.apps, c.position_lo, c.position_hi, before ? &before->apps : nullptr,
                                 after ? &after->apps : nullptr);
    m.scores_known(known, c.scores);
    if (!l.is_text.empty()) {
      c.words.clear();
      for (std::uint32_t k : known)
        if (k > 0 && l.is_text[k - 1] && m.idf[k - 1] > 0) c.words.emplace_back(k - 1, m.idf[k - 1]);
    }
    us.push_back(&c);
  });
  std::vector<const std::vector<float>*> episode;
  std::vector<float> q, coded_types;
  std::vector<std::uint32_t> given;
  std::vector<std::size_t> add;
  // Per unit of the episode, the indices in its apps of the rule applications vetoed; they
  // leave its apps once the whole episode is explained, so every unit's features are explained
  // as they were scored (a neighbour's rule codes are features too).
  std::vector<std::vector<std::size_t>> vetoed;
  auto kept = [&](const std::vector<std::size_t>& v, std::size_t j) { return !std::binary_search(v.begin(), v.end(), j); };
  for (std::size_t a = 0, b; a < us.size(); a = b) {
    episode.clear();
    // The episode's type: its units' scores, and what a person coded in it — the codings given
    // with this run where a unit has some, else those the model learnt from.
    coded_types.clear();
    for (b = a; b < us.size() && us[b]->u.episode == us[a]->u.episode; ++b) {
      const Coded& c = *us[b];
      episode.push_back(&c.scores);
      if (!c.human.empty()) {
        given.clear();
        for (const auto& x : c.human)
          if (auto k = l.class_of.find(x.code); k != l.class_of.end()) given.push_back(static_cast<std::uint32_t>(k->second));
        m.add_coded_types(given, coded_types);
      } else if (l.coded && !l.coded->empty()) {
        if (auto h = l.coded->find(c.u.id); h != l.coded->end()) m.add_coded_types(h->second, coded_types);
      }
    }
    m.episode_types(episode, coded_types, q);
    vetoed.resize(std::max(vetoed.size(), b - a));
    bool any_veto = false;
    for (std::size_t i = a; i < b; ++i) {
      Coded& c = *us[i];
      m.probabilities(c.scores, q, c.probs);
      auto& v = vetoed[i - a];
      v.clear();
      if (l.veto > 0)
        for (std::size_t j = 0; j < c.apps.size(); ++j)
          if (c.apps[j].by.rfind("rule:", 0) == 0)
            if (auto k = l.class_of.find(c.apps[j].code); k != l.class_of.end() && c.probs[k->second] < l.veto)
              v.push_back(j);
      any_veto = any_veto || !v.empty();
      const std::size_t given = c.apps.size();  // the applications before the model's
      auto has = [&](auto&& pred) {
        for (std::size_t j = 0; j < given; ++j)
          if (kept(v, j) && pred(c.apps[j])) return true;
        return false;
      };
      add.clear();
      for (std::size_t k = 0; k < m.codes.size(); ++k) {
        if (c.probs[k] < l.threshold) continue;
        if (has([&](const Application& x) { return x.code == m.codes[k]; })) continue;
        if (std::any_of(v.begin(), v.end(), [&](std::size_t j) { return c.apps[j].code == m.codes[k]; })) continue;  // vetoed
        if (int d = l.dim[k]; d >= 0) {
          if (has([&](const Application& x) {
                auto e = l.exclusive_dim.find(x.code);
                return e != l.exclusive_dim.end() && e->second == d;
              }))
            continue;
          auto other = std::find_if(add.begin(), add.end(), [&](std::size_t j) { return l.dim[j] == d; });
          if (other != add.end()) {
            if (c.probs[k] > c.probs[*other]) *other = k;
            continue;
          }
        }
        add.push_back(k);
      }
      if (add.empty() && v.empty()) continue;
      std::sort(add.begin(), add.end());
      // The unit's features again, for the explanation (only where the model adds or vetoes a code).
      const Coded* before = i > 0 && us[i - 1]->u.episode == c.u.episode ? us[i - 1] : nullptr;
      const Coded* after = i + 1 < us.size() && us[i + 1]->u.episode == c.u.episode ? us[i + 1] : nullptr;
      const auto& fs = fz.known(m, c.u.view(), c.apps, c.position_lo, c.position_hi, before ? &before->apps : nullptr,
                                after ? &after->apps : nullptr);
      for (std::size_t j : v) {
        Application& x = c.apps[j];
        const std::size_t k = l.class_of.at(x.code);
        x.veto = l.by;
        x.probability = c.probs[k];
        x.features.clear();
        for (std::size_t f : m.top_known(fs, k, 3, true)) x.features.push_back(m.features[fs[f] - 1]);
      }
      if (add.empty()) continue;
      text::CpIndex idx(c.u.text);
      for (std::size_t k : add) {
        Application x;
        x.code = m.codes[k];
        x.by = l.by;
        x.probability = c.probs[k];
        const Featurizer::Span* at = nullptr;
        for (std::size_t f : m.top_known(fs, k, 3)) {
          x.features.push_back(m.features[fs[f] - 1]);
          if (!at && fz.spans()[f].in_text) at = &fz.spans()[f];
        }
        if (at) x.start = at->start, x.end = at->end;
        else x.start = c.u.start, x.end = c.u.end;
        x.evidence = idx.slice(c.u.text, x.start - c.u.start, x.end - c.u.start);
        c.apps.push_back(std::move(x));
      }
    }
    if (!any_veto) continue;
    for (std::size_t i = a; i < b; ++i) {
      Coded& c = *us[i];
      const auto& v = vetoed[i - a];
      if (v.empty()) continue;
      std::size_t n = 0;
      for (std::size_t j = 0; j < c.apps.size(); ++j) {
        if (!kept(v, j)) c.aside.push_back(std::move(c.apps[j]));
        else if (n++ != j) c.apps[n - 1] = std::move(c.apps[j]);
      }
      c.apps.resize(n);
    }
  }
}

// Apply the rules to the units of one doc in order, giving each the codes the rules gave the
// earlier units of its episode (for rules with `after` or `until`); then, with exclusive
// dimensions, keep one code per unit and dimension, episode by episode (select.hpp).
void code_group(Lane& lane, const Selector& sel, const Learner* learn, Group& g) {
  Scanner& sc = *lane.sc;
  if (sc.reads_position() || learn) place_units(g);
  const bool track = sc.reads_episode();  // else the episode's codes need not be kept
  std::vector<std::string> episode;
  std::vector<std::vector<Application>*> run;  // the applications of the episode's units so far
  std::vector<std::vector<Application>*> aside;  // where each unit's set-aside applications go
  std::vector<bool> participant;               // and whether each unit is participant speech
  auto close = [&] {  // the episode is complete
    if (sel.active() && !run.empty()) g.set_aside += sel.apply(run, &participant, &aside);
    run.clear(), aside.clear(), participant.clear(), episode.clear();
  };
  const Unit* current = nullptr;
  for (auto& it : g.items) {
    if (!it.unit) continue;
    const Unit& u = it.unit->u;
    auto& apps = it.unit->apps;
    if (!current || current->episode != u.episode) close(), current = &u;
    std::size_t from = apps.size();
    UnitView view = u.view();
    view.position_lo = it.unit->position_lo, view.position_hi = it.unit->position_hi;
    sc.code(view, apps, &episode);
    for (std::size_t i = from; track && i < apps.size(); ++i) {
      auto pos = std::lower_bound(episode.begin(), episode.end(), apps[i].code);
      if (pos == episode.end() || *pos != apps[i].code) episode.insert(pos, apps[i].code);
    }
    run.push_back(&apps);
    aside.push_back(&it.unit->aside);
    participant.push_back(is_participant(u));
  }
  close();
  if (learn && learn->model) apply_model(*learn, *lane.fz, g);
}

// Applies the rules to batches of groups on threads of their own (qda-code -j N: N - 1 of them)
// while the reading thread parses the next batch. Reading costs less than coding, so the reading
// thread, once it has queued the next batch, helps with this one (help()): all take groups in
// turn from a shared counter, each with its own Scanner and Featurizer. Groups are coded
// independently of each other, so the output is the same for any number of threads.
class ScanWorker {
 public:
  ScanWorker(std::vector<Lane> lanes, const Selector& sel, const Learner* learn)
      : lanes_(std::move(lanes)), sel_(sel), learn_(learn) {
    try {
      for (std::size_t i = 0; i < lanes_.size(); ++i) threads_.emplace_back([this, i] { loop(lanes_[i]); });
    } catch (...) {
      stop();
      throw;
    }
  }
  ~ScanWorker() { stop(); }
  ScanWorker(const ScanWorker&) = delete;
  ScanWorker& operator=(const ScanWorker&) = delete;

  void start(std::vector<Group>* batch) {
    {
      std::lock_guard<std::mutex> l(mu_);
      batch_ = batch;
      next_.store(0, std::memory_order_relaxed);
      ++round_;
      busy_ = threads_.size();
    }
    cv_.notify_all();
  }
  // Code groups of the batch given to start() with `lane` until none is left.
  void help(Lane& lane, std::vector<Group>& batch) {
    try {
      take(lane, batch);
    } catch (...) {
      next_.store(batch.size());  // the workers stop too
      throw;
    }
  }
  // Wait for the batch given to start(); rethrows what coding it threw (the first error).
  void wait() {
    std::unique_lock<std::mutex> l(mu_);
    done_.wait(l, [&] { return busy_ == 0; });
    if (err_) std::rethrow_exception(std::exchange(err_, nullptr));
  }

 private:
  void take(Lane& lane, std::vector<Group>& b) {
    for (std::size_t i; (i = next_.fetch_add(1)) < b.size();) code_group(lane, sel_, learn_, b[i]);
  }

  void loop(Lane& lane) {
    std::unique_lock<std::mutex> l(mu_);
    std::uint64_t seen = 0;
    for (;;) {
      cv_.wait(l, [&] { return stop_ || round_ != seen; });
      if (stop_) return;
      seen = round_;
      std::vector<Group>* b = batch_;
      l.unlock();
      std::exception_ptr err;
      try {
        take(lane, *b);
      } catch (...) {
        next_.store(b->size());
        err = std::current_exception();
      }
      l.lock();
      if (err && !err_) err_ = err;
      if (--busy_ == 0) done_.notify_all();
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

  std::vector<Lane> lanes_;
  const Selector& sel_;
  const Learner* learn_;
  std::mutex mu_;
  std::condition_variable cv_, done_;
  std::vector<Group>* batch_ = nullptr;
  std::uint64_t round_ = 0;           // batches started
  std::atomic<std::size_t> next_{0};  // the next group of the batch to code
  std::size_t busy_ = 0;              // threads still on the batch
  bool stop_ = false;
  std::exception_ptr err_;
  std::vector<std::thread> threads_;  // last: started once the rest is set up
};

// What a pass over the units is for: coding them (the stream out), collecting the examples a
// model learns from (nothing out), or choosing the units to code next (a CSV out at the end).
enum class Role { code, collect, suggest };

struct Setup {
  Role role = Role::code;
  const Model* model = nullptr;  // applied to the units (code, suggest)
  double threshold = -1;         // the researcher's, if any (else the model's own per code)
  double veto = 0;               // the veto level (the researcher's, or the model's own), 0: none
  std::vector<Coding> codings;   // loaded already
  bool account_codings = true;   // result() counts the codings anchored and rejects the others
  // collect: the model whose features are interned, the examples, and the units labelled
  Model* trainer = nullptr;
  std::vector<Example>* examples = nullptr;
  std::unordered_set<std::string, text::StringHash, std::equal_to<>>* labelled = nullptr;  // suggest: the units not to suggest
  std::unique_ptr<Matcher> matcher;  // the rules' patterns, if compiled already
};

class Driver : public Step {
 public:
  Driver(const Codebook& cb, const Options& o, io::Output* out, Accounting& acc, Setup setup)
      : Step(setup.role == Role::code ? out : nullptr), cb_(cb), o_(o), out_(out), acc_(acc), selector_(cb),
        setup_(std::move(setup)) {
    const Role role = setup_.role;
    use_rules_ = o.mode != "human" || role != Role::code;
    use_codings_ = o.mode != "auto" || role != Role::code;
    if (setup_.model && (role != Role::code || o.mode != "human")) {
      learner_ = std::make_unique<Learner>();
      learner_->model = setup_.model;
    } else if (role == Role::collect) {
      learner_ = std::make_unique<Learner>();
    }
    if (learner_) {
      learner_->threshold = setup_.threshold >= 0 ? setup_.threshold : setup_.model ? setup_.model->threshold : 0.5;
      learner_->by = "model:" + (setup_.model ? setup_.model->name : o.model_name);
      learner_->veto = setup_.veto;
      if (setup_.model) learner_->coded = &setup_.model->coded;
      if (setup_.model)
        for (std::size_t k = 0; k < setup_.model->codes.size(); ++k) learner_->class_of.emplace(setup_.model->codes[k], k);
      for (const auto& c : cb.codes)
        if (c.dimension_index >= 0 && cb.dimensions[static_cast<std::size_t>(c.dimension_index)].exclusive)
          learner_->exclusive_dim[c.id] = c.dimension_index;
      if (setup_.model)
        for (const auto& id : setup_.model->codes) {
          auto e = learner_->exclusive_dim.find(id);
          learner_->dim.push_back(e == learner_->exclusive_dim.end() ? -1 : e->second);
        }
      if (setup_.model && role == Role::suggest)
        for (const auto& f : setup_.model->features)
          learner_->is_text.push_back(text_feature(f));
      // Lemma features when the model has them (or, learning, is to have them).
      const Model* lm = setup_.model ? setup_.model : setup_.trainer;
      const std::string lemmas_from = lm && lm->lemmas ? o.morphology_dir : std::string();
      for (int i = 1; i < o.jobs; ++i) fz_.push_back(std::make_unique<Featurizer>(cb.language, lemmas_from));
      fz_main_ = std::make_unique<Featurizer>(cb.language, lemmas_from);
      res_.model = setup_.model != nullptr;
      res_.veto = setup_.veto;
    }
    if (use_rules_) {
      matcher_ = setup_.matcher ? std::move(setup_.matcher) : std::make_unique<Matcher>(cb);
      for (int i = 1; i < o.jobs; ++i) scanners_.push_back(std::make_unique<Scanner>(*matcher_));
      helper_ = std::make_unique<Scanner>(*matcher_);
      res_.patterns = matcher_->pattern_count();
      res_.compile_ms = matcher_->compile_ms();
      main_lane_ = Lane{helper_.get(), fz_main_.get()};
      if (!scanners_.empty()) {
        std::vector<Lane> lanes;
        for (std::size_t i = 0; i < scanners_.size(); ++i) lanes.push_back(Lane{scanners_[i].get(), fz_.empty() ? nullptr : fz_[i].get()});
        worker_ = std::make_unique<ScanWorker>(std::move(lanes), selector_, learner_.get());
      }
    }
    for (std::size_t i = 0; i < cb.codes.size(); ++i) code_order_[cb.codes[i].id] = i;
    if (use_codings_) codings_ = std::move(setup_.codings);
    for (auto& c : codings_) by_doc_[c.doc].push_back(&c);
    res_.codings = static_cast<long>(codings_.size());
    if (!o.compare.empty() && role == Role::code)
      prev_ = std::make_unique<Previous>(load_previous(o.compare)), res_.compare.active = true;
  }

  bool takes(std::string_view kind) const override { return kind == "unit"; }

  // The codebook's examples and definitions of each code as training examples that know only
  // their own code.
  void collect_codebook_examples() {
    const std::size_t C = setup_.trainer->codes.size();
    std::vector<Application> apps;
    for (const auto& code : cb_.codes) {
      auto k = std::find(setup_.trainer->codes.begin(), setup_.trainer->codes.end(), code.id);
      if (k == setup_.trainer->codes.end()) continue;
      // Its examples, and what defines it: its label with its description, and each include.
      std::vector<std::string> texts(code.examples.begin(), code.examples.end());
      if (!code.label.empty() || !code.description.empty()) texts.push_back(code.label + ". " + code.description);
      for (const auto& i : code.include) texts.push_back(i);
      for (const auto& text : texts) {
        UnitView v{};
        v.text = text;
        apps.clear();
        if (helper_) helper_->code(v, apps);
        Example ex;
        ex.labels.assign(C, -1);
        ex.labels[static_cast<std::size_t>(k - setup_.trainer->codes.begin())] = 1;
        for (const auto& f : fz_main_->extract(v, apps, 0.0, 1.0)) ex.features.push_back(setup_.trainer->intern(f.name));
        std::sort(ex.features.begin(), ex.features.end());
        setup_.examples->push_back(std::move(ex));
        ++res_.model_examples;
      }
    }
  }

  void record(const RecordView& r) override {
    std::unique_ptr<Coded> c = spare();
    try {
      read_unit(r.fields, c->u);
      // A unit id given twice would make codings, --compare and the report pick one of them.
      if (auto [at, fresh] = ids_.emplace(c->u.id, r.where.line); !fresh)
        throw DataError("unit id '" + at->first + "' already used (line " + std::to_string(at->second) + ")");
    } catch (...) {
      spare_.push_back(std::move(c));
      throw;
    }
    if (!group_.empty() && c->u.doc != group_doc_) flush();
    if (c->u.doc != group_doc_ && done_docs_.count(std::string(c->u.doc)) && warned_docs_.insert(std::string(c->u.doc)).second)
      spdlog::warn("{}: the units of doc {} are not together in the input (more at line {}): its episodes are coded "
                   "apart, which can change their codes; keep each doc's records together (shard by doc, e.g. "
                   "parallel --group-by)", r.where.file.empty() ? "-" : r.where.file, c->u.doc, r.where.line);
    group_doc_ = c->u.doc;
    group_.push_back(Item{{}, std::move(c)});
  }

  // Other records keep their place among the units around them.
  void pass(std::string_view line) override {
    if (setup_.role != Role::code) return;  // no stream out
    if (group_.empty() && !pending()) out_->line(line);
    else group_.push_back(Item{std::string(line), nullptr});
  }

  void finish() override {
    drain();
    if (setup_.role == Role::suggest) write_suggestions();
  }

  Result result() {
    if (prev_) {
      for (const auto& id : prev_->order) {
        if (prev_->seen.count(id)) continue;
        unit_changes(id, prev_->doc[id], {});
      }
    }
    for (auto& c : codings_) {
      if (!setup_.account_codings) break;
      if (c.anchored > 0) { ++res_.codings_anchored; acc_.count_out(); continue; }
      std::string why = c.failure.empty() ? "doc '" + c.doc + "' is not in the input" : c.failure;
      acc_.reject(DataError("coding '" + c.codes[0] + "' by " + c.coder + " cannot be anchored: " + why, c.where), c.input);
    }
    return res_;
  }

 public:
  // Code and write every complete group read so far (at the end, or before an error
  // propagates, so the output holds what it would without the worker).
  void drain() {
    flush();
    dispatch();  // writes the batch in flight, sends the queued one
    dispatch();  // writes that one
  }

 private:
  static constexpr std::size_t kBatchBytes = 1 << 18;  // of queued records: small enough to stay in cache

  bool pending() const { return in_flight_ || !filling_.empty(); }

  std::unique_ptr<Coded> spare() {
    if (spare_.empty()) return std::make_unique<Coded>();
    auto c = std::move(spare_.back());
    spare_.pop_back();
    return c;
  }

  void write(std::string_view line) { out_->line(line); }

  // The current group is complete: queue it, and hand the queue to the worker once it is big
  // enough (without rules, groups are written at once).
  void flush() {
    if (group_.empty()) return;
    if (setup_.role == Role::collect && !by_doc_.count(group_doc_)) {  // no coding to learn from
      done_docs_.insert(group_doc_);
      for (auto& it : group_)
        if (it.unit) spare_.push_back(std::move(it.unit));
      group_.clear();
      return;
    }
    for (const auto& it : group_) filling_bytes_ += it.unit ? it.unit->u.line.size() : it.line.size();
    // The doc's codings are anchored now, before the model runs: what a person coded in an
    // episode says its type (apply_model). emit() adds them to the units' applications.
    if (use_codings_)
      if (auto found = by_doc_.find(group_doc_); found != by_doc_.end()) {
        std::vector<Slot> slots;
        for (auto& it : group_)
          if (it.unit) slots.push_back(Slot{&it.unit->u, &it.unit->human});
        anchor(found->second, slots);
      }
    done_docs_.insert(group_doc_);
    filling_.push_back(Group{group_doc_, std::move(group_)});
    group_.clear();
    if (!worker_ || filling_bytes_ >= kBatchBytes) dispatch();
  }

  // Write the batch the worker has coded, and give it the queued one.
  void dispatch() {
    if (!worker_) {
      if (helper_)
        for (auto& g : filling_) code_group(main_lane_, selector_, learner_.get(), g);
      emit_all(filling_);
      filling_bytes_ = 0;
      return;
    }
    if (in_flight_) {
      in_flight_ = false;
      try {
        std::exception_ptr err;
        try {
          worker_->help(main_lane_, scanning_);
        } catch (...) {
          err = std::current_exception();
        }
        worker_->wait();  // before anything is cleared: the worker may still be coding a group
        if (err) std::rethrow_exception(err);
      } catch (...) {
        // Nothing half coded may be written, not even by drain().
        scanning_.clear(), filling_.clear(), group_.clear(), done_.clear();
        throw;
      }
    }
    // Give the worker the queued batch before writing the one it coded, so the two overlap.
    done_.swap(scanning_);
    if (!filling_.empty()) {
      scanning_.swap(filling_);
      filling_bytes_ = 0;
      worker_->start(&scanning_);
      in_flight_ = true;
    }
    emit_all(done_);
  }

  void emit_all(std::vector<Group>& gs) {
    try {
      for (auto& g : gs) emit(g);
    } catch (...) {
      gs.clear();  // a failed write: drain() must not write the batch again
      throw;
    }
    gs.clear();
  }

  // Add people's codings to a coded group and write its records.
  void emit(Group& g) {
    res_.set_aside += static_cast<long>(g.set_aside);
    // Only a doc with codings comes here while collecting (flush()).
    if (setup_.role == Role::collect && std::any_of(g.items.begin(), g.items.end(), [](const Item& it) { return it.unit != nullptr; }))
      return collect(g);
    // Each unit's codings (anchored in flush(), none without) go after the rules' applications.
    for (auto& it : g.items) {
      if (!it.unit || it.unit->human.empty()) continue;
      auto& h = it.unit->human;
      // "-" (reviewed, no code applies) is for --learn and --suggest only.
      bool reviewed = false;
      h.erase(std::remove_if(h.begin(), h.end(), [&](const Application& a) {
                return a.code == kNoCode ? (reviewed = true) : false;
              }),
              h.end());
      if (setup_.role == Role::suggest && (reviewed || !h.empty())) it.unit->reviewed = true;
      std::stable_sort(h.begin(), h.end(), [&](const Application& a, const Application& b) {
        return std::tie(code_order_[a.code], a.by, a.start) < std::tie(code_order_[b.code], b.by, b.start);
      });
      it.unit->apps.insert(it.unit->apps.end(), h.begin(), h.end());
    }
    if (setup_.role == Role::suggest) return suggest(g);
    for (auto& it : g.items) {
      if (!it.unit) { write(it.line); continue; }
      const Unit& u = it.unit->u;
      const auto& apps = it.unit->apps;
      for (const auto& a : apps) res_.model_applications += a.probability >= 0;
      ++res_.units;
      res_.applications += static_cast<long>(apps.size());
      if (!apps.empty()) ++res_.coded_units;
      // The record with its `codes` set (replaced in place, or added at the end).
      std::string_view l = u.line;
      buf_.clear();
      if (!u.has_codes) buf_ += ",\"codes\":";
      fields::append_codes(buf_, apps);
      for (const auto& a : it.unit->aside) ++(!a.veto.empty() ? res_.vetoed : a.beside.empty() ? res_.outside_passage : res_.beside);
      if (!it.unit->aside.empty()) {
        buf_ += ",\"set_aside\":";
        fields::append_codes(buf_, it.unit->aside);
      }
      out_->write(l.substr(0, u.codes_at));
      out_->write(buf_);
      write(l.substr(u.codes_end));
      if (prev_) {
        std::vector<std::pair<std::string, std::string>> now;
        for (const auto& a : apps) now.emplace_back(a.code, a.by);
        std::string id(u.id);
        prev_->seen[id] = true;
        unit_changes(id, std::string(u.doc), now);
      }
    }
    recycle(g);
  }

  void recycle(Group& g) {
    for (auto& it : g.items)
      if (it.unit) {
        it.unit->apps.clear(), it.unit->aside.clear(), it.unit->human.clear();
        it.unit->reviewed = false;
        spare_.push_back(std::move(it.unit));
      }
  }

  // Training examples from one doc's units and the codings anchored to them (`human`, a list
  // per unit): a unit with a coding, or "-", is an example that knows every code (it has those
  // it was given and not the others); with --learn-whole-docs so is every other unit of the doc.
  // When the model learns types, the other units of a coded doc come too, knowing no code: an
  // episode's type is read from all its units.
  void collect(Group& g) {
    Model& m = *setup_.trainer;
    const bool coded = o_.learn_whole_docs || std::any_of(g.items.begin(), g.items.end(), [](const Item& it) {
                         return it.unit && !it.unit->human.empty();
                       });
    const bool context = coded && !m.types.empty();
    const Unit* last = nullptr;
    each_with_neighbours(g, [&](Coded& c, const Coded* before, const Coded* after) {
      const auto& h = c.human;
      if (!last || last->episode != c.u.episode) ++episodes_;
      last = &c.u;
      const bool labelled = !h.empty() || o_.learn_whole_docs;
      if (!labelled && !context) return;
      Example ex;
      ex.episode = episodes_;
      ex.labels.assign(m.codes.size(), labelled ? 0 : -1);
      for (const auto& a : h) {
        if (a.code == kNoCode) continue;
        auto at = std::find(m.codes.begin(), m.codes.end(), a.code);
        if (at != m.codes.end()) ex.labels[static_cast<std::size_t>(at - m.codes.begin())] = 1;
      }
      for (const auto& f : fz_main_->extract(c.u.view(), c.apps, c.position_lo, c.position_hi,
                                             before ? &before->apps : nullptr, after ? &after->apps : nullptr))
        ex.features.push_back(m.intern(f.name));
      std::sort(ex.features.begin(), ex.features.end());
      if (labelled) {
        auto& given = m.coded[std::string(c.u.id)];
        given.clear();
        for (std::size_t j = 0; j < ex.labels.size(); ++j)
          if (ex.labels[j] == 1) given.push_back(static_cast<std::uint32_t>(j));
      }
      setup_.examples->push_back(std::move(ex));
      if (!labelled) return;
      setup_.labelled->emplace(c.u.id);
      ++res_.model_units;
    });
    recycle(g);
  }

  // Candidates for --suggest: the units nobody coded, with what the model is least sure of.
  void suggest(Group& g) {
    const Model* m = setup_.model;
    for (auto& it : g.items) {
      if (!it.unit) continue;
      const Coded& c = *it.unit;
      ++res_.units;
      if (c.reviewed || (setup_.labelled && setup_.labelled->count(c.u.id))) continue;
      Candidate cand;
      cand.id = c.u.id, cand.doc = c.u.doc, cand.text = c.u.text;
      for (const auto& a : c.apps) {
        if (a.code == kNoCode || a.by.rfind("coder:", 0) == 0) continue;
        if (!cand.guess.empty()) cand.guess += ' ';
        cand.guess += a.code;
      }
      if (m && !c.probs.empty()) {
        // How unsure the model is of the unit: expected_errors(). The code it names, and
        // spreads the choice by, is the one nearest the threshold.
        double best = -1;
        for (std::size_t k = 0; k < c.probs.size(); ++k) {
          const double t = learner_->threshold;
          double u = 1.0 - std::fabs(c.probs[k] - t) / std::max(t, 1.0 - t);
          if (u > best) best = u, cand.code = k, cand.probability = c.probs[k];
        }
        cand.uncertainty = expected_errors(c.probs, m->positives);
      } else {
        // No model yet: every unit is as uncertain; the spread goes by the rules' first code.
        cand.code = c.apps.empty() ? 0 : 1 + code_order_[c.apps.front().code];
      }
      // Its words, for how typical of the others it is (typicality()): as the model weighs them,
      // else (no model yet) its stems and stem pairs (this Featurizer reads no lemmas), weighed
      // among the candidates.
      if (m) {
        cand.words = c.words;
      } else {
        if (!words_fz_) words_fz_ = std::make_unique<Featurizer>(cb_.language);
        for (const auto& f : words_fz_->extract(c.u.view(), c.apps, c.position_lo, c.position_hi))
          if (text_feature(f.name))
            cand.words.emplace_back(word_ids_.try_emplace(f.name, static_cast<std::uint32_t>(word_ids_.size())).first->second, 0.0f);
      }
      candidates_.push_back(std::move(cand));
    }
    recycle(g);
  }

  // The suggestions as a codings CSV to fill in (Excel's: a byte-order mark, ';'): the most
  // useful first. `code` is left empty for the researcher; "-" there says no code applies.
  void write_suggestions() {
    auto cell = [](std::string_view s) {
      std::string q = "\"";
      for (char ch : s) {
        if (ch == '"') q += '"';
        q += ch;
      }
      return q + '"';
    };
    out_->write("\xEF\xBB\xBF");
    out_->line("coder;doc;unit;quote;guess;unsure;code;memo");
    const Model* m = setup_.model;
    if (!m) weigh_by_candidates(candidates_);
    for (std::size_t i : pick_suggestions(candidates_, static_cast<std::size_t>(o_.suggest))) {
      const Candidate& c = candidates_[i];
      std::string unsure = m ? fmt::format("{} {:.2f}", m->codes[c.code], c.probability) : std::string();
      out_->line(fmt::format(";{};{};{};{};{};;", cell(c.doc), cell(c.id), cell(c.text), cell(c.guess), cell(unsure)));
      ++res_.suggested;
    }
  }

  // Emit the change records of one unit and count them. The audit is per application, a code and
  // who applied it (a rule, a coder): a coder who now applies a code that only a rule applied
  // before is a gain even though the unit's set of codes did not change.
  void unit_changes(const std::string& id, const std::string& doc, const std::vector<std::pair<std::string, std::string>>& now) {
    static const std::vector<std::pair<std::string, std::string>> kNone;
    auto p = prev_->codes.find(id);
    auto before = by_code(p == prev_->codes.end() ? kNone : p->second);
    auto after = by_code(now);
    // The appliers of `code` in `v` that are not among its appliers in `w`.
    auto missing = [](const auto& v, const auto& w, const std::string& code) {
      std::vector<std::string> out;
      auto in = std::find_if(w.begin(), w.end(), [&](const auto& x) { return x.first == code; });
      for (const auto& [c, by] : v)
        if (c == code)
          for (const auto& b : by)
            if (in == w.end() || std::find(in->second.begin(), in->second.end(), b) == in->second.end()) out.push_back(b);
      return out;
    };
    bool affected = false;
    std::string line;
    for (const auto& [code, by] : after)
      if (auto gained = missing(after, before, code); !gained.empty()) {
        change_record(line, id, doc, code, "added", gained);
        out_->line(line);
        auto n = static_cast<long>(gained.size());
        res_.compare.gained += n, res_.compare.per_code[code].first += n, affected = true;
      }
    for (const auto& [code, by] : before)
      if (auto lost = missing(before, after, code); !lost.empty()) {
        change_record(line, id, doc, code, "removed", lost);
        out_->line(line);
        auto n = static_cast<long>(lost.size());
        res_.compare.lost += n, res_.compare.per_code[code].second += n, affected = true;
      }
    ++res_.compare.units;
    if (affected) ++res_.compare.units_affected;
  }

  const Codebook& cb_;
  const Options& o_;
  io::Output* out_;
  Accounting& acc_;
  Selector selector_;
  Setup setup_;
  std::unique_ptr<Learner> learner_;
  std::vector<std::unique_ptr<Featurizer>> fz_;  // the workers'
  std::unique_ptr<Featurizer> fz_main_;          // this thread's
  std::int32_t episodes_ = -1;                 // collect: the last episode numbered
  Lane main_lane_;
  std::vector<Candidate> candidates_;
  std::unique_ptr<Featurizer> words_fz_;  // --suggest with no model: the candidates' words
  std::unordered_map<std::string, std::uint32_t, text::StringHash, std::equal_to<>> word_ids_;
  bool use_rules_ = true, use_codings_ = true;
  std::unique_ptr<Matcher> matcher_;
  std::vector<std::unique_ptr<Scanner>> scanners_;  // the workers'
  std::unique_ptr<Scanner> helper_;                 // this thread's
  std::vector<Coding> codings_;
  std::unordered_map<std::string, std::vector<Coding*>> by_doc_;
  std::unordered_map<std::string, std::size_t> code_order_;
  std::unique_ptr<Previous> prev_;
  std::vector<Group> filling_, scanning_, done_;  // complete groups: queued, with the worker, coded
  std::size_t filling_bytes_ = 0;
  bool in_flight_ = false;
  std::vector<Item> group_;
  std::string group_doc_;
  // Docs whose group is complete, and those already warned about coming back.
  std::unordered_set<std::string> done_docs_, warned_docs_;
  std::string buf_;
  std::vector<std::unique_ptr<Coded>> spare_;  // units written, to be read into again
  std::unordered_map<std::string, long> ids_;  // unit ids read, with their line
  Result res_;
  // Last, so it is destroyed first: its thread may still be coding `scanning_` when an error
  // ends the run (a failed write of `done_`), and is joined before the batches go.
  std::unique_ptr<ScanWorker> worker_;
};
}  // namespace

namespace {
// One pass of a Driver over `in`; on an error the groups completed before it are written, as
// coding them in line would have.
void pass_over(Driver& d, io::LineReader& in, Accounting& acc, bool strict) {
  try {
    run_step(d, in, acc, StepOptions{strict});
  } catch (...) {
    try {
      d.drain();
    } catch (...) {
    }
    throw;
  }
}

std::vector<Coding> load_all(const std::vector<std::string>& files, const Codebook& cb, Accounting& acc,
                             const std::string& refi_source) {
  std::vector<Coding> out;
  for (const auto& f : files)
    for (auto& c : load_codings(f, cb, acc, refi_source)) out.push_back(std::move(c));
  return out;
}
}  // namespace

Result run(const Codebook& cb, const Options& o, const std::vector<std::string>& inputs, io::Output& out,
           Accounting& acc) {
  const bool learning = !o.learn.empty();
  if (learning && !o.model.empty()) throw UsageError("--learn and --model: give one (a model is learnt, or read from its file)");
  if (!o.save_model.empty() && !learning) throw UsageError("--save-model needs --learn");
  if (o.mode == "human" && (learning || !o.model.empty()) && o.suggest < 0)
    spdlog::warn("--mode human: people's codings only, the model's proposals are not written");
  // The researcher's threshold (command line, else codebook), else the model's own; the same for
  // the veto (auto: the model's own level, and its threshold unless the researcher set one).
  double threshold = o.threshold >= 0 ? o.threshold : cb.learning.threshold;
  double veto = cb.learning.veto;
  if (!o.veto.empty() && !model::parse_veto(o.veto, veto)) throw UsageError("--veto: auto, none or a probability between 0 and 1");
  std::vector<Coding> codings = o.mode != "auto" || o.suggest >= 0 ? load_all(o.codings, cb, acc, o.refi_source) : std::vector<Coding>{};
  std::vector<Coding> learnt = load_all(o.learn, cb, acc, o.refi_source);
  Model model;
  const Model* applied = nullptr;
  std::unordered_set<std::string, text::StringHash, std::equal_to<>> labelled;
  Result trained;
  std::future<std::unique_ptr<Matcher>> compiling;
  // With --learn the input is read twice; standard input is held for the second reading.
  const bool from_stdin = inputs.empty() || (inputs.size() == 1 && inputs[0] == "-");
  std::string held;
  auto reader = [&]() -> std::unique_ptr<io::LineReader> {
    if (learning && from_stdin) return io::LineReader::in_memory(held, "<stdin>");
    return std::make_unique<io::LineReader>(inputs);
  };
  if (learning) {
    if (!from_stdin && std::find(inputs.begin(), inputs.end(), "-") != inputs.end())
      throw UsageError("--learn reads the input twice: give files, or standard input alone");
    if (from_stdin) {
      io::LineReader in({});
      std::string_view line;
      while (in.next(line)) held.append(line).push_back('\n');
    }
    model.set_codes(cb);
    model.language = cb.language, model.codebook_sha256 = cb.sha256;
    model.lemmas = o.lemmas >= 0 ? o.lemmas == 1 : cb.learning.lemmas;
    if (model.lemmas && !lemmas_for(cb.language)) {
      spdlog::warn("lemmas: Apertium's analyser is Spanish and the codebook's language is '{}': the model reads stems only",
                   cb.language);
      model.lemmas = false;
    }
    std::vector<Example> examples;
    Setup s;
    s.role = Role::collect;
    s.threshold = threshold;
    s.account_codings = o.mode == "auto";  // else the coding pass accounts for them
    s.codings = s.account_codings ? std::move(learnt) : learnt;
    s.trainer = &model, s.examples = &examples, s.labelled = &labelled;
    {
      // The records' errors and warnings are the coding pass's to tell.
      Accounting quiet(OnError::skip, "");
      Driver d(cb, o, nullptr, acc, std::move(s));
      auto in = reader();
      auto level = spdlog::get_level();
      spdlog::set_level(spdlog::level::err);
      try {
        pass_over(d, *in, quiet, false);
      } catch (...) {
        spdlog::set_level(level);
        throw;
      }
      spdlog::set_level(level);
      d.collect_codebook_examples();
      trained = d.result();
    }
    auto t0 = std::chrono::steady_clock::now();
    LearnOptions lo;
    lo.name = o.model_name;
    model.units = trained.model_units, model.examples = trained.model_examples;
    model.train(examples, lo);
    trained.train_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    trained.trained = true;
    if (trained.model_units == 0)
      spdlog::warn("--learn: no coding was anchored to a unit of the input; the model has only the codebook's examples");
    if (!o.save_model.empty()) model.save(o.save_model);
    applied = &model;
    if (threshold < 0) spdlog::info("model: adds a code from probability {:.2f} on (its best on held-out folds)", model.threshold);
  } else if (!o.model.empty()) {
    // The rules' patterns compile on another core while the model is read.
    if (o.mode != "human" || o.suggest >= 0) compiling = std::async(std::launch::async, [&cb] { return std::make_unique<Matcher>(cb); });
    model = Model::load(o.model, cb);
    if (model.language != cb.language)
      throw ConfigError("the model was learnt for language '" + model.language + "' and the codebook is in '" + cb.language + "'",
                        Location{o.model});
    if (model.codebook_sha256 != cb.sha256)
      spdlog::warn("{}: the model was learnt with another version of the codebook (its rules are features): retrain it "
                   "for the same proposals as a fresh --learn", o.model);
    applied = &model;
  }
  Setup s;
  s.role = o.suggest >= 0 ? Role::suggest : Role::code;
  s.model = applied;
  s.threshold = threshold;
  if (applied && veto == model::Learning::kVetoAuto) {
    s.veto = applied->veto;
    if (applied->veto > 0 && threshold < 0) s.threshold = applied->veto_threshold;
    if (o.suggest >= 0) {
      // --suggest writes no stream: nothing is vetoed, so nothing to say of it.
    } else if (applied->veto > 0)
      spdlog::info("model: sets aside a rule's code it finds less probable than {:.2f}, and adds a code from {:.2f} on "
                   "(veto auto: its best on held-out folds)", applied->veto, s.threshold >= 0 ? s.threshold : applied->threshold);
    else if (applied->units < static_cast<long>(kMinVetoUnits))
      spdlog::info("model: vetoes no rule's code (veto auto: learnt from {} coded units, and a veto needs {} at least)",
                   applied->units, kMinVetoUnits);
    else
      spdlog::info("model: vetoes no rule's code (veto auto: no level coded its held-out folds better)");
  } else if (applied && veto > 0) {
    s.veto = veto;
  }
  if (s.veto > 0 && o.suggest >= 0) s.veto = 0;  // --suggest writes no stream
  s.codings = std::move(codings);
  if (learning && o.mode != "auto")
    for (auto& c : learnt) s.codings.push_back(std::move(c));
  s.labelled = &labelled;
  if (compiling.valid()) s.matcher = compiling.get();
  Driver d(cb, o, &out, acc, std::move(s));
  auto in = reader();
  pass_over(d, *in, acc, o.strict);
  Result r = d.result();
  r.trained = trained.trained, r.train_ms = trained.train_ms;
  r.model_units = trained.model_units, r.model_examples = trained.model_examples;
  if (learning && o.mode == "auto") r.codings += trained.codings, r.codings_anchored += trained.codings_anchored;
  return r;
}

void log_result(const Result& r, const Options& o) {
  spdlog::debug("{} patterns compiled in {:.1f} ms; {} units, {} coded, {} code applications", r.patterns,
                r.compile_ms, r.units, r.coded_units, r.applications);
  if (r.set_aside > r.outside_passage + r.beside)
    spdlog::debug("exclusive dimensions: {} rule applications set aside for another code of their dimension",
                  r.set_aside - r.outside_passage - r.beside);
  if (r.outside_passage > 0)
    spdlog::debug("passages: {} rule applications set aside outside the passage that tells their dimension",
                  r.outside_passage);
  if (r.beside > 0)
    spdlog::debug("sets_aside: {} rule applications set aside beside a code that sets their dimension aside", r.beside);
  if (r.vetoed > 0 || (r.model && o.suggest < 0 && r.veto > 0))
    spdlog::info("model: {} rule application{} set aside as improbable (veto)", r.vetoed, r.vetoed == 1 ? "" : "s");
  if (!o.codings.empty() || !o.learn.empty()) spdlog::debug("codings: {} read, {} anchored", r.codings, r.codings_anchored);
  if (r.trained) {
    spdlog::info("model: learnt from {} unit{} and {} codebook example{}", r.model_units, r.model_units == 1 ? "" : "s",
                 r.model_examples, r.model_examples == 1 ? "" : "s");
    spdlog::debug("model: trained in {:.0f} ms", r.train_ms);
  }
  if (r.model && o.suggest < 0) spdlog::info("model: {} application{} added to what the rules found", r.model_applications,
                                             r.model_applications == 1 ? "" : "s");
  if (o.suggest >= 0) spdlog::info("suggest: {} unit{} to code next, of {}", r.suggested, r.suggested == 1 ? "" : "s", r.units);
  if (r.compare.active) {
    const auto& c = r.compare;
    spdlog::info("compare: {} application{} gained, {} lost, {} of {} unit{} affected", c.gained, c.gained == 1 ? "" : "s", c.lost,
                 c.units_affected, c.units, c.units == 1 ? "" : "s");
    for (const auto& [code, gl] : c.per_code) spdlog::info("compare:   {} +{} -{}", code, gl.first, gl.second);
  }
}

}  // namespace qda::code
