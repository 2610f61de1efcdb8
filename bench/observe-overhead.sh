#!/usr/bin/env bash
# What the observability hooks cost when nothing observes: the pool benchmark (PoolBench: apply round
# trip, map of 100,000 tasks with chunksize 1 and with the default chunksize) run alternately on the
# code before the hooks (BASE, default: the main this branch last merged, which has everything but them) and on this
# checkout, ROUNDS times each (default 5). Writes bench/results/observe_overhead.md.
# Usage: bench/observe-overhead.sh [BASE_COMMIT]   (run ./mp4j once first: it builds this checkout)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BASE="${1:-$(git merge-base HEAD main)}"
BASE="$(git rev-parse --short "$BASE")"
ROUNDS="${ROUNDS:-5}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
WORK="$(mktemp -d /tmp/mp4j-observe-overhead.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
echo "observe-overhead: building $BASE in $WORK (mvn package, no install)..." >&2
git archive "$BASE" | tar -x -C "$WORK"
(cd "$WORK" && mvn -q -B -DskipTests -pl mp4j-examples -am package >&2)
LIB="$ROOT/mp4j-cli/target/lib"
[[ -d "$LIB" ]] || { echo "observe-overhead: $LIB is missing: run ./mp4j once to build this checkout" >&2; exit 2; }
after_cp="$(ls "$LIB"/*.jar | tr '\n' ':')"
base_cp="$(ls "$WORK"/mp4j-core/target/mp4j-core-*.jar | grep -v tests | head -1):$(ls "$WORK"/mp4j-examples/target/mp4j-examples-*.jar | head -1)"
base_cp="$base_cp:$(ls "$LIB"/*.jar | grep -v -e '/mp4j-core-' -e '/mp4j-examples-' | tr '\n' ':')"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
: > "$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  for side in base after; do
    cp_var="${side}_cp"
    echo "observe-overhead: round $round/$ROUNDS, $side" >&2
    "$JAVA" --enable-native-access=ALL-UNNAMED -cp "${!cp_var}" dev.mp4j.examples.bench.PoolBench \
      | sed "s/^/$side /" >> "$WORK/results"
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK/results" "$BASE" "$(git rev-parse --short HEAD)" "$ROUNDS" "$load_before" "$load_after" <<'PY' > bench/results/observe_overhead.md
import json, sys, statistics, datetime
path, base, head, rounds, before, after = sys.argv[1:]
runs = {}
for line in open(path):
    side, _, payload = line.partition(" ")
    try:
        m = json.loads(payload)
    except ValueError:
        continue
    runs.setdefault(m["name"], {}).setdefault(side, []).append((m["value"], m["unit"], m.get("higherIsBetter", True)))
print("# Benchmark: observe_overhead (the pool's hot path before and after the observability hooks)\n")
print(f"Command: `bench/observe-overhead.sh {base}` (PoolBench, {rounds} rounds per side, run alternately)  ")
print(f"Before: {base} (main without the hooks); after: {head} (main with them); nothing observes (no recording, no dashboard, no binder)  ")
print(f"Run: {datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')}, load average (1, 5, 15 min) {before} before, {after} after\n")
print("| metric | unit | before [min-max] | after [min-max] | after vs before |")
print("|---|---|---|---|---|")
for name in ["apply_round_trip", "map_100k_chunksize_1", "map_100k_default_chunksize_after_50_maps"]:
    sides = runs.get(name, {})
    if "base" not in sides or "after" not in sides:
        continue
    unit = sides["base"][0][1]; higher = sides["base"][0][2]
    cells = []
    for side in ("base", "after"):
        values = [v for v, _, _ in sides[side]]
        cells.append((statistics.median(values), min(values), max(values)))
    ratio = cells[1][0] / cells[0][0] if higher else cells[0][0] / cells[1][0]
    fmt = lambda c: f"{c[0]:,.1f} [{c[1]:,.1f}-{c[2]:,.1f}]"
    print(f"| {name} | {unit} | {fmt(cells[0])} | {fmt(cells[1])} | {ratio:.2f}x |")
print("\nA ratio above 1 means the checkout with the hooks is faster. On a shared machine the spread of one side")
print("across rounds is the noise: a difference inside it is no measurable cost.")
PY
cat bench/results/observe_overhead.md
