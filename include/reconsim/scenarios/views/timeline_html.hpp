#pragma once
// The pieces of a timeline page, so other pages (the design review) can
// embed several timelines in one document.
#include <string>
#include <string_view>

#include "reconsim/scenarios/views/timeline.hpp"

namespace reconsim::scenarios {

// Text as HTML / XML character data or a quoted attribute value: & < > " '
// escaped. Every string that comes from a trace, a scenario or a plan goes
// through it.
std::string html_escape(std::string_view text);

// <!DOCTYPE html>, <head> with the shared CSS and the hover script, <body>.
std::string timeline_page_begin(std::string_view title);
std::string timeline_page_end();

// One timeline as a <section> holding a legend and an <svg>; `id` must be
// unique in the page.
std::string timeline_section(const timeline& t, std::string_view id);

}  // namespace reconsim::scenarios
