// fuzz_repro: scenarios::repro_from_text rejects bad input with
// std::runtime_error only (a JSON, type or range error; never UB from a
// float or negative number converted to an integer, never a raw nlohmann
// exception), an accepted file keeps the ranges a run request allows
// (procs 1..max_request_procs, max_trace_mb 1..max_trace_mb_limit), and
// repro_to_text -> repro_from_text gives back an equal request,
// trace_hash and failed, printed identically.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>

#include "reconsim/scenarios/search/repro.hpp"
#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/testbed/run.hpp"

namespace {

namespace sc = reconsim::scenarios;

[[noreturn]] void fail(const char* what, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "fuzz_repro: %s\n--- 1:\n%s\n--- 2:\n%s\n", what, a.c_str(), b.c_str());
  std::abort();
}

[[noreturn]] void untyped(const char* stage, const char* what) {
  std::fprintf(stderr, "fuzz_repro: %s threw something other than std::runtime_error: %s\n", stage, what);
  std::abort();
}

std::optional<sc::repro> parse(const std::string& text) {
  try {
    return sc::repro_from_text(text, "<fuzz>");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    if (what.rfind("<fuzz>", 0) != 0) fail("the error does not name the file", text, what);
    return std::nullopt;
  } catch (const std::exception& e) {
    untyped("repro_from_text", e.what());
  } catch (...) {
    untyped("repro_from_text", "(not a std::exception)");
  }
}

void check_ranges(const std::string& input, const sc::repro& r) {
  const auto& q = r.request;
  if (q.procs && (*q.procs < 1 || *q.procs > sc::max_request_procs)) {
    fail("accepted procs out of range", input, std::to_string(*q.procs));
  }
  if (q.max_trace_mb && (*q.max_trace_mb < 1 || *q.max_trace_mb > static_cast<std::uint64_t>(sc::max_trace_mb_limit))) {
    fail("accepted max_trace_mb out of range", input, std::to_string(*q.max_trace_mb));
  }
}

void check_round_trip(const std::string& input, const sc::repro& r) {
  std::string text;
  std::optional<sc::repro> again;
  try {
    text = sc::repro_to_text(r);
    again = sc::repro_from_text(text, "<printed>");
  } catch (const std::exception& e) {
    fail("repro_to_text -> repro_from_text threw", input, text + "\n" + e.what());
  }
  if (!(again->request == r.request) || again->trace_hash != r.trace_hash || again->failed != r.failed) {
    fail("repro_from_text(repro_to_text(r)) != r", text, sc::repro_to_text(*again));
  }
  const std::string text2 = sc::repro_to_text(*again);
  if (text2 != text) fail("repro_to_text is not canonical", text, text2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::optional<sc::repro> r = parse(input);
  if (!r) return 0;
  check_ranges(input, *r);
  check_round_trip(input, *r);
  return 0;
}
