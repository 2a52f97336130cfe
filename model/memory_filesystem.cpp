#include "reconsim/model/memory_filesystem.hpp"

#include <utility>

namespace reconsim::model {

namespace {
// The key prefix of everything below `dir`.
std::string subtree_prefix(const std::string& dir) { return dir == "/" ? std::string("/") : dir + "/"; }
}  // namespace

memory_filesystem::memory_filesystem() { nodes_.emplace("/", node{true, {}}); }

const memory_filesystem::node* memory_filesystem::find(std::string_view normalized) const {
  auto it = nodes_.find(normalized);
  return it == nodes_.end() ? nullptr : &it->second;
}

fs_errc memory_filesystem::check_parent(std::string_view normalized) const {
  // Walk from the top so a file in the middle reports ENOTDIR, as open(2) does.
  std::size_t pos = 0;
  const std::size_t last = normalized.rfind('/');
  while (true) {
    pos = normalized.find('/', pos + 1);
    if (pos == std::string_view::npos || pos > last) break;
    const node* n = find(normalized.substr(0, pos));
    if (n == nullptr) return fs_errc::enoent;
    if (!n->dir) return fs_errc::enotdir;
  }
  return fs_errc::ok;
}

bool memory_filesystem::has_children(const std::string& dir) const {
  const std::string prefix = subtree_prefix(dir);
  auto it = nodes_.lower_bound(prefix);
  if (it != nodes_.end() && it->first == "/") ++it;  // the root is not its own child
  return it != nodes_.end() && it->first.starts_with(prefix);
}

bool memory_filesystem::is_dir(std::string_view path) const {
  std::string p;
  if (!normalize_path(path, p)) return false;
  const node* n = find(p);
  return n != nullptr && n->dir;
}

fs_errc memory_filesystem::mkdir_all(std::string_view path) {
  std::string p;
  if (!normalize_path(path, p)) return fs_errc::einval;
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    pos = p.find('/', pos + 1);
    const std::string prefix = p.substr(0, pos);
    auto it = nodes_.find(prefix);
    if (it == nodes_.end()) {
      nodes_.emplace(prefix, node{true, {}});
    } else if (!it->second.dir) {
      return fs_errc::enotdir;
    }
  }
  return fs_errc::ok;
}

fs_errc memory_filesystem::write_file(std::string_view path, std::string_view data) {
  std::string p;
  if (!normalize_path(path, p) || p == "/") return fs_errc::einval;
  if (const fs_errc e = check_parent(p); e != fs_errc::ok) return e;
  node& n = nodes_[p];
  if (n.dir) return fs_errc::eisdir;
  bytes_ = bytes_ - n.data.size() + data.size();
  n.data.assign(data);
  return fs_errc::ok;
}

fs_errc memory_filesystem::rename(std::string_view from, std::string_view to) {
  std::string a;
  std::string b;
  if (!normalize_path(from, a) || !normalize_path(to, b) || a == "/" || b == "/") return fs_errc::einval;
  if (const fs_errc e = check_parent(a); e != fs_errc::ok) return e;
  const node* src = find(a);
  if (src == nullptr) return fs_errc::enoent;
  if (const fs_errc e = check_parent(b); e != fs_errc::ok) return e;
  if (a == b) return fs_errc::ok;
  if (src->dir && is_within(b, a)) return fs_errc::einval;
  if (const node* dst = find(b); dst != nullptr) {
    if (src->dir && !dst->dir) return fs_errc::enotdir;
    if (!src->dir && dst->dir) return fs_errc::eisdir;
    if (dst->dir && has_children(b)) return fs_errc::enotempty;
    bytes_ -= dst->data.size();
    nodes_.erase(b);
  }
  // Move the node and, for a directory, its whole subtree.
  std::vector<std::pair<std::string, node>> moved;
  const std::string prefix = subtree_prefix(a);
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix);) {
    moved.emplace_back(b + it->first.substr(a.size()), std::move(it->second));
    it = nodes_.erase(it);
  }
  auto self = nodes_.extract(a);
  self.key() = b;
  nodes_.insert(std::move(self));
  for (auto& [k, n] : moved) nodes_.emplace(std::move(k), std::move(n));
  return fs_errc::ok;
}

fs_errc memory_filesystem::remove(std::string_view path) {
  std::string p;
  if (!normalize_path(path, p) || p == "/") return fs_errc::einval;
  if (const fs_errc e = check_parent(p); e != fs_errc::ok) return e;
  auto it = nodes_.find(p);
  if (it == nodes_.end()) return fs_errc::enoent;
  if (it->second.dir && has_children(p)) return fs_errc::enotempty;
  bytes_ -= it->second.data.size();
  nodes_.erase(it);
  return fs_errc::ok;
}

fs_errc memory_filesystem::fsync(std::string_view path) {
  return exists(path) ? fs_errc::ok : fs_errc::enoent;
}

bool memory_filesystem::exists(std::string_view path) {
  std::string p;
  return normalize_path(path, p) && check_parent(p) == fs_errc::ok && find(p) != nullptr;
}

fs_result<std::vector<std::string>> memory_filesystem::list_dir(std::string_view path) {
  std::string p;
  if (!normalize_path(path, p)) return {fs_errc::einval, {}};
  if (const fs_errc e = check_parent(p); e != fs_errc::ok) return {e, {}};
  const node* n = find(p);
  if (n == nullptr) return {fs_errc::enoent, {}};
  if (!n->dir) return {fs_errc::enotdir, {}};
  fs_result<std::vector<std::string>> r;
  const std::string prefix = subtree_prefix(p);
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end() && it->first.starts_with(prefix); ++it) {
    const std::string_view rest = std::string_view(it->first).substr(prefix.size());
    if (!rest.empty() && rest.find('/') == std::string_view::npos) r.value.emplace_back(rest);
  }
  return r;  // map order is bytewise order of full paths, hence of names
}

fs_result<std::string> memory_filesystem::read_file(std::string_view path) {
  std::string p;
  if (!normalize_path(path, p)) return {fs_errc::einval, {}};
  if (const fs_errc e = check_parent(p); e != fs_errc::ok) return {e, {}};
  const node* n = find(p);
  if (n == nullptr) return {fs_errc::enoent, {}};
  if (n->dir) return {fs_errc::eisdir, {}};
  return {fs_errc::ok, n->data};
}

}  // namespace reconsim::model
