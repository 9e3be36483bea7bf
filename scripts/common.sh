# Shared by the benchmark scripts: paths, the release build, timing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="${ARXIV_DESCENT_CORPUS:-$ROOT/../shared/corpus-real}"
BIN="$ROOT/target/release/arxiv-descent"
WORK="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$WORK"

build() {
    (cd "$ROOT" && cargo build --release --quiet --bin arxiv-descent --examples)
}

# timed LABEL CMD...: runs CMD under /usr/bin/time and prints wall seconds,
# CPU seconds (user + system, all threads) and peak RSS; sets
# SECONDS_TAKEN, CPU_SECONDS and PEAK_MB.
timed() {
    local label="$1"
    shift
    local log="$WORK/time.log"
    local user system peak_kb
    /usr/bin/time -f "%e %U %S %M" -o "$log" "$@"
    read -r SECONDS_TAKEN user system peak_kb <"$log"
    CPU_SECONDS=$(echo "$user $system" | awk '{printf "%.2f", $1 + $2}')
    PEAK_MB=$((peak_kb / 1024))
    echo "$label: ${SECONDS_TAKEN} s wall, ${CPU_SECONDS} s CPU, peak RSS ${PEAK_MB} MiB"
}

# cs2016_index DIR: ingests the cs-2016 harvest into DIR unless it is there.
cs2016_index() {
    local dir="$1"
    if [ ! -f "$dir/papers/meta.json" ]; then
        "$BIN" --quiet --index "$dir" ingest "$CORPUS/cs-2016" >/dev/null
    fi
}

# ms CMD...: wall milliseconds of one run of CMD (output discarded).
ms() {
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

# median_ms N CMD...: the median wall milliseconds of N runs.
median_ms() {
    local n="$1"
    shift
    for _ in $(seq "$n"); do ms "$@"; done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
