#!/usr/bin/env bash
# Measures the build store on synthetic organizations (BENCHMARKS.md, "Build store"). Not part of mvn verify.
#
#   src/bench/scripts/store-bench.sh [SIZE...]      SIZE = PIPELINES:BUILDS[:HEAP], default 200:20000 2000:200000:512m 10000:1000000:1g
#
# For each size: generates the organization (dev.cql.buildkite.LargeOrg, 60 days, log-normal builds per pipeline,
# one entity per pipeline) into $BENCH_DIR (default /tmp/cql-bench), imports it into a SQLite store
# (cql buildkite sync --data), runs `cql scorecard examples/production-readiness.yaml` from the store with
# -Xmx HEAP, and (up to 200k builds, as the issue's "today" column) from the snapshot directory. Wall time and
# max RSS come from /usr/bin/time. BENCH_SNAPSHOT=0 skips the snapshot runs; BENCH_PG=jdbc:postgresql://... adds
# runs from a PostgreSQL store.
set -euo pipefail
cd "$(dirname "$0")/../../.."
dir="${BENCH_DIR:-/tmp/cql-bench}"
mkdir -p "$dir"
mvn -B -q -o -DskipTests package test-compile >/dev/null
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt" >/dev/null
# a copy of the jar and classes: rebuilding the worktree while a measurement runs must not change what it runs
rm -rf "$dir/classes" && mkdir -p "$dir/classes" && cp -r target/classes target/test-classes "$dir/classes/"
cp target/cql.jar "$dir/cql.jar"
cp="$dir/classes/classes:$dir/classes/test-classes:$(cat "$dir/cp.txt")"
now=2026-11-01T00:00:00Z
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(200:20000 2000:200000:512m 10000:1000000:1g)

measure() { # label, command...: prints "label | wall s | max RSS MB | exit"
  local label="$1"; shift
  local t="$dir/time.txt"
  local code=0
  /usr/bin/time -f "%e %M" -o "$t" "$@" >"$dir/out.txt" 2>"$dir/err.txt" || code=$?
  read -r wall rss <"$t" || true
  printf '| %s | %s s | %d MB | exit %s |\n' "$label" "$wall" $((rss / 1024)) "$code"
}

for size in "${sizes[@]}"; do
  IFS=: read -r p b heap <<<"$size"
  heap="${heap:-512m}"
  org="$dir/org-$p-$b"
  if [ ! -f "$org/builds.json" ]; then
    java -Xmx1g -cp "$cp" dev.cql.buildkite.LargeOrg "$org" "$p" "$b" 60 1 >&2
  fi
  store="$dir/org-$p-$b.db"
  rm -f "$store" "$store-wal" "$store-shm"
  measure "$p pipelines, $b builds: import (sync --data), -Xmx$heap" java -Xmx"$heap" -jar "$dir/cql.jar" buildkite sync --data "$org" --store "$store"
  common=(scorecard examples/production-readiness.yaml --entities "$org/entities" --now "$now" --format json)
  measure "$p pipelines, $b builds, $p entities: scorecard from SQLite, -Xmx$heap" \
    java -Xmx"$heap" -jar "$dir/cql.jar" "${common[@]}" --store "$store" --max-staleness 3650d
  cp "$dir/out.txt" "$dir/scorecard-store-$p-$b.json"
  if [ -n "${BENCH_PG:-}" ]; then
    java -Xmx"$heap" -jar "$dir/cql.jar" buildkite sync --data "$org" --store "$BENCH_PG" >/dev/null
    measure "$p pipelines, $b builds, $p entities: scorecard from PostgreSQL, -Xmx$heap" \
      java -Xmx"$heap" -jar "$dir/cql.jar" "${common[@]}" --store "$BENCH_PG" --max-staleness 3650d
  fi
  if [ "${BENCH_SNAPSHOT:-1}" = 1 ] && [ "$b" -le 200000 ]; then
    measure "$p pipelines, $b builds, $p entities: scorecard from the snapshot (no -Xmx)" java -jar "$dir/cql.jar" "${common[@]}" --data "$org"
    cp "$dir/out.txt" "$dir/scorecard-snapshot-$p-$b.json"
    if cmp -s "$dir/scorecard-store-$p-$b.json" "$dir/scorecard-snapshot-$p-$b.json"; then
      echo "  (store and snapshot reports identical)"
    else
      echo "  (store and snapshot reports DIFFER: $dir/scorecard-*-$p-$b.json)"
    fi
  fi
done
