#pragma once
// Typed reads from a YAML tree with positions: every mistake becomes a
// scenario_file_error naming file, line, column, the field's path and what was
// expected (yaml-cpp's Mark is 0-based; messages are 1-based).
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reconsim/scenarios/spec/scenario_file.hpp"

namespace reconsim::scenarios::detail {

using field_list = std::vector<std::string_view>;

std::string child(const std::string& path, std::string_view name);
std::string item(const std::string& path, std::size_t index);
std::string join(field_list names);

class yaml_reader {
 public:
  yaml_reader(std::string file, std::string_view text);

  [[noreturn]] void fail(const YAML::Node& at, const std::string& path, const std::string& problem,
                         const std::string& expected) const;
  [[noreturn]] void fail_at(int line, int column, const std::string& path, const std::string& problem,
                            const std::string& expected) const;

  // Unknown and duplicate keys, at the key's position.
  void check_fields(const YAML::Node& map, const std::string& path, field_list allowed) const;
  // The value of `name`, or an undefined node when absent or null.
  static YAML::Node field(const YAML::Node& map, std::string_view name);
  static bool has(const YAML::Node& map, std::string_view name) { return field(map, name).IsDefined(); }
  // The required field `name` of `map` (fails at the map when absent).
  YAML::Node required(const YAML::Node& map, const std::string& path, std::string_view name,
                      const std::string& expected) const;

  void expect_map(const YAML::Node& n, const std::string& path) const;
  void expect_list(const YAML::Node& n, const std::string& path) const;
  std::string string_value(const YAML::Node& n, const std::string& path) const;
  std::int64_t int_value(const YAML::Node& n, const std::string& path, std::int64_t lo, std::int64_t hi) const;
  std::uint64_t uint_value(const YAML::Node& n, const std::string& path) const;
  double number_value(const YAML::Node& n, const std::string& path, double lo, double hi) const;
  bool bool_value(const YAML::Node& n, const std::string& path) const;
  sim::duration duration_value(const YAML::Node& n, const std::string& path) const;
  // One of `choices`, spelled exactly.
  std::string choice_value(const YAML::Node& n, const std::string& path, field_list choices) const;

  // The 1-based file position of 1-based (line, column) inside the text of
  // the string scalar `n`: exact for block scalars (| and >, whose lines
  // keep their line breaks) and for scalars on one line.
  std::pair<int, int> position_in(const YAML::Node& n, int line, int column) const;

  const std::string& file() const noexcept { return file_; }
  // Every path read so far with its 1-based (line, column): checks made
  // after loading (to_spec) still point into the file.
  const std::map<std::string, std::pair<int, int>>& positions() const noexcept { return positions_; }

 private:
  void note(const YAML::Node& n, const std::string& path) const;

  std::string file_;
  std::vector<std::string> lines_;
  mutable std::map<std::string, std::pair<int, int>> positions_;
};

}  // namespace reconsim::scenarios::detail
