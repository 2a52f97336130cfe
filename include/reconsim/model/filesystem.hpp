#pragma once
// The file system as a delivery channel needs it: the few POSIX calls
// kubernaut's file service makes (MkdirAll, write a temp file, rename,
// remove) plus what a test uses to look (exists, list, read).
//
// Paths are absolute, '/'-separated ("/tmp/notifications/a.json"); a
// trailing '/' and repeated '/' are ignored. Errors are values, never
// exceptions, because a failing write is an ordinary event the model must
// handle (kubernaut treats mkdir, write and rename errors as retryable).
//
// Implementations: model::memory_filesystem (instant, no faults, for unit
// tests) and faults::virtiofs (a guest and a host view with sync latency,
// read-only directories, ENOSPC). A call may block the calling actor in
// virtual time (virtiofs's fsync does when it flushes): call from an actor.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reconsim::model {

// errno-like error codes; `ok` is success.
enum class fs_errc {
  ok,
  eacces,     // permission denied (a read-only directory)
  enospc,     // no space left on device
  enoent,     // the path or its parent does not exist
  eexist,     // already exists (reserved: mkdir_all and rename replace)
  eio,        // input/output error (an injected fault)
  enotdir,    // a path component is a file
  eisdir,     // the path is a directory where a file was expected
  enotempty,  // remove or rename over a non-empty directory
  einval,     // e.g. rename a directory into itself, or a relative path
  erofs,      // the view is read-only (the host view of virtiofs)
};
// "ok", "EACCES", "ENOSPC", ...: the errno names, for traces.
constexpr std::string_view to_string(fs_errc e) noexcept {
  switch (e) {
    case fs_errc::ok: return "ok";
    case fs_errc::eacces: return "EACCES";
    case fs_errc::enospc: return "ENOSPC";
    case fs_errc::enoent: return "ENOENT";
    case fs_errc::eexist: return "EEXIST";
    case fs_errc::eio: return "EIO";
    case fs_errc::enotdir: return "ENOTDIR";
    case fs_errc::eisdir: return "EISDIR";
    case fs_errc::enotempty: return "ENOTEMPTY";
    case fs_errc::einval: return "EINVAL";
    case fs_errc::erofs: return "EROFS";
  }
  return "?";
}

// What Go prints for the error (syscall.Errno's strerror text, as in
// "open /tmp/x: permission denied"): the text the controller's delivery
// errors carry, and so what its ±1 s de-duplication compares.
constexpr std::string_view go_error_text(fs_errc e) noexcept {
  switch (e) {
    case fs_errc::ok: return "";
    case fs_errc::eacces: return "permission denied";
    case fs_errc::enospc: return "no space left on device";
    case fs_errc::enoent: return "no such file or directory";
    case fs_errc::eexist: return "file exists";
    case fs_errc::eio: return "input/output error";
    case fs_errc::enotdir: return "not a directory";
    case fs_errc::eisdir: return "is a directory";
    case fs_errc::enotempty: return "directory not empty";
    case fs_errc::einval: return "invalid argument";
    case fs_errc::erofs: return "read-only file system";
  }
  return "?";
}

// A value or an error. `value` is meaningful only when `error == ok`.
template <class T>
struct fs_result {
  fs_errc error = fs_errc::ok;
  T value{};

  bool ok() const noexcept { return error == fs_errc::ok; }
};

class filesystem {
 public:
  virtual ~filesystem() = default;

  // Creates the directory and any missing parents; ok if it already exists.
  virtual fs_errc mkdir_all(std::string_view path) = 0;
  // Creates or truncates a file with `data`; the parent must exist.
  virtual fs_errc write_file(std::string_view path, std::string_view data) = 0;
  // Atomically moves a file or directory; replaces an existing file at `to`
  // (POSIX rename(2)), which is what makes write-temp-then-rename safe.
  virtual fs_errc rename(std::string_view from, std::string_view to) = 0;
  // Removes a file or an empty directory.
  virtual fs_errc remove(std::string_view path) = 0;
  // Flushes the file (or directory) to stable storage. Whether that makes it
  // visible anywhere sooner is up to the implementation (see virtiofs).
  virtual fs_errc fsync(std::string_view path) = 0;

  virtual bool exists(std::string_view path) = 0;
  // Entry names (not paths) directly in the directory, sorted bytewise.
  virtual fs_result<std::vector<std::string>> list_dir(std::string_view path) = 0;
  virtual fs_result<std::string> read_file(std::string_view path) = 0;
};

// Canonical form of an absolute path: "/a/b" (no trailing or doubled '/';
// "/" for the root). Returns false for a relative path or one with "." or
// ".." components, which this model does not resolve.
inline bool normalize_path(std::string_view path, std::string& out) {
  if (path.empty() || path.front() != '/') return false;
  std::string r;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    const std::size_t start = i;
    while (i < path.size() && path[i] != '/') ++i;
    const std::string_view part = path.substr(start, i - start);
    if (part.empty()) break;
    if (part == "." || part == "..") return false;
    r += '/';
    r += part;
  }
  out = r.empty() ? std::string("/") : std::move(r);
  return true;
}
// "/a/b/c" -> "/a/b"; "/a" -> "/"; "/" -> "/".
inline std::string parent_path(std::string_view normalized) {
  const std::size_t slash = normalized.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(normalized.substr(0, slash));
}
// "/a/b/c" -> "c"; "/" -> "".
inline std::string_view base_name(std::string_view normalized) noexcept {
  const std::size_t slash = normalized.rfind('/');
  return slash == std::string_view::npos ? normalized : normalized.substr(slash + 1);
}
// True if `path` is `dir` or lies below it (both normalized).
inline bool is_within(std::string_view path, std::string_view dir) noexcept {
  if (dir == "/") return true;
  if (!path.starts_with(dir)) return false;
  return path.size() == dir.size() || path[dir.size()] == '/';
}

}  // namespace reconsim::model
