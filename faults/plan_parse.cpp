// The plan text parser: a tokenizer that keeps line and column, and a
// recursive-descent reader of one statement at a time. Every error says
// where, what was expected and what was found.
#include <charconv>
#include <cstdint>
#include <stdexcept>

#include "reconsim/faults/plan.hpp"

namespace reconsim::faults {

namespace {

struct token {
  std::string text;
  int line = 1;
  int column = 1;
};

// Tokens of one statement. ':' is a token of its own, so "12s:" and
// "12s :" read the same; '#' comments run to the end of the line.
std::vector<std::vector<token>> tokenize(std::string_view text, std::vector<token>& ends) {
  std::vector<std::vector<token>> statements(1);
  ends.assign(1, token{});
  int line = 1;
  int column = 1;
  auto end_statement = [&] {
    ends.back() = token{"", line, column};
    statements.emplace_back();
    ends.emplace_back();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n' || c == ';') {
      end_statement();
      if (c == '\n') {
        ++line;
        column = 0;
      }
    } else if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i, ++column;
    } else if (c == ':') {
      statements.back().push_back({":", line, column});
    } else if (c != ' ' && c != '\t' && c != '\r') {
      token t{"", line, column};
      while (i < text.size() && std::string_view(" \t\r\n;#:").find(text[i]) == std::string_view::npos) {
        t.text += text[i++];
        ++column;
      }
      statements.back().push_back(std::move(t));
      continue;
    }
    ++i;
    ++column;
  }
  ends.back() = token{"", line, column};
  return statements;
}

struct failure {
  parse_error error;
};

class reader {
 public:
  reader(const std::vector<token>& toks, const token& end) : toks_(toks), end_(end) {}

  bool at_end() const { return pos_ >= toks_.size(); }
  const token& peek() const { return at_end() ? end_ : toks_[pos_]; }

  [[noreturn]] void fail(const std::string& expected) const {
    const token& t = peek();
    throw failure{{t.line, t.column, expected, at_end() ? "end of statement" : t.text}};
  }
  const std::string& next(const std::string& expected) {
    if (at_end()) fail(expected);
    return toks_[pos_++].text;
  }
  void expect(const std::string& word) {
    if (at_end() || peek().text != word) fail("'" + word + "'");
    ++pos_;
  }
  void expect_end() {
    if (!at_end()) fail("end of statement");
  }

  sim::duration duration() {
    const std::string what = "a duration (e.g. 12s, 250ms)";
    sim::duration d{};
    if (at_end()) fail(what);
    const sim::duration_status status = sim::parse_duration_status(peek().text, d);
    // Say why a number with a unit was refused ("duration too large: ...").
    if (status == sim::duration_status::too_large || status == sim::duration_status::too_fine) {
      fail(what + " (" + sim::describe(status) + ")");
    }
    if (status != sim::duration_status::ok || d < sim::duration::zero()) fail(what);
    ++pos_;
    return d;
  }
  double probability() {
    const std::string what = "a probability in [0, 1]";
    if (at_end()) fail(what);
    const std::string& t = peek().text;
    double p = -1;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), p);
    if (ec != std::errc() || end != t.data() + t.size() || !(p >= 0 && p <= 1)) fail(what);
    ++pos_;
    return p;
  }
  int integer(const std::string& what, int min) {
    if (at_end()) fail(what);
    const std::string& t = peek().text;
    int v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || v < min || v > 1'000'000) fail(what);
    ++pos_;
    return v;
  }
  std::string path() {
    const std::string what = "an absolute path";
    std::string p;
    if (at_end() || !model::normalize_path(peek().text, p)) fail(what);
    targets_.push_back({target_kind::directory, p, peek().line, peek().column});
    ++pos_;
    return p;
  }
  std::string host() { return name("a host name", target_kind::host); }
  std::string resource_kind() { return name("a resource kind (e.g. NotificationRequest)", target_kind::resource_kind); }
  // An API error code other than 409 (conflict has its own statement).
  int api_code() {
    const std::string what = "an API error code: 429, 500, 503 or 504";
    if (at_end()) fail(what);
    const token& t = peek();
    const int code = integer(what, 0);
    if (code == 409 || !valid_api_fault_code(code)) throw failure{{t.line, t.column, what, t.text}};
    return code;
  }
  // A statement's trailing [N]: how many requests it fails, 1 if absent.
  int optional_count() { return at_end() ? 1 : integer("a request count (an integer >= 1)", 1); }
  // An HTTP status a host may answer with instead of serving.
  int http_code() {
    const std::string what = "an HTTP error status (400..599, e.g. 503)";
    if (at_end()) fail(what);
    const token& t = peek();
    const int code = integer(what, 0);
    if (!valid_http_fault_code(code)) throw failure{{t.line, t.column, what, t.text}};
    return code;
  }
  std::string node() { return name("a node name", target_kind::node); }
  std::string name(const std::string& what, target_kind kind) {
    if (at_end()) fail(what);
    const std::string& t = peek().text;
    for (char c : t) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.';
      if (!ok) fail(what);
    }
    targets_.push_back({kind, t, peek().line, peek().column});
    ++pos_;
    return t;
  }
  // The names read so far (only a statement that parses whole keeps them).
  std::vector<named_target>& targets() { return targets_; }
  bool choice(const std::string& yes, const std::string& no) {
    if (!at_end() && peek().text == yes) return ++pos_, true;
    if (!at_end() && peek().text == no) return ++pos_, false;
    fail("'" + yes + "' or '" + no + "'");
  }

 private:
  const std::vector<token>& toks_;
  const token& end_;
  std::size_t pos_ = 0;
  std::vector<named_target> targets_;
};

const std::string instant_verbs =
    "an action (chmod, enospc, load, ready_before_listen, refuse, reset, eof, drop, reset_after, eof_after, "
    "drop_after, conflict, api_error, http, restart, watch_drop)";

action read_instant(reader& r) {
  if (r.at_end()) r.fail(instant_verbs);
  const std::string verb = r.peek().text;
  if (verb == "partition" || verb == "stale") r.fail("'from DUR to DUR:' before " + verb + ", or " + instant_verbs);
  net_fault nf{};
  if (verb != "chmod" && verb != "enospc" && verb != "load" && verb != "ready_before_listen" && verb != "conflict" &&
      verb != "api_error" && verb != "http" && verb != "restart" && verb != "watch_drop" &&
      !parse_net_fault(verb, nf)) {
    r.fail(instant_verbs);
  }
  r.next(instant_verbs);
  if (verb == "chmod") {
    std::string p = r.path();
    return chmod_action{std::move(p), !r.choice("ro", "rw")};
  }
  if (verb == "enospc") {
    std::string p = r.path();
    return enospc_action{std::move(p), r.choice("on", "off")};
  }
  if (verb == "load") return load_action{r.integer("a load (an integer >= 0)", 0)};
  if (verb == "conflict" || verb == "api_error") {
    std::string kind = r.resource_kind();
    const int code = verb == "conflict" ? 409 : r.api_code();
    const int count = r.optional_count();
    return api_action{std::move(kind), code, count};
  }
  if (verb == "watch_drop") return watch_drop_action{r.resource_kind()};
  if (verb == "restart") {
    std::string component = r.name("a component (controller)", target_kind::component);
    const sim::duration down = r.at_end() ? sim::duration::zero() : r.duration();
    return restart_action{std::move(component), down};
  }
  if (verb == "http") {
    std::string h = r.host();
    const int code = r.http_code();
    const int count = r.optional_count();
    return http_action{std::move(h), code, count};
  }
  if (verb == "ready_before_listen") {
    std::string h = r.host();
    return ready_before_listen_action{std::move(h), r.duration()};
  }
  std::string h = r.host();
  const int count = r.optional_count();
  return net_action{nf, std::move(h), count};
}

fault_point read_point(reader& r) {
  fault_point p;
  p.probability = r.probability();
  const std::string what = "a fault point (net.reset, net.eof, ..., fs.eacces, fs.enospc, fs.eio, api.conflict, api.error, http.CODE)";
  if (r.at_end()) r.fail(what);
  const std::string kind = r.peek().text;
  net_fault nf{};
  if (kind.starts_with("net.") && parse_net_fault(std::string_view(kind).substr(4), nf)) {
    r.next(what);
    p.kind = nf;
    p.target = r.host();
    return p;
  }
  if (kind.starts_with("http.")) {
    // "http.503": the code is part of the token; its column is 5 past it.
    const token& t = r.peek();
    int code = 0;
    const std::string digits = kind.substr(5);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code);
    if (ec != std::errc() || end != digits.data() + digits.size() || !valid_http_fault_code(code)) {
      throw failure{{t.line, t.column + 5, "an HTTP error status (400..599) after 'http.', e.g. http.503",
                     digits.empty() ? "end of token" : digits}};
    }
    r.next(what);
    p.kind = http_fault{code};
    p.target = r.host();
    return p;
  }
  if (kind == "api.conflict" || kind == "api.error") {
    r.next(what);
    p.target = r.resource_kind();
    p.kind = api_fault{kind == "api.conflict" ? 409 : r.api_code()};
    return p;
  }
  for (fs_fault f : {fs_fault::eacces, fs_fault::enospc, fs_fault::eio}) {
    if (kind == "fs." + std::string(to_string(f))) {
      r.next(what);
      p.kind = f;
      p.target = r.path();
      return p;
    }
  }
  r.fail(what);
}

// One statement into `out`; throws failure.
void read_statement(reader& r, plan& out) {
  const std::string first = r.peek().text;
  if (first == "buggify") {
    r.next("buggify");
    out.buggify = r.probability();
  } else if (first == "p") {
    r.next("p");
    out.points.push_back(read_point(r));
  } else if (first == "from") {
    r.next("from");
    step s;
    s.at = r.duration();
    r.expect("to");
    const token& until_tok = r.peek();
    s.until = r.duration();
    if (s.until <= s.at) throw failure{{until_tok.line, until_tok.column, "an end after the start", until_tok.text}};
    r.expect(":");
    if (!r.at_end() && r.peek().text == "stale") {
      r.next("stale");
      s.action = stale_action{r.resource_kind()};
    } else {
      if (r.at_end() || r.peek().text != "partition") r.fail("'partition' or 'stale'");
      r.next("partition");
      std::string a = r.node();
      std::string b = r.host();
      s.action = partition_action{std::move(a), std::move(b)};
    }
    out.steps.push_back(std::move(s));
  } else {
    step s;
    if (first == "at") {
      r.next("at");
      s.at = r.duration();
      r.expect(":");
    }
    s.until = s.at;
    s.action = read_instant(r);
    out.steps.push_back(std::move(s));
  }
  r.expect_end();
}

}  // namespace

parse_result parse_plan(std::string_view text) {
  parse_result result;
  std::vector<token> ends;
  const auto statements = tokenize(text, ends);
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (statements[i].empty()) continue;
    reader r(statements[i], ends[i]);
    try {
      read_statement(r, result.plan);
      for (auto& t : r.targets()) result.targets.push_back(std::move(t));
    } catch (const failure& f) {
      result.error = f.error;
      return result;
    }
  }
  return result;
}

}  // namespace reconsim::faults
