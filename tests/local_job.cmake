cmake_policy(SET CMP0057 NEW)  # if(... IN_LIST ...)
# The Indexed Job played on one machine (deploy/local-job.sh): 4 shards, 2
# at a time, index 1 SIGKILLed and rerun as the Job controller would; then
# `reconsim merge` must print what one unsharded explore prints — the same
# runs, failures, groups, counts, first seeds and repro commands. Only the
# wall time and the directory the repro files went to may differ.
set(dir ${WORK}/local-job)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
set(search explore retry-backoff --seeds 1..400)

function(run_or_fail out_var expected_codes)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY ${dir} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc IN_LIST expected_codes)
    message(FATAL_ERROR "${ARGN}: exit ${rc}, expected one of ${expected_codes}\n${out}\n${err}")
  endif()
  message(STATUS "exit ${rc}: ${ARGN}\n${err}")
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# Drops "seconds" and keeps only the repro files' names.
function(comparable out_var json)
  string(JSON json REMOVE "${json}" seconds)
  string(JSON groups LENGTH "${json}" groups)
  if(groups GREATER 0)
    math(EXPR last "${groups} - 1")
    foreach(i RANGE ${last})
      string(JSON path GET "${json}" groups ${i} repro_file)
      get_filename_component(name "${path}" NAME)
      string(JSON json SET "${json}" groups ${i} repro_file "\"${name}\"")
    endforeach()
  endif()
  set(${out_var} "${json}" PARENT_SCOPE)
endfunction()

run_or_fail(job "0" bash ${SOURCE}/deploy/local-job.sh --reconsim ${RECONSIM} --completions 4 --parallelism 2
            --kill-index 1 --out ${dir}/results -- ${search})
run_or_fail(merged "0;1" ${RECONSIM} merge ${dir}/results --json)
run_or_fail(whole "0;1" ${RECONSIM} ${search} --json --quiet --repro-dir ${dir}/whole)
comparable(merged "${merged}")
comparable(whole "${whole}")
string(JSON runs GET "${whole}" runs)
if(NOT runs EQUAL 400)
  message(FATAL_ERROR "the unsharded explore ran ${runs} runs, expected 400: ${whole}")
endif()
string(JSON same EQUAL "${merged}" "${whole}")
if(NOT same)
  message(FATAL_ERROR "merged shards differ from the unsharded explore\nmerged: ${merged}\nwhole:  ${whole}")
endif()
message(STATUS "merged 4 shards = unsharded explore: ${whole}")
