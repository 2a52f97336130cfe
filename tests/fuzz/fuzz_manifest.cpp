// fuzz_manifest: model::notification::load_manifest rejects bad YAML and
// bad manifests with manifest_error (naming "<fuzz>:line:column"), never
// another exception (a raw YAML::Exception included), a crash or UB. An
// accepted manifest round-trips: load_manifest(print_manifest(r)) has equal
// metadata and spec, and printing it again gives the identical text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "reconsim/model/notification/manifest.hpp"

namespace {

namespace nt = reconsim::model::notification;

[[noreturn]] void fail(const char* what, std::string_view a, std::string_view b) {
  std::fprintf(stderr, "fuzz_manifest: %s\n--- 1:\n%.*s\n--- 2:\n%.*s\n", what, static_cast<int>(a.size()), a.data(),
               static_cast<int>(b.size()), b.data());
  std::abort();
}

std::optional<nt::notification_request> load(std::string_view text) {
  try {
    return nt::load_manifest(text, "<fuzz>");
  } catch (const nt::manifest_error& e) {
    const std::string_view what = e.what();
    if (!what.starts_with("<fuzz>")) fail("the error does not name the file", text, what);
    return std::nullopt;
  } catch (const std::exception& e) {
    fail("load_manifest threw something other than manifest_error", text, e.what());
  } catch (...) {
    fail("load_manifest threw something other than manifest_error", text, "(not a std::exception)");
  }
}

void check_round_trip(std::string_view input, const nt::notification_request& r) {
  std::string text;
  std::optional<nt::notification_request> again;
  try {
    text = nt::print_manifest(r);
    again = nt::load_manifest(text, "<printed>");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_manifest: print_manifest -> load_manifest threw: %s\n", e.what());
    fail("round trip failed", input, text);
  }
  if (!(again->metadata == r.metadata) || !(again->spec == r.spec)) {
    fail("load_manifest(print_manifest(r)) != r", text, nt::print_manifest(*again));
  }
  const std::string text2 = nt::print_manifest(*again);
  if (text2 != text) fail("print_manifest is not canonical", text, text2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<nt::notification_request> r = load(text);
  if (r) check_round_trip(text, *r);
  return 0;
}
