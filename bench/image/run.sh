#!/usr/bin/env bash
# Image build time (cold and incremental) and image size of the hello example, medians over RUNS (default 10).
# Usage: bench/image/run.sh [RUNS]. Starts its own loopback docker-registry; uses the Docker engine, if one
# answers, only to read the uncompressed size. Updates the "Function images" section of bench/RESULTS.md.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && mvn -B -q -o package -pl controller -DskipTests)
java -cp "$repo/controller/target/faas-controller.jar:$repo/controller/target/lib/*" \
    "$repo/bench/image/ImageBench.java" "$repo" "$runs" "$work"
