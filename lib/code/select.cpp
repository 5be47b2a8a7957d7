#include "code/select.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace qda::code {

Selector::Selector(const Codebook& cb) : types_(cb.typology.size()) {
  std::unordered_map<std::string, int> exclusive, passage, all;
  for (const auto& d : cb.dimensions) {
    all.emplace(d.id, static_cast<int>(all.size()));
    if (d.exclusive) exclusive.emplace(d.id, static_cast<int>(exclusive.size()));
    if (d.passage != Dimension::Passage::any)
      passage.emplace(d.id, static_cast<int>(passages_.size())), passages_.push_back(d.passage);
  }
  exclusive_ = !exclusive.empty();
  beside_ = std::any_of(cb.codes.begin(), cb.codes.end(), [](const Code& c) { return !c.sets_aside.empty(); });
  active_ = exclusive_ || !passage.empty() || beside_;
  // A code's type: the one that gives it the largest weight (the first such type on a tie).
  std::unordered_map<std::string, std::pair<double, int>> best;
  for (std::size_t t = 0; t < cb.typology.size(); ++t)
    for (const auto& [dim, weights] : cb.typology[t].dimensions)
      for (const auto& [code, w] : weights) {
        auto [it, fresh] = best.emplace(code, std::pair{w, static_cast<int>(t)});
        if (!fresh && w > it->second.first) it->second = {w, static_cast<int>(t)};
      }
  for (std::size_t i = 0; i < cb.codes.size(); ++i) {
    const Code& c = cb.codes[i];
    Info in;
    in.order = i;
    if (auto d = exclusive.find(c.dimension); d != exclusive.end()) in.dimension = d->second;
    if (auto d = passage.find(c.dimension); d != passage.end()) in.passage = d->second;
    if (auto d = all.find(c.dimension); d != all.end()) in.dimension_any = d->second;
    for (const auto& s : c.sets_aside) in.sets_aside.push_back(all.at(s));
    if (auto b = best.find(c.id); b != best.end() && b->second.first > 0) in.type = b->second.second;
    codes_.emplace(c.id, in);
  }
}

const Selector::Info* Selector::info(const std::string& code) const {
  auto it = codes_.find(code);
  return it == codes_.end() ? nullptr : &it->second;
}

std::size_t Selector::apply(const std::vector<std::vector<Application>*>& episode, const std::vector<bool>* participant,
                           const std::vector<std::vector<Application>*>* aside) const {
  if (!active_) return 0;
  std::size_t removed = exclusive_ ? exclusive_apply(episode) : 0;
  if (!passages_.empty()) removed += passage_apply(episode, participant, aside);
  if (beside_) removed += beside_apply(episode, aside);
  return removed;
}

std::size_t Selector::beside_apply(const std::vector<std::vector<Application>*>& episode,
                                   const std::vector<std::vector<Application>*>* aside) const {
  std::size_t removed = 0;
  for (std::size_t i = 0; i < episode.size(); ++i) {
    auto* apps = episode[i];
    // The codes that set dimensions aside, in the unit's order; one that another sets aside
    // first does not set aside in turn.
    for (std::size_t k = 0; k < apps->size(); ++k) {
      const Info* by = info((*apps)[k].code);
      if (!by || by->sets_aside.empty()) continue;
      const std::string code = (*apps)[k].code;
      auto goes = [&](const Application& a) {
        const Info* in = info(a.code);
        return in && a.code != code && in->dimension_any >= 0 &&
               std::find(by->sets_aside.begin(), by->sets_aside.end(), in->dimension_any) != by->sets_aside.end();
      };
      std::size_t before = apps->size(), w = 0;
      for (std::size_t j = 0; j < before; ++j) {
        if (!goes((*apps)[j])) {
          if (w != j) (*apps)[w] = std::move((*apps)[j]);
          if (j == k) k = w;
          ++w;
          continue;
        }
        if (aside) {
          Application moved = std::move((*apps)[j]);
          moved.beside = code;
          (*aside)[i]->push_back(std::move(moved));
        }
      }
      apps->resize(w);
      removed += before - w;
    }
  }
  return removed;
}

std::size_t Selector::passage_apply(const std::vector<std::vector<Application>*>& episode,
                                    const std::vector<bool>* participant,
                                    const std::vector<std::vector<Application>*>* aside) const {
  const std::size_t n = episode.size();
  std::size_t removed = 0;
  std::vector<std::size_t> hits;  // the units with a code of the dimension, in order
  std::vector<std::size_t> index(n);  // each unit's place among the units that count
  for (std::size_t p = 0; p < passages_.size(); ++p) {
    hits.clear();
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const bool has = std::any_of(episode[i]->begin(), episode[i]->end(), [&](const Application& a) {
        const Info* in = info(a.code);
        return in && in->passage == static_cast<int>(p);
      });
      const bool counts = has || !participant || (*participant)[i];
      index[i] = counts ? k++ : k;
      if (has) hits.push_back(i);
    }
    if (hits.size() < 2) continue;
    // The run: from the first (last) unit with a code, while the next one is next to it.
    std::size_t lo = 0, hi = hits.size() - 1;
    if (passages_[p] == Dimension::Passage::last) {
      lo = hi;
      while (lo > 0 && index[hits[lo]] - index[hits[lo - 1]] == 1) --lo;
    } else {
      hi = lo;
      while (hi + 1 < hits.size() && index[hits[hi + 1]] - index[hits[hi]] == 1) ++hi;
    }
    for (std::size_t h = 0; h < hits.size(); ++h) {
      if (h >= lo && h <= hi) continue;
      auto* apps = episode[hits[h]];
      auto out = std::stable_partition(apps->begin(), apps->end(), [&](const Application& a) {
        const Info* in = info(a.code);
        return !in || in->passage != static_cast<int>(p);
      });
      removed += static_cast<std::size_t>(apps->end() - out);
      if (aside)
        for (auto a = out; a != apps->end(); ++a) {
          a->passage = passages_[p];
          (*aside)[hits[h]]->push_back(std::move(*a));
        }
      apps->erase(out, apps->end());
    }
  }
  return removed;
}

std::size_t Selector::exclusive_apply(const std::vector<std::vector<Application>*>& episode) const {
  // What each unit's episode leans to: per type, the (unit, code) pairs of that type, a pair
  // d units away counting kLeanEpisode + (1 - kLeanEpisode) * kLeanDecay^d. A narrative may
  // move from one type to another (a workshop on a practice, then a new tool for it): near
  // the unit, its own part of the story counts more; the whole story still counts.
  const std::size_t n = episode.size(), T = types_;
  std::vector<double> own(n * T, 0.0), lean(n * T, 0.0), total(T, 0.0);
  std::vector<const std::string*> seen;
  for (std::size_t i = 0; i < n; ++i) {
    seen.clear();
    for (const auto& a : *episode[i]) {
      if (std::any_of(seen.begin(), seen.end(), [&](const std::string* s) { return *s == a.code; })) continue;
      seen.push_back(&a.code);
      if (const Info* in = info(a.code); in && in->type >= 0) {
        const auto t = static_cast<std::size_t>(in->type);
        own[i * T + t] += 1, total[t] += 1;
      }
    }
  }
  // The decayed part in two sweeps, (own + decayed left) + (own + decayed right) - own, mixed
  // with the episode's total on the way back.
  std::vector<double> left(T, 0.0), right(T, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t t = 0; t < T; ++t) lean[i * T + t] = left[t] = own[i * T + t] + kLeanDecay * left[t];
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t t = 0; t < T; ++t) {
      right[t] = own[i * T + t] + kLeanDecay * right[t];
      const double decayed = lean[i * T + t] + (right[t] - own[i * T + t]);
      lean[i * T + t] = kLeanEpisode * total[t] + (1 - kLeanEpisode) * decayed;
    }
  std::size_t removed = 0;
  struct Candidate {
    const std::string* code;
    const Info* info;
    long applications;
  };
  std::vector<Candidate> cands;
  for (std::size_t i = 0; i < n; ++i) {
    auto* apps = episode[i];
    cands.clear();
    for (const auto& a : *apps) {
      const Info* in = info(a.code);
      if (!in || in->dimension < 0) continue;
      auto c = std::find_if(cands.begin(), cands.end(), [&](const Candidate& x) { return *x.code == a.code; });
      if (c == cands.end()) cands.push_back({&a.code, in, 1});
      else ++c->applications;
    }
    if (cands.size() < 2) continue;
    // Per dimension, the winner; every other candidate of that dimension goes. Leans closer
    // than 1e-9 are equal (sums of the same powers in another order).
    auto lean_of = [&](const Candidate& c) {
      return c.info->type >= 0 ? lean[i * T + static_cast<std::size_t>(c.info->type)] : 0.0;
    };
    auto better = [&](const Candidate& a, const Candidate& b) {  // a beats b
      double la = lean_of(a), lb = lean_of(b);
      if (std::abs(la - lb) > 1e-9) return la > lb;
      if (a.applications != b.applications) return a.applications > b.applications;
      return a.info->order < b.info->order;
    };
    std::vector<std::string> drop;
    std::vector<std::pair<std::string, std::vector<std::string>>> over;  // winner -> losers
    for (const auto& c : cands) {
      const Candidate* win = &c;
      for (const auto& o : cands)
        if (o.info->dimension == c.info->dimension && better(o, *win)) win = &o;
      if (win == &c) continue;
      drop.push_back(*c.code);
      auto it = std::find_if(over.begin(), over.end(), [&](const auto& x) { return x.first == *win->code; });
      if (it == over.end()) over.push_back({*win->code, {}}), it = over.end() - 1;
      it->second.push_back(*c.code);
    }
    if (drop.empty()) continue;
    for (auto& [winner, losers] : over) {
      std::sort(losers.begin(), losers.end(), [&](const std::string& a, const std::string& b) {
        return info(a)->order < info(b)->order;
      });
      for (auto& a : *apps)
        if (a.code == winner) {
          a.over = losers;
          break;
        }
    }
    std::size_t before = apps->size();
    apps->erase(std::remove_if(apps->begin(), apps->end(),
                               [&](const Application& a) { return std::find(drop.begin(), drop.end(), a.code) != drop.end(); }),
                apps->end());
    removed += before - apps->size();
  }
  return removed;
}

}  // namespace qda::code
