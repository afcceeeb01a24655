#!/usr/bin/env bash
# The benchmark of docs/perf/local-jit.md: plans/ci.yaml on the embedded cluster, in turn with the saleday JVM's JIT
# as a local run has it (C1 only while it hosts the cluster) and with C2 kept (-Dsaleday.localCluster.tieredJit=true),
# RUNS times each (own-load-ab.sh: A B A B ..., the command's CPU and OwnLoad's table).
# Usage: cli/bench/local-jit-bench.sh [RUNS=3] [OUT_DIR=/tmp/local-jit-bench]. Run on an idle machine.
set -euo pipefail
exec "$(dirname "$0")/own-load-ab.sh" "${1:-3}" "${2:-/tmp/local-jit-bench}" c1 "" tiered \
    "-Dsaleday.localCluster.tieredJit=true"
