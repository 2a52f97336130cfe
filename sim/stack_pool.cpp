#include "stack_pool.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <map>
#include <new>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RECONSIM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RECONSIM_ASAN 1
#endif
#ifdef RECONSIM_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace reconsim::sim::detail {

namespace {

// Under ASan a stack that an exception unwound may keep its frames' redzone
// poison; the next actor on that stack must not inherit it.
void unpoison(void* base, std::size_t size) noexcept {
#ifdef RECONSIM_ASAN
  ASAN_UNPOISON_MEMORY_REGION(base, size);
#else
  (void)base;
  (void)size;
#endif
}

std::size_t page_size() noexcept {
  static const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return size;
}

// Free stacks by usable size. Thread-local: worlds on other threads (explore
// --jobs) keep their own. Bounded so a 10,000-actor world does not pin its
// stacks forever; the cap is high because returning a stack to the system
// (munmap + TLB shootdown) costs far more than keeping it.
thread_local bool pool_alive = false;  // trivially destructible: safe to read at thread exit

struct free_list {
  free_list() { pool_alive = true; }
  std::map<std::size_t, std::vector<void*>> by_size;
  std::size_t cached = 0;
  static constexpr std::size_t max_cached = 65536;  // munmap costs ~0.1 ms in a VM: keep the peak
  ~free_list() {
    pool_alive = false;
    for (auto& [size, stacks] : by_size) {
      for (void* base : stacks) ::munmap(base, size + page_size());
    }
  }
};
thread_local free_list pool;
thread_local char* last_low = nullptr;

}  // namespace

boost::context::stack_context stack_pool_allocator::allocate() {
  const std::size_t page = page_size();
  const std::size_t size = (size_ + page - 1) / page * page;
  void* base = nullptr;
  auto& stacks = pool.by_size[size];
  if (!stacks.empty()) {
    base = stacks.back();
    stacks.pop_back();
    --pool.cached;
    unpoison(static_cast<char*>(base) + page, size);
  } else {
    base = ::mmap(nullptr, size + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) throw std::bad_alloc();
    ::mprotect(base, page, PROT_NONE);  // the guard page, at the low end
  }
  boost::context::stack_context sc;
  sc.size = size;
  sc.sp = static_cast<char*>(base) + page + size;  // stacks grow down
  last_low = static_cast<char*>(base) + page;
  return sc;
}

char* stack_pool_allocator::last_stack_low() noexcept { return last_low; }

void unpoison_stack(char* low, void* high) noexcept {
  if (low != nullptr && static_cast<char*>(high) > low) {
    unpoison(low, static_cast<std::size_t>(static_cast<char*>(high) - low));
  }
}

void stack_pool_allocator::deallocate(boost::context::stack_context& sc) noexcept {
  const std::size_t page = page_size();
  void* base = static_cast<char*>(sc.sp) - sc.size - page;
  // At thread exit Boost's scheduler may release a fiber after the pool is
  // gone; then the stack goes straight back to the system.
  // Keeping it may need memory; when none is left the stack goes back to the
  // system instead (this function must not throw).
  if (pool_alive && pool.cached < free_list::max_cached) {
    try {
      pool.by_size[sc.size].push_back(base);
      ++pool.cached;
      return;
    } catch (const std::bad_alloc&) {
    }
  }
  ::munmap(base, sc.size + page);
}

}  // namespace reconsim::sim::detail
