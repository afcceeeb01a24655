#!/usr/bin/env bash
# plans/ci.yaml on the embedded cluster in two settings of the saleday JVM, in turn (A B A B ...: the machine's speed
# drifts, pairs compare like with like), RUNS times each. For each run: the whole command's CPU (user + sys, the
# pods included: they are its children) and, from its records (OwnLoad): the process's and the pods' CPU over the
# load, their busiest 3 s, the seconds the host was >= 95 % busy and those starved by saleday's own load, the pods'
# times from created to ready, the verdict.
# Usage: cli/bench/own-load-ab.sh RUNS OUT_DIR NAME_A "JAVA_FLAGS_A" NAME_B "JAVA_FLAGS_B". Run on an idle machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="$1"
out="$2"
names=("$3" "$5")
flags=("$4" "$6")
rm -rf "$out" && mkdir -p "$out"
mvn -B -q -o -pl cli -am -DskipTests package
dirs=()
for i in $(seq "$runs"); do
  for m in 0 1; do
    name="${names[$m]}"
    echo "== run $i, $name: $(uptime)"
    TIMEFORMAT="command CPU: %U s user + %S s sys, %R s wall"
    # shellcheck disable=SC2086 # the flags are words
    { time java ${flags[$m]} --add-opens=java.base/java.lang=ALL-UNNAMED \
        -Dsaleday.model.jar="$PWD/model/target/saleday-model.jar" -jar cli/target/saleday.jar \
        run plans/ci.yaml --out "$out/$name-$i" > "$out/$name-$i.txt" 2>&1 || echo "(exit $?)"; } 2>&1
    dirs+=("$out/$name-$i")
  done
done
echo "== after: $(uptime)"
java -cp cli/target/test-classes:cli/target/saleday.jar dev.saleday.cli.bench.OwnLoad "${dirs[@]}"
