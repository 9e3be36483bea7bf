#!/usr/bin/env bash
# Full-arXiv scale: synthesize arXiv from 0704 to the last month of the
# statistics table at scale 1.0 (about 2.9 million papers), ingest it,
# report the index size, then search p50/p99 and a 100,000-student descent
# on that index. Needs about 12 GB of disk in BENCH_DIR (default: a temp
# folder). Usage: scripts/bench-scale.sh [SCALE]
source "$(dirname "$0")/common.sh"
scale="${1:-1.0}"
build
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
rm -rf "$WORK/synth" "$WORK/index"
timed "synth 0704..latest at scale $scale" "$BIN" --quiet synth --out "$WORK/synth" --scale "$scale"
cat "$WORK/synth/SYNTH.txt"
echo "synthetic harvest: $(du -sh "$WORK/synth" | cut -f1) gzipped"
timed "ingest" "$BIN" --quiet --index "$WORK/index" ingest "$WORK/synth"
"$BIN" --index "$WORK/index" stats | head -4
echo "index size: $(du -sh "$WORK/index/papers" | cut -f1)"
(cd "$ROOT" && ARXIV_DESCENT_INDEX="$WORK/index" cargo bench --quiet --bench query)
echo "search command, whole process (median of 11): $(median_ms 11 "$BIN" --index "$WORK/index" search 'image segmentation') ms"
timed "descend 100000 students" "$BIN" --quiet --index "$WORK/index" descend --students 100000 --name scale
"$BIN" --index "$WORK/index" runs
[ -n "${BENCH_DIR:-}" ] || rm -rf "$WORK"
