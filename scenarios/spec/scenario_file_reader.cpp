#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "reconsim/scenarios/spec/detail/yaml_reader.hpp"

namespace reconsim::scenarios {

namespace detail {

std::string child(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

std::string item(const std::string& path, std::size_t index) { return path + "[" + std::to_string(index) + "]"; }

std::string join(field_list names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

namespace {

std::string kind_of(const YAML::Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  if (n.IsNull()) return "null";
  return "'" + n.Scalar() + "'";
}

bool plain(const YAML::Node& n) { return n.IsScalar() && n.Tag() == "?"; }

}  // namespace

yaml_reader::yaml_reader(std::string file, std::string_view text) : file_(std::move(file)) {
  std::string line;
  std::istringstream in{std::string(text)};
  while (std::getline(in, line)) lines_.push_back(line);
}

void yaml_reader::fail(const YAML::Node& at, const std::string& path, const std::string& problem,
                       const std::string& expected) const {
  const YAML::Mark m = at.Mark();
  fail_at(m.line + 1, m.column + 1, path, problem, expected);
}

void yaml_reader::fail_at(int line, int column, const std::string& path, const std::string& problem,
                          const std::string& expected) const {
  throw scenario_file_error(file_, line, column, path, problem, expected);
}

void yaml_reader::note(const YAML::Node& n, const std::string& path) const {
  const YAML::Mark m = n.Mark();
  if (m.line >= 0 && m.column >= 0) positions_.emplace(path, std::pair<int, int>{m.line + 1, m.column + 1});
}

void yaml_reader::check_fields(const YAML::Node& map, const std::string& path, field_list allowed) const {
  expect_map(map, path);
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;  // a handle: it->first is a temporary proxy
    if (!key.IsScalar()) fail(key, path, "a field name must be a string", "one of: " + join(allowed));
    const std::string& k = key.Scalar();
    if (!seen.insert(k).second) fail(key, child(path, k), "duplicate field", "each field once");
    if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
      fail(key, child(path, k), "unknown field '" + k + "'", "one of: " + join(allowed));
  }
}

YAML::Node yaml_reader::field(const YAML::Node& map, std::string_view name) {
  for (auto it = map.begin(); it != map.end(); ++it)
    if (it->first.IsScalar() && it->first.Scalar() == name && !it->second.IsNull()) return it->second;
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node yaml_reader::required(const YAML::Node& map, const std::string& path, std::string_view name,
                                 const std::string& expected) const {
  YAML::Node n = field(map, name);
  if (!n.IsDefined()) fail(map, child(path, name), "missing required field '" + std::string(name) + "'", expected);
  return n;
}

void yaml_reader::expect_map(const YAML::Node& n, const std::string& path) const {
  note(n, path);
  if (!n.IsMap()) fail(n, path, "got " + kind_of(n), "a mapping");
}

void yaml_reader::expect_list(const YAML::Node& n, const std::string& path) const {
  note(n, path);
  if (!n.IsSequence()) fail(n, path, "got " + kind_of(n), "a list");
}

std::string yaml_reader::string_value(const YAML::Node& n, const std::string& path) const {
  note(n, path);
  if (!n.IsScalar()) fail(n, path, "got " + kind_of(n), "a string");
  return n.Scalar();
}

std::int64_t yaml_reader::int_value(const YAML::Node& n, const std::string& path, std::int64_t lo,
                                    std::int64_t hi) const {
  note(n, path);
  const std::string range = "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  if (!plain(n)) fail(n, path, "got " + kind_of(n), range);
  std::int64_t v = 0;
  std::istringstream in(n.Scalar());
  if (!(in >> v) || !in.eof()) fail(n, path, "got " + kind_of(n), range);
  if (v < lo || v > hi) fail(n, path, std::to_string(v) + " is out of range", range);
  return v;
}

std::uint64_t yaml_reader::uint_value(const YAML::Node& n, const std::string& path) const {
  note(n, path);
  const std::string what = "an unsigned 64-bit integer";
  if (!plain(n) || n.Scalar().empty() || !std::isdigit(static_cast<unsigned char>(n.Scalar()[0])))
    fail(n, path, "got " + (n.IsScalar() ? kind_of(n) : kind_of(n)), what);
  std::uint64_t v = 0;
  std::istringstream in(n.Scalar());
  if (!(in >> v) || !in.eof()) fail(n, path, "got " + kind_of(n), what);
  return v;
}

double yaml_reader::number_value(const YAML::Node& n, const std::string& path, double lo, double hi) const {
  note(n, path);
  std::ostringstream want;
  want << "a number in [" << lo << ", " << hi << "]";
  if (!plain(n)) fail(n, path, "got " + kind_of(n), want.str());
  double v = 0;
  std::istringstream in(n.Scalar());
  in.imbue(std::locale::classic());
  if (!(in >> v) || !in.eof() || !std::isfinite(v)) fail(n, path, "got " + kind_of(n), want.str());
  if (v < lo || v > hi) fail(n, path, n.Scalar() + " is out of range", want.str());
  return v;
}

bool yaml_reader::bool_value(const YAML::Node& n, const std::string& path) const {
  note(n, path);
  if (plain(n)) {
    if (n.Scalar() == "true") return true;
    if (n.Scalar() == "false") return false;
  }
  fail(n, path, "got " + kind_of(n), "true or false");
}

sim::duration yaml_reader::duration_value(const YAML::Node& n, const std::string& path) const {
  note(n, path);
  const std::string want = "a duration (e.g. 500ms, 5s, 3m)";
  if (!n.IsScalar()) fail(n, path, "got " + kind_of(n), want);
  sim::duration d{};
  const sim::duration_status status = sim::parse_duration_status(n.Scalar(), d);
  if (status == sim::duration_status::too_large || status == sim::duration_status::too_fine) {
    fail(n, path, sim::describe(status), want);
  }
  if (status != sim::duration_status::ok) fail(n, path, "got " + kind_of(n), want);
  if (d < sim::duration::zero()) fail(n, path, "a negative duration", want);
  return d;
}

std::string yaml_reader::choice_value(const YAML::Node& n, const std::string& path, field_list choices) const {
  note(n, path);
  const std::string want = "one of: " + join(choices);
  if (!n.IsScalar()) fail(n, path, "got " + kind_of(n), want);
  if (std::find(choices.begin(), choices.end(), n.Scalar()) == choices.end())
    fail(n, path, "got " + kind_of(n), want);
  return n.Scalar();
}

std::pair<int, int> yaml_reader::position_in(const YAML::Node& n, int line, int column) const {
  const YAML::Mark m = n.Mark();
  const auto at = static_cast<std::size_t>(m.line);
  const char lead = at < lines_.size() && static_cast<std::size_t>(m.column) < lines_[at].size()
                        ? lines_[at][static_cast<std::size_t>(m.column)]
                        : '\0';
  if (lead == '|' || lead == '>') {
    // The content starts on the next line, indented like its first
    // non-blank line.
    std::size_t indent = 0;
    for (std::size_t i = at + 1; i < lines_.size(); ++i) {
      const std::string& l = lines_[i];
      const std::size_t first = l.find_first_not_of(' ');
      if (first == std::string::npos) continue;
      indent = first;
      break;
    }
    return {m.line + 1 + line, static_cast<int>(indent) + column};
  }
  const int quote = lead == '"' || lead == '\'' ? 1 : 0;
  return {m.line + line, line == 1 ? m.column + quote + column : column};
}

}  // namespace detail
}  // namespace reconsim::scenarios
