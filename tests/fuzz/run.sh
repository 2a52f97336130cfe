#!/usr/bin/env bash
# Runs the libFuzzer targets (docs/fuzzing.md):
#
#   tests/fuzz/run.sh TARGET_DIR SECONDS [JOBS]
#
# TARGET_DIR holds the fuzz_* binaries (build-fuzz/tests/fuzz). For each
# target: first a regression run over every checked-in file of
# corpus/<target> (each file once, so a failure names the file), then
# SECONDS of fuzzing with a fixed seed and the target's dictionary, into a
# scratch copy of the corpus: the checked-in corpus is never written. JOBS
# targets run at a time (default 1; CI uses 2 on its 2 cores). FUZZ_TARGETS
# picks targets ("plan repro"); FUZZ_WORK keeps the scratch folders there.
# Prints one line per target and exits 1 if any target failed, naming the
# input that made it fail.
set -uo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 TARGET_DIR SECONDS [JOBS]" >&2
  exit 2
fi
bin_dir=$(cd "$1" && pwd) || exit 2
seconds=$2
jobs=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
targets=(${FUZZ_TARGETS:-plan scenario manifest repro override duration})
work=${FUZZ_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/reconsim-fuzz.XXXXXX")}
mkdir -p "$work"

# Actors run on fiber stacks, which ASan's fake stacks do not follow.
# Leak checks are cheap for parsers and catch a leak per input.
export ASAN_OPTIONS="detect_stack_use_after_return=0:detect_leaks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"

# The same limits for the regression run and for fuzzing, so an input that
# fails one fails the other.
limits=(-timeout=5 -rss_limit_mb=2048 -max_len=65536)

# The path libFuzzer wrote the failing input to, from its log.
artifact_of() { sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$1" | tail -n 1; }

run_target() {
  local t=$1 bin="$bin_dir/fuzz_$1" dir="$work/$1" result="$work/$1.result"
  mkdir -p "$dir/corpus" "$dir/artifacts"
  if [[ ! -x $bin ]]; then
    echo "fuzz_$t: CRASH (no binary $bin)" > "$result"
    return
  fi
  # Regression: every checked-in input once, by file name.
  local files=("$here/corpus/$t"/*)
  if ! "$bin" "${limits[@]}" -artifact_prefix="$dir/artifacts/" "${files[@]}" > "$dir/regression.log" 2>&1; then
    local culprit
    culprit=$(sed -n 's/^Running: //p' "$dir/regression.log" | tail -n 1)
    echo "fuzz_$t: 0 execs, cov 0, CRASH in regression run on $culprit (log: $dir/regression.log)" > "$result"
    return
  fi
  cp "${files[@]}" "$dir/corpus/"
  local rc=0
  # FUZZ_RUNS=N fuzzes a fixed number of inputs instead of SECONDS: with
  # the fixed seed the run is then the same on every machine, so CI's
  # verdict does not depend on how fast the machine was that day.
  local budget=(-max_total_time="$seconds")
  [[ -n ${FUZZ_RUNS:-} ]] && budget=(-runs="$FUZZ_RUNS")
  "$bin" "${limits[@]}" -seed=1 "${budget[@]}" -print_final_stats=1 \
    -dict="$here/dict/$t.dict" -artifact_prefix="$dir/artifacts/" "$dir/corpus" > "$dir/fuzz.log" 2>&1 || rc=$?
  local execs cov
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -n 1)
  # A crash ends the run before the final stats: use the last status line.
  [[ -n $execs ]] || execs=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$dir/fuzz.log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$dir/fuzz.log" | tail -n 1 | cut -d' ' -f2)
  if [[ $rc -eq 0 ]]; then
    echo "fuzz_$t: ${execs:-?} execs, cov ${cov:-?}, ok" > "$result"
  else
    echo "fuzz_$t: ${execs:-?} execs, cov ${cov:-?}, CRASH (exit $rc) input: $(artifact_of "$dir/fuzz.log") (log: $dir/fuzz.log)" > "$result"
  fi
}

running=0
for t in "${targets[@]}"; do
  if (( running >= jobs )); then
    wait -n
    running=$((running - 1))
  fi
  run_target "$t" &
  running=$((running + 1))
done
wait

status=0
for t in "${targets[@]}"; do
  cat "$work/$t.result"
  grep -q ', ok$' "$work/$t.result" || status=1
done
echo "scratch: $work"
exit $status
