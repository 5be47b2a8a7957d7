// The record layer: run_step's dispatch, pass-through, rejection, counts and provenance.
#include "core/step.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "core/provenance.hpp"

using namespace qda;

namespace {
// Takes "unit" records and writes their id; rejects a unit whose id is "bad".
class Ids : public Step {
 public:
  explicit Ids(io::Output& out) : Step(&out), out_(out) {}
  bool takes(std::string_view kind) const override { return kind == "unit"; }
  void record(const RecordView& r) override {
    if (r.string("id") == "bad") throw DataError("a bad unit");
    if (r.string("id") == "disk") throw IoError("cannot write the spool file");
    out_.line("id " + r.string("id").value_or("?"));
  }
  void finish() override { out_.line("end"); }

 private:
  io::Output& out_;
};

struct StepRun {
  std::string out, rejects;
  long in = 0, passed = 0, rejected = 0;
};

// Run `step_input` through Ids under `mode`, writing to a file so the output can be read back.
StepRun run(const std::string& input, OnError mode, const StepOptions& opts = {}) {
  char dir[] = "/tmp/qda-step-XXXXXX";
  std::string d = ::mkdtemp(dir);
  StepRun r;
  {
    io::Output out(d + "/out.jsonl");
    Accounting acc(mode, mode == OnError::skip ? d + "/rejects.jsonl" : "");
    Ids step(out);
    run_step(step, *io::LineReader::in_memory(input, "in.jsonl"), acc, opts);
    out.commit();
    acc.finish(Verbosity::quiet);
    r.in = acc.in(), r.passed = acc.out(), r.rejected = acc.rejected();
  }
  std::ifstream f(d + "/out.jsonl"), g(d + "/rejects.jsonl");
  std::stringstream a, b;
  a << f.rdbuf(), b << g.rdbuf();
  r.out = a.str(), r.rejects = b.str();
  std::system(("rm -rf " + d).c_str());
  return r;
}
}  // namespace

TEST(Step, DispatchesByKindAndPassesTheRestByteForByte) {
  provenance::start("qda-test", {"-x"});
  StepRun r = run("{\"kind\":\"memo\", \"b\" : [1, 2]}\n\n{\"kind\":\"unit\",\"id\":\"u1\"}\n{\"id\":\"n\"}\n", OnError::fail);
  EXPECT_EQ(r.out,
            "{\"kind\":\"provenance\",\"tool\":\"qda-test\",\"version\":\"" + provenance::self().version +
                "\",\"args\":[\"-x\"],\"config\":[]}\n"
                "{\"kind\":\"memo\", \"b\" : [1, 2]}\nid u1\n{\"id\":\"n\"}\nend\n");
  EXPECT_EQ(r.in, 3);  // the blank line is not a record
  EXPECT_EQ(r.passed, 3);
}

TEST(Step, RejectsWithFileLineAndRecordAndBalancesTheCounts) {
  provenance::start("qda-test", {});
  try {
    run("{\"kind\":\"unit\",\"id\":\"u1\"}\n{\"kind\":\"unit\",\"id\":\"bad\"}\n", OnError::fail);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), Exit::data);
    EXPECT_EQ(e.describe(), "in.jsonl:2: record bad: a bad unit");
  }
  StepRun r = run("{\"kind\":\"unit\",\"id\":\"bad\"}\nnot json\n{\"kind\":\"unit\",\"id\":\"u2\"}\n", OnError::skip);
  EXPECT_EQ(r.in, 3);
  EXPECT_EQ(r.passed, 1);
  EXPECT_EQ(r.rejected, 2);
  EXPECT_EQ(r.rejects,
            "{\"file\":\"in.jsonl\",\"line\":1,\"record\":\"bad\",\"reason\":\"a bad unit\",\"input\":\"{\\\"kind\\\":\\\"unit\\\",\\\"id\\\":\\\"bad\\\"}\"}\n"
            "{\"file\":\"in.jsonl\",\"line\":2,\"reason\":\"a record must be a JSON object\",\"input\":\"not json\"}\n");
}

TEST(Step, AnIoErrorIsNotABadRecord) {
  provenance::start("qda-test", {});
  EXPECT_THROW(run("{\"kind\":\"unit\",\"id\":\"disk\"}\n", OnError::skip), IoError);
}

TEST(Step, OwnProvenanceFollowsUpstreamsAndComparesConfigurations) {
  provenance::start("qda-test", {});
  provenance::add_config("codebook", "mine.yaml", std::string(64, 'a'));
  const std::string same = "{\"kind\":\"provenance\",\"tool\":\"qda-code\",\"version\":\"0\",\"args\":[],"
                           "\"config\":[{\"role\":\"codebook\",\"file\":\"cb.yaml\",\"sha256\":\"" + std::string(64, 'a') + "\"}]}";
  const std::string other = "{\"kind\":\"provenance\",\"tool\":\"qda-code\",\"version\":\"0\",\"args\":[],"
                            "\"config\":[{\"role\":\"codebook\",\"file\":\"old.yaml\",\"sha256\":\"" + std::string(64, 'b') + "\"}]}";
  StepRun r = run(same + "\n{\"kind\":\"unit\",\"id\":\"u1\"}\n", OnError::fail);
  EXPECT_EQ(r.out.substr(0, same.size() + 1), same + "\n");  // upstream's first, then ours
  EXPECT_NE(r.out.find("\"tool\":\"qda-test\""), std::string::npos);
  EXPECT_LT(r.out.find("\"tool\":\"qda-test\""), r.out.find("id u1"));
  EXPECT_EQ(provenance::mismatches(provenance::Provenance{"qda-code", "0", {}, {{"codebook", "old.yaml", std::string(64, 'b')}}}),
            std::vector<std::string>{"the codebook mine.yaml (sha256 aaaaaaaaaaaa) is not the one qda-code used: old.yaml (sha256 bbbbbbbbbbbb)"});
  EXPECT_NO_THROW(run(other + "\n", OnError::fail));  // a warning only
  try {
    run(other + "\n", OnError::skip, StepOptions{true});  // --strict: not a bad record, a stop
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.exit_code(), Exit::usage);
    EXPECT_NE(e.describe().find("in.jsonl:1: "), std::string::npos);
  }
}

TEST(Provenance, WrittenAndReadBack) {
  provenance::Provenance p{"qda-code", "1.2.3", {"-c", "cb \"x\".yaml"}, {{"codebook", "cb \"x\".yaml", std::string(64, 'c')}}};
  std::string line = provenance::to_json(p);
  FieldParser parser;
  provenance::Provenance q = provenance::read(parser.parse(line));
  EXPECT_EQ(q.tool, "qda-code");
  EXPECT_EQ(q.version, "1.2.3");
  EXPECT_EQ(q.args, p.args);
  ASSERT_EQ(q.config.size(), 1u);
  EXPECT_EQ(q.config[0].file, "cb \"x\".yaml");
  EXPECT_THROW(provenance::read(parser.parse("{\"kind\":\"provenance\",\"config\":[1]}")), DataError);
}
