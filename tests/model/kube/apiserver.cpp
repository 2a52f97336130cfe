// The API server model against upstream semantics (k8s.io/apiserver
// registry store, customresource strategy, etcd3 GuaranteedUpdate).
#include "reconsim/model/kube/apiserver.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "model/support.hpp"
#include "reconsim/sim.hpp"

using namespace std::chrono_literals;
namespace model = reconsim::model;
namespace sim = reconsim::sim;
using namespace reconsim::test;

namespace {

std::size_t count_events(const sim::world& w, const std::string& kind) {
  std::size_t n = 0;
  for (const sim::trace_event& e : w.trace().events()) n += e.kind == kind ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("create sets uid, resourceVersion and generation 1 and drops the status") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(2ms));
  widget_store store(api, widgets);
  run_actor(w, [&] {
    widget in = make_widget("a", 1);
    in.status.phase = "Sent";  // the status subresource: ignored on create
    auto created = store.create(in);
    REQUIRE(created.ok());
    CHECK(created->metadata.generation == 1);
    CHECK(created->metadata.resource_version == 1);
    CHECK(!created->metadata.uid.empty());
    CHECK(created->status == widget_status{});
    CHECK(created->metadata.creation_timestamp == sim::time_point(2ms));
    CHECK(sim::now() == sim::time_point(2ms));  // the call blocked for its latency

    auto again = store.create(make_widget("a", 2));
    REQUIRE(!again.ok());
    CHECK(again.error().reason == model::status_reason::already_exists);
    CHECK(again.error().code == 409);
    CHECK(again.error().message == "widgets.example.com \"a\" already exists");

    auto other = store.create(make_widget("b", 1));
    REQUIRE(other.ok());
    CHECK(other->metadata.uid != created->metadata.uid);
    CHECK(other->metadata.resource_version == 2);
  });
}

TEST_CASE("an update with a stale resourceVersion is a 409 Conflict with upstream's message") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  run_actor(w, [&] {
    const widget v1 = store.create(make_widget("a", 1)).value();
    widget first = v1;
    first.spec.edit().size = 2;
    REQUIRE(store.update(first).ok());

    widget stale = v1;  // still carries resourceVersion 1
    stale.spec.edit().size = 3;
    auto r = store.update(stale);
    REQUIRE(!r.ok());
    CHECK(r.error().reason == model::status_reason::conflict);
    CHECK(r.error().code == 409);
    CHECK(r.error().message ==
          "Operation cannot be fulfilled on widgets.example.com \"a\": the object has been modified; please apply "
          "your changes to the latest version and try again");
    CHECK(store.peek(key_a)->spec->size == 2);

    // A stale status write conflicts the same way.
    widget stale_status = v1;
    stale_status.status.phase = "Sent";
    auto s = store.update_status(stale_status);
    REQUIRE(!s.ok());
    CHECK(model::is_conflict(s.error()));
  });
  CHECK(count_events(w, "api.reject") == 2);
}

TEST_CASE("an update without a resourceVersion is 422 Invalid; one of a missing object is NotFound") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  run_actor(w, [&] {
    widget v1 = store.create(make_widget("a", 1)).value();
    v1.metadata.resource_version = 0;
    v1.spec.edit().size = 9;
    auto r = store.update(v1);
    REQUIRE(!r.ok());
    CHECK(r.error().reason == model::status_reason::invalid);
    CHECK(r.error().code == 422);
    CHECK(r.error().message ==
          "Widget.example.com \"a\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for "
          "an update");

    widget ghost = make_widget("ghost", 1);
    ghost.metadata.resource_version = 1;
    auto g = store.update(ghost);
    REQUIRE(!g.ok());
    CHECK(g.error().reason == model::status_reason::not_found);
    CHECK(g.error().code == 404);
    CHECK(g.error().message == "widgets.example.com \"ghost\" not found");
    auto got = store.get({"default", "ghost"});
    REQUIRE(!got.ok());
    CHECK(model::is_not_found(got.error()));
  });
}

TEST_CASE("a status write never changes spec, metadata or generation") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  run_actor(w, [&] {
    const widget v1 = store.create(make_widget("a", 1)).value();
    widget next = v1;
    next.spec.edit().size = 42;                        // ignored by /status
    next.metadata.labels["team"] = "blue";      // ignored by /status
    next.metadata.finalizers.push_back("x/y");  // ignored by /status
    next.status.phase = "Sending";
    auto r = store.update_status(next);
    REQUIRE(r.ok());
    CHECK(r->spec->size == 1);
    CHECK(r->metadata.labels.empty());
    CHECK(r->metadata.finalizers.empty());
    CHECK(r->metadata.generation == 1);
    CHECK(r->status.phase == "Sending");
    CHECK(r->metadata.resource_version == v1.metadata.resource_version + 1);

    auto p = store.patch_status(key_a, [](widget_status& s) { s.attempts = 3; });
    REQUIRE(p.ok());
    CHECK(p->status.phase == "Sending");  // a merge patch keeps untouched fields
    CHECK(p->status.attempts == 3);
    CHECK(p->metadata.generation == 1);
    CHECK(p->spec->size == 1);
  });
}

TEST_CASE("generation bumps only when the spec changes; the main endpoint ignores status") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  run_actor(w, [&] {
    widget cur = store.create(make_widget("a", 1)).value();
    cur.metadata.labels["team"] = "blue";
    cur = store.update(cur).value();
    CHECK(cur.metadata.generation == 1);  // metadata only
    CHECK(cur.metadata.resource_version == 2);

    cur.spec.edit().size = 2;
    cur = store.update(cur).value();
    CHECK(cur.metadata.generation == 2);
    CHECK(cur.metadata.resource_version == 3);

    cur.status.phase = "Sent";  // status through the main endpoint: dropped
    auto r = store.update(cur);
    REQUIRE(r.ok());
    CHECK(r->status.phase.empty());
    CHECK(r->metadata.resource_version == 3);  // nothing else changed: a no-op

    auto p = store.patch(key_a, [](widget& o) { o.spec.edit().size = 7; });
    REQUIRE(p.ok());
    CHECK(p->metadata.generation == 3);
  });
}

TEST_CASE("an identical write is a no-op: no new resourceVersion and no watch event") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  std::vector<model::event_type> seen;
  run_actor(w, [&] {
    widget cur = store.create(make_widget("a", 1)).value();
    auto stream = store.watch(0, {"test", 0ms, 0ms});
    REQUIRE(stream.ok());
    auto same = store.update(cur);
    REQUIRE(same.ok());
    CHECK(same->metadata.resource_version == cur.metadata.resource_version);
    auto same_status = store.update_status(cur);
    REQUIRE(same_status.ok());
    CHECK(same_status->metadata.resource_version == cur.metadata.resource_version);
    CHECK(api.resource_version() == 1);
    cur.spec.edit().size = 2;
    REQUIRE(store.update(cur).ok());
    for (int i = 0; i < 2; ++i) seen.push_back(stream->next()->type);
  });
  CHECK(seen == std::vector<model::event_type>{model::event_type::added, model::event_type::modified});
  CHECK(count_events(w, "api.noop") == 2);
  CHECK(count_events(w, "api.update") == 1);
}

TEST_CASE("delete honours finalizers: deletionTimestamp first, removal when the last one goes") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  std::vector<model::event_type> seen;
  run_actor(w, [&] {
    auto stream = store.watch(0, {"test", 0ms, 0ms});
    widget in = make_widget("a", 1);
    in.metadata.finalizers = {"example.com/cleanup"};
    const widget v1 = store.create(in).value();

    auto del = store.remove(key_a);
    REQUIRE(del.ok());
    REQUIRE(del->has_value());
    const widget terminating = *del.value();
    CHECK(terminating.metadata.deletion_timestamp == sim::now());
    CHECK(terminating.metadata.generation == 2);  // markAsDeleting bumps it
    CHECK(terminating.metadata.resource_version > v1.metadata.resource_version);
    CHECK(store.get(key_a).ok());

    // Deleting again is accepted and writes nothing.
    const std::uint64_t rv = api.resource_version();
    REQUIRE(store.remove(key_a).ok());
    CHECK(api.resource_version() == rv);

    widget adding = terminating;
    adding.metadata.finalizers.push_back("example.com/another");
    auto forbidden = store.update(adding);
    REQUIRE(!forbidden.ok());
    CHECK(forbidden.error().reason == model::status_reason::invalid);

    widget removing = terminating;
    removing.metadata.finalizers.clear();
    auto last = store.update(removing);
    REQUIRE(last.ok());
    CHECK(!store.peek(key_a));
    auto gone = store.get(key_a);
    CHECK(!gone.ok());

    // Without finalizers an object goes at once.
    REQUIRE(store.create(make_widget("b", 1)).ok());
    auto del_b = store.remove({"default", "b"});
    REQUIRE(del_b.ok());
    CHECK(!del_b->has_value());
    CHECK(store.size() == 0);
    for (int i = 0; i < 5; ++i) seen.push_back(stream->next()->type);
  });
  using model::event_type;
  CHECK(seen == std::vector<event_type>{event_type::added, event_type::modified, event_type::deleted, event_type::added,
                                        event_type::deleted});
}

TEST_CASE("one resourceVersion counter serves every kind") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store_a(api, widgets);
  widget_store store_b(api, {"Gadget", "example.com", "gadgets"});
  run_actor(w, [&] {
    CHECK(store_a.create(make_widget("a", 1))->metadata.resource_version == 1);
    CHECK(store_b.create(make_widget("a", 1))->metadata.resource_version == 2);
    CHECK(store_a.patch_status(key_a, [](widget_status& s) { s.attempts = 1; })->metadata.resource_version == 3);
  });
}

TEST_CASE("the fault hook can fail a request, delay it, or fail it after the write") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  int calls = 0;
  api.set_before_request([&](const model::request_info& r) {
    model::request_fault f;
    if (r.v != model::verb::update_status) return f;
    ++calls;
    CHECK(r.actor == "test");
    CHECK(r.key == key_a);
    if (calls == 1) f.error = model::make_error(model::status_reason::service_unavailable, "injected");
    if (calls == 2) f.delay = 100ms;
    if (calls == 3) {
      f.error = model::make_error(model::status_reason::timeout, "injected timeout");
      f.after_apply = true;
    }
    return f;
  });
  run_actor(w, [&] {
    widget cur = store.create(make_widget("a", 1)).value();
    cur.status.attempts = 1;
    auto failed = store.update_status(cur);
    REQUIRE(!failed.ok());
    CHECK(failed.error().code == 503);
    CHECK(store.peek(key_a)->status.attempts == 0);

    const sim::time_point before = sim::now();
    cur = store.update_status(cur).value();
    CHECK(sim::now() - before == 101ms);

    cur.status.attempts = 2;
    auto lost = store.update_status(cur);
    REQUIRE(!lost.ok());
    CHECK(lost.error().reason == model::status_reason::timeout);
    CHECK(store.peek(key_a)->status.attempts == 2);  // it was written all the same
  });
}

TEST_CASE("a merge patch does not conflict unless it carries a resourceVersion precondition") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  run_actor(w, [&] {
    const widget v1 = store.create(make_widget("a", 1)).value();
    widget v2 = v1;
    v2.spec.edit().size = 2;
    REQUIRE(store.update(v2).ok());
    auto p = store.patch_status(key_a, [](widget_status& s) { s.phase = "Sent"; });
    REQUIRE(p.ok());
    auto locked = store.patch_status(
        key_a, [](widget_status& s) { s.phase = "Failed"; }, v1.metadata.resource_version);
    REQUIRE(!locked.ok());
    CHECK(model::is_conflict(locked.error()));
    CHECK(store.peek(key_a)->status.phase == "Sent");
  });
}

TEST_CASE("every write is a trace event with kind, key, resourceVersion, generation and actor") {
  sim::world w(1);
  model::api_server api(w, fixed_latency(1ms));
  widget_store store(api, widgets);
  run_actor(w, [&] {
    widget cur = store.create(make_widget("a", 1)).value();
    cur.spec.edit().size = 2;
    cur = store.update(cur).value();
    REQUIRE(store.patch_status(key_a, [](widget_status& s) { s.attempts = 1; }).ok());
    REQUIRE(store.remove(key_a).ok());
  });
  std::vector<std::string> kinds;
  const sim::trace_event* upd = nullptr;
  for (const sim::trace_event& e : w.trace().events()) {
    if (e.kind.rfind("api.", 0) != 0) continue;
    if (e.kind == "api.update") upd = &e;
    kinds.push_back(e.kind);
    CHECK(e.actor == "test");
    CHECK(e.get_string("key") == "default/a");
    CHECK(e.get_string("kind") == "Widget");
  }
  CHECK(kinds == std::vector<std::string>{"api.create", "api.update", "api.patch_status", "api.delete"});
  REQUIRE(upd != nullptr);
  CHECK(upd->get_int("rv") == 2);
  CHECK(upd->get_int("generation") == 2);
}

TEST_CASE("the same seed gives the same trace hash") {
  auto hash_of = [](std::uint64_t seed) {
    sim::world w(seed);
    model::api_server api(w);
    widget_store store(api, widgets);
    w.spawn("test", [&] {
      widget cur = store.create(make_widget("a", 1)).value();
      for (int i = 0; i < 20; ++i) {
        cur.spec.edit().size = i + 2;
        cur = store.update(cur).value();
      }
    });
    REQUIRE(w.run().ok());
    return w.trace().hash();
  };
  CHECK(hash_of(3) == hash_of(3));
  CHECK(hash_of(3) != hash_of(4));
}
