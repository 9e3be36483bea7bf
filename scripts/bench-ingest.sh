#!/usr/bin/env bash
# Ingest of the complete cs-2016 harvest (102,538 records, gzipped) into a
# fresh index: records/s and peak RSS of the whole command, then the rate of
# tantivy alone indexing the same documents already parsed (same schema,
# threads and memory; examples/tantivy_alone.rs), and the ratio. Each round
# runs the two back to back; the machine's speed drifts, so the script
# prints the best of each and the median of the rounds' own ratios.
# Usage: scripts/bench-ingest.sh [ROUNDS]
source "$(dirname "$0")/common.sh"
rounds="${1:-3}"
build
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
best=999999
alone_best=0
peak=0
ratios=()
for i in $(seq "$rounds"); do
    rm -rf "$WORK/ingest"
    timed "ingest round $i" bash -c "'$BIN' --quiet --index '$WORK/ingest' ingest '$CORPUS/cs-2016' >/dev/null"
    best=$(echo "$SECONDS_TAKEN $best" | awk '{print ($1 < $2) ? $1 : $2}')
    peak=$((PEAK_MB > peak ? PEAK_MB : peak))
    alone=$("$ROOT/target/release/examples/tantivy_alone" "$CORPUS/cs-2016" | sed -n 's/^tantivy alone: .* = \([0-9]*\) records\/s.*/\1/p')
    ratio=$(echo "$SECONDS_TAKEN $alone" | awk '{printf "%.1f", 100 * 102538 / $1 / $2}')
    ratios+=("$ratio")
    echo "tantivy alone round $i: $alone records/s (this round's ratio $ratio%)"
    alone_best=$(echo "$alone $alone_best" | awk '{print ($1 > $2) ? $1 : $2}')
done
papers=$("$BIN" --index "$WORK/ingest" stats --format json | sed 's/.*"papers":\([0-9]*\).*/\1/')
rate=$(echo "$papers $best" | awk '{printf "%.0f", $1 / $2}')
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "ingest (whole command, best of $rounds): $papers records in $best s = $rate records/s, peak RSS $peak MiB (highest round)"
echo "tantivy alone (best of $rounds): $alone_best records/s"
echo "ingest / tantivy alone: $(echo "$rate $alone_best" | awk '{printf "%.0f%%", 100 * $1 / $2}') of the bests; median of the rounds' ratios $median%"
rm -rf "$WORK/ingest"
