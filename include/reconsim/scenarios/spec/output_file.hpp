#pragma once
// Every file reconsim writes (repro, trace, timeline, Chrome trace, SVG,
// HTML, JSON, JUnit) goes through here: all or nothing, errors checked.
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

namespace reconsim::scenarios {

// Writes `path` atomically: the content goes to "<path>.tmp.<pid>" in the same
// directory, the stream is flushed and closed and checked, then the file is
// renamed over `path`. A process killed at any moment leaves the old file or
// the new one, never a truncated one (a power cut may still lose the rename:
// there is no fsync). Throws scenario_error naming the file, `what` it is and
// why it could not be written; the temporary file is removed.
void write_file_atomically(const std::string& path, std::string_view what,
                           const std::function<void(std::ostream&)>& write);
void write_file_atomically(const std::string& path, std::string_view what, std::string_view text);

}  // namespace reconsim::scenarios
