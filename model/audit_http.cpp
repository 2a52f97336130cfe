#include "reconsim/model/audit_http.hpp"

namespace reconsim::model::audit {

write_result http_batch_writer::store_batch(const std::vector<event>& batch) {
  request req;
  req.method = "POST";
  req.path = std::string(batch_path);
  req.headers["Content-Type"] = "application/json";
  req.body = encode_batch(batch);
  const call_outcome out = net_->call(from_, to_, req, timeout_);
  const std::string url = "http://" + to_string(to_) + std::string(batch_path);
  if (!out.ok()) {
    // NetworkError wraps the transport error; always retryable.
    std::string detail(to_string(out.error));
    if (out.error == call_errc::reset) detail = "read: connection reset by peer";
    if (out.error == call_errc::refused) detail = "connect: connection refused";
    if (out.error == call_errc::timeout) detail = "context deadline exceeded";
    return {write_result::kind::retryable, "network error: Post \"" + url + "\": " + detail};
  }
  const int code = out.response->status;
  if (code >= 200 && code < 300) return {write_result::kind::ok, ""};
  const std::string text = "Data Storage Service returned status " + std::to_string(code) + ": " + out.response->body;
  const bool retryable = code == 401 || code == 403 || (code >= 500 && code < 600);
  return {retryable ? write_result::kind::retryable : write_result::kind::non_retryable, text};
}

}  // namespace reconsim::model::audit
