// The stderr sink (spdlog), rejects file and accounting.
#include "core/diag.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "core/json.hpp"

namespace qda {
namespace diag {
namespace {
std::string g_tool = "qda";

// "%*": the level word as our tools print it ("warning: ", "error: ", nothing for info).
class LevelPrefix : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    std::string_view p;
    switch (msg.level) {
      case spdlog::level::warn: p = "warning: "; break;
      case spdlog::level::err:
      case spdlog::level::critical: p = "error: "; break;
      case spdlog::level::debug:
      case spdlog::level::trace: p = "debug: "; break;
      default: p = "";
    }
    dest.append(p.data(), p.data() + p.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<LevelPrefix>(); }
};
}  // namespace

void setup(std::string_view tool, Verbosity v) {
  g_tool = std::string(tool);
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_st>();
  auto logger = std::make_shared<spdlog::logger>(g_tool, sink);
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<LevelPrefix>('*').set_pattern("%n: %*%v");
  logger->set_formatter(std::move(formatter));
  logger->set_level(v == Verbosity::quiet ? spdlog::level::err
                    : v == Verbosity::verbose ? spdlog::level::debug
                                              : spdlog::level::info);
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
}

const std::string& tool_name() { return g_tool; }
}  // namespace diag

Accounting::Accounting(OnError mode, const std::string& rejects_path) : mode_(mode) {
  if (!rejects_path.empty()) rejects_ = std::make_unique<io::Output>(rejects_path);
}

Accounting::~Accounting() = default;

void Accounting::reject(const Error& e, std::string_view input) {
  if (mode_ == OnError::fail) throw e;
  ++rejected_;
  if (!rejects_) {
    spdlog::warn("{} (skipped)", e.describe());
    return;
  }
  std::string line;
  json::Writer w(line);
  w.begin_object();
  w.field("file", e.where().file);
  if (e.where().line > 0) w.field("line", static_cast<std::int64_t>(e.where().line));
  if (!e.where().record.empty()) w.field("record", e.where().record);
  w.field("reason", e.message());
  w.field("input", input);
  w.end_object();
  rejects_->line(line);
}

void Accounting::finish(Verbosity v) {
  if (rejects_) rejects_->commit();
  if (v == Verbosity::verbose || (rejected_ > 0 && v != Verbosity::quiet))
    spdlog::info("in {}, out {}, rejected {}", in_, out_, rejected_);
}

}  // namespace qda
