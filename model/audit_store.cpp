#include "reconsim/model/audit_store.hpp"

#include "reconsim/model/notification/backoff.hpp"
#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/world.hpp"

namespace reconsim::model::audit {

std::optional<std::string> validate(const store_config& c) {
  if (c.buffer_size == 0) return "buffer_size must be positive";
  if (c.batch_size == 0) return "batch_size must be positive";
  if (c.batch_size > c.buffer_size) return "batch_size must be <= buffer_size";
  if (c.flush_interval <= sim::duration{0}) return "flush_interval must be positive";
  if (c.max_retries < 0) return "max_retries must be non-negative";
  return std::nullopt;
}

buffered_store::state::state(std::string n, batch_writer& w, store_config c, dead_letter_queue* d, std::string js)
    : name(std::move(n)),
      writer(&w),
      config(c),
      dlq(d),
      jitter_stream(std::move(js)),
      wake("audit." + name + ".wake"),
      stopped("audit." + name + ".stopped"),
      flushed("audit." + name + ".flushed") {}

namespace {

using state = buffered_store::state;

// writeBatchWithRetryBackoff: 1 s base, 30 s cap, x2, 10 % jitter, so the
// sleeps are about 1 s, then 2 s.
sim::duration retry_delay(state& s, int attempt) {
  const notification::backoff_config c{std::chrono::seconds(1), std::chrono::seconds(30), 2.0, 10};
  return notification::backoff(c, attempt, sim::this_world().rng(s.jitter_stream));
}

// Both outcomes name the events, so the audit checker can tell a
// dead-lettered event from a lost one.
void give_up(state& s, const std::vector<event>& batch, const std::string& reason) {
  ++s.counters.failed_batches;
  std::string ids;
  for (const auto& e : batch) ids += (ids.empty() ? "" : ",") + e.id;
  if (s.dlq != nullptr) {
    s.dlq->put(batch, reason);
    s.counters.dead_lettered += batch.size();
    sim::emit("audit.dead_letter", {{"store", s.name}, {"batch_size", batch.size()}, {"reason", reason}, {"ids", ids}});
    return;
  }
  s.counters.lost_events += batch.size();
  sim::emit("audit.data_loss", {{"store", s.name}, {"batch_size", batch.size()}, {"reason", reason}, {"ids", ids}});
}

void write_batch_with_retry(state& s, const std::vector<event>& batch) {
  for (int attempt = 1; attempt <= s.config.max_retries; ++attempt) {
    ++s.counters.write_attempts;
    const write_result r = s.writer->store_batch(batch);
    if (r.outcome == write_result::kind::ok) {
      s.counters.written += batch.size();
      sim::emit("audit.write", {{"store", s.name}, {"attempt", attempt}, {"batch_size", batch.size()}, {"ok", true}});
      return;
    }
    sim::emit("audit.write", {{"store", s.name},
                              {"attempt", attempt},
                              {"batch_size", batch.size()},
                              {"ok", false},
                              {"error", r.error}});
    if (r.outcome == write_result::kind::non_retryable) {
      give_up(s, batch, "non-retryable client error: " + r.error);
      return;
    }
    if (attempt < s.config.max_retries) {
      sim::sleep_for(retry_delay(s, attempt));
      continue;
    }
    give_up(s, batch, "max retries exhausted: " + r.error);  // "AUDIT DATA LOSS" without a DLQ
  }
}

void write_and_clear(state& s) {
  write_batch_with_retry(s, s.batch);
  s.batch.clear();
}

// backgroundWriter. Buffered events are taken before a flush request and a
// flush before a tick (Go's select picks at random; a fixed order keeps
// runs deterministic without a stream). Ticks missed while a write blocks
// collapse into one, as a Ticker's one-slot channel does.
void writer_loop(const std::shared_ptr<state>& sp) {
  state& s = *sp;
  const sim::duration interval = s.config.flush_interval;
  sim::time_point next_tick = sim::now() + interval;
  for (;;) {
    s.wake.wait_until(next_tick, [&] { return !s.buffer.empty() || s.flush_requested > s.flush_done || s.closed; });
    if (!s.buffer.empty()) {
      s.batch.push_back(std::move(s.buffer.front()));
      s.buffer.pop_front();
      if (s.batch.size() >= s.config.batch_size) write_and_clear(s);
      continue;
    }
    if (s.flush_requested > s.flush_done) {
      const std::uint64_t serving = s.flush_requested;
      while (!s.buffer.empty()) {
        s.batch.push_back(std::move(s.buffer.front()));
        s.buffer.pop_front();
      }
      if (!s.batch.empty()) write_and_clear(s);
      s.flush_done = serving;
      s.flushed.notify_all();
      continue;
    }
    if (s.closed) {  // the buffer is closed and drained
      if (!s.batch.empty()) write_and_clear(s);
      s.stopped.set();
      return;
    }
    if (sim::now() >= next_tick) {
      if (!s.batch.empty()) write_and_clear(s);
      while (next_tick <= sim::now()) next_tick += interval;
    }
  }
}

}  // namespace

buffered_store::buffered_store(std::string name, batch_writer& writer, store_config config, dead_letter_queue* dlq,
                               std::string jitter_stream)
    : s_(std::make_shared<state>(std::move(name), writer, validate(config) ? default_config : config, dlq,
                                 std::move(jitter_stream))) {}

buffered_store::~buffered_store() = default;

void buffered_store::start() {
  if (s_->started) return;
  s_->started = true;
  sim::this_world().spawn("audit." + s_->name + ".writer", [sp = s_] { writer_loop(sp); });
}

bool buffered_store::store(const event& e) {
  if (validate(e)) return false;
  state& s = *s_;
  if (s.closed) {  // upstream drops silently during shutdown
    ++s.counters.dropped;
    return true;
  }
  if (s.buffer.size() >= s.config.buffer_size) {
    ++s.counters.dropped;
    sim::emit("audit.buffer_full", {{"store", s.name}, {"id", e.id}});
    return false;
  }
  s.buffer.push_back(e);
  ++s.counters.buffered;
  s.wake.notify_one();
  return true;
}

bool buffered_store::flush() {
  state& s = *s_;
  if (s.closed) return false;
  const std::uint64_t ticket = ++s.flush_requested;
  s.wake.notify_one();
  s.flushed.wait([&] { return s.flush_done >= ticket || s.stopped.is_set(); });
  return true;
}

bool buffered_store::close() {
  state& s = *s_;
  if (s.closed) return true;
  s.closed = true;
  s.wake.notify_one();
  if (s.started && !s.stopped.wait_for(std::chrono::seconds(30))) return false;
  return s.counters.dropped == 0 && s.counters.failed_batches == 0;
}

}  // namespace reconsim::model::audit
