// Apertium spa-cat through liblttoolbox (memory streams, null-flush mode so one stream carries
// many words) and the pair's Constraint Grammar through libcg3's C API.
#include "rewrite/morphology.hpp"

#include <cg3.h>
#include <fcntl.h>
#include <lttoolbox/fst_processor.h>
#include <lttoolbox/input_file.h>
#include <sys/wait.h>
#include <unicode/ustdio.h>
#include <unicode/ustring.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_set>

#include "core/error.hpp"
#include "core/io.hpp"

namespace qda::rewrite {

class GrammarProcesses;

bool Part::has(std::string_view tag) const {
  for (const auto& t : tags)
    if (t == tag) return true;
  return false;
}

std::string Part::lexical() const {
  std::string s = lemma;
  for (const auto& t : tags) { s += '<'; s += t; s += '>'; }
  return s;
}

std::string Reading::lexical() const {
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) s += '+';
    s += parts[i].lexical();
  }
  return s;
}

namespace {

// Characters lt-proc treats as stream syntax; a literal one in the input needs a backslash.
bool stream_special(char c) {
  switch (c) {
    case '^': case '$': case '/': case '\\': case '<': case '>': case '[': case ']':
    case '{': case '}': case '@': case '*': case '#': case '+': case '~':
      return true;
    default:
      return false;
  }
}

// Appends one form to an lt-proc input stream, its stream characters escaped, ended by '\0' (a
// null flush: the analyser answers each form on its own).
void append_form(std::string& in, std::string_view form) {
  for (char c : form) {
    if (stream_special(c)) in += '\\';
    in += c;
  }
  in += '\0';
}

Part parse_part(std::string_view s) {
  Part p;
  std::size_t i = 0;
  while (i < s.size() && s[i] != '<') {
    if (s[i] == '\\' && i + 1 < s.size()) ++i;
    p.lemma += s[i++];
  }
  while (i < s.size() && s[i] == '<') {
    auto close = s.find('>', i);
    if (close == std::string_view::npos) break;
    p.tags.emplace_back(s.substr(i + 1, close - i - 1));
    i = close + 1;
  }
  if (!p.tags.empty()) {
    const std::string& t = p.tags[0];
    p.verb = t == "vblex" || t == "vbser" || t == "vbhaver" || t == "vbmod";
  }
  return p;
}

// Split at unescaped `sep`.
std::vector<std::string_view> split_unescaped(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') { ++i; continue; }
    if (s[i] == sep) { out.push_back(s.substr(start, i - start)); start = i + 1; }
  }
  out.push_back(s.substr(start));
  return out;
}

// Runs one FSTProcessor function over `in` with memory streams and returns what it wrote.
// In null-flush mode the processor's analysis() switches null-flush off on return (it is
// written for lt-proc's one long stream), so every call below sets it again.
template <class F>
std::string through(const std::string& in, F&& fn) {
  FILE* f = fmemopen(const_cast<char*>(in.data()), in.size(), "r");
  if (!f) throw IoError("cannot open a memory stream for the morphology");
  InputFile input;
  input.wrap(f);
  char* buf = nullptr;
  std::size_t len = 0;
  FILE* o = open_memstream(&buf, &len);
  UFILE* u = o ? u_finit(o, nullptr, "UTF-8") : nullptr;
  if (!u) {
    if (o) fclose(o);
    free(buf);
    throw IoError("cannot open a memory stream for the morphology");
  }
  fn(input, u);
  u_fflush(u);
  u_fclose(u);  // does not close `o`
  fclose(o);
  std::string out(buf, len);
  free(buf);
  return out;  // InputFile's destructor closes `f`
}

}  // namespace

Analysis parse_analysis(std::string_view lu) {
  Analysis a;
  auto caret = lu.find('^');
  if (caret == std::string_view::npos) return a;
  lu.remove_prefix(caret + 1);
  std::size_t end = 0;
  while (end < lu.size() && lu[end] != '$') end += lu[end] == '\\' ? 2 : 1;
  lu = lu.substr(0, std::min(end, lu.size()));
  auto fields = split_unescaped(lu, '/');
  for (std::size_t i = 1; i < fields.size(); ++i) {
    if (fields[i].empty() || fields[i][0] == '*') continue;  // unknown word
    Reading r;
    // A multiword "queue" after '#' cannot occur for single words; drop it if it does.
    auto lf = fields[i].substr(0, fields[i].find('#'));
    for (auto part : split_unescaped(lf, '+')) r.parts.push_back(parse_part(part));
    if (!r.parts.empty() && !r.parts.front().tags.empty()) a.readings.push_back(std::move(r));
  }
  return a;
}

MorphologyFiles MorphologyFiles::in(const std::string& dir) {
  auto p = [&](const char* name) { return (std::filesystem::path(dir) / name).string(); };
  return {p("spa-cat.automorf.bin"), p("cat-spa.autogen.bin"), p("cat-spa.autopgen.bin"), p("spa-cat.rlx.bin")};
}

namespace {
// libcg3 (Debian 12's 1.3.9) keeps its free cohorts, readings and sentences in pools shared by
// the whole process (plain vectors, in Cohort.cpp, Reading.cpp, SingleWindow.cpp; made
// thread_local upstream only in later releases), and rehashes its tag maps and loads grammars
// through buffers shared the same way: two threads in libcg3 at once can hand one cohort to both,
// which crashed qda-rewrite -j under AddressSanitizer and now and then changed its output. Every
// call into libcg3 holds this lock.
std::mutex& cg3_mutex() {
  static std::mutex m;
  return m;
}

// As only one thread at a time may run the grammar, the process loads it once (per grammar file)
// and every Morphology uses that applicator; qda-rewrite -j runs it instead in processes forked
// from this one (fork_grammar_processes()), each with its copy. Kept to the end of the process
// (libcg3's own pools may be gone before a static destructor could free them).
struct Cg {
  cg3_grammar* grammar = nullptr;
  cg3_applicator* applicator = nullptr;
};
Cg* shared_cg(const std::string& path) {  // call with cg3_mutex() held
  static auto* loaded = new std::map<std::string, Cg>;  // never destroyed: see above
  static FILE* devnull = std::fopen("/dev/null", "w");
  // libcg3 reports through the streams given to cg3_init; the library must not print.
  static bool ready = devnull && cg3_init(stdin, devnull, devnull) == CG3_SUCCESS;
  if (!ready) throw ConfigError("cannot initialise libcg3");
  if (auto it = loaded->find(path); it != loaded->end()) return &it->second;
  Cg cg;
  cg.grammar = cg3_grammar_load(path.c_str());
  if (!cg.grammar) throw ConfigError("cannot load the Constraint Grammar (reinstall apertium-spa-cat)", Location{path});
  cg.applicator = cg3_applicator_create(cg.grammar);
  // Traces say which rule removed a reading: how a default is told from evidence.
  cg3_applicator_setflags(cg.applicator, CG3F_TRACE);
  return &loaded->emplace(path, cg).first->second;
}
}  // namespace

struct Morphology::Impl {
  FSTProcessor analyser, generator, postgenerator;
  Cg* cg = nullptr;  // the process's (shared_cg())
};

// What threads share: found under a shared lock, added under an exclusive one. Nodes of an
// unordered_map never move, so the views into them stay valid.
struct Morphology::Shared {
  std::shared_mutex mu;
  std::unordered_map<std::string, Analysis, Hash, std::equal_to<>> analyses;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> generated;
  std::unordered_map<std::string, Removed, Hash, std::equal_to<>> defaults;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> postgenerated;
  std::unordered_map<std::string, std::vector<std::vector<int>>, Hash, std::equal_to<>> sentences;
  std::shared_ptr<GrammarProcesses> grammar_processes;  // when the grammar runs in processes of its own
};

Morphology::Morphology() : impl_(std::make_unique<Impl>()), shared_(std::make_shared<Shared>()) {}
Morphology::~Morphology() = default;

namespace {
// lttoolbox's loaders are not documented as thread-safe: one load at a time (qda-rewrite -j
// loads one morphology per worker thread; libcg3 has its own lock, cg3_mutex()).
std::mutex& load_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

std::unique_ptr<Morphology> Morphology::load(const std::string& dir) {
  std::lock_guard<std::mutex> lock(load_mutex());
  auto files = MorphologyFiles::in(dir);
  for (const auto* path : {&files.analyser, &files.generator, &files.postgenerator, &files.grammar})
    if (!std::filesystem::is_regular_file(*path))
      throw ConfigError("Spanish morphology file missing (install the Debian package apertium-spa-cat, "
                        "or point --morphology-dir at a directory holding it)",
                        Location{*path});
  std::unique_ptr<Morphology> m(new Morphology());
  auto load_fst = [](FSTProcessor& p, const std::string& path) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) throw ConfigError("cannot read the morphology file (reinstall apertium-spa-cat)", Location{path});
    p.load(f);
    std::fclose(f);
    // Null-flush: every '\0' ends a word and flushes, so one stream carries a whole batch.
    p.setNullFlush(true);
  };
  load_fst(m->impl_->analyser, files.analyser);
  m->impl_->analyser.initAnalysis();
  load_fst(m->impl_->generator, files.generator);
  m->impl_->generator.initGeneration();
  load_fst(m->impl_->postgenerator, files.postgenerator);
  m->impl_->postgenerator.initPostgeneration();
  if (!m->impl_->analyser.valid() || !m->impl_->generator.valid())
    throw ConfigError("morphology file is not a valid transducer (reinstall apertium-spa-cat)", Location{files.analyser});

  std::lock_guard<std::mutex> cg_lock(cg3_mutex());
  m->impl_->cg = shared_cg(files.grammar);
  return m;
}

struct Lemmatizer::Impl {
  FSTProcessor analyser;
};

Lemmatizer::Lemmatizer() : impl_(std::make_unique<Impl>()) {}
Lemmatizer::~Lemmatizer() = default;

std::unique_ptr<Lemmatizer> Lemmatizer::load(const std::string& dir) {
  std::lock_guard<std::mutex> lock(load_mutex());
  const std::string path = MorphologyFiles::in(dir).analyser;
  FILE* f = std::filesystem::is_regular_file(path) ? std::fopen(path.c_str(), "rb") : nullptr;
  if (!f)
    throw ConfigError("Spanish analyser missing (install the Debian package apertium-spa-cat, or point "
                      "--morphology-dir at a directory holding it)", Location{path});
  std::unique_ptr<Lemmatizer> l(new Lemmatizer());
  l->impl_->analyser.load(f);
  std::fclose(f);
  l->impl_->analyser.setNullFlush(true);
  l->impl_->analyser.initAnalysis();
  if (!l->impl_->analyser.valid()) throw ConfigError("the analyser is not a valid transducer (reinstall apertium-spa-cat)", Location{path});
  return l;
}

std::vector<std::vector<std::string>> Lemmatizer::lemmas(const std::vector<std::string>& forms) {
  std::vector<std::vector<std::string>> out(forms.size());
  if (forms.empty()) return out;
  std::string in;
  for (const auto& f : forms) append_form(in, f);
  auto text = through(in, [&](InputFile& i, UFILE* u) { impl_->analyser.setNullFlush(true); impl_->analyser.analysis(i, u); });
  std::size_t pos = 0;
  for (std::size_t k = 0; k < forms.size() && pos < text.size(); ++k) {
    auto z = text.find('\0', pos);
    std::string_view chunk = std::string_view(text).substr(pos, z == std::string::npos ? std::string::npos : z - pos);
    pos = z == std::string::npos ? text.size() : z + 1;
    // One form may come out as several units ("del" -> de + el): every unit's lemmas count.
    for (std::size_t at = chunk.find('^'); at != std::string_view::npos; at = chunk.find('^', at + 1)) {
      for (const auto& r : parse_analysis(chunk.substr(at)).readings) {
        const std::string& l = r.head().lemma;
        if (!l.empty() && std::find(out[k].begin(), out[k].end(), l) == out[k].end()) out[k].push_back(l);
      }
    }
  }
  return out;
}

void Morphology::prefetch(const std::vector<std::string_view>& forms) {
  std::string in;
  std::vector<std::string_view> todo;
  std::unordered_set<std::string_view> queued;
  {
    std::shared_lock lock(shared_->mu);
    for (auto f : forms) {
      if (f.empty() || analyses_.find(f) != analyses_.end()) continue;
      if (auto it = shared_->analyses.find(f); it != shared_->analyses.end()) {  // another thread's
        analyses_.emplace(it->first, &it->second);
        continue;
      }
      if (!queued.insert(f).second) continue;
      todo.push_back(f);
      append_form(in, f);
    }
  }
  if (todo.empty()) return;
  auto out = through(in, [&](InputFile& i, UFILE* u) { impl_->analyser.setNullFlush(true); impl_->analyser.analysis(i, u); });
  std::vector<Analysis> found;
  std::size_t pos = 0;
  for (std::size_t k = 0; k < todo.size(); ++k) {
    auto z = out.find('\0', pos);
    std::string_view chunk = std::string_view(out).substr(pos, z == std::string::npos ? std::string::npos : z - pos);
    found.push_back(parse_analysis(chunk));
    pos = z == std::string::npos ? out.size() : z + 1;
  }
  std::unique_lock lock(shared_->mu);
  for (std::size_t k = 0; k < todo.size(); ++k) {
    // Another thread may have put the same form in meanwhile: the same analyses, keep theirs.
    auto it = shared_->analyses.try_emplace(std::string(todo[k]), std::move(found[k])).first;
    analyses_.emplace(it->first, &it->second);
  }
}

const Analysis& Morphology::analyse(std::string_view form) {
  if (auto it = analyses_.find(form); it != analyses_.end()) return *it->second;
  prefetch({form});
  if (auto it = analyses_.find(form); it != analyses_.end()) return *it->second;
  std::unique_lock lock(shared_->mu);  // "": no analyses
  auto it = shared_->analyses.try_emplace(std::string(form)).first;
  return *analyses_.emplace(it->first, &it->second).first->second;
}

const std::string& Morphology::generate(std::string_view lexical) {
  if (auto it = generated_.find(lexical); it != generated_.end()) return *it->second;
  {
    std::shared_lock lock(shared_->mu);
    if (auto it = shared_->generated.find(lexical); it != shared_->generated.end())
      return *generated_.emplace(it->first, &it->second).first->second;
  }
  std::string in = "^";
  in.append(lexical);
  in += "$";
  in += '\0';
  auto out = through(in, [&](InputFile& i, UFILE* u) { impl_->generator.setNullFlush(true); impl_->generator.generation(i, u); });
  auto z = out.find('\0');
  if (z != std::string::npos) out.resize(z);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n')) out.pop_back();
  // '#' marks a form the generator lacks; '@' a lemma it does not know.
  if (!out.empty() && (out[0] == '#' || out[0] == '@')) out.clear();
  std::unique_lock lock(shared_->mu);
  auto it = shared_->generated.try_emplace(std::string(lexical), std::move(out)).first;
  return *generated_.emplace(it->first, &it->second).first->second;
}

std::size_t Morphology::cached_forms() const {
  std::shared_lock lock(shared_->mu);
  return shared_->analyses.size();
}

std::string Morphology::postgenerate(std::string_view text) {
  {
    std::shared_lock lock(shared_->mu);
    if (auto it = shared_->postgenerated.find(text); it != shared_->postgenerated.end()) return it->second;
  }
  std::string in(text);
  in += '\0';
  auto out = through(in, [&](InputFile& i, UFILE* u) { impl_->postgenerator.setNullFlush(true); impl_->postgenerator.postgeneration(i, u); });
  auto z = out.find('\0');
  if (z != std::string::npos) out.resize(z);
  std::unique_lock lock(shared_->mu);
  if (shared_->postgenerated.size() >= kMaxCachedSentences) shared_->postgenerated.clear();
  shared_->postgenerated.try_emplace(std::string(text), out);
  return out;
}

namespace {
// The grammar over one sentence, in this process (the caller holds cg3_mutex(), or is a grammar
// process of its own).
GrammarRun apply_grammar(cg3_applicator* a, const std::vector<Cohort>& sentence) {
  cg3_sentence* s = cg3_sentence_new(a);
  std::string buf;
  std::u16string wide;
  // Tags are built piece by piece into one buffer (no temporaries per tag) and handed to libcg3
  // in UTF-16: its UTF-8 entry points convert through a buffer shared by the whole process, which
  // threads (qda-rewrite -j) would overwrite under each other.
  auto tag = [&](std::string_view pre, std::string_view mid = {}, std::string_view post = {}) {
    buf.clear();  // GCC 12 sees a false -Wrestrict overlap in assign() here
    buf += pre;
    buf += mid;
    buf += post;
    wide.resize(buf.size() + 1);
    UErrorCode status = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(reinterpret_cast<UChar*>(wide.data()), static_cast<int32_t>(wide.size()), &n, buf.data(),
                  static_cast<int32_t>(buf.size()), &status);
    if (U_FAILURE(status)) n = 0;
    wide.resize(static_cast<std::size_t>(n));
    wide.push_back(u'\0');
    return cg3_tag_create_u16(a, reinterpret_cast<const uint16_t*>(wide.data()));
  };
  for (const auto& c : sentence) {
    cg3_cohort* co = cg3_cohort_create(s);
    cg3_cohort_setwordform(co, tag("\"<", c.form, ">\""));
    const auto& rs = c.analysis->readings;
    if (rs.empty()) {
      cg3_reading* r = cg3_reading_create(co);
      cg3_reading_addtag(r, tag("\"", c.form, "\""));
      cg3_reading_addtag(r, tag("?"));
      cg3_cohort_addreading(co, r);
    }
    for (std::size_t i = 0; i < rs.size(); ++i) {
      cg3_reading* r = cg3_reading_create(co);
      // The grammar speaks of the head morpheme (the verb of "decirme"); enclitics add nothing
      // it tests. The index tag maps the survivors back to our readings.
      const Part& h = rs[i].head();
      cg3_reading_addtag(r, tag("\"", h.lemma, "\""));
      for (const auto& t : h.tags) cg3_reading_addtag(r, tag(t));
      cg3_reading_addtag(r, tag("qda:", std::to_string(i)));
      cg3_cohort_addreading(co, r);
    }
    cg3_sentence_addcohort(s, co);
  }
  cg3_sentence_runrules(a, s);
  // The "qda:<n>" index tag of a reading, read in UTF-16 (the tag's own storage, no shared buffer).
  auto index_of = [](cg3_reading* r) {
    for (std::size_t k = 0; k < cg3_reading_numtags(r); ++k) {
      const uint16_t* t = cg3_tag_gettext_u16(cg3_reading_gettag(r, k));
      if (!t || t[0] != 'q' || t[1] != 'd' || t[2] != 'a' || t[3] != ':') continue;
      int v = 0;
      for (const uint16_t* d = t + 4; *d >= '0' && *d <= '9'; ++d) v = v * 10 + (*d - '0');
      return v;
    }
    return -1;
  };
  GrammarRun run;
  run.alive.resize(sentence.size());
  run.removed.resize(sentence.size());
  std::size_t n = cg3_sentence_numcohorts(s);
  std::size_t offset = n > sentence.size() ? n - sentence.size() : 0;  // the ">>>" cohort
  for (std::size_t i = 0; i < sentence.size(); ++i) {
    auto& alive = run.alive[i];
    if (sentence[i].analysis->readings.empty() || i + offset >= n) continue;
    cg3_cohort* co = cg3_sentence_getcohort(s, i + offset);
    for (std::size_t j = 0; j < cg3_cohort_numreadings(co); ++j)
      if (int k = index_of(cg3_cohort_getreading(co, j)); k >= 0) alive.push_back(k);
    for (std::size_t j = 0; j < cg3_cohort_numdelreadings(co); ++j) {
      cg3_reading* r = cg3_cohort_getdelreading(co, j);
      int k = index_of(r);
      std::uint32_t rule = cg3_reading_numtraces(r) ? cg3_reading_gettrace(r, cg3_reading_numtraces(r) - 1) : 0;
      if (k >= 0) run.removed[i].push_back({k, rule});
    }
  }
  cg3_sentence_free(s);
  return run;
}

// The wire between qda-rewrite's threads and their grammar processes: a message is its byte
// length (4 bytes, host order: both ends are this same program) and its payload.
class Wire {
 public:
  std::string bytes;
  void u32(std::uint32_t v) { bytes.append(reinterpret_cast<const char*>(&v), sizeof v); }
  void str(std::string_view v) {
    u32(static_cast<std::uint32_t>(v.size()));
    bytes += v;
  }
};
class WireReader {
 public:
  explicit WireReader(std::string_view b) : b_(b) {}
  std::uint32_t u32() {
    std::uint32_t v = 0;
    if (b_.size() - at_ < sizeof v) throw IoError("the grammar process sent a truncated message");
    std::memcpy(&v, b_.data() + at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string_view str() {
    std::size_t n = u32();
    if (b_.size() - at_ < n) throw IoError("the grammar process sent a truncated message");
    std::string_view v = b_.substr(at_, n);
    at_ += n;
    return v;
  }

 private:
  std::string_view b_;
  std::size_t at_ = 0;
};

// A message on a pipe, its length first: false at the end of the file or on an error.
bool send_message(int fd, Wire& w) {
  auto n = static_cast<std::uint32_t>(w.bytes.size() - sizeof(std::uint32_t));
  std::memcpy(w.bytes.data(), &n, sizeof n);
  return io::write_full(fd, w.bytes);
}
bool receive_message(int fd, std::string& into) {
  std::uint32_t n = 0;
  if (io::read_full(fd, reinterpret_cast<char*>(&n), sizeof n) != static_cast<long>(sizeof n)) return false;
  into.resize(n);
  return io::read_full(fd, into.data(), n) == static_cast<long>(n);
}

// A sentence as the grammar sees it: each cohort's form and, per reading, the head's lemma and tags.
void encode(Wire& w, const std::vector<Cohort>& sentence) {
  w.bytes.clear();
  w.u32(0);  // the length, filled in by send_message()
  w.u32(static_cast<std::uint32_t>(sentence.size()));
  for (const auto& c : sentence) {
    w.str(c.form);
    w.u32(static_cast<std::uint32_t>(c.analysis->readings.size()));
    for (const auto& r : c.analysis->readings) {
      const Part& h = r.head();
      w.str(h.lemma);
      w.u32(static_cast<std::uint32_t>(h.tags.size()));
      for (const auto& t : h.tags) w.str(t);
    }
  }
}

// A grammar process: sentences in, the grammar's verdicts out, until its parent closes the pipe.
[[noreturn]] void serve_grammar(cg3_applicator* a, int in, int out) {
  std::string message;
  Wire w;
  std::vector<Analysis> analyses;
  std::vector<Cohort> sentence;
  try {
    while (receive_message(in, message)) {
      WireReader r(message);
      std::size_t n = r.u32();
      analyses.assign(n, Analysis{});
      sentence.assign(n, Cohort{});
      for (std::size_t i = 0; i < n; ++i) {
        sentence[i].form = r.str();
        sentence[i].analysis = &analyses[i];
        std::size_t readings = r.u32();
        analyses[i].readings.resize(readings);
        // Only what apply_grammar() reads: the head's lemma and tags (not Part::verb, which
        // parse_part() sets for the rewrite).
        for (auto& reading : analyses[i].readings) {
          reading.parts.resize(1);
          reading.parts[0].lemma = r.str();
          reading.parts[0].tags.resize(r.u32());
          for (auto& t : reading.parts[0].tags) t = r.str();
        }
      }
      GrammarRun run = apply_grammar(a, sentence);
      w.bytes.clear();
      w.u32(0);
      for (std::size_t i = 0; i < n; ++i) {
        w.u32(static_cast<std::uint32_t>(run.alive[i].size()));
        for (int k : run.alive[i]) w.u32(static_cast<std::uint32_t>(k));
        w.u32(static_cast<std::uint32_t>(run.removed[i].size()));
        for (const auto& [k, rule] : run.removed[i]) {
          w.u32(static_cast<std::uint32_t>(k));
          w.u32(rule);
        }
      }
      if (!send_message(out, w)) break;
    }
  } catch (...) {
    ::_exit(3);  // the parent reads end of file and reports it
  }
  // _exit, not exit: the parent's buffered output and its atexit work are the parent's.
  ::_exit(0);
}
}  // namespace

// The grammar processes of a run, each serving one caller at a time, and this process's own
// applicator beside them (one caller at a time too, under cg3_mutex(); no pipe to cross): n + 1
// callers can run the grammar at once.
class GrammarProcesses {
 public:
  GrammarProcesses(cg3_applicator* a, int n) : applicator_(a), local_(n) {
    free_.push_back(local_);  // under the processes: the first callers are given those
    for (int i = 0; i < n; ++i) {
      int to[2], from[2];
      if (::pipe(to) != 0) throw IoError(std::string("cannot make a pipe for a grammar process: ") + std::strerror(errno));
      if (::pipe(from) != 0) {
        ::close(to[0]);
        ::close(to[1]);
        throw IoError(std::string("cannot make a pipe for a grammar process: ") + std::strerror(errno));
      }
      pid_t pid = ::fork();
      if (pid < 0) {
        for (int fd : {to[0], to[1], from[0], from[1]}) ::close(fd);
        throw IoError(std::string("cannot start a grammar process: ") + std::strerror(errno));
      }
      if (pid == 0) {
        // The child keeps its own two ends only: the parent's ends of the processes before it
        // would keep their pipes open after the parent closes them, and the parent's standard
        // input and output are the pipeline's.
        for (const auto& p : procs_) {
          ::close(p.to);
          ::close(p.from);
        }
        ::close(to[1]);
        ::close(from[0]);
        int null = ::open("/dev/null", O_RDWR);
        if (null >= 0) {
          ::dup2(null, 0);
          ::dup2(null, 1);
          ::close(null);
        }
        serve_grammar(a, to[0], from[1]);
      }
      ::close(to[0]);
      ::close(from[1]);
      procs_.push_back({pid, to[1], from[0]});
      free_.push_back(i);
    }
  }
  ~GrammarProcesses() {
    for (const auto& p : procs_) ::close(p.to);  // end of file: each process ends
    for (const auto& p : procs_) {
      ::close(p.from);
      int status = 0;
      while (::waitpid(p.pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  GrammarProcesses(const GrammarProcesses&) = delete;
  GrammarProcesses& operator=(const GrammarProcesses&) = delete;

  GrammarRun run(const std::vector<Cohort>& sentence) {
    int i = take();
    struct Give {
      GrammarProcesses* g;
      int i;
      ~Give() { g->give(i); }
    } give{this, i};
    if (i == local_) {
      std::lock_guard<std::mutex> lock(cg3_mutex());
      return apply_grammar(applicator_, sentence);
    }
    thread_local Wire w;
    thread_local std::string reply;
    encode(w, sentence);
    if (!send_message(procs_[i].to, w) || !receive_message(procs_[i].from, reply))
      throw IoError(why(procs_[i].pid));
    WireReader r(reply);
    GrammarRun run;
    run.alive.resize(sentence.size());
    run.removed.resize(sentence.size());
    for (std::size_t c = 0; c < sentence.size(); ++c) {
      run.alive[c].resize(r.u32());
      for (int& k : run.alive[c]) k = static_cast<int>(r.u32());
      run.removed[c].resize(r.u32());
      for (auto& [k, rule] : run.removed[c]) {
        k = static_cast<int>(r.u32());
        rule = r.u32();
      }
    }
    return run;
  }

 private:
  struct Proc {
    pid_t pid;
    int to, from;
  };
  int take() {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return !free_.empty(); });
    int i = free_.back();
    free_.pop_back();
    return i;
  }
  void give(int i) {
    {
      std::lock_guard<std::mutex> l(mu_);
      free_.push_back(i);
    }
    cv_.notify_one();
  }
  // Why a grammar process stopped answering: its pipe closes as it ends, so it is waited for
  // here (the destructor's wait then finds it gone).
  static std::string why(pid_t pid) {
    int status = 0;
    std::string m = "the Constraint Grammar's process " + std::to_string(pid) + " ended before answering";
    pid_t w;
    while ((w = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (w == pid && WIFSIGNALED(status)) m += " (killed by signal " + std::to_string(WTERMSIG(status)) + ")";
    else if (w == pid && WIFEXITED(status)) m += " (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
    return m;
  }

  cg3_applicator* applicator_;
  int local_;  // the slot of this process's applicator
  std::vector<Proc> procs_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<int> free_;
};

void Morphology::fork_grammar_processes(int n) {
  if (shared_->grammar_processes || n < 1) return;
  std::fflush(nullptr);  // nothing buffered is written twice
  shared_->grammar_processes = std::make_shared<GrammarProcesses>(impl_->cg->applicator, n);
}

Morphology::Run Morphology::run_grammar(const std::vector<Cohort>& sentence) {
  if (auto& g = shared_->grammar_processes) return g->run(sentence);
  std::lock_guard<std::mutex> lock(cg3_mutex());
  return apply_grammar(impl_->cg->applicator, sentence);
}

std::vector<std::vector<int>> Morphology::disambiguate(const std::vector<Cohort>& sentence) {
  // The grammar's verdict is a function of the cohorts' forms and settle flags alone (each form
  // has one analysis, and the defaults are per form), so a sentence seen before is not run again.
  // Length-prefixed forms keep the key unambiguous whatever the text holds.
  key_.clear();
  for (const auto& c : sentence) {
    auto n = static_cast<std::uint32_t>(c.form.size());
    key_.append(reinterpret_cast<const char*>(&n), sizeof n);
    key_ += c.form;
    key_ += c.settle ? '\1' : '\0';
  }
  {
    std::shared_lock lock(shared_->mu);
    if (auto it = shared_->sentences.find(key_); it != shared_->sentences.end()) return it->second;
  }
  auto alive = run_and_settle(sentence);
  std::unique_lock lock(shared_->mu);
  if (shared_->sentences.size() >= kMaxCachedSentences) shared_->sentences.clear();  // bounds the memory
  shared_->sentences.try_emplace(key_, alive);
  return alive;
}

std::vector<std::vector<int>> Morphology::run_and_settle(const std::vector<Cohort>& sentence) {
  Run run = run_grammar(sentence);
  std::vector<std::vector<int>> alive(sentence.size());
  for (std::size_t i = 0; i < sentence.size(); ++i) {
    std::size_t n = sentence[i].analysis->readings.size();
    alive[i] = run.alive[i];
    if (!run.removed[i].empty() && sentence[i].settle) {
      // A reading the grammar also removes, by the same rule, from the word standing alone was
      // removed by a default ("revisamos" is present unless a past adverb is near), not by
      // evidence in this sentence: it stays in play for the context rules of the rewrite.
      const Removed* defaults = nullptr;
      {
        std::shared_lock lock(shared_->mu);
        if (auto it = shared_->defaults.find(sentence[i].form); it != shared_->defaults.end()) defaults = &it->second;
      }
      if (!defaults) {
        Run alone = run_grammar({sentence[i]});
        std::unique_lock lock(shared_->mu);
        defaults = &shared_->defaults.try_emplace(std::string(sentence[i].form), std::move(alone.removed[0])).first->second;
      }
      for (const auto& rm : run.removed[i])
        if (std::find(defaults->begin(), defaults->end(), rm) != defaults->end()) alive[i].push_back(rm.first);
    }
    std::sort(alive[i].begin(), alive[i].end());
    alive[i].erase(std::unique(alive[i].begin(), alive[i].end()), alive[i].end());
    if (alive[i].empty())  // an unknown word, or a grammar that removed everything: all stay
      for (std::size_t k = 0; k < n; ++k) alive[i].push_back(static_cast<int>(k));
  }
  return alive;
}

}  // namespace qda::rewrite
