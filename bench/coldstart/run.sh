#!/usr/bin/env bash
# Cold starts of the hello example: the platform (scale to zero, call through the router) against the bare runtime
# started with the same JVM flags, in one run. Usage: bench/coldstart/run.sh [RUNS] (default 20).
# Starts its own platform in a private FAAS_HOME on ports 18180/18181 and stops it afterwards.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-20}"
export FAAS_HOME="${FAAS_BENCH_HOME:-$(mktemp -d)}"
trap '"$repo/faas" down >/dev/null 2>&1 || true' EXIT
"$repo/faas" up --port 18180 --controller-port 18181 --idle-timeout 10m >/dev/null
java "$repo/bench/coldstart/ColdStartBench.java" http://127.0.0.1:18180 "$FAAS_HOME" "$repo" "$runs"
