#pragma once
// Fiber stacks, reused across actors and worlds on one thread, so creating a
// world of thousands of actors costs no system calls after the first.
// Each stack has a guard page below it: an overflow faults instead of
// silently corrupting the neighbouring stack.
#include <boost/context/stack_context.hpp>

#include <cstddef>

namespace reconsim::sim::detail {

class stack_pool_allocator {
 public:
  explicit stack_pool_allocator(std::size_t size) noexcept : size_(size) {}
  boost::context::stack_context allocate();
  void deallocate(boost::context::stack_context& sc) noexcept;
  // The lowest usable address of the stack allocate() last handed out on
  // this thread (a fiber is created synchronously: read it right after).
  static char* last_stack_low() noexcept;

 private:
  std::size_t size_;
};

// Under ASan: clears the shadow of [low, high) of a fiber stack. An
// exception unwound on a fiber stack leaves its frames' redzone poison
// behind (ASan cannot follow the switch to run __asan_handle_no_return);
// the code that runs next on that stack (Boost's fiber teardown) would
// trip over it. A no-op in other builds.
void unpoison_stack(char* low, void* high) noexcept;

}  // namespace reconsim::sim::detail
