#pragma once
// The error every room of scenarios/ throws for bad input: an unknown
// scenario, variant or check, a plan that does not parse, a bad scenario
// file or override. It lives in spec/, the lowest room, so each room can
// throw it without reaching up.
#include <stdexcept>

namespace reconsim::scenarios {

// Bad input (unknown scenario or variant, a plan that does not parse, a bad
// scenario file): the message names the file, line and column where known.
class scenario_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace reconsim::scenarios
