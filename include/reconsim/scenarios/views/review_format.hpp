#pragma once
// A design review (search/review.hpp) as a person reads it: a table per
// variant in text, or one HTML page.
#include <nlohmann/json.hpp>
#include <string>

#include "reconsim/scenarios/search/review.hpp"

namespace reconsim::scenarios {

std::string format_review_text(const review_result& r);
// One page: the table side by side, then one failing run's timeline per
// variant (self-contained HTML).
std::string review_html(const review_result& r);
// The same numbers as one JSON object (review_json.cpp).
nlohmann::json review_json(const review_result& r);

}  // namespace reconsim::scenarios
