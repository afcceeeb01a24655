#!/usr/bin/env bash
# The benchmark of docs/perf/injectors.md: the same stepped load (docs/perf/injectors-steps.yaml) against the same
# target, once from the in-process injector (--injectors 1) and once from two injector pods (--injectors 2), back to
# back; then the phases of both runs and the highest step each sustained (PhaseRates).
# The target is simulations' TrivialTarget (JDK HttpServer, a constant answer, no work, its own process on loopback):
# on 2 cores a model that does work a request saturates before the injectors do, and the figure would measure it.
# The embedded cluster still runs the plan's model (for the Deployment the run waits for); the load goes to target.url.
# Usage: [INJECTOR_CPU=1] cli/bench/injectors-bench.sh [OUT_DIR=/tmp/injectors-bench]. Run on an idle machine.
# INJECTOR_CPU: the injector pods' CPU request and limit (-Dsaleday.injector.cpu; unset: none).
# Both runs keep C2 in the command's JVM (-Dsaleday.localCluster.tieredJit=true; a local run would compile with C1
# only): the in-process injector at its best at these rates, as the injector pods' JVMs are, and the sittings
# comparable with the earlier ones.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-/tmp/injectors-bench}"
rm -rf "$out" && mkdir -p "$out"
mvn -B -q -o -pl cli -am -DskipTests package  # the command, and simulations' test classes (TrivialTarget: JDK only)
java -cp simulations/target/test-classes dev.saleday.simulations.bench.TrivialTarget > "$out/target.txt" &
target=$!
trap 'kill $target' EXIT
for _ in $(seq 100); do grep -q '^port=' "$out/target.txt" && break; sleep 0.1; done
port=$(sed -n 's/^port=//p' "$out/target.txt")
# the plan, its target.url the trivial target (the manifests' path made absolute: the copy lives in $out)
sed -e "s|^  service: recommendation-service|  service: recommendation-service\n  url: http://127.0.0.1:$port|" \
    -e "s|manifests: ../../k8s/overlays/local|manifests: $PWD/k8s/overlays/local|" \
    docs/perf/injectors-steps.yaml > "$out/steps.yaml"
for n in 1 2; do
  echo "== --injectors $n: $(uptime)"
  java -Dsaleday.localCluster.tieredJit=true ${INJECTOR_CPU:+-Dsaleday.injector.cpu=$INJECTOR_CPU} -jar cli/target/saleday.jar run "$out/steps.yaml" --injectors "$n" --out "$out/steps-$n" > "$out/run-$n.txt" 2>&1 \
    || echo "(exit $?: see $out/run-$n.txt)"
done
echo "== after: $(uptime)"
java -cp cli/target/test-classes:cli/target/saleday.jar dev.saleday.cli.bench.PhaseRates "$out/steps-1" "$out/steps-2"
