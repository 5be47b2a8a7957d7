// Loading and validating study.yaml.
#include "model/study.hpp"

#include <glob.h>

#include <filesystem>
#include <set>

#include "core/json.hpp"
#include "core/json_in.hpp"
#include "core/provenance.hpp"
#include "core/text.hpp"
#include "core/yaml.hpp"

namespace qda::model {
namespace fs = std::filesystem;

SpeakerConfig default_speakers(const std::string& language) {
  if (language.rfind("en", 0) == 0)
    return SpeakerConfig{{"Interviewer", "I", "Q", "Researcher", "Moderator"},
                         {"Participant", "Interviewee", "Respondent", "P", "R", "A"},
                         {"episode"}};
  return SpeakerConfig{{"Entrevistador", "Entrevistadora", "E", "Investigador", "Investigadora", "Moderador", "Moderadora", "I"},
                       {"Participante", "Entrevistado", "Entrevistada", "Informante", "P", "R", "A"},
                       {"episodio"}};
}

namespace {
std::vector<AttrColumn> read_attrs(const yaml::Doc& d, const YAML::Node& n) {
  std::vector<AttrColumn> out;
  if (!n || n.IsNull()) return out;
  if (!n.IsMap()) throw ConfigError("must map attribute keys to column headers", yaml::at(d, n, "attrs"));
  for (const auto& [key, key_node, column] : yaml::entries(d, n, "attrs")) {
    if (!column.IsScalar()) throw ConfigError("must be a column header", yaml::at(d, column, key));
    out.push_back({key, column.Scalar(), yaml::at(d, column, key)});
  }
  return out;
}

std::string join_path(const std::string& dir, const std::string& p) {
  if (p.empty() || p[0] == '/' || dir.empty() || dir == ".") return p;
  return dir + "/" + p;
}

// Expand a pattern relative to the study directory; sorted in natural order.
void expand(const yaml::Doc& d, const YAML::Node& at, const std::string& dir, const std::string& pattern,
            SourceSpec& s) {
  std::string full = join_path(dir, pattern);
  glob_t g{};
  int rc = ::glob(full.c_str(), 0, nullptr, &g);
  std::vector<std::string> found;
  if (rc == 0)
    for (std::size_t i = 0; i < g.gl_pathc; ++i) found.emplace_back(g.gl_pathv[i]);
  globfree(&g);
  if (found.empty()) throw ConfigError("'" + pattern + "' matches no file (looked in " + (dir.empty() ? "." : dir) + ")", yaml::at(d, at));
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) { return text::natural_less(a, b); });
  for (auto& f : found) {
    std::string shown = f;
    if (!dir.empty() && dir != "." && f.rfind(dir + "/", 0) == 0) shown = f.substr(dir.size() + 1);
    // skip files that are not transcripts or data (e.g. the participants table in the same folder)
    s.files.push_back(f);
    s.display.push_back(shown);
  }
}
}  // namespace

Study load_study(const std::string& path) {
  yaml::Doc d = yaml::load(path);
  const YAML::Node& r = d.root;
  Study st;
  st.file = path;
  st.sha256 = d.sha256;
  st.dir = fs::path(path).parent_path().string();
  if (!r.IsMap()) throw ConfigError("a study file must be a mapping", yaml::at(d, r));
  yaml::check_keys(d, r, {"study", "language", "number_format", "population", "categories", "levels", "groups", "speakers", "episode_markers", "episode_prompts", "labels", "pseudonyms", "sources"}, "the study file");
  st.title = yaml::opt_string(d, r, "study").value_or("");
  st.language = yaml::opt_string(d, r, "language").value_or("es");
  st.number_format = yaml::opt_string(d, r, "number_format").value_or("68.5 %");
  if (auto p = r["population"]; p && !p.IsNull()) {
    if (!p.IsMap()) throw ConfigError("must map sources to population sizes", yaml::at(d, p, "population"));
    for (const auto& [k, key_node, value] : yaml::entries(d, p, "population")) {
      long n;
      if (!value.IsScalar() || !YAML::convert<long>::decode(value, n) || n <= 0)
        throw ConfigError("must be a positive whole number", yaml::at(d, value, k));
      st.population[k] = n;
    }
  }
  std::set<std::string> cat_ids;
  if (auto c = r["categories"]; c && !c.IsNull()) {
    if (!c.IsSequence()) throw ConfigError("must be a list", yaml::at(d, c, "categories"));
    for (const auto& item : c) {
      yaml::check_keys(d, item, {"id", "label"}, "a category");
      Category cat{yaml::req_string(d, item, "id", "a category"), yaml::opt_string(d, item, "label").value_or("")};
      if (!cat_ids.insert(cat.id).second) throw ConfigError("duplicate category id '" + cat.id + "'", yaml::at(d, item["id"], "id"));
      st.categories.push_back(cat);
    }
  }
  if (auto g = r["groups"]; g && !g.IsNull()) {
    if (!g.IsMap()) throw ConfigError("must map group ids to labels", yaml::at(d, g, "groups"));
    for (const auto& [k, key_node, label] : yaml::entries(d, g, "groups")) st.groups[k] = yaml::scalar(d, label, k);
  }
  std::set<std::string> level_ids;
  if (auto l = r["levels"]; l && !l.IsNull()) {
    if (!l.IsSequence()) throw ConfigError("must be a list", yaml::at(d, l, "levels"));
    for (const auto& item : l) {
      yaml::check_keys(d, item, {"id", "label", "group", "match"}, "a level");
      Level lv{yaml::req_string(d, item, "id", "a level"), yaml::opt_string(d, item, "label").value_or(""),
               yaml::opt_string(d, item, "group").value_or(""), yaml::string_list(d, item["match"], "match")};
      if (!level_ids.insert(lv.id).second) throw ConfigError("duplicate level id '" + lv.id + "'", yaml::at(d, item["id"], "id"));
      if (!lv.group.empty() && !st.groups.empty() && !st.groups.count(lv.group))
        throw ConfigError("unknown group '" + lv.group + "' (not under groups:)", yaml::at(d, item["group"], "group"));
      st.levels.push_back(std::move(lv));
    }
  }
  st.speakers = default_speakers(st.language);
  if (auto s = r["speakers"]; s && !s.IsNull()) {
    yaml::check_keys(d, s, {"interviewer", "participant"}, "speakers");
    if (s["interviewer"]) st.speakers.interviewer = yaml::string_list(d, s["interviewer"], "interviewer");
    if (s["participant"]) st.speakers.participant = yaml::string_list(d, s["participant"], "participant");
  }
  // The study's marker words are added to the language's ("episodio" stays a marker).
  auto non_empty = [&](const YAML::Node& list, const char* key) {
    std::vector<std::string> v = yaml::string_list(d, list, key);
    for (std::size_t i = 0; i < v.size(); ++i)
      if (text::trim(v[i]).empty()) throw ConfigError("must not be empty", yaml::at(d, list.IsSequence() ? list[i] : list, key));
    return v;
  };
  if (auto m = r["episode_markers"]; m && !m.IsNull())
    for (auto& w : non_empty(m, "episode_markers")) st.speakers.episode_markers.push_back(text::fold(text::trim(w)));
  if (auto p = r["episode_prompts"]; p && !p.IsNull()) st.episode_prompts = non_empty(p, "episode_prompts");
  if (auto l = r["labels"]; l && !l.IsNull()) {
    if (!l.IsMap()) throw ConfigError("must map attribute keys or report label keys to their text", yaml::at(d, l, "labels"));
    for (const auto& [k, key_node, value] : yaml::entries(d, l, "labels")) {
      std::string v(text::trim(yaml::scalar(d, value, k)));
      if (v.empty()) throw ConfigError("must not be empty", yaml::at(d, value, k));
      st.labels[k] = v;
      st.label_where[k] = yaml::at(d, key_node, k);
    }
  }
  if (auto p = yaml::opt_string(d, r, "pseudonyms")) {
    st.pseudonyms = join_path(st.dir, *p);
    if (!fs::exists(st.pseudonyms)) throw ConfigError("pseudonym key '" + *p + "' not found", yaml::at(d, r["pseudonyms"], "pseudonyms"));
  }
  YAML::Node srcs = r["sources"];
  if (!srcs || !srcs.IsSequence() || srcs.size() == 0)
    throw ConfigError("'sources' must list at least one source", yaml::at(d, srcs ? srcs : r, "sources"));
  std::set<std::string> source_ids;
  for (const auto& n : srcs) {
    yaml::check_keys(d, n, {"source", "format", "file", "files", "encoding", "id_column", "attrs", "ignore", "questions", "category", "require_speakers", "participants"}, "a source");
    SourceSpec s;
    s.where = yaml::at(d, n);
    s.source = yaml::req_string(d, n, "source", "a source");
    if (s.source.empty() || !std::all_of(s.source.begin(), s.source.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); }))
      throw ConfigError("a source prefix is one or more capital letters (C, E, …)", yaml::at(d, n["source"], "source"));
    if (!source_ids.insert(s.source).second) throw ConfigError("source '" + s.source + "' listed twice", yaml::at(d, n["source"], "source"));
    s.format = yaml::opt_string(d, n, "format").value_or("auto");
    static const std::set<std::string> formats{"auto", "csv", "txt", "md", "vtt", "srt", "docx", "qdpx"};
    if (!formats.count(s.format)) throw ConfigError("unknown format '" + s.format + "' (expected auto, csv, txt, md, vtt, srt, docx or qdpx)", yaml::at(d, n["format"], "format"));
    s.encoding = yaml::opt_string(d, n, "encoding").value_or("auto");
    std::vector<std::string> pats;
    if (n["file"]) pats.push_back(yaml::req_string(d, n, "file", "a source"));
    for (auto& p : yaml::string_list(d, n["files"], "files")) pats.push_back(p);
    if (pats.empty()) throw ConfigError("a source needs 'file' or 'files'", yaml::at(d, n, "file"));
    YAML::Node file_node = n["file"] ? n["file"] : n["files"];
    for (auto& p : pats) expand(d, file_node, st.dir, p, s);
    s.id_column = yaml::opt_string(d, n, "id_column").value_or("");
    s.attrs = read_attrs(d, n["attrs"]);
    s.ignore = yaml::string_list(d, n["ignore"], "ignore");
    s.category = yaml::opt_string(d, n, "category").value_or("");
    if (!s.category.empty() && !cat_ids.empty() && !cat_ids.count(s.category))
      throw ConfigError("unknown category '" + s.category + "'", yaml::at(d, n["category"], "category"));
    s.require_speakers = yaml::opt_bool(d, n, "require_speakers", false);
    std::set<std::string> qids;
    if (auto q = n["questions"]; q && !q.IsNull()) {
      if (!q.IsSequence()) throw ConfigError("must be a list", yaml::at(d, q, "questions"));
      for (const auto& item : q) {
        yaml::check_keys(d, item, {"column", "id", "category"}, "a question");
        Question qu{yaml::req_string(d, item, "column", "a question"), yaml::opt_string(d, item, "id").value_or(""),
                    yaml::opt_string(d, item, "category").value_or(""), yaml::at(d, item["column"], "column")};
        if (!qu.category.empty() && !cat_ids.empty() && !cat_ids.count(qu.category))
          throw ConfigError("unknown category '" + qu.category + "'", yaml::at(d, item["category"], "category"));
        if (!qu.id.empty() && !qids.insert(qu.id).second)
          throw ConfigError("duplicate question id '" + qu.id + "'", yaml::at(d, item["id"], "id"));
        s.questions.push_back(std::move(qu));
      }
    }
    if (auto p = n["participants"]; p && !p.IsNull()) {
      yaml::check_keys(d, p, {"file", "id_column", "encoding", "attrs"}, "participants");
      s.participants.display = yaml::req_string(d, p, "file", "participants");
      s.participants.file = join_path(st.dir, s.participants.display);
      s.participants.where = yaml::at(d, p["file"], "file");
      if (!fs::exists(s.participants.file))
        throw ConfigError("participants file '" + s.participants.display + "' not found", s.participants.where);
      s.participants.id_column = yaml::opt_string(d, p, "id_column").value_or("");
      s.participants.encoding = yaml::opt_string(d, p, "encoding").value_or("auto");
      s.participants.attrs = read_attrs(d, p["attrs"]);
      // the participants table is not a transcript even when the pattern matches it
      std::erase(s.files, s.participants.file);
      std::erase(s.display, s.participants.display);
    }
    st.sources.push_back(std::move(s));
  }
  provenance::add_config("study", path, d.sha256);
  return st;
}

std::string to_record(const Study& st) {
  std::string out;
  json::Writer w(out);
  w.begin_object().field("kind", "study").field("file", st.file).field("sha256", st.sha256);
  w.field("title", st.title).field("language", st.language).field("number_format", st.number_format);
  w.key("population").begin_object();
  for (const auto& [src, n] : st.population) w.key(src).value(static_cast<std::int64_t>(n));
  w.end_object().key("sources").begin_array();
  for (const auto& src : st.sources) w.value(src.source);
  w.end_array().key("categories").begin_array();
  for (const auto& c : st.categories) w.begin_object().field("id", c.id).field("label", c.label).end_object();
  w.end_array().key("levels").begin_array();
  for (const auto& l : st.levels) {
    w.begin_object().field("id", l.id).field("label", l.label).field("group", l.group).key("match").begin_array();
    for (const auto& m : l.match) w.value(m);
    w.end_array().end_object();
  }
  w.end_array().key("groups").begin_object();
  for (const auto& [id, label] : st.groups) w.field(id, label);
  w.end_object().key("labels").begin_object();
  for (const auto& [key, text] : st.labels) w.field(key, text);
  w.end_object().key("episode_prompts").begin_array();
  for (const auto& p : st.episode_prompts) w.value(p);
  w.end_array().key("episode_markers").begin_array();
  for (const auto& m : st.speakers.episode_markers) w.value(m);
  w.end_array().end_object();
  return out;
}

Study study_from_record(std::string_view line) {
  static thread_local simdjson::dom::parser p;
  json::In r = json::parse_in(p, line, "study");
  Study st;
  st.file = r.str("file");
  st.sha256 = r.str("sha256");
  st.title = r.str("title");
  st.language = r.opt_str("language").value_or("es");
  st.number_format = r.opt_str("number_format").value_or("68.5 %");
  for (const auto& [src, n] : r.counts("population")) st.population[src] = static_cast<long>(n);
  for (auto& src : r.strings("sources")) {
    SourceSpec sp;
    sp.source = std::move(src);
    st.sources.push_back(std::move(sp));
  }
  r.each("categories", [&](const json::In& c) { st.categories.push_back({c.str("id"), c.str("label")}); });
  r.each("levels", [&](const json::In& l) { st.levels.push_back({l.str("id"), l.str("label"), l.str("group"), l.strings("match")}); });
  for (const auto& [id, label] : r.texts("groups")) st.groups[id] = label;
  for (const auto& [key, text] : r.texts("labels")) {
    st.labels[key] = text;
    st.label_where[key] = Location{"the stream's study record (" + st.file + ")"};
  }
  st.episode_prompts = r.strings("episode_prompts");
  st.speakers = default_speakers(st.language);
  st.speakers.episode_markers = r.strings("episode_markers");
  return st;
}

}  // namespace qda::model
