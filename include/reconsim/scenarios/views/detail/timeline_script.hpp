#pragma once
// The timeline page's script: hover boxes, and zoom and pan on the virtual
// time axis. Kept apart from the page builder so each file has one job.
#include <string_view>

namespace reconsim::scenarios::detail {

// Plain JavaScript without '<' or '&', so the page stays well-formed XML
// (it sits in a CDATA section as well).
std::string_view timeline_script();

}  // namespace reconsim::scenarios::detail
