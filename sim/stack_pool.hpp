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

 private:
  std::size_t size_;
};

}  // namespace reconsim::sim::detail
