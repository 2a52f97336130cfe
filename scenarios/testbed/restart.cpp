// `restart controller`: the controller process crashes and a new one
// starts, as the kubelet restarts a crashed container. controller-runtime's
// manager then starts again from nothing: a fresh informer lists every
// object (each is enqueued once, from the initial list) and the workers
// start only once that cache has synced.
#include <stdexcept>

#include "reconsim/sim/timer.hpp"
#include "testbed.hpp"

namespace reconsim::scenarios::detail {

bool controller_process::owns(std::string_view actor) const {
  const std::string& name = ctl.name();
  if (actor == "informer." + inf.options().name || actor == name + ".start") return true;
  return actor.starts_with(name + ".worker-");
}

void testbed::restart(std::string_view component, sim::duration down) {
  // plan_targets_of lists "controller" as the only component.
  if (component != "controller") throw std::invalid_argument("restart: unknown component " + std::string(component));
  controller_process& dying = controller();
  std::size_t killed = 0;
  if (dying.started && !finished) {
    dying.stop();
    killed = world->kill([&dying](std::string_view actor) { return dying.owns(actor); });
  }
  world->emit("fault.restart", {{"component", std::string(component)}, {"down", down}, {"killed", killed}});
  if (killed == 0) return;  // not running: nothing crashed, nothing comes back
  processes.push_back(std::make_unique<controller_process>(store, channels(), &audit, *spec));
  sim::call_at(*world, world->now() + down, [this] {
    if (finished) return;
    world->emit("controller.restarted", {{"incarnation", processes.size()}});
    controller().start();
  });
}

}  // namespace reconsim::scenarios::detail
