#!/usr/bin/env bash
# The benchmark of docs/perf/local-jit.md: plans/ci.yaml on the embedded cluster, in turn with the saleday JVM's JIT
# as a local run has it (C1 only while it hosts the cluster) and with C2 kept (-Dsaleday.localCluster.tieredJit=true),
# RUNS times each (A B A B ...: the machine's speed drifts, pairs compare like with like). For each run: the whole
# command's CPU (user + sys, the pods included: they are its children) and, from host.jsonl over the load, the
# process's and the pods' CPU, their busiest 3 s and the seconds starved by saleday's own load (OwnLoad).
# Usage: cli/bench/local-jit-bench.sh [RUNS=3] [OUT_DIR=/tmp/local-jit-bench]. Run on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
out="${2:-/tmp/local-jit-bench}"
rm -rf "$out" && mkdir -p "$out"
mvn -B -q -o -pl cli -am -DskipTests package
dirs=()
for i in $(seq "$runs"); do
  for mode in c1 tiered; do
    flag=""
    [ "$mode" = tiered ] && flag="-Dsaleday.localCluster.tieredJit=true"
    echo "== run $i, $mode: $(uptime)"
    TIMEFORMAT="command CPU: %U s user + %S s sys, %R s wall"
    { time java $flag --add-opens=java.base/java.lang=ALL-UNNAMED \
        -Dsaleday.model.jar="$PWD/model/target/saleday-model.jar" -jar cli/target/saleday.jar \
        run plans/ci.yaml --out "$out/$mode-$i" > "$out/$mode-$i.txt" 2>&1 || echo "(exit $?)"; } 2>&1
    dirs+=("$out/$mode-$i")
  done
done
echo "== after: $(uptime)"
java -cp cli/target/test-classes:cli/target/saleday.jar dev.saleday.cli.bench.OwnLoad "${dirs[@]}"
