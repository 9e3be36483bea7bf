#!/usr/bin/env bash
# Query speed on the cs-2016 index: 200 in-process queries of 1 to 3 title
# words (p50, p99), the whole `search` command (index opened per call), and
# on a run of about 10 million visits `visited` (top 100) and
# `visited --paper`, in process and as whole commands.
# Usage: scripts/bench-search.sh [INDEX]   (default: a fresh cs-2016 index)
source "$(dirname "$0")/common.sh"
build
index="${1:-$WORK/cs2016}"
[ -n "${1:-}" ] || cs2016_index "$index"
if [ ! -d "$index/runs/bench-10m" ]; then
    "$BIN" --quiet --index "$index" descend --students 270000 --name bench-10m >/dev/null
fi
(cd "$ROOT" && ARXIV_DESCENT_INDEX="$index" BENCH_RUN=bench-10m cargo bench --quiet --bench query)
echo "search command, whole process (median of 21): $(median_ms 21 "$BIN" --index "$index" search 'image segmentation') ms"
echo "search command with filters and snippets (median of 21): $(median_ms 21 "$BIN" --index "$index" search '"neural network" AND cat:cs.CV' --from 1501 --snippets) ms"
top=$("$BIN" --index "$index" visited --run bench-10m --limit 1 --format json | sed 's/.*"id":"\([^"]*\)".*/\1/')
echo "visited --run bench-10m --limit 100, whole process (median of 21): $(median_ms 21 "$BIN" --index "$index" visited --run bench-10m --limit 100) ms"
echo "visited --paper $top, whole process (median of 21): $(median_ms 21 "$BIN" --index "$index" visited --paper "$top") ms"
