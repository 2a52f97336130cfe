#pragma once
// Everything in the simulation kernel.
#include "reconsim/sim/actor.hpp"
#include "reconsim/sim/channel.hpp"
#include "reconsim/sim/condition.hpp"
#include "reconsim/sim/rng.hpp"
#include "reconsim/sim/time.hpp"
#include "reconsim/sim/timer.hpp"
#include "reconsim/sim/trace.hpp"
#include "reconsim/sim/world.hpp"
