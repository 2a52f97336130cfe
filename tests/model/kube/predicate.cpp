// Predicates with controller-runtime's semantics (pkg/predicate).
#include "reconsim/model/kube/predicate.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "reconsim/model/kube/object.hpp"

namespace model = reconsim::model;

namespace {

struct spec {
  int size = 0;
  bool operator==(const spec&) const = default;
};
struct status {
  std::string phase;
  bool operator==(const status&) const = default;
};
using obj = model::object<spec, status>;

obj make(std::int64_t generation, std::uint64_t rv) {
  obj o;
  o.metadata.name = "a";
  o.metadata.generation = generation;
  o.metadata.resource_version = rv;
  return o;
}

}  // namespace

TEST_CASE("generation_changed passes an update iff generation differs; create, delete and generic pass") {
  const auto p = model::generation_changed<obj>();
  const obj v1 = make(1, 10);
  obj status_write = make(1, 11);
  status_write.status.phase = "Sent";
  const obj spec_write = make(2, 12);
  CHECK(!p.on_update(v1, status_write));
  CHECK(p.on_update(status_write, spec_write));
  CHECK(!p.on_update(v1, v1));  // a resync
  CHECK(p.on_create(v1));
  CHECK(p.on_delete(v1));
  CHECK(p.on_generic(v1));
}

TEST_CASE("resource_version_changed filters only resyncs") {
  const auto p = model::resource_version_changed<obj>();
  CHECK(!p.on_update(make(1, 10), make(1, 10)));
  CHECK(p.on_update(make(1, 10), make(1, 11)));
  CHECK(p.on_create(make(1, 10)));
  CHECK(p.on_delete(make(1, 10)));
}

TEST_CASE("annotation_changed and label_changed compare the whole maps") {
  obj a = make(1, 10), b = make(1, 11);
  const auto ann = model::annotation_changed<obj>();
  const auto lab = model::label_changed<obj>();
  CHECK(!ann.on_update(a, b));
  CHECK(!lab.on_update(a, b));
  b.metadata.annotations["x"] = "1";
  CHECK(ann.on_update(a, b));
  CHECK(!lab.on_update(a, b));
  a.metadata.annotations["x"] = "1";
  a.metadata.labels["team"] = "blue";
  CHECK(!ann.on_update(a, b));
  CHECK(lab.on_update(a, b));
  CHECK(ann.on_create(a));
  CHECK(lab.on_delete(a));
}

TEST_CASE("custom predicates: an absent function passes; new_predicate_funcs filters every event on the object") {
  const auto only_updates_of_big = model::funcs<obj>(
      "big", nullptr, [](const obj&, const obj& n) { return n.spec->size > 10; }, nullptr);
  obj small = make(1, 1), big = make(2, 2);
  big.spec.edit().size = 11;
  CHECK(only_updates_of_big.on_create(small));
  CHECK(!only_updates_of_big.on_update(big, small));
  CHECK(only_updates_of_big.on_update(small, big));

  const auto named_a = model::new_predicate_funcs<obj>("named_a", [](const obj& o) { return o.metadata.name == "a"; });
  obj b = make(1, 1);
  b.metadata.name = "b";
  CHECK(named_a.on_create(small));
  CHECK(!named_a.on_create(b));
  CHECK(!named_a.on_update(small, b));  // judged on the new object
  CHECK(!named_a.on_delete(b));
  CHECK(!named_a.on_generic(b));
}

TEST_CASE("a list of predicates is an And; any_of is an Or; negate inverts") {
  const std::vector<model::predicate<obj>> both{model::generation_changed<obj>(), model::label_changed<obj>()};
  obj a = make(1, 1), b = make(2, 2);
  CHECK(!model::passes_update(both, a, b));  // generation changed, labels did not
  b.metadata.labels["x"] = "y";
  CHECK(model::passes_update(both, a, b));
  CHECK(model::passes_create(both, a));

  const auto either = model::any_of<obj>({model::generation_changed<obj>(), model::label_changed<obj>()});
  CHECK(either.on_update(a, b));
  CHECK(either.on_update(make(1, 1), make(2, 2)));
  CHECK(!either.on_update(make(1, 1), make(1, 2)));
  CHECK(either.name == "or(generation_changed,label_changed)");
  CHECK(!model::any_of<obj>({}).on_create(a));  // an empty Or passes nothing

  const auto not_gen = model::negate(model::generation_changed<obj>());
  CHECK(not_gen.on_update(make(1, 1), make(1, 2)));
  CHECK(!not_gen.on_update(make(1, 1), make(2, 2)));
  CHECK(!not_gen.on_create(a));
}
