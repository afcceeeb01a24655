#!/usr/bin/env bash
# The load benchmark of docs/perf/simulations.md: SaleDaySimulation (+ prober) vs plain Gatling vs wrk, one run,
# one trivial target. Usage: simulations/bench/load-bench.sh [rates=1000,2000,...] [seconds=10]
# Needs wrk for the ceiling (Debian: apt-get install wrk). Run from the repository root on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
rates="${1:-1000,2000,3000,4000,5000,6000}"
seconds="${2:-10}"
mvn -B -q -o -pl simulations test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >/dev/null
cp="simulations/target/test-classes:simulations/target/classes:$(cat simulations/target/bench.classpath)"
exec java --add-opens=java.base/java.lang=ALL-UNNAMED -Xmx1g -Dgatling.data.enableAnalytics=false \
  -Dlogback.configurationFile=simulations/src/test/resources/logback-test.xml \
  -cp "$cp" dev.saleday.simulations.bench.LoadBench "$rates" "$seconds"
