#pragma once
// A process-wide memo from text (a manifest, a scenario file and the name
// it is known by) to what parsing it gave. Parsing YAML was the largest
// cost of a run; a search runs the same scenario thousands of times. The
// value is what a parse returns, so a hit and a miss give the same run
// (trace hashes are unchanged). Bounded: past `capacity` entries the memo
// starts over. Thread-safe (explore --jobs); the lock is never held while
// parsing, and a failed parse (an exception) is not remembered.
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace reconsim::model::detail {

template <typename Value>
class text_memo {
 public:
  explicit text_memo(std::size_t capacity = 256) : capacity_(capacity) {}

  template <typename Parse>
  Value get(const std::string& key, Parse parse) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = entries_.find(key); it != entries_.end()) return it->second;
    }
    Value v = parse();
    std::lock_guard lock(mutex_);
    if (entries_.size() >= capacity_) entries_.clear();
    entries_.emplace(key, v);
    return v;
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::map<std::string, Value> entries_;  // ordered: nothing iterates it, but no hash order anywhere
};

}  // namespace reconsim::model::detail
