#include "reconsim/scenarios/views/timeline_files.hpp"

#include <fmt/format.h>

#include "reconsim/scenarios/spec/output_file.hpp"
#include "reconsim/scenarios/views/chrome_trace.hpp"
#include "reconsim/scenarios/views/timeline.hpp"

namespace reconsim::scenarios {

namespace {
void write_text(const std::string& path, const std::string& text, std::string_view what) {
  write_file_atomically(path, what, text);
}
}  // namespace

void write_timeline_html(const run_result& r, const std::string& path) { write_text(path, timeline_html(r), "timeline"); }

void write_chrome_trace(const run_result& r, const std::string& path) {
  write_text(path, chrome_trace(r).dump() + "\n", "Chrome trace");
}

}  // namespace reconsim::scenarios
