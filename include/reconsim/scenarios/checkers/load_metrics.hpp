#pragma once
// A controller under load (the `storm` scenario), as its operators would
// look at it: reconcile latency split into queue wait and processing, queue
// depth over time, API traffic per second and per notification, time to a
// terminal phase, delivery attempts per notification, and retries that came
// sooner than their backoff. Read from the trace alone, like a checker.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "reconsim/scenarios/checkers/checker.hpp"

namespace reconsim::scenarios {

// A sample's spread; nearest-rank percentiles. All zero when empty.
struct spread {
  std::int64_t count = 0;
  double mean = 0;
  double p50 = 0;
  double p99 = 0;
  double max = 0;
};
spread spread_of(std::vector<double> sample);

struct load_metrics {
  int notifications = 0;  // NotificationRequests created
  int terminal = 0;       // of them, reached a terminal phase
  double span_s = 0;      // first create to the last event of the controller
  std::int64_t reconciles = 0;
  spread queue_wait_s;    // queue.get's wait: added to picked up
  spread processing_s;    // queue.done's work: picked up to done
  spread time_to_terminal_s;  // create to the first status write of a terminal phase
  spread attempts;            // delivery attempts per notification
  int queue_depth_max = 0;
  // The deepest the queue was in each second of virtual time, from the
  // first create (for a plot; one entry per second).
  std::vector<int> queue_depth_per_s;
  std::int64_t api_requests = 0;  // every api.* event the API server recorded
  std::int64_t api_writes = 0;    // creates, updates, status updates, deletes, no-op writes
  std::int64_t status_writes = 0;
  double api_requests_per_s = 0;
  double api_writes_per_notification = 0;
  double status_writes_per_notification = 0;
  std::int64_t retries = 0;        // attempts after a retryable failure on the same channel
  std::int64_t early_retries = 0;  // of them, sooner than the backoff allows
};

load_metrics measure_load(const trace_events& trace);

// The same, reading a run as it goes.
class load_reader final : public sim::trace_observer {
 public:
  load_reader();
  ~load_reader() override;
  void observe(const sim::trace_event& e) override;
  load_metrics finish() const;

 private:
  struct state;
  std::unique_ptr<state> s_;
};

}  // namespace reconsim::scenarios
