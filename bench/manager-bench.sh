#!/usr/bin/env bash
# Manager benchmarks, mp4j next to CPython in one run: proxy round trip on a manager dict and
# dict updates per second from 2 processes. Writes bench/results/manager.{json,md}.
# Usage (from the repository root, after: mvn -q -pl mp4j-examples -am package -DskipTests):
#   bench/manager-bench.sh [runs]
set -euo pipefail
runs=${1:-3}
command="$0 $*"
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
slf4j=$(ls "$HOME"/.m2/repository/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar)
cp="mp4j-examples/target/mp4j-examples-0.1.0-SNAPSHOT.jar:mp4j-core/target/mp4j-core-0.1.0-SNAPSHOT.jar:$slf4j"
out=$(mktemp)
for ((i = 0; i < runs; i++)); do
  for pair in "ManagerDictRoundtrip manager_dict_roundtrip" "ManagerDictUpdates manager_dict_updates"; do
    set -- $pair
    echo "mp4j $("$java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.mp4j.examples.bench.$1 2>/dev/null)" >>"$out"
    echo "cpython $(python3 bench/python/$2.py)" >>"$out"
  done
done
mkdir -p bench/results
python3 - "$out" "$runs" "$command" <<'PY'
import json, os, platform, statistics, subprocess, sys
lines = open(sys.argv[1]).read().splitlines()
runs, command = int(sys.argv[2]), sys.argv[3]
samples = {}
for line in lines:
    side, payload = line.split(" ", 1)
    row = json.loads(payload)
    samples.setdefault((row["name"], row["unit"]), {}).setdefault(side, []).append(row["value"])
java = subprocess.run([os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java", "-version"],
                      capture_output=True, text=True).stderr.splitlines()[0]
machine = f"{os.cpu_count()} cores, {platform.machine()}, {java}, CPython {platform.python_version()}"
results = []
for (name, unit), sides in samples.items():
    m, c = statistics.median(sides["mp4j"]), statistics.median(sides["cpython"])
    ratio = c / m if unit == "us" else m / c
    results.append({"name": name, "unit": unit, "mp4j": m, "cpython": c, "mp4j_advantage": round(ratio, 2),
                    "mp4j_runs": sides["mp4j"], "cpython_runs": sides["cpython"]})
json.dump({"command": command, "machine": machine, "runs": runs, "results": results},
          open("bench/results/manager.json", "w"), indent=2)
with open("bench/results/manager.md", "w") as md:
    md.write(f"# Manager benchmarks\n\nCommand: `{command}` (medians of {runs} runs each, both sides in one run)\n\n")
    md.write(f"Machine: {machine}; load average at the end: {os.getloadavg()[0]:.2f}\n\n")
    md.write("| figure | unit | mp4j | CPython 3.11 multiprocessing | mp4j advantage |\n|---|---|---|---|---|\n")
    for r in results:
        md.write(f"| {r['name']} | {r['unit']} | {r['mp4j']} | {r['cpython']} | {r['mp4j_advantage']}x |\n")
    md.write("\nRound trip: `d.get(\"key\")` on a manager dict whose server is a separate process (lower is better; "
             "target >= 5x lower than CPython). Updates: `d.put(key, i)` from 2 processes at once (higher is better).\n"
             "Raw runs are in manager.json.\n")
print(open("bench/results/manager.md").read())
PY
rm -f "$out"
