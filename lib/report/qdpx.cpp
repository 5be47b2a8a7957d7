// The report's stream as a REFI-QDA project: docs, cases, variables, codes, coded selections, notes.
#include "report/qdpx.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.hpp"
#include "core/provenance.hpp"
#include "core/text.hpp"
#include "model/codebook.hpp"
#include "model/study.hpp"

namespace qda::report {

namespace {

// A variable's type over all its values: one JSON type keeps its REFI-QDA type (integers and
// decimals together are Float); any other mixture is Text.
std::string merge_type(const std::string& a, const std::string& b) {
  if (a.empty() || a == b) return b;
  if ((a == "Integer" && b == "Float") || (a == "Float" && b == "Integer")) return "Float";
  return "Text";
}

// A value as its variable's type writes it: xsd:decimal has no exponent.
std::string value_text(const Attr& a, const std::string& type) {
  if (type == "Float" && a.text.find_first_of("eE") != std::string::npos) {
    std::string s = fmt::format("{:f}", std::stod(a.text));
    while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
    return s;
  }
  return a.text;
}

bool is_guid(const std::string& g) {
  if (g.size() != 36) return false;
  for (std::size_t i = 0; i < g.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? g[i] != '-' : !std::isxdigit(static_cast<unsigned char>(g[i]))) return false;
  }
  return true;
}

class Builder {
 public:
  Builder(const Stream& s, const model::Codebook* cb, const model::Study* study, const QdpxOptions& o,
          std::vector<std::string>& warnings)
      : s_(s), cb_(cb), o_(o), warnings_(warnings) {
    p_.name = study && !study->title.empty() ? study->title : cb && !cb->title.empty() ? cb->title : "qda";
    p_.origin = "qda " + std::string(provenance::self().version);
    p_.date = o.date;
  }

  refi::Project build() {
    codebook();
    variables();
    sources();
    applied_codes();
    cases();
    notes();
    return std::move(p_);
  }

 private:
  const Stream& s_;
  const model::Codebook* cb_;
  const QdpxOptions& o_;
  std::vector<std::string>& warnings_;
  refi::Project p_;
  std::map<std::string, std::string> code_guid_;            // code id -> guid
  std::map<std::string, std::vector<int>> code_path_;        // code id -> indices down the tree
  std::map<std::string, std::size_t> user_of_;               // user name -> index
  std::map<std::string, std::size_t> variable_of_;           // attribute key -> index
  std::map<std::string, std::size_t> source_of_;             // doc id -> index
  std::vector<std::string> missing_codes_;                   // applied, not in the codebook

  refi::Code* code_at(const std::vector<int>& path) {
    refi::Code* c = &p_.codes[path[0]];
    for (std::size_t i = 1; i < path.size(); ++i) c = &c->children[path[i]];
    return c;
  }

  void codebook() {
    if (!cb_) return;
    for (const auto& c : cb_->codes) {
      refi::Code rc;
      rc.guid = c.guid.empty() ? refi::code_guid(c.id) : c.guid;
      rc.name = c.label.empty() ? c.id : c.label;
      rc.description = c.description;
      rc.color = c.color;
      if (!c.memo.empty()) {
        refi::Note n{refi::guid_from("qda memo code " + c.id), rc.name, c.memo};
        rc.notes.push_back(n.guid);
        p_.notes.push_back(std::move(n));
      }
      code_guid_[c.id] = rc.guid;
      std::vector<int> path;
      if (auto it = code_path_.find(c.parent); !c.parent.empty() && it != code_path_.end()) {
        refi::Code* parent = code_at(it->second);
        path = it->second;
        path.push_back(static_cast<int>(parent->children.size()));
        parent->children.push_back(std::move(rc));
      } else {
        path = {static_cast<int>(p_.codes.size())};
        p_.codes.push_back(std::move(rc));
      }
      code_path_[c.id] = path;
    }
  }

  const std::string& code(const std::string& id) {
    auto it = code_guid_.find(id);
    if (it != code_guid_.end()) return it->second;
    missing_codes_.push_back(id);
    return code_guid_.emplace(id, refi::code_guid(id)).first->second;
  }

  void applied_codes() {  // codes the codebook lacks, at the top level, named by their id
    for (const auto& id : missing_codes_) {
      refi::Code rc;
      rc.guid = code_guid_[id];
      rc.name = id;
      p_.codes.push_back(std::move(rc));
    }
    if (!missing_codes_.empty())
      warnings_.push_back(std::to_string(missing_codes_.size()) + (missing_codes_.size() == 1 ? " code" : " codes") +
                          " applied in the stream but not in " + (cb_ ? "the codebook" : "a codebook (none given with -c)") +
                          ", written by id: " + fmt::format("{}", fmt::join(missing_codes_, ", ")));
  }

  const std::string& user(const std::string& name) {
    auto it = user_of_.find(name);
    if (it == user_of_.end()) {
      it = user_of_.emplace(name, p_.users.size()).first;
      p_.users.push_back(refi::User{refi::guid_from("qda user " + name), name});
    }
    return p_.users[it->second].guid;
  }

  void add_variables(const std::vector<Attr>& attrs) {
    for (const auto& a : attrs) {
      auto it = variable_of_.find(a.key);
      if (it == variable_of_.end()) {
        variable_of_.emplace(a.key, p_.variables.size());
        p_.variables.push_back(refi::Variable{refi::guid_from("qda variable " + a.key), a.key, a.type});
      } else {
        auto& v = p_.variables[it->second];
        v.type = merge_type(v.type, a.type);
      }
    }
  }

  void variables() {
    for (const auto& pt : s_.participants) add_variables(pt.attrs);
    for (const auto& d : s_.docs) add_variables(own_attrs(d));
  }

  std::vector<refi::Value> values(const std::vector<Attr>& attrs) const {
    std::vector<refi::Value> out;
    for (const auto& a : attrs) {
      const auto& v = p_.variables[variable_of_.at(a.key)];
      out.push_back(refi::Value{v.guid, v.type, value_text(a, v.type)});
    }
    return out;
  }

  // The doc's attributes that are not its participant's (with the same value).
  std::vector<Attr> own_attrs(const Doc& d) const {
    const Participant* pt = s_.participant(d.participant);
    std::vector<Attr> out;
    for (const auto& a : d.attrs) {
      bool same = pt && std::any_of(pt->attrs.begin(), pt->attrs.end(),
                                    [&](const Attr& b) { return b.key == a.key && b.text == a.text; });
      if (!same) out.push_back(a);
    }
    return out;
  }

  struct Application {
    std::size_t start, end;
    std::string code, by, description, user;
    std::size_t order;
  };

  void sources() {
    std::map<std::string, std::vector<Application>> apps;  // doc id -> its applications
    std::set<std::tuple<std::string, std::size_t, std::size_t, std::string, std::string>> seen;
    std::map<std::string, text::CpIndex> index;
    std::size_t order = 0;
    for (const auto& u : s_.units) {
      if (u.codes.empty()) continue;
      const Doc* d = s_.doc(u.doc);
      if (!d)
        throw DataError("unit '" + u.id + "': its doc '" + u.doc +
                        "' is not in the stream; give qda-ingest's output too, before the coded units "
                        "(qda-report -f qdpx corpus.jsonl coded.jsonl)");
      auto ix = index.try_emplace(d->id, d->text).first;
      for (const auto& a : u.codes) {
        if (a.end > ix->second.size_cp() || a.start > a.end ||
            (!a.evidence.empty() && ix->second.slice(d->text, a.start, a.end) != a.evidence))
          throw DataError("unit '" + u.id + "': code '" + a.code + "' at [" + std::to_string(a.start) + ", " +
                          std::to_string(a.end) + ") is not that text of doc '" + d->id +
                          "': the docs come from another run of qda-ingest");
        if (!seen.emplace(d->id, a.start, a.end, a.code, a.by).second) continue;
        bool person = a.by.rfind("coder:", 0) == 0;
        // A rule's proposal says its rule and evidence; a model's also how sure it was and why.
        std::string why = a.by;
        if (a.probability >= 0) {
          why += fmt::format(" (p {:.2f}", a.probability);
          for (std::size_t k = 0; k < a.features.size(); ++k) why += (k ? ", " : "; ") + a.features[k];
          why += ')';
        }
        Application x{a.start, a.end, a.code, a.by, person ? a.memo : why + ": " + a.evidence,
                      person ? a.by.substr(6) : o_.machine, order++};
        apps[d->id].push_back(std::move(x));
      }
    }
    for (const auto& d : s_.docs) {
      refi::Source src;
      src.guid = d.origin_format == "qdpx" && is_guid(d.origin_guid) ? d.origin_guid : refi::guid_from("qda source " + d.id);
      src.name = d.origin_format == "qdpx" && !d.origin_name.empty() ? d.origin_name : d.id;
      src.kind = "text";
      src.text = d.text;
      src.has_text = true;
      src.values = values(own_attrs(d));
      auto& list = apps[d.id];
      std::stable_sort(list.begin(), list.end(), [](const Application& a, const Application& b) {
        return std::tie(a.start, a.end) < std::tie(b.start, b.end);
      });
      // One selection per passage, coder and description, holding each code given to it.
      std::map<std::tuple<std::size_t, std::size_t, std::string, std::string>, std::size_t> selection_of;
      for (const auto& a : list) {
        auto key = std::make_tuple(a.start, a.end, a.user, a.description);
        auto it = selection_of.find(key);
        const std::string& ug = user(a.user);
        if (it == selection_of.end()) {
          refi::Selection sel;
          sel.guid = refi::guid_from("qda selection " + d.id + " " + std::to_string(a.start) + " " + std::to_string(a.end) +
                                     " " + a.user + " " + a.description);
          sel.start = static_cast<std::int64_t>(a.start);
          sel.end = static_cast<std::int64_t>(a.end);
          sel.user = ug;
          sel.description = a.description;
          it = selection_of.emplace(key, src.selections.size()).first;
          src.selections.push_back(std::move(sel));
        }
        refi::Coding k;
        k.guid = refi::guid_from("qda coding " + d.id + " " + std::to_string(a.start) + " " + std::to_string(a.end) + " " +
                                 a.code + " " + a.by);
        k.code = code(a.code);
        k.user = ug;
        src.selections[it->second].codings.push_back(std::move(k));
      }
      source_of_.emplace(d.id, p_.sources.size());
      p_.sources.push_back(std::move(src));
    }
  }

  void cases() {
    std::set<std::string> done;
    auto add = [&](const std::string& id, const std::vector<Attr>& attrs) {
      if (!done.insert(id).second) return;
      refi::Case c;
      c.guid = refi::guid_from("qda case " + id);
      c.name = id;
      c.values = values(attrs);
      for (const auto& d : s_.docs)
        if (d.participant == id) c.sources.push_back(p_.sources[source_of_.at(d.id)].guid);
      p_.cases.push_back(std::move(c));
    };
    for (const auto& pt : s_.participants) add(pt.id, pt.attrs);
    for (const auto& d : s_.docs)
      if (!d.participant.empty()) add(d.participant, {});
  }

  void notes() {  // what the steps could not analyse: on its doc, its code, else the project
    for (std::size_t i = 0; i < s_.notes.size(); ++i) {
      const note::Note& n = s_.notes[i];
      refi::Note rn{refi::guid_from("qda note " + std::to_string(i) + " " + n.tool + " " + n.about + " " + n.id + " " + n.reason),
                    n.tool + ": " + n.reason + (n.id.empty() ? "" : " (" + n.id + ")"), n.message};
      if (auto it = source_of_.find(n.id); n.about == "doc" && it != source_of_.end())
        p_.sources[it->second].notes.push_back(rn.guid);
      else if (auto c = code_path_.find(n.id); n.about == "code" && c != code_path_.end())
        code_at(c->second)->notes.push_back(rn.guid);
      else
        p_.note_refs.push_back(rn.guid);
      p_.notes.push_back(std::move(rn));
    }
  }
};

}  // namespace

refi::Project to_refi_project(const Stream& s, const model::Codebook* cb, const model::Study* study, const QdpxOptions& o,
                              std::vector<std::string>& warnings) {
  return Builder(s, cb, study, o, warnings).build();
}

}  // namespace qda::report
