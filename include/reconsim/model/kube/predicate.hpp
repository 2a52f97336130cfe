#pragma once
// Event filters with controller-runtime's semantics (pkg/predicate): a
// predicate is a pure function of the event; an absent function passes.
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace reconsim::model {

template <class Obj>
struct predicate {
  std::string name;
  std::function<bool(const Obj&)> create;
  std::function<bool(const Obj& old_obj, const Obj& new_obj)> update;
  std::function<bool(const Obj&)> remove;   // Delete
  std::function<bool(const Obj&)> generic;  // not produced by the informer; for completeness

  bool on_create(const Obj& o) const { return !create || create(o); }
  bool on_update(const Obj& o, const Obj& n) const { return !update || update(o, n); }
  bool on_delete(const Obj& o) const { return !remove || remove(o); }
  bool on_generic(const Obj& o) const { return !generic || generic(o); }
};

// GenerationChangedPredicate: an update passes iff metadata.generation
// differs, so status-only writes and resyncs are filtered out.
template <class Obj>
predicate<Obj> generation_changed() {
  return {"generation_changed", nullptr,
          [](const Obj& o, const Obj& n) { return o.metadata.generation != n.metadata.generation; }, nullptr, nullptr};
}

// ResourceVersionChangedPredicate: filters resyncs only.
template <class Obj>
predicate<Obj> resource_version_changed() {
  return {"resource_version_changed", nullptr,
          [](const Obj& o, const Obj& n) { return o.metadata.resource_version != n.metadata.resource_version; },
          nullptr, nullptr};
}

// AnnotationChangedPredicate.
template <class Obj>
predicate<Obj> annotation_changed() {
  return {"annotation_changed", nullptr,
          [](const Obj& o, const Obj& n) { return o.metadata.annotations != n.metadata.annotations; }, nullptr,
          nullptr};
}

// LabelChangedPredicate.
template <class Obj>
predicate<Obj> label_changed() {
  return {"label_changed", nullptr, [](const Obj& o, const Obj& n) { return o.metadata.labels != n.metadata.labels; },
          nullptr, nullptr};
}

// predicate.Funcs: only the functions given filter.
template <class Obj>
predicate<Obj> funcs(std::string name, std::function<bool(const Obj&)> create,
                     std::function<bool(const Obj&, const Obj&)> update, std::function<bool(const Obj&)> remove,
                     std::function<bool(const Obj&)> generic = nullptr) {
  return {std::move(name), std::move(create), std::move(update), std::move(remove), std::move(generic)};
}

// predicate.NewPredicateFuncs: one filter on the object, applied to every
// event kind (for an update, to the new object).
template <class Obj>
predicate<Obj> new_predicate_funcs(std::string name, std::function<bool(const Obj&)> filter) {
  return {std::move(name), filter, [filter](const Obj&, const Obj& n) { return filter(n); }, filter, filter};
}

// predicate.Or: passes if any passes (an empty Or passes nothing, as upstream).
template <class Obj>
predicate<Obj> any_of(std::vector<predicate<Obj>> ps) {
  std::string name = "or(";
  for (std::size_t i = 0; i < ps.size(); ++i) name += (i ? "," : "") + ps[i].name;
  name += ")";
  auto shared = std::make_shared<const std::vector<predicate<Obj>>>(std::move(ps));
  return {std::move(name),
          [shared](const Obj& o) {
            for (const auto& p : *shared)
              if (p.on_create(o)) return true;
            return false;
          },
          [shared](const Obj& o, const Obj& n) {
            for (const auto& p : *shared)
              if (p.on_update(o, n)) return true;
            return false;
          },
          [shared](const Obj& o) {
            for (const auto& p : *shared)
              if (p.on_delete(o)) return true;
            return false;
          },
          [shared](const Obj& o) {
            for (const auto& p : *shared)
              if (p.on_generic(o)) return true;
            return false;
          }};
}

// predicate.Not.
template <class Obj>
predicate<Obj> negate(predicate<Obj> p) {
  auto shared = std::make_shared<const predicate<Obj>>(std::move(p));
  return {"not(" + shared->name + ")", [shared](const Obj& o) { return !shared->on_create(o); },
          [shared](const Obj& o, const Obj& n) { return !shared->on_update(o, n); },
          [shared](const Obj& o) { return !shared->on_delete(o); },
          [shared](const Obj& o) { return !shared->on_generic(o); }};
}

// A list of predicates is an And, as in builder.WithEventFilter / Watches.
template <class Obj>
bool passes_create(const std::vector<predicate<Obj>>& ps, const Obj& o) {
  for (const auto& p : ps)
    if (!p.on_create(o)) return false;
  return true;
}
template <class Obj>
bool passes_update(const std::vector<predicate<Obj>>& ps, const Obj& o, const Obj& n) {
  for (const auto& p : ps)
    if (!p.on_update(o, n)) return false;
  return true;
}
template <class Obj>
bool passes_delete(const std::vector<predicate<Obj>>& ps, const Obj& o) {
  for (const auto& p : ps)
    if (!p.on_delete(o)) return false;
  return true;
}

}  // namespace reconsim::model
