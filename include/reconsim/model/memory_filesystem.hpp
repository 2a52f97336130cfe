#pragma once
// A file system in memory: instant, no faults, POSIX-shaped errors. For unit
// tests of the model, and the tree behind each view of faults::virtiofs.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "reconsim/model/filesystem.hpp"

namespace reconsim::model {

class memory_filesystem final : public filesystem {
 public:
  // Starts with the root "/" only.
  memory_filesystem();

  fs_errc mkdir_all(std::string_view path) override;
  fs_errc write_file(std::string_view path, std::string_view data) override;
  fs_errc rename(std::string_view from, std::string_view to) override;
  fs_errc remove(std::string_view path) override;
  fs_errc fsync(std::string_view path) override;

  bool exists(std::string_view path) override;
  fs_result<std::vector<std::string>> list_dir(std::string_view path) override;
  fs_result<std::string> read_file(std::string_view path) override;

  bool is_dir(std::string_view path) const;
  // Sum of file sizes, for capacity (ENOSPC) models.
  std::size_t bytes_used() const noexcept { return bytes_; }
  std::size_t entries() const noexcept { return nodes_.size(); }

 private:
  struct node {
    bool dir = false;
    std::string data;
  };
  // Keyed by normalized path. A directory's subtree is the contiguous key
  // range starting with dir + "/" (not everything after dir: "/a-b" sorts
  // between "/a" and "/a/x").
  using tree = std::map<std::string, node, std::less<>>;

  const node* find(std::string_view normalized) const;
  // ok if `normalized`'s parent is an existing directory.
  fs_errc check_parent(std::string_view normalized) const;
  bool has_children(const std::string& dir) const;

  tree nodes_;
  std::size_t bytes_ = 0;
};

}  // namespace reconsim::model
