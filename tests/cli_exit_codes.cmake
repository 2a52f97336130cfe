# `reconsim run` exit codes, as --help and the README document them:
# 0 PASSED, 1 FAILED, 2 bad input, 3 INCONCLUSIVE. Run from a scratch
# directory so repro files land there.
set(dir ${WORK}/exit-codes)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
function(expect code)
  execute_process(COMMAND ${RECONSIM} run ${ARGN} WORKING_DIRECTORY ${dir}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL ${code})
    message(FATAL_ERROR "reconsim run ${ARGN}: exit ${rc}, expected ${code}\n${out}\n${err}")
  endif()
  message(STATUS "exit ${rc}: reconsim run ${ARGN}")
endfunction()
expect(0 retry-backoff --seed 3 --variant generation-changed-predicate)
expect(1 retry-backoff --seed 3)
expect(2 retry-backoff --plan "at 0s: chmod /tmp/notification ro")
expect(2 retry-backoff --plan "at 5s: refuse nosuchhost 3")
expect(2 retry-backoff --plan "p 0.5 fs.eio /var/log")
expect(2 retry-backoff --seed -1)
expect(2 retry-backoff --seed 99999999999999999999999)
expect(3 audit-loss-fixed --seed 3)
expect(3 retry-all-fail --seed 3 --variant backoff-check-every-phase)
# A misspelt command is bad input that names it and lists the commands.
execute_process(COMMAND ${RECONSIM} rnu retry-backoff WORKING_DIRECTORY ${dir}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 2 OR NOT err MATCHES "unknown command 'rnu' \\(commands: .*run.*hunt")
  message(FATAL_ERROR "reconsim rnu: exit ${rc}, expected 2 and the command list\n${out}\n${err}")
endif()
message(STATUS "exit ${rc}: reconsim rnu (unknown command)")
