// An event's fields and their text live in one block (field_list): copies
// own their text, assignment reuses the block, and a list assigned from its
// own views reads them before it overwrites anything.
#include <catch2/catch.hpp>

#include <string>

#include "reconsim/sim/trace.hpp"

using namespace reconsim;

namespace {

std::string text(const sim::field_list& f, std::size_t i) { return std::string(std::get<std::string_view>(f[i].value)); }

// True when the view `s` lies inside the block of `f`, judged by the
// addresses of the fields' own text (the block starts at the first field).
bool inside(const sim::field_list& f, std::string_view s) {
  const auto* begin = reinterpret_cast<const char*>(f.begin());
  return s.data() >= begin && s.data() < begin + f.block_bytes();
}

}  // namespace

TEST_CASE("a field list copies the text it is given, so the caller's may go") {
  std::string long_text = "notification-e2e/e2e-retry-backoff";
  sim::field_list f{{"key", long_text}, {"attempt", 3}, {"ok", false}, {"ratio", 0.5}, {"empty", ""}};
  long_text.assign(long_text.size(), 'x');
  REQUIRE(f.size() == 5);
  CHECK(text(f, 0) == "notification-e2e/e2e-retry-backoff");
  CHECK(inside(f, std::get<std::string_view>(f[0].value)));
  CHECK(std::get<std::int64_t>(f[1].value) == 3);
  CHECK(std::get<bool>(f[2].value) == false);
  CHECK(std::get<double>(f[3].value) == 0.5);
  CHECK(std::get<std::string_view>(f[4].value).empty());
}

TEST_CASE("a copy views its own block, and outlives the original") {
  auto* original = new sim::field_list{{"message", "a text longer than the small-string buffer"}, {"n", 1}};
  const sim::field_list copy = *original;
  CHECK(copy.begin() != original->begin());
  CHECK(inside(copy, std::get<std::string_view>(copy[0].value)));
  delete original;
  CHECK(text(copy, 0) == "a text longer than the small-string buffer");
  CHECK(std::get<std::int64_t>(copy[1].value) == 1);
}

TEST_CASE("assigning fewer or shorter fields reuses the block; more grows it") {
  sim::field_list f{{"a", std::string(100, 'a')}, {"b", 2}};
  const auto* block = f.begin();
  const std::size_t bytes = f.block_bytes();
  f.assign({{"c", "short"}});
  CHECK(f.begin() == block);
  CHECK(f.block_bytes() == bytes);
  REQUIRE(f.size() == 1);
  CHECK(text(f, 0) == "short");
  f.assign({{"d", std::string(1000, 'd')}, {"e", std::string(1000, 'e')}});
  CHECK(f.block_bytes() > bytes);
  CHECK(text(f, 1) == std::string(1000, 'e'));
  f.assign({});
  CHECK(f.empty());
}

TEST_CASE("a list assigned from views of its own text reads them before writing") {
  sim::field_list f{{"first", "the first text, long enough to matter"}, {"second", "and the second one"}};
  // Swapped: each new text is read from where the other one was.
  const sim::field_view swapped[] = {{"second", std::get<std::string_view>(f[1].value)},
                                     {"first", std::get<std::string_view>(f[0].value)}};
  f.assign(swapped, 2);
  CHECK(text(f, 0) == "and the second one");
  CHECK(text(f, 1) == "the first text, long enough to matter");
  CHECK(f[0].key == "second");
}

TEST_CASE("moving a list hands over its block; self-assignment keeps it") {
  sim::field_list f{{"k", "some text past fifteen characters"}};
  const auto* block = f.begin();
  sim::field_list g = std::move(f);
  CHECK(g.begin() == block);
  CHECK(f.empty());  // NOLINT(bugprone-use-after-move): a moved-from list is empty, by contract
  const sim::field_list& same = g;
  g = same;
  CHECK(text(g, 0) == "some text past fifteen characters");
}
