#!/usr/bin/env bash
# Plays deploy/explore-job.yaml's Indexed Job on one machine, no cluster:
# index i runs `reconsim COMMAND ARGS --shard auto/N --out DIR/i -q` with
# JOB_COMPLETION_INDEX=i, at most P at a time, with the Job's retry rules:
#   exit 0, 1, 3  the index is complete (1 and 3 are findings, not crashes)
#   exit 2        bad input: the Job would fail at once (FailJob), so stop
#   anything else a failed pod: rerun, at most backoffLimitPerIndex (2) times
# --kill-index K SIGKILLs index K's first pod shortly after it starts, checks
# that DIR/K holds no shard.json or a whole one, and reruns the index.
# The verdict is not this script's business: run `reconsim merge DIR` after.
# Needs bash and coreutils only.
set -euo pipefail

backoff_limit_per_index=2 # as in explore-job.yaml
kill_after=0.2            # seconds: a pod death, not a test assertion

usage() {  # [exit code]: 2 unless asked for with -h
  cat >&"$((${1:-2} ? 2 : 1))" <<'EOF'
usage: deploy/local-job.sh [--reconsim PATH] [--completions N] [--parallelism P]
                           [--kill-index K] --out DIR -- COMMAND ARGS...
  e.g. deploy/local-job.sh --out /tmp/rs --kill-index 1 -- explore retry-backoff --seeds 1..400
       build/reconsim merge /tmp/rs
  --reconsim PATH     the binary (default: build/reconsim beside deploy/, else on PATH)
  --completions N     shards, indexes 0..N-1 (default 4)
  --parallelism P     at most P indexes at once (default N)
  --kill-index K      SIGKILL index K's first pod shortly after start, then rerun it
  --out DIR           index i writes DIR/i
  COMMAND ARGS        without --shard, --out and -q: the script adds them
Exit: 0 every index complete; 1 an index failed after its retries, or a
killed shard left a torn shard.json; 2 bad usage, or a shard exited 2.
EOF
  exit "${1:-2}"
}
bad_usage() { echo "local-job: $*" >&2; usage; }
is_count() { [[ $1 =~ ^[0-9]+$ ]] && ((10#$1 >= 1)); }

reconsim=$(dirname "$0")/../build/reconsim
[[ -x $reconsim ]] || reconsim=reconsim
completions=4 parallelism='' kill_index='' out=''
while (($#)); do
  case $1 in
    --) shift; break ;;
    --reconsim | --completions | --parallelism | --kill-index | --out)
      (($# >= 2)) || bad_usage "$1 needs a value"
      case $1 in
        --reconsim) reconsim=$2 ;;
        --completions) completions=$2 ;;
        --parallelism) parallelism=$2 ;;
        --kill-index) kill_index=$2 ;;
        --out) out=$2 ;;
      esac
      shift 2 ;;
    -h | --help) usage 0 ;;
    *) bad_usage "unknown option: $1 (COMMAND ARGS go after --)" ;;
  esac
done
command=("$@")
parallelism=${parallelism:-$completions}
is_count "$completions" || bad_usage "--completions must be a positive integer: $completions"
is_count "$parallelism" || bad_usage "--parallelism must be a positive integer: $parallelism"
completions=$((10#$completions)) parallelism=$((10#$parallelism))
if [[ -n $kill_index ]]; then
  { [[ $kill_index =~ ^[0-9]+$ ]] && ((10#$kill_index < completions)); } ||
    bad_usage "--kill-index must be one of 0..$((completions - 1)): $kill_index"
  kill_index=$((10#$kill_index))
fi
[[ -n $out ]] || bad_usage "--out DIR is required"
((${#command[@]})) || bad_usage "COMMAND ARGS missing after --"
command -v "$reconsim" >/dev/null || bad_usage "no reconsim binary at $reconsim (use --reconsim PATH)"

mkdir -p "$out"
logs=$(mktemp -d)  # outside DIR: DIR holds only what the pods would write
state=$logs/state  # one file per index: complete | failed | bad-input
mkdir "$state"

start_shard() {  # index attempt: starts the pod's process, sets $child
  JOB_COMPLETION_INDEX=$1 "$reconsim" "${command[@]}" --shard "auto/$completions" \
    --out "$out/$1" -q >"$logs/$1.$2.log" 2>&1 &
  child=$!
}

# A pod killed at any moment leaves either no shard.json or a whole one
# (the CLI renames it into place). A cheap torn-file check: a JSON object
# ends in '}'. The real check comes later, when merge parses every shard.
shard_whole_or_absent() {
  local f=$out/$1/shard.json
  [[ ! -e $f ]] || [[ $(tail -c 64 "$f" | tr -d ' \t\r\n' | tail -c 1) == '}' ]]
}

kill_first_pod() {  # index: returns 1 if the kill tore shard.json
  local rc=0 when
  start_shard "$1" 1
  sleep "$kill_after"
  kill -KILL "$child" 2>/dev/null || true # it may have finished already
  { wait "$child"; } 2>/dev/null || rc=$? # no "Killed" notice from bash
  ((rc == 128 + 9)) && when="before it finished" || when="after it had finished (exit $rc)"
  echo "local job: index $1 SIGKILLed ${kill_after}s after start, $when; rerunning it" >&2
  shard_whole_or_absent "$1" || {
    echo "local job: index $1: torn $out/$1/shard.json after SIGKILL" >&2
    return 1
  }
}

run_index() {  # index: the Job controller's loop for one index
  local i=$1 attempt rc
  trap 'kill -TERM "$child" 2>/dev/null; exit 143' TERM
  for ((attempt = 1; attempt <= 1 + backoff_limit_per_index; attempt++)); do
    if [[ $i == "$kill_index" ]] && ((attempt == 1)); then
      # Always rerun, even when the kill came too late: a pod that wrote its
      # result and then died is a case the rerun must survive too.
      kill_first_pod "$i" || { echo failed >"$state/$i"; return; }
      continue # a killed pod counts against the index's retries, as in the Job
    fi
    rc=0
    start_shard "$i" "$attempt"
    wait "$child" || rc=$?
    case $rc in
      0 | 1 | 3) echo complete >"$state/$i"; return ;;
      2) echo bad-input >"$state/$i"; return ;;
    esac
    echo "local job: index $i attempt $attempt exited $rc" >&2
  done
  echo failed >"$state/$i"
}

# shellcheck disable=SC2046 # one argument per background index, on purpose
stop() { kill -TERM $(jobs -p) 2>/dev/null || true; wait || true; exit 130; }
trap stop INT TERM

for ((i = 0; i < completions; i++)); do
  while (($(jobs -rp | wc -l) >= parallelism)); do wait -n || true; done
  grep -qsx bad-input "$state"/* && break # FailJob: start no further index
  run_index "$i" &
done
wait || true

complete=0 status=0
for ((i = 0; i < completions; i++)); do
  s=$(cat "$state/$i" 2>/dev/null || echo "not started")
  case $s in
    complete) ((++complete)); continue ;;
    bad-input) status=2; echo "local job: index $i exited 2 (bad input): the Job fails here (FailJob)" >&2 ;;
    failed) ((status)) || status=1; echo "local job: index $i failed: the Job fails here (maxFailedIndexes: 0)" >&2 ;;
    *) ((status)) || status=1; echo "local job: index $i $s" >&2; continue ;;
  esac
  last=''
  for log in "$logs/$i".*.log; do [[ -e $log ]] && last=$log; done
  [[ -z $last ]] || { echo "--- last 20 lines of $last"; tail -n 20 "$last"; } >&2
done
if ((status)); then
  echo "local job: $complete/$completions indexes complete; logs kept in $logs" >&2
  exit "$status"
fi
rm -rf "$logs"
echo "local job: $completions/$completions indexes complete${kill_index:+ (index $kill_index killed and rerun)}"
