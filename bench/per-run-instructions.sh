#!/usr/bin/env bash
# Instructions one run of a scenario executes, and where (by function): the
# VM's wall time moves by +-30 % within minutes, instruction counts do not.
# Counted under callgrind as the difference between `bench scenario` with
# N+1 runs and with 1 (one round each), so start-up, the warm-up run and the kernel
# measurement cancel out. Instructions are not time (a cache miss or a
# mispredicted branch costs more than one), so a change that moves them is
# still timed with `bench scenario` alternating with its base.
#
#   bench/per-run-instructions.sh [--top K] BINARY SCENARIO [N] [bench scenario options...]
#   bench/per-run-instructions.sh build/reconsim retry-backoff 200
#   bench/per-run-instructions.sh build/reconsim file-visibility 40 --stream
set -euo pipefail
top=30
if [[ ${1:-} == --top ]]; then top=$2; shift 2; fi
if [[ $# -lt 2 ]]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
command -v valgrind >/dev/null || { echo "per-run-instructions: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
binary=$1 scenario=$2 runs=${3:-200}
shift $(( $# >= 3 ? 3 : 2 ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 1 $((runs + 1)); do
  valgrind --tool=callgrind --callgrind-out-file="$work/runs-$n.out" \
    "$binary" bench scenario "$scenario" --runs "$n" --rounds 1 --json "$@" >/dev/null 2>"$work/valgrind-$n.log" ||
    { cat "$work/valgrind-$n.log" >&2; exit 1; }
done
python3 - "$work/runs-1.out" "$work/runs-$((runs + 1)).out" "$runs" "$top" <<'PY'
import collections, re, subprocess, sys
one, many, runs, top = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def by_function(path):
    text = subprocess.run(['callgrind_annotate', '--threshold=100', path], capture_output=True, text=True, check=True).stdout
    total, cost = 0, collections.Counter()
    for line in text.splitlines():
        m = re.match(r'\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)', line)
        if not m: continue
        n, name = int(m.group(1).replace(',', '')), m.group(2)
        if 'PROGRAM TOTALS' in name: total = n; continue
        name = re.sub(r"'\d+", '', re.sub(r'^\S*?:', '', name, count=1))  # no file, no fiber recursion depth
        cost[name] += n
    return total, cost
t1, c1 = by_function(one)
tn, cn = by_function(many)
per_run = (tn - t1) / runs
print(f'{per_run:,.0f} instructions per run ({runs} runs)')
rows = sorted(((cn[k] - c1.get(k, 0)) / runs, k) for k in cn)
for n, name in reversed(rows[len(rows) - top:] if top > 0 else []):
    print(f'{n:12,.0f} {100 * n / per_run:5.1f}%  {name[:140]}')
PY
