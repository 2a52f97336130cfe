#pragma once
// Set-up shared by the model tests (a header, so not a test program of its
// own): running a world to its end, virtual time points, and "Widget", a
// small custom resource for the API server, informer and controller tests.
#include <catch2/catch.hpp>
#include <string>
#include <utility>

#include "reconsim/model/kube/apiserver.hpp"
#include "reconsim/model/kube/informer.hpp"
#include "reconsim/model/notification/types.hpp"
#include "reconsim/model/kube/object.hpp"
#include "reconsim/sim.hpp"

namespace reconsim::test {

// Runs `w` and requires that every actor finished.
inline void require_finished(sim::world& w) {
  const sim::outcome out = w.run();
  INFO(out.describe());
  REQUIRE(out.kind == sim::outcome_kind::finished);
}

// Runs `body` as the actor "test" and requires a clean end.
template <class F>
void run_actor(sim::world& w, F body) {
  w.spawn("test", body);
  const sim::outcome out = w.run();
  INFO(out.describe());
  REQUIRE(out.ok());
}

// The virtual time `d` after the start of a run.
inline sim::time_point at(sim::duration d) { return sim::time_point{} + d; }

// A NotificationRequest's status.deliveryAttempts entry at `t`.
inline model::notification::delivery_attempt attempt(std::string channel, int n, model::notification::delivery_status s,
                                                     sim::duration t, std::string error = "") {
  return model::notification::delivery_attempt{std::move(channel), n, at(t), s, std::move(error), sim::duration{0}};
}

struct widget_spec {
  int size = 0;
  bool operator==(const widget_spec&) const = default;
};
struct widget_status {
  std::string phase;
  int attempts = 0;
  bool operator==(const widget_status&) const = default;
};
using widget = model::object<widget_spec, widget_status>;
using widget_store = model::resource_store<widget_spec, widget_status>;
using widget_informer = model::informer<widget_spec, widget_status>;
inline const model::resource_info widgets{"Widget", "example.com", "widgets"};
inline const model::namespaced_name key_a{"default", "a"};

inline widget make_widget(std::string name, int size = 0) {
  widget w;
  w.metadata.namespace_ = "default";
  w.metadata.name = std::move(name);
  w.spec.edit().size = size;
  return w;
}

// Every request takes exactly `d`.
inline model::api_server_options fixed_latency(sim::duration d) {
  model::api_server_options o;
  o.latency_min = d;
  o.latency_max = d;
  return o;
}

}  // namespace reconsim::test
