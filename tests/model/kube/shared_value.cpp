// An object's spec is shared by its copies until one is written
// (shared_value), and a key's text is formatted in a buffer of its own
// (key_text), spilling to the heap past its buffer.
#include <catch2/catch.hpp>

#include <string>

#include "reconsim/model/kube/object.hpp"

using reconsim::model::key_text;
using reconsim::model::namespaced_name;
using reconsim::model::shared_value;

TEST_CASE("a shared value is copied when a sharer writes it, never under the others") {
  shared_value<std::string> original(std::string("spec"));
  shared_value<std::string> copy = original;
  CHECK(&*copy == &*original);  // shared, not copied
  copy.edit() += " changed";
  CHECK(*copy == "spec changed");
  CHECK(*original == "spec");  // the other sharer kept its value
  CHECK_FALSE(copy == original);
  std::string& alone = original.edit();
  CHECK(&alone == &*original);  // no sharer left: written in place
}

TEST_CASE("a default shared value reads as T{} and is equal to one holding T{}") {
  const shared_value<std::string> none;
  CHECK(none->empty());
  CHECK(none == shared_value<std::string>(std::string()));
  shared_value<std::string> written;
  written.edit() = "x";
  CHECK(*written == "x");
  CHECK(none->empty());
}

TEST_CASE("key_text is to_string's text, within its buffer and past it") {
  CHECK(key_text(namespaced_name{"default", "notif"}).view() == "default/notif");
  CHECK(key_text(namespaced_name{"", "cluster-scoped"}).view() == "cluster-scoped");
  const std::string long_name(250, 'n');
  const namespaced_name big{"ns", long_name};
  CHECK(key_text(big).view() == "ns/" + long_name);
  CHECK(to_string(big) == "ns/" + long_name);
}
