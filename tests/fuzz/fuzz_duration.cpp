// fuzz_duration: sim::parse_duration_status, format_duration,
// format_duration_readable and describe never throw and never overflow
// (the whole int64 range of nanoseconds), parse_duration agrees with
// parse_duration_status, `out` is written only on ok, and every value
// format_duration prints parses back to the same value. Two inputs per
// unit: the bytes as duration text, and (for inputs of 8 bytes or more)
// their first 8 bytes as a raw int64 count, so the round trip covers
// values no text the fuzzer writes would reach.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "reconsim/sim/time.hpp"

namespace {

using reconsim::sim::duration;
using reconsim::sim::duration_status;

[[noreturn]] void fail(const char* what, std::string_view a, std::string_view b) {
  std::fprintf(stderr, "fuzz_duration: %s\n  1: '%.*s'\n  2: '%.*s'\n", what, static_cast<int>(a.size()), a.data(),
               static_cast<int>(b.size()), b.data());
  std::abort();
}

// format -> parse must give `d` back; the readable form must not fail.
void round_trip(duration d) {
  const std::string text = reconsim::sim::format_duration(d);
  duration back{-1};
  const duration_status status = reconsim::sim::parse_duration_status(text, back);
  if (status != duration_status::ok) {
    fail("format_duration printed what parse_duration rejects", std::to_string(d.count()) + "ns",
         text + " -> " + reconsim::sim::describe(status));
  }
  if (back != d) fail("format -> parse changed the value", std::to_string(d.count()) + "ns", std::to_string(back.count()) + "ns");
  (void)reconsim::sim::format_duration_readable(d);
}

void check_text(std::string_view text) {
  // The header promises `out` is written only on ok: start from a marker
  // and check it is still there after a rejection.
  const duration sentinel{0x5a5a5a5a5a5a5a5aLL};
  duration out = sentinel;
  const duration_status status = reconsim::sim::parse_duration_status(text, out);
  const std::string why = reconsim::sim::describe(status);
  if (why.empty()) fail("describe gave no text", text, "");
  duration out2 = sentinel;
  if (reconsim::sim::parse_duration(text, out2) != (status == duration_status::ok)) {
    fail("parse_duration and parse_duration_status disagree", text, why);
  }
  if (status != duration_status::ok) {
    if (out != sentinel || out2 != sentinel) fail("a rejected text wrote the result", text, why);
    return;
  }
  if (out != out2) fail("parse_duration and parse_duration_status gave different values", text, std::to_string(out.count()));
  round_trip(out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;  // a duration is a short word; longer inputs only slow the run
  try {
    check_text(std::string_view(reinterpret_cast<const char*>(data), size));
    if (size >= sizeof(std::int64_t)) {
      std::int64_t n = 0;
      std::memcpy(&n, data, sizeof n);
      round_trip(duration(n));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_duration: exception (the duration functions must never throw): %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "fuzz_duration: non-std exception (the duration functions must never throw)\n");
    std::abort();
  }
  return 0;
}
