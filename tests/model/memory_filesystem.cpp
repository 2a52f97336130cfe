// The in-memory file system behaves like the POSIX calls kubernaut's file
// delivery makes (os.MkdirAll, os.WriteFile, os.Rename, os.Remove).
#include <catch2/catch.hpp>

#include "reconsim/model/memory_filesystem.hpp"

using namespace reconsim::model;
using strings = std::vector<std::string>;

TEST_CASE("paths normalize to one canonical absolute form") {
  std::string p;
  REQUIRE(normalize_path("//tmp//notifications/", p));
  CHECK(p == "/tmp/notifications");
  REQUIRE(normalize_path("/", p));
  CHECK(p == "/");
  CHECK_FALSE(normalize_path("tmp/x", p));
  CHECK_FALSE(normalize_path("/tmp/../x", p));
  CHECK(parent_path("/a/b") == "/a");
  CHECK(parent_path("/a") == "/");
  CHECK(base_name("/a/b") == "b");
  CHECK(is_within("/a/b", "/a"));
  CHECK_FALSE(is_within("/a-b", "/a"));
}

TEST_CASE("write-temp-then-rename leaves exactly the final file") {
  memory_filesystem fs;
  REQUIRE(fs.mkdir_all("/tmp/notifications") == fs_errc::ok);
  REQUIRE(fs.mkdir_all("/tmp/notifications") == fs_errc::ok);  // MkdirAll is idempotent
  REQUIRE(fs.write_file("/tmp/notifications/n.json.tmp", "{}") == fs_errc::ok);
  REQUIRE(fs.rename("/tmp/notifications/n.json.tmp", "/tmp/notifications/n.json") == fs_errc::ok);
  CHECK(fs.list_dir("/tmp/notifications").value == strings{"n.json"});
  CHECK(fs.read_file("/tmp/notifications/n.json").value == "{}");
  CHECK(fs.bytes_used() == 2);
}

TEST_CASE("errors are the ones POSIX gives") {
  memory_filesystem fs;
  CHECK(fs.write_file("/missing/x", "a") == fs_errc::enoent);
  REQUIRE(fs.write_file("/f", "abc") == fs_errc::ok);
  CHECK(fs.write_file("/f/x", "a") == fs_errc::enotdir);
  CHECK(fs.mkdir_all("/f/x") == fs_errc::enotdir);
  REQUIRE(fs.mkdir_all("/d/e") == fs_errc::ok);
  CHECK(fs.write_file("/d", "a") == fs_errc::eisdir);
  CHECK(fs.read_file("/d").error == fs_errc::eisdir);
  CHECK(fs.read_file("/nope").error == fs_errc::enoent);
  CHECK(fs.list_dir("/f").error == fs_errc::enotdir);
  CHECK(fs.remove("/d") == fs_errc::enotempty);
  CHECK(fs.rename("/d", "/d/e/x") == fs_errc::einval);
  CHECK(fs.rename("/nope", "/x") == fs_errc::enoent);
  CHECK(fs.rename("/f", "/d") == fs_errc::eisdir);
  CHECK(fs.fsync("/nope") == fs_errc::enoent);
  CHECK(fs.remove("/d/e") == fs_errc::ok);
  CHECK(fs.remove("/d") == fs_errc::ok);
  CHECK_FALSE(fs.exists("/d"));
}

TEST_CASE("renaming a directory moves its subtree and nothing beside it") {
  memory_filesystem fs;
  REQUIRE(fs.mkdir_all("/a/sub") == fs_errc::ok);
  REQUIRE(fs.write_file("/a/sub/x", "1") == fs_errc::ok);
  REQUIRE(fs.write_file("/a-b", "2") == fs_errc::ok);
  REQUIRE(fs.rename("/a", "/z") == fs_errc::ok);
  CHECK(fs.read_file("/z/sub/x").value == "1");
  CHECK_FALSE(fs.exists("/a/sub/x"));
  CHECK(fs.exists("/a-b"));
  CHECK(fs.list_dir("/").value == strings{"a-b", "z"});
}

TEST_CASE("rename replaces an existing file and keeps the byte count right") {
  memory_filesystem fs;
  REQUIRE(fs.write_file("/x", "12345") == fs_errc::ok);
  REQUIRE(fs.write_file("/y", "1") == fs_errc::ok);
  REQUIRE(fs.rename("/y", "/x") == fs_errc::ok);
  CHECK(fs.read_file("/x").value == "1");
  CHECK(fs.bytes_used() == 1);
  CHECK(fs.list_dir("/").value == strings{"x"});
}
