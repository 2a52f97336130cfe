# Writes OUT, a header defining RECONSIM_GIT_COMMIT: the commit the source
# tree is at, "+dirty" when tracked files differ from it, "unknown" outside
# git. Run at every build (cli/CMakeLists.txt), not only at configure time,
# so an incremental build never reports an older commit; the file is
# rewritten only when its text changes, so an unchanged commit rebuilds
# nothing.
execute_process(COMMAND git -C "${SRC}" rev-parse --short=12 HEAD
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
if(failed OR NOT commit)
  set(commit "unknown")
else()
  execute_process(COMMAND git -C "${SRC}" status --porcelain --untracked-files=no
                  OUTPUT_VARIABLE changes OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(changes)
    string(APPEND commit "+dirty")
  endif()
endif()
set(text "#pragma once\n// Written by cmake/write_git_commit.cmake at build time.\n#define RECONSIM_GIT_COMMIT \"${commit}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
