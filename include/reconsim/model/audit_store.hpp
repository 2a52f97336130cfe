#pragma once
// The buffered audit client (pkg/audit/store.go, BufferedAuditStore): a
// bounded buffer filled without blocking, one writer actor that batches,
// flushes on a full batch, on a tick with a non-empty batch or on request,
// and writes each batch with retries. Facts from jordigilh/kubernaut
// pkg/audit/{store,config,errors}.go at d5a4a870.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "reconsim/model/audit_event.hpp"
#include "reconsim/sim/condition.hpp"
#include "reconsim/sim/time.hpp"

namespace reconsim::model::audit {

struct store_config {
  std::size_t buffer_size = 10000;
  std::size_t batch_size = 1000;
  sim::duration flush_interval = std::chrono::seconds(1);
  int max_retries = 3;  // write attempts in all; 0 writes nothing (upstream's loop never runs)

  bool operator==(const store_config&) const = default;
};

// The seeds' E2E client (December 2025, seed 004): 1000 / 10 / 100 ms / 3.
inline constexpr store_config seed_config{1000, 10, std::chrono::milliseconds(100), 3};
// Today's E2E and DefaultDataStorageConfig: 10000 / 100 / 1 s / 3.
inline constexpr store_config upstream_e2e_config{10000, 100, std::chrono::seconds(1), 3};
// audit.DefaultConfig, used instead of an invalid config: 10000 / 1000 / 1 s / 3.
inline constexpr store_config default_config{10000, 1000, std::chrono::seconds(1), 3};
// Config.Validate: positive sizes, batch <= buffer, positive interval,
// max_retries >= 0. Returns the first problem.
std::optional<std::string> validate(const store_config& c);

// What one batch write came to (StoreBatch + IsRetryable).
struct write_result {
  enum class kind { ok, retryable, non_retryable };
  kind outcome = kind::ok;
  std::string error;  // Go's error text, e.g. `network error: Post "...": EOF`
};

// DataStorageClient.StoreBatch. May block the calling actor.
class batch_writer {
 public:
  virtual ~batch_writer() = default;
  virtual write_result store_batch(const std::vector<event>& batch) = 0;
};

// Not in the upstream client (seed 004: "No DLQ configured", deferred):
// where a batch goes instead of being lost, when the design has one.
class dead_letter_queue {
 public:
  virtual ~dead_letter_queue() = default;
  virtual void put(const std::vector<event>& batch, const std::string& reason) = 0;
};

class memory_dead_letter_queue final : public dead_letter_queue {
 public:
  void put(const std::vector<event>& batch, const std::string&) override {
    events.insert(events.end(), batch.begin(), batch.end());
  }
  std::vector<event> events;
};

struct store_counters {
  std::uint64_t buffered = 0;        // accepted into the buffer
  std::uint64_t dropped = 0;         // buffer full, or stored after close
  std::uint64_t written = 0;         // events in batches the server accepted
  std::uint64_t failed_batches = 0;  // batches given up (4xx or retries exhausted)
  std::uint64_t lost_events = 0;     // "AUDIT DATA LOSS": given up without a DLQ
  std::uint64_t dead_lettered = 0;   // events handed to the DLQ
  std::uint64_t write_attempts = 0;  // StoreBatch calls
  bool operator==(const store_counters&) const = default;
};

class buffered_store final : public sink {
 public:
  // An invalid config is replaced by default_config, as NewBufferedStore
  // does. `jitter_stream` names the rng stream of the retry backoff.
  buffered_store(std::string name, batch_writer& writer, store_config config, dead_letter_queue* dlq = nullptr,
                 std::string jitter_stream = "audit.retry");
  ~buffered_store() override;
  buffered_store(const buffered_store&) = delete;
  buffered_store& operator=(const buffered_store&) = delete;

  // Spawns the writer actor "audit.<name>.writer"; its ticker starts now.
  void start();
  // StoreAudit: invalid -> false; closed -> dropped silently (true); full
  // buffer -> dropped, false. Never blocks.
  bool store(const event& e) override;
  // Flush: the writer drains the buffer into the batch and writes it;
  // blocks the caller until then. False when closed.
  bool flush();
  // Close: no more events; the writer writes what it holds and stops. Waits
  // at most 30 s; false on timeout or when events were dropped or batches
  // failed (upstream's error cases).
  bool close();

  const store_counters& counters() const noexcept { return s_->counters; }
  const store_config& config() const noexcept { return s_->config; }
  std::size_t buffer_len() const noexcept { return s_->buffer.size(); }

  // Shared with the writer actor, so destroying the store before the world
  // (which cancels the actor) is safe.
  struct state {
    std::string name;
    batch_writer* writer;
    store_config config;
    dead_letter_queue* dlq;
    std::string jitter_stream;
    std::deque<event> buffer;
    std::vector<event> batch;
    sim::condition wake;
    sim::event stopped;
    std::uint64_t flush_requested = 0;
    std::uint64_t flush_done = 0;
    sim::condition flushed;
    bool closed = false;
    bool started = false;
    store_counters counters;
    state(std::string n, batch_writer& w, store_config c, dead_letter_queue* d, std::string js);
  };

 private:
  std::shared_ptr<state> s_;
};

}  // namespace reconsim::model::audit
