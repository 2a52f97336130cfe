#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "probe.hpp"
#include "set_option.hpp"

namespace reconsim::cli {

void register_probe(CLI::App& app, int& exit_code) {
  auto* probe = app.add_subcommand("probe", "Run the determinism probe and print its trace hash");
  auto seed = std::make_shared<std::uint64_t>(7);
  auto policy = std::make_shared<std::string>("random");
  add_seed_option(probe, *seed, "Root seed (default 7)");
  probe->add_option("--policy", *policy, "Schedule policy")->check(CLI::IsMember({"fifo", "random", "pct"}))->capture_default_str();
  probe->callback([seed, policy, &exit_code] {
    sim::schedule_policy p{};
    sim::parse_schedule_policy(*policy, p);
    const probe_result r = run_determinism_probe(*seed, p);
    std::cout << fmt::format("probe seed={} policy={} events={} trace_events={} virtual_s={:.6f} trace_hash={}\n", *seed,
                             *policy, r.events, r.trace_events, r.virtual_s, r.trace_hash);
    exit_code = exit_ok;
  });
}

}  // namespace reconsim::cli
