#pragma once
// Where a bad input sits and what was expected there, for the YAML readers'
// errors (manifests here, scenario files in the scenarios layer). Not an
// exception itself: each error derives from this and from its own
// exception type, so there is one std::exception base and a caller may
// catch either the layer's error or this.
#include <string>
#include <utility>

namespace reconsim::model {

class positioned_error {
 public:
  positioned_error(std::string file, int line, int column, std::string path, std::string problem,
                   std::string expected)
      : file_(std::move(file)),
        line_(line),
        column_(column),
        path_(std::move(path)),
        problem_(std::move(problem)),
        expected_(std::move(expected)) {}

  const std::string& file() const noexcept { return file_; }
  int line() const noexcept { return line_; }      // 1-based; 0 when unknown
  int column() const noexcept { return column_; }  // 1-based; 0 when unknown
  const std::string& path() const noexcept { return path_; }  // "spec.retryPolicy.maxAttempts"; "" when none
  const std::string& problem() const noexcept { return problem_; }
  const std::string& expected() const noexcept { return expected_; }

  // "file:line:column: path: problem; expected ...", without "path: " or
  // "; expected ..." when that part is empty.
  std::string message() const {
    return file_ + ":" + std::to_string(line_) + ":" + std::to_string(column_) + ": " +
           (path_.empty() ? std::string() : path_ + ": ") + problem_ +
           (expected_.empty() ? std::string() : "; expected " + expected_);
  }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string path_;
  std::string problem_;
  std::string expected_;
};

}  // namespace reconsim::model
