#!/usr/bin/env bash
# Descent speed on the cs-2016 index: steps/s of the walk alone (table
# built, no storage) with 1,000,000 students, then the whole `descend`
# command with storage. Usage: scripts/bench-descent.sh [STUDENTS]
source "$(dirname "$0")/common.sh"
students="${1:-1000000}"
build
cs2016_index "$WORK/cs2016"
(cd "$ROOT" && ARXIV_DESCENT_INDEX="$WORK/cs2016" BENCH_STUDENTS="$students" cargo bench --quiet --bench descent)
rm -rf "$WORK/cs2016/runs/bench-descent"
timed "descend $students students (whole command: table, walk, storage, report)" \
    bash -c "'$BIN' --quiet --index '$WORK/cs2016' descend --students $students --name bench-descent >/dev/null"
python3 - "$WORK/cs2016/runs/bench-descent/manifest.json" "$SECONDS_TAKEN" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
wall = float(sys.argv[2])
store = m["seconds"] - m["walk_seconds"]
print(f"run: {m['visits']:,} visits; walk {m['walk_seconds']:.3f} s; after the walk (aggregate, visits.bin, outcomes, tantivy aggregate, rename) {store:.3f} s "
      f"= {m['visits'] / store / 1e6:.1f} M visits/s stored; whole command {m['visits'] / wall / 1e6:.1f} M visits/s")
PY
du -b "$WORK/cs2016/runs/bench-descent/visits.bin" | awk -v v="$(python3 -c "import json;print(json.load(open('$WORK/cs2016/runs/bench-descent/manifest.json'))['visits'])")" '{printf "visits.bin: %d bytes = %.2f bytes/visit\n", $1, $1 / v}'
