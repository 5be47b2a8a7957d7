// Streaming driver of qda-code: group units by doc, apply rules and codings, audit changes.
#include "code/coder.hpp"

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "code/codings.hpp"
#include "code/matcher.hpp"
#include "code/unit.hpp"
#include "core/json.hpp"

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
  while (r.next(line)) {
    if (line.empty()) continue;
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
  for (const auto& [code, by] : cs) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& x) { return x.first == code; });
    if (it == out.end()) out.push_back({code, {by}});
    else if (std::find(it->second.begin(), it->second.end(), by) == it->second.end()) it->second.push_back(by);
  }
  return out;
}

class Driver {
 public:
  Driver(const Codebook& cb, const Options& o, io::Output& out, Accounting& acc)
      : cb_(cb), o_(o), out_(out), acc_(acc) {
    use_rules_ = o.mode != "human";
    use_codings_ = o.mode != "auto";
    if (use_rules_) {
      matcher_ = std::make_unique<Matcher>(cb);
      scanner_ = std::make_unique<Scanner>(*matcher_);
      res_.patterns = matcher_->pattern_count();
      res_.compile_ms = matcher_->compile_ms();
    }
    for (std::size_t i = 0; i < cb.codes.size(); ++i) code_order_[cb.codes[i].id] = i;
    if (use_codings_)
      for (const auto& f : o.codings)
        for (auto& c : load_codings(f, cb, acc)) codings_.push_back(std::move(c));
    for (auto& c : codings_) by_doc_[c.doc].push_back(&c);
    res_.codings = static_cast<long>(codings_.size());
    if (!o.compare.empty()) prev_ = std::make_unique<Previous>(load_previous(o.compare)), res_.compare.active = true;
  }

  void record(std::string_view line, const Location& where) {
    acc_.count_in();
    Unit u;
    try {
      Record rec = Record::parse(line);
      if (rec.kind() != "unit") {
        if (group_.empty()) write(line);
        else group_.push_back(Item{std::string(line), nullptr, {}});
        return;
      }
      u = read_unit(std::move(rec));
    } catch (DataError& e) {
      e.locate(where);
      acc_.reject(e, line);
      return;
    }
    if (!group_.empty() && u.doc != group_doc_) flush();
    group_doc_ = u.doc;
    group_.push_back(Item{{}, std::make_unique<Unit>(std::move(u)), {}});
  }

  Result finish() {
    flush();
    if (prev_) {
      for (const auto& id : prev_->order) {
        if (prev_->seen.count(id)) continue;
        unit_changes(id, prev_->doc[id], {});
      }
    }
    for (auto& c : codings_) {
      if (c.anchored > 0) { ++res_.codings_anchored; acc_.count_out(); continue; }
      std::string why = c.failure.empty() ? "doc '" + c.doc + "' is not in the input" : c.failure;
      acc_.reject(DataError("coding '" + c.codes[0] + "' by " + c.coder + " cannot be anchored: " + why, c.where), c.input);
    }
    return res_;
  }

 private:
  struct Item {
    std::string line;            // a record of another kind, verbatim
    std::unique_ptr<Unit> unit;  // or a unit
    std::vector<Application> apps;
  };

  void write(std::string_view line) {
    out_.line(line);
    acc_.count_out();
  }

  void flush() {
    if (group_.empty()) return;
    std::vector<Slot> slots;
    for (auto& it : group_)
      if (it.unit) {
        if (use_rules_) scanner_->code(it.unit->view(), it.apps);
        slots.push_back(Slot{it.unit.get(), &human_});
      }
    if (use_codings_) {
      auto found = by_doc_.find(group_doc_);
      if (found != by_doc_.end()) {
        // Each slot gets its own list so human codings can be ordered after the rules'.
        std::vector<std::vector<Application>> human(slots.size());
        for (std::size_t i = 0; i < slots.size(); ++i) slots[i].apps = &human[i];
        anchor(found->second, slots);
        std::size_t k = 0;
        for (auto& it : group_) {
          if (!it.unit) continue;
          auto& h = human[k++];
          std::stable_sort(h.begin(), h.end(), [&](const Application& a, const Application& b) {
            return std::tie(code_order_[a.code], a.by, a.start) < std::tie(code_order_[b.code], b.by, b.start);
          });
          it.apps.insert(it.apps.end(), h.begin(), h.end());
        }
      }
    }
    for (auto& it : group_) {
      if (!it.unit) { write(it.line); continue; }
      Unit& u = *it.unit;
      ++res_.units;
      res_.applications += static_cast<long>(it.apps.size());
      if (!it.apps.empty()) ++res_.coded_units;
      u.rec.set_raw("codes", codes_json(it.apps));
      buf_.clear();
      u.rec.serialize_to(buf_);
      write(buf_);
      if (prev_) {
        std::vector<std::pair<std::string, std::string>> now;
        for (const auto& a : it.apps) now.emplace_back(a.code, a.by);
        prev_->seen[u.id] = true;
        unit_changes(u.id, u.doc, now);
      }
    }
    group_.clear();
  }

  // Emit the change records of one unit and count them.
  void unit_changes(const std::string& id, const std::string& doc, const std::vector<std::pair<std::string, std::string>>& now) {
    static const std::vector<std::pair<std::string, std::string>> kNone;
    auto p = prev_->codes.find(id);
    auto before = by_code(p == prev_->codes.end() ? kNone : p->second);
    auto after = by_code(now);
    auto has = [](const auto& v, const std::string& c) {
      return std::any_of(v.begin(), v.end(), [&](const auto& x) { return x.first == c; });
    };
    bool affected = false;
    std::string line;
    for (const auto& [code, by] : after)
      if (!has(before, code)) {
        change_record(line, id, doc, code, "added", by);
        out_.line(line);
        ++res_.compare.gained, ++res_.compare.per_code[code].first, affected = true;
      }
    for (const auto& [code, by] : before)
      if (!has(after, code)) {
        change_record(line, id, doc, code, "removed", by);
        out_.line(line);
        ++res_.compare.lost, ++res_.compare.per_code[code].second, affected = true;
      }
    ++res_.compare.units;
    if (affected) ++res_.compare.units_affected;
  }

  const Codebook& cb_;
  const Options& o_;
  io::Output& out_;
  Accounting& acc_;
  bool use_rules_ = true, use_codings_ = true;
  std::unique_ptr<Matcher> matcher_;
  std::unique_ptr<Scanner> scanner_;
  std::vector<Coding> codings_;
  std::unordered_map<std::string, std::vector<Coding*>> by_doc_;
  std::unordered_map<std::string, std::size_t> code_order_;
  std::unique_ptr<Previous> prev_;
  std::vector<Item> group_;
  std::string group_doc_;
  std::vector<Application> human_;
  std::string buf_;
  Result res_;
};
}  // namespace

Result run(const Codebook& cb, const Options& o, const std::vector<std::string>& inputs, io::Output& out,
           Accounting& acc) {
  Driver d(cb, o, out, acc);
  io::LineReader r(inputs);
  std::string_view line;
  while (r.next(line)) {
    if (line.empty()) continue;
    d.record(line, r.where());
  }
  return d.finish();
}

}  // namespace qda::code
