#include "reconsim/faults/plan_help.hpp"

namespace reconsim::faults {

const std::vector<statement_doc>& plan_statements() {
  static const std::vector<statement_doc> docs = {
      {"at DUR: chmod DIR ro|rw", "the directory becomes read-only / writable again"},
      {"at DUR: enospc DIR on|off", "writes under DIR fail with ENOSPC"},
      {"at DUR: load N", "N concurrent writers (test processes) load the file system"},
      {"at DUR: NETFAULT HOST [N]", "the next N requests to HOST fail: refuse, reset, eof, drop, reset_after, eof_after, drop_after"},
      {"at DUR: ready_before_listen HOST DUR", "HOST accepts before it serves: EOF, then RST, for DUR"},
      {"from DUR to DUR: partition NODE HOST", "requests between NODE and HOST time out"},
      {"at DUR: http HOST CODE [N]", "the next N HTTP requests reaching HOST answer CODE (400..599), e.g. http slack 503 3"},
      {"at DUR: conflict KIND [N]", "the next N writes to KIND answer 409 Conflict"},
      {"at DUR: api_error KIND CODE [N]", "the next N requests on KIND answer CODE: 429, 500, 503 or 504"},
      {"at DUR: watch_drop KIND", "every watch on KIND ends; informers watch again (or list again on 410)"},
      {"from DUR to DUR: stale KIND", "watch events on KIND are held back: caches are stale, then catch up in order"},
      {"at DUR: restart controller [DUR]", "the controller process dies with its memory and comes back after DUR"},
      {"p PROB net.NETFAULT HOST", "each request to HOST fails with PROB"},
      {"p PROB fs.FSFAULT DIR", "each file operation under DIR fails with PROB: eacces, enospc, eio"},
      {"p PROB http.CODE HOST", "each HTTP request reaching HOST answers CODE with PROB"},
      {"p PROB api.conflict KIND", "each write to KIND answers 409 with PROB"},
      {"p PROB api.error KIND CODE", "each request on KIND answers CODE with PROB"},
      {"buggify PROB", "each fault point is enabled in a run with PROB (drawn from the seed)"},
  };
  return docs;
}

}  // namespace reconsim::faults
