#include "reconsim/scenarios/spec/output_file.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "reconsim/scenarios/spec/error.hpp"

namespace reconsim::scenarios {

void write_file_atomically(const std::string& path, std::string_view what,
                           const std::function<void(std::ostream&)>& write) {
  const std::string temp = fmt::format("{}.tmp.{}", path, ::getpid());
  const auto fail = [&](const std::string& why) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw scenario_error(fmt::format("{}: cannot write the {}: {}", path, what, why));
  };
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) fail(std::strerror(errno));
    try {
      write(out);
    } catch (...) {
      out.close();
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw;
    }
    out.flush();
    if (!out) fail("write failed (disk full?)");
    out.close();
    if (out.fail()) fail("close failed");
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) fail(ec.message());
}

void write_file_atomically(const std::string& path, std::string_view what, std::string_view text) {
  write_file_atomically(path, what, [&](std::ostream& out) { out.write(text.data(), static_cast<std::streamsize>(text.size())); });
}

}  // namespace reconsim::scenarios
