// The virtiofs model: the pod sees its writes at once, the host after a
// sync latency that grows with load (seeds 000 and 001), in per-path order,
// with read-only directories and ENOSPC a fault plan can switch.
#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "reconsim/faults/virtiofs.hpp"
#include "reconsim/sim.hpp"

using namespace reconsim;
using namespace std::chrono_literals;
using faults::virtiofs;
using faults::virtiofs_options;
using model::fs_errc;

namespace {

// Every sync takes exactly d: times in the tests below are exact.
virtiofs_options fixed_latency(sim::duration d) {
  virtiofs_options o;
  o.latency.anchors = {{1, d, d}};
  o.latency.tail_probability = 0;
  return o;
}

sim::time_point at(sim::duration d) { return sim::time_point(d); }

std::vector<sim::duration> draws(std::uint64_t seed, int load, int n) {
  sim::world w(seed);
  virtiofs fs(w);
  fs.set_load(load);
  std::vector<sim::duration> out;
  for (int i = 0; i < n; ++i) out.push_back(fs.draw_latency());
  std::sort(out.begin(), out.end());
  return out;
}

sim::duration quantile(const std::vector<sim::duration>& sorted, double q) {
  return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

}  // namespace

TEST_CASE("a file written at t is absent on the host before t + latency and present from then on") {
  sim::world w(7);
  virtiofs fs(w, fixed_latency(300ms));
  std::vector<bool> seen;
  w.spawn("controller", [&] {
    sim::sleep_until(at(1s));
    REQUIRE(fs.guest().mkdir_all("/tmp/notifications") == fs_errc::ok);
    REQUIRE(fs.guest().write_file("/tmp/notifications/a.json", "{}") == fs_errc::ok);
    CHECK(fs.guest().exists("/tmp/notifications/a.json"));  // the pod sees it at once
  });
  w.spawn("test", [&] {
    for (sim::duration t : std::vector<sim::duration>{1s, 1s + 299ms, 1s + 300ms - 1ns, 1s + 300ms, 2s}) {
      sim::sleep_until(at(t));
      seen.push_back(fs.host().exists("/tmp/notifications/a.json"));
    }
  });
  REQUIRE(w.run().ok());
  CHECK(seen == std::vector<bool>{false, false, false, true, true});
  const auto& ev = w.trace().events();
  auto vis = std::find_if(ev.begin(), ev.end(), [](const sim::trace_event& e) {
    return e.kind == "fs.visible_on_host" && e.get_string("op") == "write";
  });
  REQUIRE(vis != ev.end());
  CHECK(vis->at == at(1s + 300ms));
  CHECK(vis->get_int("latency") == std::chrono::nanoseconds(300ms).count());
}

TEST_CASE("listing and reading on the host reflect only what is visible there") {
  sim::world w(7);
  virtiofs fs(w, fixed_latency(1s));
  w.spawn("controller", [&] {
    REQUIRE(fs.guest().mkdir_all("/d") == fs_errc::ok);
    sim::sleep_until(at(2s));
    REQUIRE(fs.guest().write_file("/d/a", "1") == fs_errc::ok);
    sim::sleep_until(at(2500ms));
    REQUIRE(fs.guest().write_file("/d/a", "2") == fs_errc::ok);
    REQUIRE(fs.guest().write_file("/d/b", "3") == fs_errc::ok);
  });
  w.spawn("test", [&] {
    sim::sleep_until(at(500ms));
    CHECK(fs.host().list_dir("/d").error == fs_errc::enoent);
    sim::sleep_until(at(3s));
    CHECK(fs.host().list_dir("/d").value == std::vector<std::string>{"a"});
    CHECK(fs.host().read_file("/d/a").value == "1");
    sim::sleep_until(at(3500ms));
    CHECK(fs.host().list_dir("/d").value == std::vector<std::string>{"a", "b"});
    CHECK(fs.host().read_file("/d/a").value == "2");
    CHECK(fs.pending() == 0);
  });
  REQUIRE(w.run().ok());
}

TEST_CASE("the host view is read-only") {
  sim::world w(1);
  virtiofs fs(w);
  CHECK(fs.host().write_file("/x", "a") == fs_errc::erofs);
  CHECK(fs.host().mkdir_all("/x") == fs_errc::erofs);
  CHECK(fs.host().remove("/x") == fs_errc::erofs);
}

TEST_CASE("latency ranges follow the seeds: 100-500 ms at rest, 1-2 s light, 3-4 s heavy") {
  const int n = 4000;
  const auto rest = draws(42, 1, n);
  const auto light = draws(42, 3, n);
  const auto heavy = draws(42, 12, n);
  CHECK(quantile(rest, 0.0) >= 100ms);
  CHECK(quantile(rest, 0.9) <= 500ms);
  CHECK(quantile(light, 0.05) >= 1s);
  CHECK(quantile(light, 0.9) <= 2s);
  CHECK(quantile(heavy, 0.05) >= 3s);
  CHECK(quantile(heavy, 0.9) <= 4s);
  // The "+" of "3-4 s+": some heavy-load syncs take longer than 4 s.
  CHECK(quantile(heavy, 0.999) > 4s);
  CHECK(quantile(heavy, 1.0) <= 8s);
  // Medians are ordered by load, also between the anchors.
  const auto mid = draws(42, 7, n);
  CHECK(quantile(rest, 0.5) < quantile(light, 0.5));
  CHECK(quantile(light, 0.5) < quantile(mid, 0.5));
  CHECK(quantile(mid, 0.5) < quantile(heavy, 0.5));
}

TEST_CASE("a lognormal shape keeps about 90% of syncs inside the anchor range") {
  sim::world w(3);
  virtiofs_options o;
  o.latency.shape = faults::latency_shape::lognormal;
  o.latency.tail_probability = 0;
  virtiofs fs(w, o);
  fs.set_load(3);
  int inside = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto d = fs.draw_latency();
    inside += d >= 1s && d <= 2s;
  }
  CHECK(inside > 1700);
  CHECK(inside < 1900);
}

TEST_CASE("interpolated latency ranges are exact") {
  const faults::latency_options o;
  CHECK(faults::latency_range_at(o, 0).min == 100ms);
  CHECK(faults::latency_range_at(o, 2).min == 550ms);
  CHECK(faults::latency_range_at(o, 2).max == 1250ms);
  CHECK(faults::latency_range_at(o, 30).max == 4s);
}

TEST_CASE("a load change applies to operations from then on") {
  sim::world w(5);
  virtiofs fs(w);
  w.spawn("controller", [&] {
    REQUIRE(fs.guest().write_file("/a", "x") == fs_errc::ok);
    fs.set_load(12);
    REQUIRE(fs.guest().write_file("/b", "x") == fs_errc::ok);
  });
  REQUIRE(w.run().ok());
  std::vector<std::int64_t> latency;
  for (const auto& e : w.trace().events()) {
    if (e.kind == "fs.write") latency.push_back(e.get_int("latency"));
  }
  REQUIRE(latency.size() == 2);
  CHECK(latency[0] <= std::chrono::nanoseconds(1s).count());
  CHECK(latency[1] >= std::chrono::nanoseconds(3s).count());
}

TEST_CASE("the host never sees a rename before the write it renames, under any latencies") {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    sim::world w(seed);
    virtiofs fs(w);
    std::vector<std::string> listing_errors;
    w.spawn("controller", [&] {
      REQUIRE(fs.guest().mkdir_all("/tmp/notifications") == fs_errc::ok);
      for (int i = 0; i < 20; ++i) {
        fs.set_load(1 + (i * 5) % 13);  // load swings, so later ops draw shorter latencies
        const std::string name = "/tmp/notifications/n" + std::to_string(i);
        REQUIRE(fs.guest().write_file(name + ".tmp", "data") == fs_errc::ok);
        REQUIRE(fs.guest().rename(name + ".tmp", name + ".json") == fs_errc::ok);
        sim::sleep_for(50ms);
      }
    });
    w.spawn("test", [&] {
      for (int k = 0; k < 400; ++k) {
        // A visible final file always has its full content.
        auto names = fs.host().list_dir("/tmp/notifications");
        for (const std::string& n : names.value) {
          if (n.ends_with(".json") && fs.host().read_file("/tmp/notifications/" + n).value != "data") {
            listing_errors.push_back(n);
          }
        }
        sim::sleep_for(25ms);
      }
    });
    REQUIRE(w.run().ok());
    CHECK(listing_errors.empty());
    for (const auto& e : w.trace().events()) CHECK(e.kind != "fs.host_anomaly");
    CHECK(fs.host().list_dir("/tmp/notifications").value == fs.guest().list_dir("/tmp/notifications").value);
  }
}

TEST_CASE("a directory removed after its files reaches the host after them") {
  sim::world w(9);
  virtiofs_options o;
  o.latency.anchors = {{1, 100ms, 3s}};
  virtiofs fs(w, o);
  w.spawn("cleanup", [&] {
    for (int i = 0; i < 10; ++i) {
      REQUIRE(fs.guest().mkdir_all("/d") == fs_errc::ok);
      REQUIRE(fs.guest().write_file("/d/f", "x") == fs_errc::ok);
      REQUIRE(fs.guest().remove("/d/f") == fs_errc::ok);
      REQUIRE(fs.guest().remove("/d") == fs_errc::ok);
    }
  });
  REQUIRE(w.run().ok());
  for (const auto& e : w.trace().events()) CHECK(e.kind != "fs.host_anomaly");
  CHECK_FALSE(fs.host().exists("/d"));
}

TEST_CASE("fsync does not shorten host latency unless the option says it flushes") {
  auto visible_after_fsync = [](bool flushes) {
    sim::world w(11);
    virtiofs_options o = fixed_latency(2s);
    o.fsync_flushes_host = flushes;
    o.fsync_latency = 5ms;
    virtiofs fs(w, o);
    sim::time_point returned{};
    sim::time_point seen{};
    w.spawn("controller", [&] {
      REQUIRE(fs.guest().write_file("/f", "x") == fs_errc::ok);
      REQUIRE(fs.guest().fsync("/f") == fs_errc::ok);
      returned = sim::now();
    });
    w.spawn("test", [&] {
      while (!fs.host().exists("/f")) sim::sleep_for(1ms);
      seen = sim::now();
    });
    REQUIRE(w.run().ok());
    return std::make_pair(returned, seen);
  };
  SECTION("fsync flushes the guest only (default)") {
    auto [returned, seen] = visible_after_fsync(false);
    CHECK(returned == at(0s));
    CHECK(seen == at(2s));
  }
  SECTION("fsync is a barrier to the host") {
    auto [returned, seen] = visible_after_fsync(true);
    CHECK(returned == at(5ms));
    CHECK(seen == at(5ms));
  }
}

TEST_CASE("an fsync of the temp file does not flush a rename made after it") {
  sim::world w(11);
  virtiofs_options o = fixed_latency(2s);
  o.fsync_flushes_host = true;
  virtiofs fs(w, o);
  w.spawn("controller", [&] {
    REQUIRE(fs.guest().write_file("/f.tmp", "x") == fs_errc::ok);
    REQUIRE(fs.guest().fsync("/f.tmp") == fs_errc::ok);
    REQUIRE(fs.guest().rename("/f.tmp", "/f") == fs_errc::ok);
  });
  bool tmp_at_1s = false;
  bool final_at_1s = true;
  w.spawn("test", [&] {
    sim::sleep_until(at(1s));
    tmp_at_1s = fs.host().exists("/f.tmp");
    final_at_1s = fs.host().exists("/f");
  });
  REQUIRE(w.run().ok());
  CHECK(tmp_at_1s);
  CHECK_FALSE(final_at_1s);
  CHECK(fs.host().exists("/f"));
}

TEST_CASE("a read-only directory fails writes with EACCES exactly while it is read-only") {
  sim::world w(13);
  virtiofs fs(w, fixed_latency(100ms));
  sim::call_at(w, at(12s), [&] { fs.set_writable("/tmp/notifications", false); });
  sim::call_at(w, at(42s), [&] { fs.set_writable("/tmp/notifications", true); });
  std::vector<std::pair<std::int64_t, fs_errc>> results;
  w.spawn("controller", [&] {
    REQUIRE(fs.guest().mkdir_all("/tmp/notifications") == fs_errc::ok);
    for (int s = 0; s <= 50; s += 2) {
      sim::sleep_until(at(std::chrono::seconds(s)));
      results.emplace_back(s, fs.guest().write_file("/tmp/notifications/f" + std::to_string(s), "x"));
    }
  });
  REQUIRE(w.run().ok());
  for (auto [s, e] : results) {
    INFO("t=" << s << "s");
    CHECK(e == (s >= 12 && s < 42 ? fs_errc::eacces : fs_errc::ok));
  }
  int chmods = 0;
  for (const auto& e : w.trace().events()) {
    if (e.kind == "fault.chmod") {
      CHECK(e.at == at(chmods == 0 ? 12s : 42s));
      CHECK(e.get_string("mode") == (chmods == 0 ? "ro" : "rw"));
      ++chmods;
    }
  }
  CHECK(chmods == 2);
}

TEST_CASE("read-only covers creating, renaming and removing entries below the directory") {
  sim::world w(1);
  virtiofs fs(w);
  REQUIRE(fs.guest().mkdir_all("/ro/sub") == fs_errc::ok);
  REQUIRE(fs.guest().write_file("/ro/sub/f", "x") == fs_errc::ok);
  fs.set_writable("/ro", false);
  CHECK(fs.guest().write_file("/ro/sub/g", "x") == fs_errc::eacces);
  CHECK(fs.guest().mkdir_all("/ro/new") == fs_errc::eacces);
  CHECK(fs.guest().rename("/ro/sub/f", "/f") == fs_errc::eacces);
  CHECK(fs.guest().remove("/ro/sub/f") == fs_errc::eacces);
  CHECK(fs.guest().mkdir_all("/ro/sub") == fs_errc::ok);  // nothing to create
  CHECK(fs.guest().read_file("/ro/sub/f").value == "x");
}

TEST_CASE("ENOSPC by flag and by capacity") {
  sim::world w(1);
  virtiofs_options o;
  o.capacity_bytes = 10;
  virtiofs fs(w, o);
  REQUIRE(fs.guest().mkdir_all("/d") == fs_errc::ok);
  CHECK(fs.guest().write_file("/d/a", "12345678") == fs_errc::ok);
  CHECK(fs.guest().write_file("/d/b", "123") == fs_errc::enospc);
  CHECK(fs.guest().write_file("/d/a", "1234567890") == fs_errc::ok);  // replaces, fits
  fs.set_full("/d", true);
  CHECK(fs.guest().write_file("/d/a", "1") == fs_errc::enospc);
  CHECK(fs.guest().mkdir_all("/d/e") == fs_errc::enospc);
  CHECK(fs.guest().remove("/d/a") == fs_errc::ok);  // freeing space always works
  fs.set_full("/d", false);
  CHECK(fs.guest().write_file("/d/a", "1") == fs_errc::ok);
}

TEST_CASE("a probabilistic fault point fails operations from its own stream only") {
  // Adding a second point elsewhere must not change where the first fires.
  auto run = [](bool second_point) {
    sim::world w(21);
    virtiofs fs(w);
    REQUIRE(fs.guest().mkdir_all("/d") == fs_errc::ok);
    REQUIRE(fs.guest().mkdir_all("/e") == fs_errc::ok);
    fs.set_fault_probability(faults::fs_fault::eio, "/d", 0.3, "fault.point.eio./d");
    if (second_point) fs.set_fault_probability(faults::fs_fault::enospc, "/e", 0.5, "fault.point.enospc./e");
    std::vector<fs_errc> d;
    std::vector<fs_errc> e;
    for (int i = 0; i < 40; ++i) {
      d.push_back(fs.guest().write_file("/d/f", "x"));
      e.push_back(fs.guest().write_file("/e/f", "x"));
    }
    return std::make_pair(d, e);
  };
  auto [d1, e1] = run(false);
  auto [d2, e2] = run(true);
  const auto eio = std::count(d1.begin(), d1.end(), fs_errc::eio);
  CHECK(eio > 0);
  CHECK(eio + std::count(d1.begin(), d1.end(), fs_errc::ok) == 40);
  CHECK(d1 == d2);
  CHECK(std::count(e1.begin(), e1.end(), fs_errc::ok) == 40);
  CHECK(std::count(e2.begin(), e2.end(), fs_errc::enospc) > 0);
}

TEST_CASE("the same seed gives the same trace; another seed another") {
  auto hash = [](std::uint64_t seed) {
    sim::world w(seed);
    virtiofs fs(w);
    fs.set_load(4);
    w.spawn("controller", [&] {
      for (int i = 0; i < 10; ++i) REQUIRE(fs.guest().write_file("/f" + std::to_string(i), "x") == fs_errc::ok);
    });
    REQUIRE(w.run().ok());
    return w.trace().hash();
  };
  CHECK(hash(1) == hash(1));
  CHECK(hash(1) != hash(2));
}
