#include "probe.hpp"

#include <fmt/format.h>

#include <memory>
#include <vector>

#include "reconsim/sim.hpp"

namespace reconsim::cli {

// Producers send through bounded channels to workers that sleep drawn
// durations and report to a collector with a timeout; timers, conditions
// and actors spawned by actors are all exercised, and every scheduling step
// is folded into the hash.
probe_result run_determinism_probe(std::uint64_t seed, sim::schedule_policy policy) {
  sim::options o;
  o.policy = policy;
  o.trace_schedule = true;
  sim::world w{seed, o};
  constexpr int producers = 8;
  constexpr int workers = 4;
  constexpr int items = 50;
  auto jobs = std::make_shared<sim::channel<int>>("jobs", 4);
  auto results = std::make_shared<sim::channel<int>>("results");
  auto done = std::make_shared<sim::event>("all-produced");
  auto remaining = std::make_shared<int>(producers);

  for (int p = 0; p < producers; ++p) {
    w.spawn(fmt::format("producer-{}", p), [p, jobs, done, remaining] {
      auto& r = sim::this_world().rng(fmt::format("probe.producer.{}", p));
      for (int i = 0; i < items; ++i) {
        sim::sleep_for(r.uniform_duration(std::chrono::microseconds(1), std::chrono::milliseconds(3)));
        if (r.bernoulli(0.1)) sim::yield();
        jobs->send(p * 1000 + i);
      }
      if (--*remaining == 0) {
        jobs->close();
        done->set();
      }
    });
  }
  for (int k = 0; k < workers; ++k) {
    w.spawn(fmt::format("worker-{}", k), [k, jobs, results] {
      auto& r = sim::this_world().rng(fmt::format("probe.worker.{}", k));
      while (auto job = jobs->receive()) {
        sim::sleep_for(sim::from_seconds(r.exponential(0.002)));
        results->send(*job);
      }
    });
  }
  w.spawn("collector", [results, done] {
    std::int64_t sum = 0;
    int got = 0;
    while (got < producers * items) {
      auto v = results->receive_for(std::chrono::milliseconds(5));
      if (!v) {
        sim::emit("probe.idle", {{"got", got}});
        continue;
      }
      sum += *v;
      ++got;
      if (got % 50 == 0) sim::emit("probe.progress", {{"got", got}, {"sum", sum}});
    }
    done->wait();
    sim::call_after(std::chrono::milliseconds(1), [sum] { sim::emit("probe.done", {{"sum", sum}}); });
  });
  const sim::outcome out = w.run();
  if (out.kind != sim::outcome_kind::finished) throw std::runtime_error("determinism probe: " + out.describe());
  probe_result r;
  r.trace_hash = w.trace().hash_hex();
  r.events = w.events();
  r.trace_events = w.trace().size();
  r.virtual_s = sim::to_seconds(w.now());
  return r;
}

}  // namespace reconsim::cli
