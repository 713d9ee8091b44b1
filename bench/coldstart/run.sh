#!/usr/bin/env bash
# Cold starts of the hello example: the platform (scale to zero, call through the router) against the bare runtime
# started with the same JVM flags, in one run, per backend.
# Usage: bench/coldstart/run.sh [RUNS] [MODES] — RUNS default 20, MODES a comma list, default "process"
# Each mode makes RUNS+1 cold starts: the platform's very first (its own cold-start code still interpreted) is
# printed apart, p50/p99 are over the RUNS after it. The timing client is warmed up first (500 warm calls);
# FAAS_BENCH_CLIENT=curl makes and times each cold call with curl instead (a process of its own, its connection included).
# (e.g. "process,process-aot,process-pool,docker,docker-host": then the ratios to process are printed too).
# Modes: process = fresh JVM per cold start on the default JDK, class-data cache off; process-aot = fresh JVM on
# JDK 25 (FAAS_BENCH_JDK25, default /usr/lib/jvm/temurin-25-jdk-amd64) with the AOT caches (the runtime's, and hello's
# own where it pays; both built before the first measured run); process-aot-runtime = the same with the runtime's
# cache only; process-pool = instances specialized from the prewarmed pool (the pool is refilled
# before each run); docker / docker-host = the docker backend (bridge / host network); docker-pool /
# docker-host-pool = the docker backend specializing generic containers.
# Starts its own platform in a private FAAS_HOME on ports 18180/18181 for each backend and stops it afterwards.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-20}"
backends="${2:-process}"
summary="$(mktemp)"
for backend in ${backends//,/ }; do
  export FAAS_HOME="$(mktemp -d)"
  trap '"$repo/faas" down >/dev/null 2>&1 || true' EXIT
  echo "== $backend backend"
  network=bridge
  [[ "$backend" == *-host* ]] && network=host
  mode_env=(FAAS_RUNTIME_CLASS_DATA_CACHE=false FAAS_POOL_ENABLED=false)
  [[ "$backend" == *-aot* ]] && mode_env=(FAAS_RUNTIME_CLASS_DATA_CACHE=true
                                          FAAS_RUNTIME_JAVA_HOME="${FAAS_BENCH_JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}")
  # process-aot-runtime: the runtime's cache only, no per-function cache (the reference for what one saves).
  [[ "$backend" == *-aot-runtime ]] && mode_env+=(FAAS_RUNTIME_FUNCTION_CLASS_DATA=false)
  [[ "$backend" == *-pool ]] && mode_env=(FAAS_RUNTIME_CLASS_DATA_CACHE=false FAAS_POOL_ENABLED=true FAAS_POOL_SIZE=2)
  platform_backend="${backend%%-*}"
  env "${mode_env[@]}" FAAS_DOCKER_NETWORK="$network" "$repo/faas" up --backend "$platform_backend" --port 18180 \
    --controller-port 18181 --idle-timeout 10m >/dev/null
  java "$repo/bench/coldstart/ColdStartBench.java" http://127.0.0.1:18180 "$FAAS_HOME" "$repo" "$runs" \
    "$backend" "$summary"
  "$repo/faas" down >/dev/null
  echo
done
echo "mode               p50 ms  p99 ms  floor p50 ms  platform's first cold start ms"
awk '{ printf "%-18s %7.1f %7.1f %13.1f %14.1f\n", $1, $2, $3, $4, $5 }' "$summary"
awk '$1=="process"{p=$2} $1!="process"{d[$1]=$2} END{ if (p) for (b in d) printf "ratio %s/process at p50: %.2f\n", b, d[b]/p }' "$summary"
awk '$1=="process-aot-runtime"{r=$2} $1=="process-aot"{a=$2} END{ if (r && a) printf "ratio process-aot/process-aot-runtime at p50: %.2f (what hello'"'"'s own cache saves)\n", a/r }' "$summary"
rm -f "$summary"
