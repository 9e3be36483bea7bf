#!/usr/bin/env bash
# Ingest of the complete cs-2016 harvest (102,538 records, gzipped) into a
# fresh index: records/s and peak RSS of the whole command, then the rate of
# tantivy alone indexing the same documents already parsed (same schema,
# threads and memory; examples/tantivy_alone.rs), and the ratio. Each round
# runs the two back to back; the machine's speed drifts, so the script
# prints the best of each and the median of the rounds' own ratios. It also
# prints the CPU time of each (user + system, all threads): with every core
# busy, wall time follows CPU time, so the CPU the ingest spends beyond
# tantivy's own (reading, parsing, tagging, building documents) bounds the
# ratio.
# Usage: scripts/bench-ingest.sh [ROUNDS]
source "$(dirname "$0")/common.sh"
rounds="${1:-3}"
build
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
best=999999
alone_best=0
peak=0
ratios=()
ingest_cpu=()
alone_cpu=()
for i in $(seq "$rounds"); do
    rm -rf "$WORK/ingest"
    timed "ingest round $i" bash -c "'$BIN' --quiet --index '$WORK/ingest' ingest '$CORPUS/cs-2016' >/dev/null"
    best=$(echo "$SECONDS_TAKEN $best" | awk '{print ($1 < $2) ? $1 : $2}')
    peak=$((PEAK_MB > peak ? PEAK_MB : peak))
    ingest_cpu+=("$CPU_SECONDS")
    line=$("$ROOT/target/release/examples/tantivy_alone" "$CORPUS/cs-2016" | grep '^tantivy alone:')
    alone=$(echo "$line" | sed -n 's/.* = \([0-9]*\) records\/s.*/\1/p')
    cpu=$(echo "$line" | sed -n 's/.*CPU \([0-9.]*\) s.*/\1/p')
    alone_cpu+=("$cpu")
    ratio=$(echo "$SECONDS_TAKEN $alone" | awk '{printf "%.1f", 100 * 102538 / $1 / $2}')
    ratios+=("$ratio")
    echo "tantivy alone round $i: $alone records/s, $cpu s CPU (this round's ratio $ratio%)"
    alone_best=$(echo "$alone $alone_best" | awk '{print ($1 > $2) ? $1 : $2}')
done
papers=$("$BIN" --index "$WORK/ingest" stats --format json | sed 's/.*"papers":\([0-9]*\).*/\1/')
rate=$(echo "$papers $best" | awk '{printf "%.0f", $1 / $2}')
median_of() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
median=$(median_of "${ratios[@]}")
cpu_ingest=$(median_of "${ingest_cpu[@]}")
cpu_alone=$(median_of "${alone_cpu[@]}")
echo "ingest (whole command, best of $rounds): $papers records in $best s = $rate records/s, peak RSS $peak MiB (highest round)"
echo "tantivy alone (best of $rounds): $alone_best records/s"
echo "ingest / tantivy alone: $(echo "$rate $alone_best" | awk '{printf "%.0f%%", 100 * $1 / $2}') of the bests; median of the rounds' ratios $median%"
echo "CPU, all threads (medians): ingest $cpu_ingest s, tantivy alone $cpu_alone s; the ingest's own work (gzip, parse, tag, documents, fresh memory) is $(echo "$cpu_ingest $cpu_alone" | awk '{printf "%.2f s = %.0f%%", $1 - $2, 100 * ($1 - $2) / $2}') of tantivy's; with both cores busy, the ratio can reach about $(echo "$cpu_ingest $cpu_alone" | awk '{printf "%.0f%%", 100 * $2 / $1}')"
rm -rf "$WORK/ingest"
