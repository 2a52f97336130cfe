#!/usr/bin/env bash
# Renders reconsim's pages in headless Chromium, as docs/ shows them: the
# timeline of `retry-backoff --seed 3 --variant retrying-phase` (fit, and
# zoomed to the re-delivery at 19.98..20.12 s), the review page and the
# sweep plot. `docs/render-pages.sh` rewrites docs/*.png; `--check` (CI)
# renders into a temporary directory instead and fails unless every page's
# script ran: opened at #zoom=19.98,20.12, the DOM after load must show the
# zoom range and axis labels that only the script writes, one per timeline
# on the review page.
# Needs Chromium (Debian: apt-get install chromium) and build/reconsim
# (or RECONSIM=path).
set -euo pipefail
cd "$(dirname "$0")/.."

reconsim=${RECONSIM:-build/reconsim}
check=0
case ${1:-} in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: docs/render-pages.sh [--check]" >&2; exit 2 ;;
esac
chromium=$(command -v chromium || command -v chromium-browser || true)
[[ -n $chromium ]] || { echo "render-pages: no chromium on PATH (Debian: apt-get install chromium)" >&2; exit 2; }
[[ -x $reconsim ]] || { echo "render-pages: no $reconsim (build it, or set RECONSIM)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=docs
((check)) && out=$work

# The pages. A run or review that finds a failure exits 1: that is their
# content here, not an error.
"$reconsim" run retry-backoff --seed 3 --variant retrying-phase --timeline "$work/timeline.html" \
  --repro-dir "$work" >/dev/null || [[ $? -eq 1 ]]
"$reconsim" review retry-backoff --variants partial-is-terminal,retrying-phase,next-retry-in-status \
  --seeds 1..20 --html "$work/review.html" -q >/dev/null
"$reconsim" sweep file-visibility --param eventually.initial_delay=0s,2s,4s \
  --param eventually.timeout=5s,10s,20s,30s --seeds 1..20 --svg "$work/sweep.svg" -q >/dev/null

browse=("$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=3000)
shot() {  # URL PNG WIDTHxHEIGHT
  "${browse[@]}" --window-size="$3" --screenshot="$2" "$1" >/dev/null 2>&1
  [[ -s $2 ]] || { echo "render-pages: Chromium wrote no picture of $1" >&2; exit 1; }
  echo "rendered $2 ($(wc -c <"$2") bytes)"
}
dom() { "${browse[@]}" --dump-dom "$1" 2>/dev/null; }
expect() {  # WHAT COUNT PATTERN DOM
  local n
  n=$(grep -o -- "$3" <<<"$4" | wc -l || true)
  if ((n < $2)); then
    echo "render-pages: $1: expected at least $2 of '$3' in the DOM after load, found $n" >&2
    exit 1
  fi
  echo "ok: $1 ($n x '$3')"
}

zoomed="file://$work/timeline.html#zoom=19.98,20.12"
# At fit the page is static SVG; a #zoom in the address makes the script
# place every event and write the axis and the range, so those prove it ran.
expect "timeline script, #zoom" 1 'showing 19.980 s .. 20.120 s' "$(dom "$zoomed")"
expect "timeline axis re-labelled at 20 ms" 1 '>20.00s<' "$(dom "$zoomed")"
expect "labels that would overprint collapsed into a count" 1 'data-collapsed="' "$(dom "file://$work/timeline.html")"
expect "review page: a timeline per variant, each placed by the script" 3 'showing 19.980 s .. 20.120 s' \
  "$(dom "file://$work/review.html#zoom=19.98,20.12")"

shot "file://$work/timeline.html" "$out/timeline.png" 1400,900
shot "$zoomed" "$out/timeline-zoom.png" 1400,900
shot "file://$work/review.html" "$out/review.png" 1400,1200
shot "file://$work/sweep.svg" "$out/sweep.png" 900,600
