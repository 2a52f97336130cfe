#pragma once
// What an actor may do to itself. All of it is in virtual time: Boost's own
// sleep_for (real time) must never be used inside a world.
#include <string>
#include <vector>

#include "reconsim/sim/time.hpp"
#include "reconsim/sim/trace.hpp"

namespace reconsim::sim {

void sleep_for(duration d);
void sleep_until(time_point t);
// Lets every other ready actor run first; time does not move.
void yield();
// Name of the running actor ("" outside an actor).
const std::string& self_name() noexcept;
// Records a trace event at now() from the running actor.
void emit(symbol kind, std::vector<field> fields);
void emit(symbol kind, std::initializer_list<field_view> fields = {});

}  // namespace reconsim::sim
