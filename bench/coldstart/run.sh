#!/usr/bin/env bash
# Cold starts of the hello example: the platform (scale to zero, call through the router) against the bare runtime
# started with the same JVM flags, in one run, per backend.
# Usage: bench/coldstart/run.sh [RUNS] [BACKENDS] — RUNS default 20, BACKENDS a comma list, default "process"
# (e.g. "process,docker,docker-host": then the docker/process ratios are printed too; docker-host is the docker
# backend with faas.docker.network=host).
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
  [ "$backend" = docker-host ] && network=host
  FAAS_DOCKER_NETWORK="$network" "$repo/faas" up --backend "${backend%-host}" --port 18180 --controller-port 18181 \
    --idle-timeout 10m >/dev/null
  java "$repo/bench/coldstart/ColdStartBench.java" http://127.0.0.1:18180 "$FAAS_HOME" "$repo" "$runs" \
    "$backend" "$summary"
  "$repo/faas" down >/dev/null
  echo
done
echo "backend    p50 ms  p99 ms  floor p50 ms"
awk '{ printf "%-9s %7.1f %7.1f %13.1f\n", $1, $2, $3, $4 }' "$summary"
awk '$1=="process"{p=$2} $1!="process"{d[$1]=$2} END{ if (p) for (b in d) printf "ratio %s/process at p50: %.2f\n", b, d[b]/p }' "$summary"
rm -f "$summary"
