#!/usr/bin/env bash
# Start-up of `./cql eval '1 + 2 * 3'` against `java -version`, measured in one hyperfine run, and the classes each
# run loads (BENCHMARKS.md, "Start-up"). Needs hyperfine (Debian: apt-get install hyperfine) and a built jar and
# archive (./cql builds them). Optional: BEFORE=DIR, another checkout with its jar built, for a before/after row.
#
#   src/bench/scripts/startup.sh                 # RUNS=30 by default
#   BEFORE=/tmp/before RUNS=50 src/bench/scripts/startup.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${RUNS:-30}
expr='1 + 2 * 3'
./cql eval "$expr" >/dev/null # builds the jar and the archive if needed

cmds=("java -version")
[[ -n ${BEFORE:-} ]] && cmds+=("$BEFORE/cql eval '$expr'")
cmds+=(
  "java -jar target/cql.jar eval '$expr'"
  "java -XX:SharedArchiveFile=target/cql.jsa -jar target/cql.jar eval '$expr'"
  "./cql eval '$expr'"
)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine -N -w 3 -r "$runs" --export-json target/startup.json "${cmds[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - <<'PY'
import json, statistics
rs = json.load(open("target/startup.json"))["results"]
base = statistics.median(rs[0]["times"])
print("| command | median ms | min ms | user+sys ms | median / java -version |")
print("|---|---:|---:|---:|---:|")
for r in rs:
    t = r["times"]
    print(f"| `{r['command']}` | {statistics.median(t)*1000:.0f} | {min(t)*1000:.0f} | "
          f"{(r['user'] + r['system'])*1000:.0f} | {statistics.median(t)/base:.1f}x |")
PY

count() { # LABEL JAR-ARGS...: classes one run loads, and from where
  local label=$1 log
  shift
  log=$(mktemp)
  java -Xlog:class+load:file="$log" "$@" >/dev/null 2>&1 || true
  printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "$(wc -l <"$log")" \
    "$(grep -c 'source: shared objects file' "$log" || true)" \
    "$(grep -c ' com\.fasterxml\.jackson\.' "$log" || true)" \
    "$(grep -c ' com\.github\.benmanes\.caffeine\.' "$log" || true)" \
    "$(grep -cE ' (sun\.security\.|javax\.net\.ssl\.|java\.security\.cert\.|com\.sun\.security\.)' "$log" || true)"
  rm -f "$log"
}
echo
echo "| run | classes loaded | from CDS archives | Jackson | Caffeine | security/TLS |"
echo "|---|---:|---:|---:|---:|---:|"
[[ -n ${BEFORE:-} ]] && count "before: \`eval '$expr'\`" -jar "$BEFORE/target/cql.jar" eval "$expr"
count "\`eval '$expr'\`, no archive" -jar target/cql.jar eval "$expr"
count "\`eval '$expr'\` as ./cql runs it" -XX:SharedArchiveFile=target/cql.jsa -XX:TieredStopAtLevel=1 -jar target/cql.jar eval "$expr"
