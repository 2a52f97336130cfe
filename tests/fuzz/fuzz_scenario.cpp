// fuzz_scenario: a scenario file's text through load_scenario_text and
// to_spec. Bad input is rejected with scenario_error (scenario_file_error
// naming "<fuzz>:line:column"), never another exception, a crash or UB. An
// accepted file round-trips: scenario_yaml(spec) loads back (load ->
// to_spec) into a spec whose scenario_yaml is the identical text. A spec
// read from a file must be writable as a file, so scenario_yaml may not
// refuse it either.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "reconsim/scenarios/spec/scenario.hpp"
#include "reconsim/scenarios/spec/scenario_file.hpp"

namespace {

namespace sc = reconsim::scenarios;

[[noreturn]] void fail(const char* what, std::string_view a, std::string_view b) {
  std::fprintf(stderr, "fuzz_scenario: %s\n--- 1:\n%.*s\n--- 2:\n%.*s\n", what, static_cast<int>(a.size()), a.data(),
               static_cast<int>(b.size()), b.data());
  std::abort();
}

std::optional<sc::scenario_spec> load(std::string_view text) {
  try {
    return sc::to_spec(sc::load_scenario_text(text, "<fuzz>"));
  } catch (const sc::scenario_error& e) {
    const std::string_view what = e.what();
    if (!what.starts_with("<fuzz>")) fail("the error does not name the file", text, what);
    return std::nullopt;
  } catch (const std::exception& e) {
    fail("load_scenario_text/to_spec threw something other than scenario_error", text, e.what());
  } catch (...) {
    fail("load_scenario_text/to_spec threw something other than scenario_error", text, "(not a std::exception)");
  }
}

// scenario_yaml -> load -> to_spec -> scenario_yaml: every step must succeed.
void check_round_trip(std::string_view input, const sc::scenario_spec& spec) {
  std::string text;
  std::string text2;
  const char* stage = "scenario_yaml(spec)";
  try {
    text = sc::scenario_yaml(spec);
    stage = "load_scenario_text(scenario_yaml(spec)) + to_spec";
    const sc::scenario_spec again = sc::to_spec(sc::load_scenario_text(text, "<printed>"));
    stage = "scenario_yaml(again)";
    text2 = sc::scenario_yaml(again);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_scenario: %s threw: %s\n", stage, e.what());
    fail("round trip failed", input, text);
  }
  if (text2 != text) fail("scenario_yaml(load(scenario_yaml(spec))) differs", text, text2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<sc::scenario_spec> spec = load(text);
  if (spec) check_round_trip(text, *spec);
  return 0;
}
