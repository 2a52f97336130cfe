// JUnit XML: well-formed, with the structure JUnit's schema requires
// (testsuites > testsuite > testcase, counts that add up, a message on
// every failure and skip), escaped, and built right from each result.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "reconsim/scenarios/views/junit.hpp"
#include "scenarios/timeline_wellformed.hpp"

namespace rs = reconsim::scenarios;

namespace {

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

int attribute(const std::string& text, const std::string& element, const std::string& name) {
  const std::regex re("<" + element + "[^>]* " + name + "=\"([0-9]+)\"");
  std::smatch m;
  REQUIRE(std::regex_search(text, m, re));
  return std::stoi(m[1]);
}

// What a JUnit consumer needs of the document.
void check_structure(const std::string& xml) {
  INFO(xml);
  CHECK(reconsim::test::xml_problem(xml).empty());
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 0) == 0);
  const int cases = count(xml, "<testcase ");
  CHECK(attribute(xml, "testsuites", "tests") == cases);
  CHECK(attribute(xml, "testsuites", "failures") == count(xml, "<failure "));
  CHECK(attribute(xml, "testsuites", "skipped") == count(xml, "<skipped "));
  const std::regex testcase("<testcase classname=\"[^\"]+\" name=\"[^\"]+\" time=\"[0-9]+\\.[0-9]{3}\"");
  CHECK(std::distance(std::sregex_iterator(xml.begin(), xml.end(), testcase), std::sregex_iterator()) == cases);
  const std::regex failure("<failure message=\"[^\"]+\" type=\"reconsim\">");
  CHECK(std::distance(std::sregex_iterator(xml.begin(), xml.end(), failure), std::sregex_iterator()) ==
        count(xml, "<failure "));
  CHECK(count(xml, "<testsuite ") == count(xml, "</testsuite>"));
}

}  // namespace

TEST_CASE("a failing run's JUnit: a testcase per test and checker, failures with the replay command") {
  rs::run_request q;
  q.scenario = "retry-backoff";
  q.seed = 3;
  const rs::run_result r = rs::run_scenario(q);
  const std::string xml = rs::junit_xml({rs::junit_of_run(r, "reconsim run retry-backoff --seed 3")}, "reconsim test");
  check_structure(xml);
  CHECK(count(xml, "<testcase ") == static_cast<int>(r.tests.size() + r.checks.size()));
  CHECK(count(xml, "<failure ") == 4);  // both retry tests, retries-honour-backoff, terminal-only-when-done
  CHECK_THAT(xml, Catch::Contains("replay: reconsim run retry-backoff --seed 3") &&
                      Catch::Contains("name=\"retries-honour-backoff\"") &&
                      Catch::Contains("value=\"reconsim test\""));
}

TEST_CASE("a check with nothing to check is <skipped>, never a plain pass") {
  rs::run_request q;
  q.scenario = "retry-backoff";
  q.seed = 3;
  q.variant = "backoff-check-every-phase";
  q.plan = "";  // nothing fails, so retries-honour-backoff has nothing to check
  const rs::run_result r = rs::run_scenario(q);
  const std::string xml = rs::junit_xml({rs::junit_of_run(r, "")}, "v");
  check_structure(xml);
  CHECK_THAT(xml, Catch::Contains("<skipped message=\"not exercised: "));
}

TEST_CASE("names and messages are escaped, control characters replaced") {
  rs::junit_suite s;
  s.name = "a <suite> & \"quotes\"";
  rs::junit_case c;
  c.classname = "x";
  c.name = "bad \x01 name <&>";
  c.result = rs::junit_case::outcome::failed;
  c.message = "it's \"broken\"\r";
  c.details = "line 1\nline <2>";
  s.cases.push_back(c);
  const std::string xml = rs::junit_xml({s}, "v");
  check_structure(xml);
  CHECK_THAT(xml, Catch::Contains("name &lt;&amp;&gt;") && Catch::Contains("it&#39;s &quot;broken&quot;"));
  CHECK(xml.find('\x01') == std::string::npos);
}

TEST_CASE("a search with no failure is one passing testcase; each group of one is a failure") {
  rs::explore_result none;
  none.runs = 20;
  const std::string ok = rs::junit_xml(rs::junit_of_explore("retry-backoff", none), "v");
  check_structure(ok);
  CHECK_THAT(ok, Catch::Contains("name=\"no failure in 20 runs\""));
  rs::hunt_request q;
  q.scenario = "retry-backoff";
  q.variant = "partial-is-terminal";
  q.repro_dir = "";
  const rs::hunt_result h = rs::run_hunt(q);
  const std::string xml = rs::junit_xml(rs::junit_of_hunt("retry-backoff", h), "v");
  check_structure(xml);
  CHECK(count(xml, "<failure ") == static_cast<int>(h.groups.size()));
  CHECK_THAT(xml, Catch::Contains("--plan"));
}
