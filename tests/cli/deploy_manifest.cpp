// deploy/explore-job.yaml and deploy/merge-job.yaml parse as YAML and carry
// what the Job controller and reconsim need from each other: an Indexed
// Job whose completions equal the N of `--shard auto/N`, the pod's index
// reaching --out, restartPolicy Never (backoffLimitPerIndex requires it),
// and one results volume shared with the merge Job.
#include <catch2/catch.hpp>

#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace {

// Every document of the file whose `kind` is `kind`.
std::vector<YAML::Node> documents(const std::string& path, const std::string& kind) {
  std::vector<YAML::Node> out;
  for (const auto& doc : YAML::LoadAllFromFile(path)) {
    if (doc["kind"] && doc["kind"].as<std::string>() == kind) out.push_back(doc);
  }
  return out;
}

// The container's command and args, joined by spaces.
std::string command_line(const YAML::Node& container) {
  std::string line;
  for (const char* key : {"command", "args"}) {
    for (const auto& word : container[key]) line += word.as<std::string>() + " ";
  }
  return line;
}

}  // namespace

TEST_CASE("the explore Job is Indexed, its completions equal auto/N, and the index reaches --out") {
  const auto pvcs = documents("deploy/explore-job.yaml", "PersistentVolumeClaim");
  const auto jobs = documents("deploy/explore-job.yaml", "Job");
  REQUIRE(pvcs.size() == 1);
  REQUIRE(jobs.size() == 1);
  const YAML::Node spec = jobs[0]["spec"];
  CHECK(jobs[0]["apiVersion"].as<std::string>() == "batch/v1");
  CHECK(spec["completionMode"].as<std::string>() == "Indexed");
  const int completions = spec["completions"].as<int>();
  CHECK(spec["parallelism"].as<int>() >= 1);
  CHECK(spec["template"]["spec"]["restartPolicy"].as<std::string>() == "Never");
  const YAML::Node container = spec["template"]["spec"]["containers"][0];
  const std::string line = command_line(container);
  CHECK_THAT(line, Catch::Contains("--shard auto/" + std::to_string(completions) + " "));
  CHECK_THAT(line, Catch::Contains("--out /results/$(JOB_COMPLETION_INDEX)"));
  bool index_declared = false;
  for (const auto& env : container["env"]) index_declared |= env["name"].as<std::string>() == "JOB_COMPLETION_INDEX";
  CHECK(index_declared);  // $(NAME) expands only variables the container declares
  CHECK(container["resources"]["requests"]["cpu"]);
  CHECK(container["resources"]["requests"]["memory"]);
  const std::string claim = spec["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"].as<std::string>();
  CHECK(claim == pvcs[0]["metadata"]["name"].as<std::string>());
  CHECK(container["volumeMounts"][0]["mountPath"].as<std::string>() == "/results");
}

TEST_CASE("the merge Job reads the same volume and runs reconsim merge over it") {
  const auto jobs = documents("deploy/merge-job.yaml", "Job");
  REQUIRE(jobs.size() == 1);
  const YAML::Node pod = jobs[0]["spec"]["template"]["spec"];
  CHECK_THAT(command_line(pod["containers"][0]), Catch::Contains("reconsim merge /results"));
  CHECK(pod["volumes"][0]["persistentVolumeClaim"]["claimName"].as<std::string>() ==
        documents("deploy/explore-job.yaml", "PersistentVolumeClaim")[0]["metadata"]["name"].as<std::string>());
}
