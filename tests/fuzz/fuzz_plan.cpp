// fuzz_plan: faults::parse_plan never throws (errors come back in
// parse_result, with a 1-based line and column inside the text), and every
// plan it accepts round-trips through its canonical text with both
// separators: parse(print(p, "\n")) == p, parse(print(p, "; ")) == p, and
// print is canonical (printing the re-parsed plan gives the same text).
// Positions (of an error, of each named target) are 1-based and inside
// the text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <sstream>
#include <string>
#include <string_view>

#include "reconsim/faults/plan.hpp"

namespace {

namespace faults = reconsim::faults;

[[noreturn]] void fail(const char* what, std::string_view input, const std::string& a, const std::string& b) {
  std::fprintf(stderr, "fuzz_plan: %s\n  input: '%.*s'\n  1: '%s'\n  2: '%s'\n", what, static_cast<int>(input.size()),
               input.data(), a.c_str(), b.c_str());
  std::abort();
}

std::string show(const faults::plan& p) {
  std::ostringstream os;
  os << p;
  return os.str();
}

bool inside(std::string_view text, int line, int column) {
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n';
  return line >= 1 && column >= 1 && static_cast<std::size_t>(line) <= lines;
}

void check_error(std::string_view text, const faults::parse_error& e) {
  if (!inside(text, e.line, e.column) || e.expected.empty() || e.message().empty()) {
    fail("parse error without a position inside the text or an expectation", text, e.message(), "");
  }
}

void check_targets(std::string_view text, const faults::parse_result& r) {
  for (const faults::named_target& t : r.targets) {
    if (!inside(text, t.line, t.column) || t.name.empty()) {
      fail("named target without a position inside the text", text, t.name,
           std::to_string(t.line) + ":" + std::to_string(t.column));
    }
  }
}

void check_round_trip(std::string_view input, const faults::plan& p, std::string_view separator) {
  const std::string text = faults::print(p, separator);
  const faults::parse_result again = faults::parse_plan(text);
  if (!again.ok()) fail("print(p) does not parse", input, text, again.error->message());
  if (!(again.plan == p)) fail("parse(print(p)) != p", input, show(p), show(again.plan));
  const std::string text2 = faults::print(again.plan, separator);
  if (text2 != text) fail("print is not canonical", input, text, text2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const faults::parse_result r = faults::parse_plan(text);
    if (!r.ok()) {
      check_error(text, *r.error);
      return 0;
    }
    check_targets(text, r);
    check_round_trip(text, r.plan, "\n");
    check_round_trip(text, r.plan, "; ");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_plan: exception (parse_plan and print must not throw): %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "fuzz_plan: non-std exception (parse_plan and print must not throw)\n");
    std::abort();
  }
  return 0;
}
