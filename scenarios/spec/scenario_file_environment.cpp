// The `environment:` and `audit:` sections of a scenario file.
#include "reconsim/scenarios/spec/scenario_file_fields.hpp"
#include "reconsim/scenarios/spec/detail/scenario_sections.hpp"

namespace reconsim::scenarios::detail {
namespace {

faults::latency_options read_latency(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.check_fields(n, path, scenario_file_fields_of("environment.virtiofs.latency"));
  faults::latency_options o;
  if (auto v = yaml_reader::field(n, "shape"))
    o.shape = r.choice_value(v, child(path, "shape"), {"uniform", "lognormal"}) == "uniform"
                  ? faults::latency_shape::uniform
                  : faults::latency_shape::lognormal;
  if (auto v = yaml_reader::field(n, "tail_probability"))
    o.tail_probability = r.number_value(v, child(path, "tail_probability"), 0, 1);
  if (auto v = yaml_reader::field(n, "tail_factor")) o.tail_factor = r.number_value(v, child(path, "tail_factor"), 0, 100);
  if (auto v = yaml_reader::field(n, "anchors")) {
    const std::string p = child(path, "anchors");
    r.expect_list(v, p);
    o.anchors.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string ap = item(p, i);
      r.check_fields(v[i], ap, scenario_file_fields_of("environment.virtiofs.latency.anchors[]"));
      faults::latency_anchor a;
      a.load = static_cast<int>(r.int_value(r.required(v[i], ap, "load", "an integer"), child(ap, "load"), 0, 10'000));
      a.min = r.duration_value(r.required(v[i], ap, "min", "a duration"), child(ap, "min"));
      a.max = r.duration_value(r.required(v[i], ap, "max", "a duration"), child(ap, "max"));
      if (a.max < a.min) r.fail(yaml_reader::field(v[i], "max"), child(ap, "max"), "max is below min", "max >= min");
      if (!o.anchors.empty() && a.load <= o.anchors.back().load)
        r.fail(yaml_reader::field(v[i], "load"), child(ap, "load"), "loads must increase", "a load above the previous anchor's");
      o.anchors.push_back(a);
    }
    if (o.anchors.empty()) r.fail(v, p, "an empty list", "at least one anchor");
  }
  return o;
}

virtiofs_spec read_virtiofs(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.check_fields(n, path, scenario_file_fields_of("environment.virtiofs"));
  virtiofs_spec v;
  if (auto f = yaml_reader::field(n, "output_dir")) {
    v.output_dir = r.string_value(f, child(path, "output_dir"));
    if (v.output_dir.empty() || v.output_dir[0] != '/') r.fail(f, child(path, "output_dir"), "a relative path", "an absolute path");
  }
  if (auto f = yaml_reader::field(n, "load")) v.load = static_cast<int>(r.int_value(f, child(path, "load"), 0, 10'000));
  if (auto f = yaml_reader::field(n, "latency")) v.latency = read_latency(r, f, child(path, "latency"));
  if (auto f = yaml_reader::field(n, "fsync_flushes_host")) v.fsync_flushes_host = r.bool_value(f, child(path, "fsync_flushes_host"));
  if (auto f = yaml_reader::field(n, "fsync_latency")) v.fsync_latency = r.duration_value(f, child(path, "fsync_latency"));
  return v;
}

file_datastorage_spec read_datastorage(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.check_fields(n, path, scenario_file_fields_of("environment.datastorage"));
  file_datastorage_spec d;
  if (auto f = yaml_reader::field(n, "node_port")) d.node_port = static_cast<int>(r.int_value(f, child(path, "node_port"), 1, 65535));
  if (auto f = yaml_reader::field(n, "service_node_port"))
    d.service_node_port = static_cast<int>(r.int_value(f, child(path, "service_node_port"), 1, 65535));
  if (auto f = yaml_reader::field(n, "ready_before_listen"))
    d.ready_before_listen = r.duration_value(f, child(path, "ready_before_listen"));
  if (auto f = yaml_reader::field(n, "idempotent")) d.idempotent = r.bool_value(f, child(path, "idempotent"));
  if (auto f = yaml_reader::field(n, "indexing_delay")) {
    const std::string p = child(path, "indexing_delay");
    r.check_fields(f, p, scenario_file_fields_of("environment.datastorage.indexing_delay"));
    d.indexing_delay_min = r.duration_value(r.required(f, p, "min", "a duration"), child(p, "min"));
    d.indexing_delay_max = r.duration_value(r.required(f, p, "max", "a duration"), child(p, "max"));
    if (d.indexing_delay_max < d.indexing_delay_min)
      r.fail(yaml_reader::field(f, "max"), child(p, "max"), "max is below min", "max >= min");
  }
  return d;
}

}  // namespace

environment_spec read_environment(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.check_fields(n, path, scenario_file_fields_of("environment"));
  environment_spec e;
  if (auto v = yaml_reader::field(n, "virtiofs")) e.virtiofs = read_virtiofs(r, v, child(path, "virtiofs"));
  if (auto v = yaml_reader::field(n, "datastorage")) e.datastorage = read_datastorage(r, v, child(path, "datastorage"));
  return e;
}

audit_spec read_audit(const yaml_reader& r, const YAML::Node& n, const std::string& path) {
  r.check_fields(n, path, scenario_file_fields_of("audit"));
  audit_spec a;
  model::audit::store_config& c = a.client;
  if (auto v = yaml_reader::field(n, "buffer_size"))
    c.buffer_size = static_cast<std::size_t>(r.int_value(v, child(path, "buffer_size"), 1, 10'000'000));
  if (auto v = yaml_reader::field(n, "batch_size"))
    c.batch_size = static_cast<std::size_t>(r.int_value(v, child(path, "batch_size"), 1, 10'000'000));
  if (auto v = yaml_reader::field(n, "flush_interval")) c.flush_interval = r.duration_value(v, child(path, "flush_interval"));
  if (auto v = yaml_reader::field(n, "max_retries")) c.max_retries = static_cast<int>(r.int_value(v, child(path, "max_retries"), 0, 100));
  if (auto v = yaml_reader::field(n, "dlq")) a.dlq = r.bool_value(v, child(path, "dlq"));
  if (auto bad = model::audit::validate(c)) r.fail(n, path, *bad, "a valid audit client config");
  return a;
}

}  // namespace reconsim::scenarios::detail
