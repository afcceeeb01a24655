#!/usr/bin/env bash
# The benchmark of docs/perf/kernel-cpu-limits.md: plans/ci.yaml on the embedded cluster, in turn with the pods held
# to their CPU limits by the kernel's CFS quota (localkube's default where the cgroup v1 cpu controller is writable)
# and without (-Dsaleday.localkube.cgroupCpuLimits=false: only the model's own pacing), RUNS times each
# (own-load-ab.sh: A B A B ..., the command's CPU and OwnLoad's table).
# Usage: cli/bench/kernel-cpu-limits-bench.sh [RUNS=3] [OUT_DIR=/tmp/kernel-cpu-limits-bench]. Run on an idle machine.
set -euo pipefail
exec "$(dirname "$0")/own-load-ab.sh" "${1:-3}" "${2:-/tmp/kernel-cpu-limits-bench}" quota "" no-quota \
    "-Dsaleday.localkube.cgroupCpuLimits=false"
