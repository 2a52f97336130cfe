#pragma once
// Stopping a long search cleanly (Ctrl-C): the CLI's signal handler calls
// request_stop(); the searches take no new run once it is set, finish the
// runs in flight, and return what ran so far marked `partial`, so the
// repros and the summary of a long explore are not lost.
namespace reconsim::scenarios {

// Async-signal-safe (a lock-free atomic store).
void request_stop() noexcept;
bool stop_requested() noexcept;
// For tests and for a program that runs a second search after a stop.
void clear_stop() noexcept;

}  // namespace reconsim::scenarios
