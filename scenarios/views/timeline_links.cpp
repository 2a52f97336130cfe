// Cause and effect on a timeline, read from the items' own fields: the
// write whose watch event woke a reconcile, and the RequeueAfter that did
// (or did not) become the next one.
#include <optional>
#include <string_view>

#include "reconsim/scenarios/views/timeline_detail.hpp"

namespace reconsim::scenarios::detail {

namespace {

const sim::field_value* field(const timeline_item& i, std::string_view key) {
  for (const auto& f : i.fields) {
    if (f.key == key) return &f.value;
  }
  return nullptr;
}

std::string text(const timeline_item& i, std::string_view key) {
  const auto* v = field(i, key);
  const auto* s = v ? std::get_if<std::string>(v) : nullptr;
  return s ? *s : std::string();
}

std::optional<std::int64_t> number(const timeline_item& i, std::string_view key) {
  const auto* v = field(i, key);
  const auto* n = v ? std::get_if<std::int64_t>(v) : nullptr;
  return n ? std::optional(*n) : std::nullopt;
}

bool is_write(std::string_view kind) {
  return kind == "api.update_status" || kind == "api.update" || kind == "api.patch" || kind == "api.patch_status" ||
         kind == "api.create";
}

bool is_reconcile(const timeline_item& i) { return i.kind == "reconcile.start"; }

// The first item from `from` on that `match` accepts.
template <class Match>
std::optional<std::size_t> first(const timeline& t, std::size_t from, Match match) {
  for (std::size_t j = from; j < t.items.size(); ++j) {
    if (match(t.items[j])) return j;
  }
  return std::nullopt;
}

// The first reconcile of `key` starting at or after `at` (items are not in
// time order: paired bars come first, so search them all).
std::optional<std::size_t> reconcile_after(const timeline& t, const std::string& key, sim::time_point at) {
  std::optional<std::size_t> best;
  for (std::size_t j = 0; j < t.items.size(); ++j) {
    const timeline_item& i = t.items[j];
    if (!is_reconcile(i) || i.start < at || text(i, "key") != key) continue;
    if (!best || i.start < t.items[*best].start) best = j;
  }
  return best;
}

}  // namespace

void add_causal_links(timeline& t) {
  for (std::size_t j = 0; j < t.items.size(); ++j) {
    const timeline_item& i = t.items[j];
    if (is_write(i.kind)) {
      const std::string key = text(i, "key");
      const auto rv = number(i, "rv");
      if (key.empty() || !rv) continue;
      const auto event = first(t, j + 1, [&](const timeline_item& x) {
        return x.kind == "informer.event" && text(x, "key") == key && number(x, "rv") == rv;
      });
      if (event) t.links.push_back({j, *event, "watch"});
    } else if (i.kind == "informer.event") {
      if (const auto r = reconcile_after(t, text(i, "key"), i.start)) t.links.push_back({j, *r, "wakes"});
    } else if (i.kind == "queue.retry" && text(i, "reason") == "after") {
      // The reconcile the wait became: the first one of the object at its
      // due time (a worker may take a few ms to pick it up). Reconciles
      // woken earlier by something else do not cancel the wait.
      const auto next = reconcile_after(t, text(i, "item"), i.end);
      if (next && t.items[*next].start - i.end <= std::chrono::milliseconds(50)) {
        t.links.push_back({j, *next, "requeue_after"});
      }
    }
  }
}

}  // namespace reconsim::scenarios::detail
