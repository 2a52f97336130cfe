// The buffered audit client (pkg/audit/store.go): buffering, batching,
// flush triggers, write retries, the "AUDIT DATA LOSS" drop and the
// optional dead-letter queue.
#include <catch2/catch.hpp>

#include "reconsim/model/audit_http.hpp"
#include "reconsim/model/audit_store.hpp"
#include "reconsim/model/memory_network.hpp"
#include "reconsim/sim.hpp"

using namespace std::chrono_literals;
using namespace reconsim;
namespace audit = reconsim::model::audit;

namespace {

audit::event make_event(int i) {
  audit::event e;
  e.id = "test/" + std::to_string(i);
  e.event_type = "notification.message.sent";
  e.event_category = "notification";
  e.event_action = "sent";
  e.event_outcome = "success";
  e.correlation_id = "rr-1";
  e.actor_id = "notification-controller";
  return e;
}

// Answers from a script (then ok), recording when each write happened.
class scripted_writer final : public audit::batch_writer {
 public:
  std::vector<audit::write_result> script;
  std::vector<sim::time_point> calls;
  std::vector<std::size_t> sizes;
  audit::write_result store_batch(const std::vector<audit::event>& batch) override {
    calls.push_back(sim::now());
    sizes.push_back(batch.size());
    if (calls.size() <= script.size()) return script[calls.size() - 1];
    return {};
  }
};

const audit::write_result reset_error{audit::write_result::kind::retryable,
                                      "network error: Post \"http://localhost:30090/api/v1/audit/events/batch\": read: "
                                      "connection reset by peer"};

sim::time_point at(sim::duration d) { return sim::time_point(d); }

}  // namespace

TEST_CASE("with the seeds' config one event is written on the next 100 ms tick") {
  sim::world w(1);
  scripted_writer writer;
  audit::buffered_store store("nt", writer, audit::seed_config);
  w.spawn("t", [&] {
    store.start();
    sim::sleep_for(30ms);
    CHECK(store.store(make_event(1)));
    sim::sleep_for(1s);
    store.close();
  });
  REQUIRE(w.run().ok());
  CHECK(writer.calls == std::vector<sim::time_point>{at(100ms)});
  CHECK(store.counters().written == 1);
}

TEST_CASE("a full batch is written at once, without waiting for the tick") {
  sim::world w(1);
  scripted_writer writer;
  audit::buffered_store store("nt", writer, audit::seed_config);
  w.spawn("t", [&] {
    store.start();
    sim::sleep_for(10ms);
    for (int i = 0; i < 12; ++i) CHECK(store.store(make_event(i)));
    sim::sleep_for(1s);
    store.close();
  });
  REQUIRE(w.run().ok());
  CHECK(writer.calls == std::vector<sim::time_point>{at(10ms), at(100ms)});
  CHECK(writer.sizes == std::vector<std::size_t>{10, 2});
}

TEST_CASE("seed 004: three failed writes ~1 s then ~2 s apart, then AUDIT DATA LOSS without a DLQ") {
  sim::world w(1);
  scripted_writer writer;
  writer.script = {reset_error, reset_error, reset_error};
  audit::buffered_store store("nt", writer, audit::seed_config);
  w.spawn("t", [&] {
    store.start();
    store.store(make_event(1));
    sim::sleep_for(10s);
    store.close();
  });
  REQUIRE(w.run().ok());
  REQUIRE(writer.calls.size() == 3);
  const sim::duration d1 = writer.calls[1] - writer.calls[0];
  const sim::duration d2 = writer.calls[2] - writer.calls[1];
  CHECK(d1 >= 1s);
  CHECK(d1 < 1100ms);
  CHECK(d2 >= 1800ms);
  CHECK(d2 < 2200ms);
  CHECK(store.counters().failed_batches == 1);
  CHECK(store.counters().lost_events == 1);
  CHECK(store.counters().written == 0);
  int losses = 0;
  for (const auto& e : w.trace().events()) losses += e.kind == "audit.data_loss";
  CHECK(losses == 1);
}

TEST_CASE("with a dead-letter queue a batch that exhausts its retries is kept, not lost") {
  sim::world w(1);
  scripted_writer writer;
  writer.script = {reset_error, reset_error, reset_error};
  audit::memory_dead_letter_queue dlq;
  audit::buffered_store store("nt", writer, audit::seed_config, &dlq);
  w.spawn("t", [&] {
    store.start();
    store.store(make_event(1));
    sim::sleep_for(10s);
    store.close();
  });
  REQUIRE(w.run().ok());
  CHECK(store.counters().lost_events == 0);
  CHECK(store.counters().dead_lettered == 1);
  REQUIRE(dlq.events.size() == 1);
  CHECK(dlq.events[0].id == "test/1");
}

TEST_CASE("a 4xx other than 401/403 drops the batch after one attempt; 401 is retried") {
  for (int code : {400, 401}) {
    CAPTURE(code);
    sim::world w(1);
    scripted_writer writer;
    const bool auth = code == 401;
    writer.script = {{auth ? audit::write_result::kind::retryable : audit::write_result::kind::non_retryable,
                      "Data Storage Service returned status " + std::to_string(code)}};
    audit::buffered_store store("nt", writer, audit::seed_config);
    w.spawn("t", [&] {
      store.start();
      store.store(make_event(1));
      sim::sleep_for(10s);
      store.close();
    });
    REQUIRE(w.run().ok());
    CHECK(writer.calls.size() == (auth ? 2u : 1u));
    CHECK(store.counters().written == (auth ? 1u : 0u));
    CHECK(store.counters().lost_events == (auth ? 0u : 1u));
  }
}

TEST_CASE("a full buffer drops the event and StoreAudit reports it; invalid events are refused") {
  sim::world w(1);
  scripted_writer writer;
  audit::buffered_store store("nt", writer, audit::store_config{2, 2, 1s, 3});
  w.spawn("t", [&] {
    // Not started: nothing drains the buffer.
    CHECK(store.store(make_event(1)));
    CHECK(store.store(make_event(2)));
    CHECK_FALSE(store.store(make_event(3)));
    audit::event bad = make_event(4);
    bad.correlation_id.clear();
    CHECK_FALSE(store.store(bad));
  });
  REQUIRE(w.run().ok());
  CHECK(store.counters().buffered == 2);
  CHECK(store.counters().dropped == 1);
}

TEST_CASE("an explicit flush drains the buffer and returns after the write; close writes the rest") {
  sim::world w(1);
  scripted_writer writer;
  audit::buffered_store store("nt", writer, audit::upstream_e2e_config);
  w.spawn("t", [&] {
    store.start();
    for (int i = 0; i < 3; ++i) store.store(make_event(i));
    CHECK(store.flush());
    CHECK(store.counters().written == 3);
    CHECK(sim::now() == at(0s));
    store.store(make_event(9));
    CHECK(store.close());
    CHECK(store.counters().written == 4);
    CHECK(store.store(make_event(10)));  // dropped silently after close
  });
  REQUIRE(w.run().ok());
  CHECK(store.counters().dropped == 1);
}

TEST_CASE("an invalid config falls back to audit.DefaultConfig") {
  scripted_writer writer;
  audit::buffered_store store("nt", writer, audit::store_config{10, 100, 1s, 3});
  CHECK(store.config() == audit::default_config);
  CHECK(audit::validate(audit::seed_config) == std::nullopt);
}

TEST_CASE("over HTTP: DataStorage not listening is a retryable network error and the batch is lost") {
  sim::world w(1);
  model::memory_network net;
  audit::http_batch_writer http(net, "controller", {"localhost", 30090});
  audit::buffered_store store("nt", http, audit::seed_config);
  std::vector<audit::event> stored;
  w.spawn("t", [&] {
    store.start();
    store.store(make_event(1));
    sim::sleep_for(5s);
    CHECK(store.counters().lost_events == 1);
    net.listen({"localhost", 30090}, [&](const model::request& req) {
      auto batch = audit::decode_batch(req.body);
      REQUIRE(batch);
      stored.insert(stored.end(), batch->begin(), batch->end());
      return model::response{201, {}, ""};
    });
    store.store(make_event(2));
    sim::sleep_for(1s);
    store.close();
  });
  REQUIRE(w.run().ok());
  REQUIRE(stored.size() == 1);
  CHECK(stored[0] == make_event(2));
  CHECK(store.counters().write_attempts == 4);
}
