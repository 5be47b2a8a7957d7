#include "code/select.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace qda::code {

namespace {
// Move the applications `goes` picks from `apps` to `to` (when given), in order, each marked by
// `mark`; the others keep their order. Returns how many went.
template <class Goes, class Mark>
std::size_t move_aside(std::vector<Application>& apps, std::vector<Application>* to, Goes goes, Mark mark) {
  auto out = std::stable_partition(apps.begin(), apps.end(), [&](const Application& a) { return !goes(a); });
  const auto n = static_cast<std::size_t>(apps.end() - out);
  if (to)
    for (auto a = out; a != apps.end(); ++a) {
      mark(*a);
      to->push_back(std::move(*a));
    }
  apps.erase(out, apps.end());
  return n;
}
}  // namespace

Selector::Selector(const Codebook& cb) : types_(cb.typology.size()) {
  for (std::size_t k = 0; k < cb.dimensions.size(); ++k) {
    const Dimension& d = cb.dimensions[k];
    exclusive_dims_.push_back(d.exclusive);
    if (d.passage != Dimension::Passage::any) passages_.emplace_back(static_cast<int>(k), d.passage);
  }
  exclusive_ = std::any_of(cb.dimensions.begin(), cb.dimensions.end(), [](const Dimension& d) { return d.exclusive; });
  beside_ = std::any_of(cb.codes.begin(), cb.codes.end(), [](const Code& c) { return !c.sets_aside.empty(); });
  active_ = exclusive_ || !passages_.empty() || beside_;
  for (std::size_t i = 0; i < cb.codes.size(); ++i) {
    const Code& c = cb.codes[i];
    Info in;
    in.order = i;
    in.dimension = c.dimension_index;
    for (const auto& s : c.sets_aside) in.sets_aside.push_back(cb.dimension_index(s));
    in.type = c.type_index;
    codes_.emplace(c.id, in);
  }
}

const Selector::Info* Selector::info(const std::string& code) const {
  auto it = codes_.find(code);
  return it == codes_.end() ? nullptr : &it->second;
}

const Selector::Info* Selector::exclusive_info(const std::string& code) const {
  const Info* in = info(code);
  return in && in->dimension >= 0 && exclusive_dims_[static_cast<std::size_t>(in->dimension)] ? in : nullptr;
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
  std::vector<std::string> setters;
  for (std::size_t i = 0; i < episode.size(); ++i) {
    auto& apps = *episode[i];
    // The codes that set dimensions aside, in the unit's order; one that an earlier one sets
    // aside does not set aside in turn.
    setters.clear();
    for (const auto& a : apps) {
      const Info* in = info(a.code);
      if (in && !in->sets_aside.empty() && std::find(setters.begin(), setters.end(), a.code) == setters.end())
        setters.push_back(a.code);
    }
    for (const auto& code : setters) {
      if (std::none_of(apps.begin(), apps.end(), [&](const Application& a) { return a.code == code; })) continue;
      const auto& dims = info(code)->sets_aside;
      removed += move_aside(
          apps, aside ? (*aside)[i] : nullptr,
          [&](const Application& a) {
            const Info* in = info(a.code);
            return in && a.code != code && std::find(dims.begin(), dims.end(), in->dimension) != dims.end();
          },
          [&](Application& a) { a.beside = code; });
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
  for (const auto& [dim, which] : passages_) {
    auto of_dim = [&, dim = dim](const Application& a) {
      const Info* in = info(a.code);
      return in && in->dimension == dim;
    };
    hits.clear();
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const bool has = std::any_of(episode[i]->begin(), episode[i]->end(), of_dim);
      const bool counts = has || !participant || (*participant)[i];
      index[i] = counts ? k++ : k;
      if (has) hits.push_back(i);
    }
    if (hits.size() < 2) continue;
    // The run: from the first (last) unit with a code, while the next one is next to it.
    std::size_t lo = 0, hi = hits.size() - 1;
    if (which == Dimension::Passage::last) {
      lo = hi;
      while (lo > 0 && index[hits[lo]] - index[hits[lo - 1]] == 1) --lo;
    } else {
      hi = lo;
      while (hi + 1 < hits.size() && index[hits[hi + 1]] - index[hits[hi]] == 1) ++hi;
    }
    for (std::size_t h = 0; h < hits.size(); ++h) {
      if (h >= lo && h <= hi) continue;
      removed += move_aside(*episode[hits[h]], aside ? (*aside)[hits[h]] : nullptr, of_dim,
                            [&, which = which](Application& a) { a.passage = which; });
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
      const Info* in = exclusive_info(a.code);
      if (!in) continue;
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
